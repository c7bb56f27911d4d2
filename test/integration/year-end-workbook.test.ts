import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { createReturn } from '../../electron/services/returns/create';
import { returnIncome, setIncomeActual } from '../../electron/services/returns/year-end';
import { writeProfile } from '../../electron/services/workbooks/profiles';
import { exportReturnWorkbook } from '../../electron/services/workbooks/return-workbooks';
import { importWorkbook, previewWorkbookImport } from '../../electron/services/workbooks/plan-workbooks';
import { requireReturn } from '../../electron/services/returns/store';
import { getReturnView } from '../../electron/services/returns/view';
import { GENERATED_INCOME_TABLE } from '../../shared/workbooks/year-end-table';
import { fileHash, tempContext, tempDir, type TestContext } from '../helpers/db';
import { TEST_DIR } from '../helpers/fixtures';
import { rawProfile } from '../helpers/profiles';
import { openpyxl } from '../helpers/readers';
import { rowsOf, seedPlan } from '../helpers/returns';

const INCOME_FILE = path.join(TEST_DIR, 'fixtures', 'plans', 'income-2023-25.tsv');
const ICB = 'ICB Discharge Funding';
const YE = { year: '2024-25', period: 'YE' as const };

const readIncome = (file: string, sheet: string) =>
  openpyxl<unknown[][]>(
    `import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
rows = [[c.value for c in r] for r in ws.iter_rows()]
head = next(i for i, r in enumerate(rows) if r[0] == "Source of Funding")
print(json.dumps([r[:4] for r in rows[head + 1:head + 4]]))`,
    file,
    sheet,
  );

/**
 * The workbook edited by another program, as a colleague would in Excel: openpyxl sets each given
 * source's "Actual income (£)" (a number, or the text as typed when it is not one) and explanation.
 */
const editIncome = (from: string, to: string, sheet: string, edits: [source: string, actual: string, note: string][]) =>
  openpyxl<null>(
    `import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[sys.argv[3]]
head = next(r for r in ws.iter_rows() if r[0].value == "Source of Funding")
col = {c.value: c.column for c in head}
for source, actual, note in json.loads(sys.argv[4]):
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == source)
    try:
        ws.cell(row, col["Actual income (£)"]).value = float(actual)
    except ValueError:
        ws.cell(row, col["Actual income (£)"]).value = actual
    ws.cell(row, col["Explanation of variance"]).value = note or None
wb.save(sys.argv[2])
print("null")`,
    from,
    to,
    sheet,
    JSON.stringify(edits),
  );

/**
 * The year-end workbook's income block where the template year maps one (a
 * BCF manager brought the year-end workbook): the actual income and the
 * explanations are filled into it; where none is mapped, the fill says so.
 */
describe("a year-end workbook's income block", () => {
  let ctx: TestContext;
  let dir: string;
  let template: string;

  beforeAll(async () => {
    ctx = tempContext();
    dir = tempDir();
    seedPlan(ctx);
    importIncomeTable(ctx, { file: 'income.tsv', rows: rowsOf(INCOME_FILE), year: '2023-24', mode: 'refuse' });
    createReturn(ctx, YE);
    // The year-end layout as a BCF manager maps it: the quarterly one with its income block on a sheet of its own.
    const quarterly = rawProfile('2024-25-quarterly');
    writeProfile(ctx, {
      ...quarterly,
      id: '2024-25-year-end',
      label: 'BCF 2024-25 year-end reporting template',
      periods: ['YE'],
      sheets: [...quarterly.sheets, '6. Income'],
      // Its variance is a formula of the template's own, which the app leaves alone: not mapped.
      tables: [
        ...quarterly.tables,
        {
          ...GENERATED_INCOME_TABLE,
          sheet: '6. Income',
          title: 'Income',
          columns: GENERATED_INCOME_TABLE.columns.filter((c) => c.field !== 'variancePence'),
        },
      ],
    });
    // NHS England's copy stands in as one generated with the sources pre-populated and no actuals.
    const blank = await exportReturnWorkbook(ctx, YE);
    expect(blank.profile).toBe('2024-25-year-end');
    template = path.join(dir, 'template.xlsx');
    fs.writeFileSync(template, blank.bytes);
  });
  afterAll(() => ctx.close());

  it('fills the actual income and the explanation into the mapped block, to the penny', () => {
    setIncomeActual(ctx, YE.year, YE.period, { sourceOfFunding: ICB, actualPence: 192_499_999, note: 'Paid late' });
    setIncomeActual(ctx, YE.year, YE.period, {
      sourceOfFunding: 'Minimum NHS Contribution',
      actualPence: 49_000_000,
      note: '',
    });
    return exportReturnWorkbook(ctx, { ...YE, into: { file: 'template.xlsx', bytes: fs.readFileSync(template) } }).then(
      (filled) => {
        expect(filled.fill!.tables.find((t) => t.table === 'yearEndIncome')).toMatchObject({
          sheet: '6. Income',
          lines: 3,
        });
        expect(filled.fill!.warnings.filter((w) => /income/i.test(w))).toEqual([]);
        const out = path.join(dir, 'filled.xlsx');
        fs.writeFileSync(out, filled.bytes);
        expect(readIncome(out, '6. Income')).toEqual([
          ['Local Authority Discharge Funding', 700000, null, null],
          ['Minimum NHS Contribution', 490000, 490000, null],
          [ICB, 1950000, 1924999.99, 'Paid late'],
        ]);
      },
    );
  });

  it('refuses income on a quarterly return, naming the year-end return, and writes nothing', () => {
    createReturn(ctx, { year: '2024-25', period: 'Q3' });
    const before = ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get();
    expect(() => setIncomeActual(ctx, '2024-25', 'Q3', { sourceOfFunding: ICB, actualPence: 1, note: '' })).toThrow(
      'The Q3 2024-25 return reports spend only; actual income is entered on the year-end return.',
    );
    expect(ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(before);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM return_income WHERE actual_pence = 1').get()).toEqual({ n: 0 });
  });

  it('reads the income back from the mapped block, previewed first, each change in the history', () => {
    const edited = path.join(dir, 'edited.xlsx');
    editIncome(path.join(dir, 'filled.xlsx'), edited, '6. Income', [
      [ICB, '1930000', 'ICB uplift paid in March'],
      ['Local Authority Discharge Funding', '700000', ''],
    ]);
    const bytes = fs.readFileSync(edited);
    const preview = previewWorkbookImport(ctx, { file: 'edited.xlsx', bytes, period: 'YE' });
    expect(preview.kind).toBe('return');
    if (preview.kind !== 'return') return;
    expect(preview.problems).toEqual([]);
    expect(preview.income).toEqual({
      sheet: '6. Income',
      rows: 3,
      changes: [
        {
          sourceOfFunding: 'Local Authority Discharge Funding',
          field: 'actualPence',
          label: 'Actual income',
          from: 'not entered',
          to: '£700,000.00',
        },
        {
          sourceOfFunding: ICB,
          field: 'actualPence',
          label: 'Actual income',
          from: '£1,924,999.99',
          to: '£1,930,000.00',
        },
        {
          sourceOfFunding: ICB,
          field: 'note',
          label: 'Explanation of variance',
          from: 'Paid late',
          to: 'ICB uplift paid in March',
        },
      ],
    });
    // The checks after the import see the workbook's income: the Local Authority's actual is no longer missing.
    const incomeFindings = (f: { rule: string; message: string }[]) =>
      f.filter((x) => x.rule === 'return.year-end-variance' && x.message.startsWith('Income from'));
    expect(incomeFindings(getReturnView(ctx, YE.year, YE.period).validation.findings)).toHaveLength(1);
    expect(incomeFindings(preview.actuals.findings)).toEqual([]);
    // Previewing wrote nothing.
    expect(
      returnIncome(ctx, requireReturn(ctx, YE.year, YE.period)).find((r) => r.sourceOfFunding === ICB),
    ).toMatchObject({ actualPence: 192_499_999, note: 'Paid late' });
    const outcome = importWorkbook(ctx, { file: 'edited.xlsx', bytes, period: 'YE', mode: 'refuse' });
    expect(outcome).toMatchObject({ kind: 'return', income: 2 });
    expect(
      returnIncome(ctx, requireReturn(ctx, YE.year, YE.period)).map((r) => [r.sourceOfFunding, r.actualPence, r.note]),
    ).toEqual([
      ['Local Authority Discharge Funding', 70_000_000, ''],
      ['Minimum NHS Contribution', 49_000_000, ''],
      [ICB, 193_000_000, 'ICB uplift paid in March'],
    ]);
    const history = ctx.db
      .prepare("SELECT field, reason FROM audit_log WHERE entity = 'return_income' AND reason LIKE 'Imported from%'")
      .all();
    expect(history).toContainEqual({
      field: `${ICB}: Actual income (£)`,
      reason: expect.stringMatching(/^Imported from edited\.xlsx \[6\. Income\] row \d+$/),
    });
  });

  it('reads the income back from the sheet of its own a generated workbook carries', async () => {
    const generated = await exportReturnWorkbook(ctx, { ...YE, profile: '2024-25-quarterly' });
    const file = path.join(dir, 'generated.xlsx');
    const edited = path.join(dir, 'generated-edited.xlsx');
    fs.writeFileSync(file, generated.bytes);
    editIncome(file, edited, 'Year-end income', [['Minimum NHS Contribution', '485000.5', 'Contract re-phased']]);
    const outcome = importWorkbook(ctx, {
      file: 'generated-edited.xlsx',
      bytes: fs.readFileSync(edited),
      profile: '2024-25-quarterly',
      period: 'YE',
      mode: 'refuse',
    });
    expect(outcome).toMatchObject({ kind: 'return', income: 1 });
    expect(
      returnIncome(ctx, requireReturn(ctx, YE.year, YE.period)).find(
        (r) => r.sourceOfFunding === 'Minimum NHS Contribution',
      ),
    ).toMatchObject({ actualPence: 48_500_050, note: 'Contract re-phased' });
  });

  it('refuses a bad amount and an unknown source, naming sheet, row and column, and changes nothing', () => {
    const edited = path.join(dir, 'bad.xlsx');
    editIncome(path.join(dir, 'filled.xlsx'), edited, '6. Income', [[ICB, '£1,93O,000', '']]);
    openpyxl<null>(
      `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["6. Income"]
row = next(r[0].row for r in ws.iter_rows() if r[0].value == "Minimum NHS Contribution")
ws.cell(row, 1).value = "Improved Better Care Fund"
wb.save(sys.argv[1])
print("null")`,
      edited,
    );
    const before = fileHash(ctx.dbPath);
    const bytes = fs.readFileSync(edited);
    const preview = previewWorkbookImport(ctx, { file: 'bad.xlsx', bytes, period: 'YE' });
    if (preview.kind !== 'return') throw new Error('read as a plan workbook');
    expect(preview.problems).toEqual([
      expect.stringMatching(
        /^bad\.xlsx \(sheet "6\. Income"\) row \d+, column "Source of Funding" \(A\): the return has no income from "Improved Better Care Fund"; its sources are "Local Authority Discharge Funding", "Minimum NHS Contribution", "ICB Discharge Funding"$/,
      ),
      expect.stringMatching(
        /^bad\.xlsx \(sheet "6\. Income"\) row \d+, column "Actual income \(£\)" \(C\): .*letter O/,
      ),
    ]);
    expect(() => importWorkbook(ctx, { file: 'bad.xlsx', bytes, period: 'YE', mode: 'refuse' })).toThrow(
      /nothing was imported/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it("leaves a generated income sheet to the year end: a quarter's import is not refused for it", async () => {
    const generated = await exportReturnWorkbook(ctx, { ...YE, profile: '2024-25-quarterly' });
    const file = path.join(dir, 'generated-for-q3.xlsx');
    fs.writeFileSync(file, generated.bytes);
    // Read as the quarterly layout, which maps no income block: the income sheet is the generated one.
    const profile = '2024-25-quarterly';
    // A formula openpyxl writes has no result saved: the sheet's reader reports the cell itself.
    editIncome(file, file, 'Year-end income', [[ICB, '=1/0', '']]);
    const bytes = fs.readFileSync(file);
    const asYearEnd = previewWorkbookImport(ctx, { file: 'generated-for-q3.xlsx', bytes, profile, period: 'YE' });
    if (asYearEnd.kind !== 'return') throw new Error('read as a plan workbook');
    expect(asYearEnd.problems).toEqual([expect.stringMatching(/^generated-for-q3\.xlsx \(sheet "Year-end income"\)/)]);
    const asQuarter = previewWorkbookImport(ctx, { file: 'generated-for-q3.xlsx', bytes, profile, period: 'Q3' });
    if (asQuarter.kind !== 'return') throw new Error('read as a plan workbook');
    expect(asQuarter.problems.filter((p) => p.includes('Year-end income'))).toEqual([]);
    expect(asQuarter.income).toEqual({ sheet: null, rows: 0, changes: [] });
  });

  it("says the income was not written when the template's layout maps no income block", async () => {
    const filled = await exportReturnWorkbook(ctx, {
      ...YE,
      profile: '2024-25-quarterly',
      into: { file: 'template.xlsx', bytes: fs.readFileSync(template) },
    });
    expect(filled.fill!.warnings).toContainEqual(
      expect.stringMatching(
        /^The template ".*" has no year-end income block mapped, so the income by funding source was not written/,
      ),
    );
  });
});
