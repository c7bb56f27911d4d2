import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { createReturn } from '../../electron/services/returns/create';
import { setIncomeActual } from '../../electron/services/returns/year-end';
import { writeProfile } from '../../electron/services/workbooks/profiles';
import { exportReturnWorkbook } from '../../electron/services/workbooks/return-workbooks';
import { GENERATED_INCOME_TABLE } from '../../shared/workbooks/year-end-table';
import { tempContext, tempDir, type TestContext } from '../helpers/db';
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
