import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openServiceContext } from '../../electron/host';
import { createConsolidation, importPackage } from '../../electron/services/consolidation/store';
import { getConsolidation } from '../../electron/services/consolidation/view';
import { ASSETS_DIR } from '../../electron/source-root';
import { figuresFingerprint } from '../../shared/review/fingerprint';
import {
  PACKAGE_FORMAT,
  REVIEW_FORMAT_VERSION,
  type ReviewFigures,
  type ReviewPackage,
} from '../../shared/review/model';
import { shippedReference } from '../helpers/reference';
import { time, type Figure } from './measure';
import { syntheticLines } from './synthetic';

const AREAS = 42;
const LINES = 6_000;
const YEAR = '2024-25';

/** One area's review package of a synthetic 2023-25 plan, as its app would write it (fingerprint and all). */
export function syntheticPackage(n: number, lines: ReturnType<typeof syntheticLines>): string {
  const figures: ReviewFigures = {
    area: { id: 1, name: `Area ${n + 1}` },
    plans: [
      {
        key: 'plan:2023-24',
        year: '2023-24',
        label: '2023-25',
        years: ['2023-24', YEAR],
        totals: { lines: lines.length, expenditurePence: 0, expenditureYear2Pence: 0 },
        lines: lines.map((l, i) => ({
          key: `plan:2023-24:line:${i + 1}`,
          schemeId: l.schemeId,
          schemeName: l.schemeName,
          schemeType: l.schemeType,
          areaOfSpend: l.areaOfSpend,
          sourceOfFunding: l.sourceOfFunding,
          priorYearPence: null,
          virementPence: null,
          expenditurePence: l.expenditurePence,
          // Each area's figures differ, so that no two packages are the same file.
          expenditureYear2Pence: (l.expenditureYear2Pence ?? 0) + n,
        })),
      },
    ],
    returns: [],
    pools: [],
  };
  const pkg: ReviewPackage = {
    format: PACKAGE_FORMAT,
    version: REVIEW_FORMAT_VERSION,
    manifest: {
      packageId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      area: figures.area,
      createdAt: '2026-12-03T12:00:00.000Z',
      createdBy: 'bench',
      note: '',
      fingerprint: figuresFingerprint(figures),
    },
    figures,
  };
  return JSON.stringify(pkg, null, 1);
}

/**
 * Issue 17: 42 areas of 6,000 lines each consolidate in under 5 s. Timed from
 * the packages' text to the totals: each package parsed and its fingerprint
 * checked, its rows written, then every total read. Beside it, the same rows
 * written to one plain table and the same GROUP BYs run: what SQLite alone
 * costs for this much data.
 */
export async function benchConsolidation(): Promise<Figure[]> {
  const lines = syntheticLines(shippedReference('2023-25'), LINES);
  const texts = Array.from({ length: AREAS }, (_, n) => syntheticPackage(n, lines));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-bench-consolidation-'));
  const ctx = openServiceContext({ dbPath: path.join(dir, 'c.sqlite'), assetsDir: ASSETS_DIR, actor: 'bench' });
  const plain = new Database(path.join(dir, 'plain.sqlite'));
  plain.pragma('journal_mode = WAL');
  let run = 0;
  try {
    const { ms } = await time(
      () => {
        const c = createConsolidation(ctx, `Bench ${++run}`, YEAR);
        for (const text of texts) importPackage(ctx, c.id, text);
        return getConsolidation(ctx, c.id);
      },
      3,
      1,
    );
    const parsed = texts.map((t) => JSON.parse(t) as ReviewPackage);
    const baseline = await time(
      () => {
        plain.exec(`DROP TABLE IF EXISTS line; CREATE TABLE line (area TEXT, source TEXT, type TEXT, pence INTEGER)`);
        const insert = plain.prepare('INSERT INTO line VALUES (?, ?, ?, ?)');
        plain.transaction(() => {
          for (const p of parsed)
            for (const l of p.figures.plans[0]!.lines)
              insert.run(p.manifest.area.name, l.sourceOfFunding, l.schemeType, l.expenditureYear2Pence);
        })();
        for (const by of ['area', 'source', 'type'])
          plain.prepare(`SELECT ${by}, count(*), sum(pence) FROM line GROUP BY ${by}`).all();
      },
      3,
      1,
    );
    return [
      {
        group: 'consolidation',
        name: 'consolidate 42 areas from their packages',
        size: AREAS * LINES,
        ms,
        runs: 3,
        baselineMs: baseline.ms,
        target: { label: '< 5 s', met: ms < 5_000 },
        note: 'baseline: the same rows into one plain table, and the same GROUP BYs',
      },
    ];
  } finally {
    plain.close();
    ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
