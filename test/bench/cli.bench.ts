import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { median, type Figure } from './measure';

const TICKS_PER_SECOND = 100; // Linux's USER_HZ

/** CPU milliseconds used so far by this process's finished children (Linux /proc), or null elsewhere. */
function childrenCpuMs(): number | null {
  try {
    // Fields after the command name's closing bracket; cutime and cstime are the 14th and 15th of them.
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Median whole-process cost of a command: CPU time (user + system) where it can be read, else wall time. */
function cost(args: string[], runs = 9): { ms: number; cpu: boolean } {
  const samples: number[] = [];
  let cpu = true;
  for (let i = 0; i < runs + 2; i++) {
    const before = childrenCpuMs();
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    const after = childrenCpuMs();
    if (i < 2) continue; // warm-up: the file cache
    if (before === null || after === null) cpu = false;
    samples.push(before !== null && after !== null ? after - before : performance.now() - start);
  }
  return { ms: median(samples), cpu };
}

/**
 * The CLI's start-up beside Node's own: `bcf --version` against `node -e 0`,
 * as whole-process CPU time, which a busy machine inflates less than wall
 * time. bin/bcf.mjs runs the bundle in dist/cli (npm ci and npm run build make it).
 */
export async function benchCli(): Promise<Figure[]> {
  const node = cost(['-e', '0']);
  const bcf = cost([path.join(ROOT, 'bin', 'bcf.mjs'), '--version']);
  const what = bcf.cpu && node.cpu ? 'CPU' : 'wall';
  return [
    {
      group: 'cli',
      name: `bcf --version (${what} ms)`,
      ms: bcf.ms,
      runs: 9,
      baselineMs: node.ms,
      target: { label: '≤ 3× node -e 0', met: bcf.ms <= 3 * node.ms },
      note: 'baseline: node -e 0',
    },
  ];
}
