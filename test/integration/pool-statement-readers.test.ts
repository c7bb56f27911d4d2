import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArea } from '../../electron/services/areas/areas';
import { readTable } from '../../electron/services/files/read-table';
import { exportStatementXlsx } from '../../electron/services/pools/exports';
import { setOutturn } from '../../electron/services/pools/figures';
import { importPoolsTable } from '../../electron/services/pools/import-pools';
import { setMethods } from '../../electron/services/pools/methods';
import { statementsFor } from '../../electron/services/pools/statements';
import { findPool } from '../../electron/services/pools/store';
import type { PoolStatement } from '../../shared/pools/statement';
import { tempContext, tempDir } from '../helpers/db';
import { published } from '../helpers/fixtures';
import { gnumericSheets, openpyxl } from '../helpers/readers';

/**
 * The pool statement read by the two readers pools-files.test.ts does not use: Gnumeric recalculating
 * (its own formula engine), and openpyxl with data_only (the cached results a script or pandas sees).
 * The Summary sheet's links into each pool's sheet must work in both — "Children's Services" included.
 */
let xlsx: string;
let statements: PoolStatement[];

beforeAll(async () => {
  const ctx = tempContext();
  createArea(ctx, 'Bath and North East Somerset');
  const file = 'pooled-budgets-2019-20.tsv';
  importPoolsTable(ctx, { file, rows: readTable(file, fs.readFileSync(published(file))), year: '2019-20' });
  const id = (name: string) => findPool(ctx, name, '2019-20');
  setOutturn(ctx, id('Children'), 'outturn', undefined, 287_610_800 + 10_101);
  setOutturn(ctx, id('Learning'), 'outturn', undefined, 3_164_260_400 - 7);
  setMethods(ctx, id('Community'), { overspend: { method: 'pro-rata' } });
  setOutturn(ctx, id('Community'), 'outturn', undefined, 81_073_000 + 13);
  statements = statementsFor(ctx, '2019-20', 'outturn').filter((s) => s.variance !== null);
  xlsx = path.join(tempDir(), 'statement.xlsx');
  fs.writeFileSync(xlsx, (await exportStatementXlsx(ctx, '2019-20', 'outturn')).bytes);
  ctx.close();
});

/** Money as a reader shows it — "£1,234.56", "-£0.07", or a bare number of pounds — in pence. */
function pence(shown: string | number | null): number {
  if (typeof shown === 'number') return Math.round(shown * 100);
  const m = /^(-?)£?(-?)([\d,]+(?:\.\d+)?)$/.exec(String(shown).trim());
  if (!m) throw new Error(`not money: ${JSON.stringify(shown)}`);
  return (m[1] || m[2] ? -1 : 1) * Math.round(Number(m[3]!.replace(/,/g, '')) * 100);
}

describe('the pool statement in Gnumeric, recalculating', () => {
  it("shows every pool's variance and shares on the Summary, through its links to the pool sheets", () => {
    const summary = gnumericSheets(xlsx).get('Summary')!;
    const header = summary.find((r) => r[0] === 'Pool')!;
    const col = (name: string) => header.indexOf(name);
    expect(statements.map((s) => s.name)).toContain("Children's Services");
    for (const s of statements) {
      const row = summary.find((r) => r[0] === s.name)!;
      expect(pence(row[col('Outturn')]!), s.name).toBe(s.outturn);
      expect(pence(row[col('Variance')]!), s.name).toBe(s.variance);
      for (const share of s.shares)
        expect(pence(row[col(`${share.partner} share`)]!), `${s.name} ${share.partner}`).toBe(share.pence);
      expect(row[col('Check')], s.name).toBe('Shares add up exactly to the variance');
    }
  });
});

describe('the pool statement read by openpyxl with data_only (cached results)', () => {
  it("carries the app's figures as the saved results of the Summary's formulas", () => {
    const rows = openpyxl<(string | number | null)[][]>(
      `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)['Summary']
print(json.dumps([[c.value for c in r] for r in ws.iter_rows()], default=str))
`,
      xlsx,
    );
    const header = rows.find((r) => r[0] === 'Pool')!;
    const col = (name: string) => header.indexOf(name);
    for (const s of statements) {
      const row = rows.find((r) => r[0] === s.name)!;
      expect(pence(row[col('Variance')]!), s.name).toBe(s.variance);
      for (const share of s.shares)
        expect(pence(row[col(`${share.partner} share`)]!), `${s.name} ${share.partner}`).toBe(share.pence);
      expect(row[col('Check')], s.name).toBe('Shares add up exactly to the variance');
    }
  });
});
