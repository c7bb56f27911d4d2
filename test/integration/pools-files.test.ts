import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArea } from '../../electron/services/areas/areas';
import { readTable } from '../../electron/services/files/read-table';
import { exportStatementPdf, exportStatementXlsx } from '../../electron/services/pools/exports';
import { agreeStatement } from '../../electron/services/pools/agreement';
import { saveContribution } from '../../electron/services/pools/contributions';
import { createPool } from '../../electron/services/pools/create';
import { setOutturn } from '../../electron/services/pools/figures';
import { importLines, importOutturn } from '../../electron/services/pools/import-lines';
import { importPoolsTable } from '../../electron/services/pools/import-pools';
import { setMethods } from '../../electron/services/pools/methods';
import { statementsFor } from '../../electron/services/pools/statements';
import { findPool } from '../../electron/services/pools/store';
import type { PoolStatement } from '../../shared/pools/statement';
import { tempContext, tempDir, type TestContext } from '../helpers/db';
import { published } from '../helpers/fixtures';
import { libreOfficeSheets, openpyxl, pdfToText, shownPence } from '../helpers/readers';

/**
 * The statement files, read back by programs that are not the app:
 * LibreOffice recalculating every formula, openpyxl for structure, pdftotext.
 */

const TRICKY = '=HYPERLINK("http://example.invalid","click")';
let ctx: TestContext;
let dir: string;
let xlsx: string;
let statements: PoolStatement[];

beforeAll(async () => {
  ctx = tempContext();
  dir = tempDir();
  createArea(ctx, 'Bath and North East Somerset');
  const file = 'pooled-budgets-2019-20.tsv';
  importPoolsTable(ctx, { file, rows: readTable(file, fs.readFileSync(published(file))), year: '2019-20' });
  const id = (name: string) => findPool(ctx, name, '2019-20');
  setOutturn(ctx, id('Children'), 'outturn', undefined, 287_610_800 + 10_101); // fixed ratio, awkward pennies
  setOutturn(ctx, id('Learning'), 'outturn', undefined, 3_164_260_400 - 7); // an underspend
  setMethods(ctx, id('Community'), { overspend: { method: 'pro-rata' } });
  setOutturn(ctx, id('Community'), 'outturn', undefined, 81_073_000 + 13);
  setMethods(ctx, id('Mental'), { overspend: { method: 'threshold', thresholdPercent: '10' } });
  importLines(ctx, {
    id: id('Mental'),
    file: 'lines.tsv',
    rows: [
      ['Line', 'Name', 'Partner', 'Budget'],
      ['H', 'Health costs', 'health', '£2,982,556'],
      ['S', '-Social care costs', 'social care', '£3,078,442'],
    ],
  });
  importOutturn(ctx, {
    id: id('Mental'),
    basis: 'outturn',
    file: 'ledger.csv',
    rows: [
      ['Line', 'Outturn'],
      ['H', '£3,482,556.01'],
      ['S', '£3,378,442'],
    ],
  });
  // A pool whose name and partners look like formulas: they must stay text.
  const tricky = createPool(ctx, {
    year: '2019-20',
    name: TRICKY,
    legalBasis: 'other',
    partners: [
      { name: '@Council', kind: 'social care', ratio: '1' },
      { name: '+ICB', kind: 'health', ratio: '2' },
    ],
    host: '@Council',
  });
  saveContribution(ctx, { poolId: tricky.id, partner: '@Council', label: '=1+1', amountPence: 1_000 });
  setOutturn(ctx, tricky.id, 'outturn', undefined, 1_001);
  agreeStatement(ctx, {
    id: id('Children'),
    partner: 'Education',
    agreedBy: 'C. Schools',
    role: 'Finance Manager',
    agreedOn: '2020-05-20',
  });
  statements = statementsFor(ctx, '2019-20', 'outturn');
  xlsx = path.join(dir, 'statement.xlsx');
  fs.writeFileSync(xlsx, (await exportStatementXlsx(ctx, '2019-20', 'outturn')).bytes);
});
afterAll(() => ctx.close());

/** The value in column `col` (0-based) of the first row whose column `keyCol` is `label`. */
function cellBeside(rows: string[][], label: string, col: number, keyCol = 0): string {
  const row = rows.find((r) => r[keyCol] === label);
  if (!row) throw new Error(`no row "${label}"`);
  return row[col] ?? '';
}

/** A partner's share, from the Shares table at the foot of a pool sheet. */
function shareShown(rows: string[][], partner: string): number {
  const start = rows.findIndex((r) => r[0] === 'Shares');
  const row = rows.slice(start).find((r) => r[1] === partner);
  if (start < 0 || !row) throw new Error(`no share for ${partner}`);
  return shownPence(row[3]!);
}

function sheetFor(sheets: Record<string, string[][]>, s: PoolStatement): string[][] {
  const found = Object.entries(sheets).find(
    ([, rows]) => rows[0]?.[0] === `${s.name}: pooled budget statement 2019-20`,
  );
  if (!found) throw new Error(`no sheet for ${s.name} among ${Object.keys(sheets).join(', ')}`);
  return found[1];
}

describe('the xlsx statement, recalculated by LibreOffice', () => {
  let sheets: Record<string, string[][]>;
  beforeAll(() => {
    sheets = libreOfficeSheets([xlsx], true)[xlsx]!;
  });

  it('has a Summary sheet and one sheet per pool', () => {
    expect(Object.keys(sheets)).toHaveLength(1 + statements.length);
    expect(sheets).toHaveProperty(['Summary']);
    expect(sheets).toHaveProperty(['Learning Disabilities and Autis']); // Excel's 31-character limit
  });

  it("shows the app's figures on every pool sheet: budget, outturn, variance, each share, and the proof they add up", () => {
    for (const s of statements) {
      const rows = sheetFor(sheets, s);
      expect(shownPence(cellBeside(rows, 'Budget', 1)), s.name).toBe(s.budget);
      expect(shownPence(cellBeside(rows, 'Outturn', 1)), s.name).toBe(s.outturn);
      expect(shownPence(cellBeside(rows, 'Variance (outturn - budget)', 1)), s.name).toBe(s.variance);
      for (const share of s.shares)
        expect(shareShown(rows, share.partner), `${s.name} ${share.partner}`).toBe(share.pence);
      expect(shownPence(cellBeside(rows, 'Total of the shares', 3))).toBe(s.variance);
      expect(shownPence(cellBeside(rows, 'Difference (must be £0.00)', 3))).toBe(0);
      expect(cellBeside(rows, 'Check', 3)).toBe('Shares add up exactly to the variance');
    }
  });

  it('shows the same figures on the Summary sheet, pool by pool and in total', () => {
    const rows = sheets.Summary!;
    const header = rows[4]!;
    const col = (name: string) => header.indexOf(name);
    for (const s of statements) {
      const row = rows.find((r) => r[0] === s.name)!;
      expect(shownPence(row[col('Budget')]!)).toBe(s.budget);
      expect(shownPence(row[col('Outturn')]!)).toBe(s.outturn);
      expect(shownPence(row[col('Variance')]!)).toBe(s.variance);
      for (const share of s.shares) expect(shownPence(row[col(`${share.partner} share`)]!)).toBe(share.pence);
      expect(shownPence(row[col('Total of the shares')]!)).toBe(s.variance);
      expect(row[col('Check')]).toBe('Shares add up exactly to the variance');
    }
    const all = rows.find((r) => r[0] === 'All pools')!;
    expect(shownPence(all[col('Budget')]!)).toBe(statements.reduce((n, s) => n + s.budget, 0));
    expect(shownPence(all[col('Variance')]!)).toBe(statements.reduce((n, s) => n + s.variance!, 0));
    expect(shownPence(all[col('CCG share')]!)).toBe(
      statements
        .flatMap((s) => s.shares)
        .filter((x) => x.partner === 'CCG')
        .reduce((n, x) => n + x.pence, 0),
    );
  });

  it('keeps user text that looks like a formula as text', () => {
    const summary = sheets.Summary!;
    expect(summary.some((r) => r[0] === TRICKY)).toBe(true);
    const rows = sheetFor(
      sheets,
      statements.find((s) => s.name === TRICKY)!,
    );
    expect(cellBeside(rows, 'Host partner', 1)).toBe('@Council');
    expect(rows.some((r) => r[0] === '@Council')).toBe(true);
    expect(rows.some((r) => r[0] === '+ICB')).toBe(true);
    expect(
      sheetFor(
        sheets,
        statements.find((s) => s.name === 'Mental Health')!,
      ).some((r) => r[1] === '-Social care costs'),
    ).toBe(true);
  });

  it('really recalculates: wrong cached results are corrected, and a reader that does not recalculate would show them', () => {
    // Rewrite every cached formula result in the pool sheets as 12345.67, then open the file both ways.
    const files = unzipSync(new Uint8Array(fs.readFileSync(xlsx)));
    for (const name of Object.keys(files)) {
      if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
      files[name] = strToU8(strFromU8(files[name]!).replace(/(<f>[^<]*<\/f>)<v>[^<]*<\/v>/g, '$1<v>12345.67</v>'));
    }
    const tampered = path.join(dir, 'tampered.xlsx');
    fs.writeFileSync(tampered, zipSync(files));
    const s = statements.find((x) => x.name === "Children's Services")!;
    const recalculated = sheetFor(libreOfficeSheets([tampered], true)[tampered]!, s);
    expect(shownPence(cellBeside(recalculated, 'Variance (outturn - budget)', 1))).toBe(10_101);
    const cached = sheetFor(libreOfficeSheets([tampered], false)[tampered]!, s);
    expect(cellBeside(cached, 'Variance (outturn - budget)', 1)).toBe('£12,345.67');
  });
});

describe('the xlsx statement, read by openpyxl', () => {
  it("holds formulas with cached results equal to the app's figures, user text as strings, and asks to be recalculated on load", () => {
    const found = openpyxl<{
      fullCalc: boolean;
      rows: [string, string, string | number | null, string | number | null][];
    }>(
      `
import json, sys, openpyxl
path = sys.argv[1]
formulas = openpyxl.load_workbook(path)
values = openpyxl.load_workbook(path, data_only=True)
ws, wv = formulas['Summary'], values['Summary']
rows = []
for r in range(6, ws.max_row + 1):
    a = ws.cell(r, 1)
    rows.append([a.value, a.data_type, ws.cell(r, 5).value if ws.cell(r, 5).data_type == 'f' else None, wv.cell(r, 5).value])
print(json.dumps({'fullCalc': bool(formulas.calculation.fullCalcOnLoad), 'rows': rows}))
`,
      xlsx,
    );
    expect(found.fullCalc).toBe(true);
    for (const s of statements) {
      const row = found.rows.find((r) => r[0] === s.name)!;
      expect(row[1], s.name).toBe('s');
      expect(String(row[2])).toMatch(/^='.+'!B\d+$/);
      expect(Math.round(Number(row[3]) * 100)).toBe(s.variance);
    }
  });
});

describe('the PDF statement, read by pdftotext', () => {
  it('shows the pool, every step, each share, the proof and who agreed it', async () => {
    const pdf = path.join(dir, 'childrens.pdf');
    const id = findPool(ctx, 'Children', '2019-20');
    fs.writeFileSync(pdf, (await exportStatementPdf(ctx, '2019-20', 'outturn', id)).bytes);
    const text = pdfToText(pdf);
    expect(text).toContain("Children's Services: pooled budget statement 2019-20");
    expect(text).toMatch(/Variance \(outturn - budget\)\s+£101\.01/);
    expect(text).toContain('fixed ratio CCG:Council:Education 14:41:45');
    expect(text).toContain('1. Variance');
    expect(text).toContain('3. Shared by the fixed ratio');
    expect(text).toMatch(/CCG\s+£14\.14/);
    expect(text).toMatch(/Education\s+£45\.46/);
    expect(text).toContain('Shares add up exactly to the variance: £101.01 = £101.01.');
    expect(text).toMatch(/Education\s+C\. Schools\s+Finance Manager\s+2020-05-20\s+as agreed/);
    expect(text).toMatch(/CCG\s+awaiting agreement/);
  });

  it('prints every pool of the year with a summary first, whatever characters the names hold', async () => {
    const p = createPool(ctx, {
      year: '2019-20',
      name: 'Łódź → pool',
      legalBasis: 'other',
      partners: [
        { name: 'A', kind: 'health', ratio: '1' },
        { name: 'B', kind: 'other', ratio: '1' },
      ],
      host: null,
    });
    const pdf = path.join(dir, 'all.pdf');
    fs.writeFileSync(pdf, (await exportStatementPdf(ctx, '2019-20', 'outturn')).bytes);
    const text = pdfToText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Pooled budgets statement 2019-20');
    for (const s of statements) expect(text).toContain(`${s.name}: pooled budget statement 2019-20`);
    expect(text).toContain('?ód? -> pool: pooled budget statement 2019-20');
    ctx.db.prepare('DELETE FROM pool WHERE id = ?').run(p.id);
  });
});
