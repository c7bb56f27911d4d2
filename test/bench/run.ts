import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/fixtures';
import type { Figure } from './measure';
import { benchCli } from './cli.bench';
import { benchConsolidation } from './consolidation.bench';
import { benchData } from './data.bench';
import { benchValidation } from './plans.bench';
import { benchPoolStatements } from './pools.bench';
import { benchPlanScreen } from './renderer.bench';
import { benchWorkbooks } from './workbooks.bench';

/**
 * `npm run bench`: every performance figure the app is held to, printed as a
 * table and written to bench-results/bench.json. It reports targets as met or
 * not; it never fails the test run.
 */
const groups: { key: string; name: string; run: () => Promise<Figure[]> }[] = [
  { key: 'cli', name: 'command line start-up', run: benchCli },
  { key: 'data', name: 'database, import and checks at 1×, 10× and 100× one area', run: benchData },
  { key: 'plans', name: 'plan validation', run: benchValidation },
  { key: 'pools', name: 'pool statements at 1×, 10× and 100× one area', run: benchPoolStatements },
  { key: 'renderer', name: 'plan screen in Chromium', run: benchPlanScreen },
  { key: 'workbooks', name: 'workbooks: generate and fill a quarterly return', run: benchWorkbooks },
  { key: 'consolidation', name: 'ICB consolidation: 42 areas of 6,000 lines', run: benchConsolidation },
];
// `npm run bench -- plans data` runs only those groups (a quiet machine is rare: measure only what changed).
const only = process.argv.slice(2);
const unknown = only.filter((k) => !groups.some((g) => g.key === k));
if (unknown.length > 0) {
  process.stderr.write(
    `No bench group ${unknown.join(', ')}; the groups are ${groups.map((g) => g.key).join(', ')}.\n`,
  );
  process.exit(2);
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const num = (ms: number | undefined) => (ms === undefined ? '' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

const all: Figure[] = [];
for (const g of groups.filter((x) => only.length === 0 || only.includes(x.key))) {
  process.stdout.write(`… ${g.name}\n`);
  try {
    all.push(...(await g.run()));
  } catch (err) {
    process.stdout.write(`  could not run: ${(err as Error).message}\n`);
  }
}

process.stdout.write(
  `\n${pad('what', 48)}${pad('size', 8)}${pad('median ms', 11)}${pad('p95 ms', 9)}${pad('baseline', 10)}${pad('ratio', 8)}target\n`,
);
for (const f of all) {
  const ratio = f.baselineMs ? (f.ms / f.baselineMs).toFixed(2) : '';
  const target = f.target ? `${f.target.label}: ${f.target.met ? 'met' : 'NOT met'}` : '';
  process.stdout.write(
    `${pad(f.name, 48)}${pad(f.size?.toLocaleString('en-GB') ?? '', 8)}${pad(num(f.ms), 11)}${pad(num(f.p95), 9)}${pad(num(f.baselineMs), 10)}${pad(ratio, 8)}${target}${f.note ? `  (${f.note})` : ''}\n`,
  );
}
// How cost grows: the ratio of the largest size's time to the smallest's, beside the ratio of the sizes.
const growth = new Map<string, Figure[]>();
for (const f of all) if (f.size !== undefined) growth.set(f.name, [...(growth.get(f.name) ?? []), f]);
const rows = [...growth.entries()].filter(([, fs]) => fs.length > 1);
if (rows.length > 0) {
  process.stdout.write('\nHow cost grows (largest size against smallest)\n');
  for (const [name, fs] of rows) {
    const sorted = [...fs].sort((a, b) => a.size! - b.size!);
    const small = sorted[0]!;
    const large = sorted[sorted.length - 1]!;
    const sizeRatio = large.size! / small.size!;
    const timeRatio = large.ms / small.ms;
    process.stdout.write(
      `${pad(name, 48)}${pad(`${sizeRatio}× size`, 12)}${timeRatio.toFixed(1)}× time${timeRatio > sizeRatio * 1.5 ? '  (worse than linear)' : ''}\n`,
    );
  }
}

const out = path.join(ROOT, 'bench-results');
// A partial run does not overwrite the whole run's figures.
const file = only.length > 0 ? `bench-${only.join('-')}.json` : 'bench.json';
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(out, file),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, figures: all }, null, 2),
);
process.stdout.write(`\nWritten to bench-results/${file}\n`);
