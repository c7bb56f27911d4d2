import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReturn } from '../../electron/services/returns/create';
import { setIncomeActual } from '../../electron/services/returns/year-end';
import { exportReturnWorkbook } from '../../electron/services/workbooks/return-workbooks';
import { applyReturnEdits } from '../../electron/services/returns/entry';
import { getReturnView } from '../../electron/services/returns/view';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import type { ServiceContext } from '../../electron/services/context';
import { formatPence } from '../../shared/money';
import { TEST_DIR } from '../helpers/fixtures';
import { openpyxl } from '../helpers/readers';
import { rowsOf, seedPlan } from '../helpers/returns';
import { expect, expectAccessible, test } from './fixtures';

const INCOME_FILE = path.join(TEST_DIR, 'fixtures', 'plans', 'income-2023-25.tsv');
const ICB = 'ICB Discharge Funding';

/** The 2023-25 discharge plan with its income by funding source, as both year-end tests start. */
function seedPlanWithIncome(ctx: ServiceContext): void {
  seedPlan(ctx);
  importIncomeTable(ctx, {
    file: path.basename(INCOME_FILE),
    rows: rowsOf(INCOME_FILE),
    year: '2023-24',
    mode: 'refuse',
  });
}

/**
 * The year-end return through the screens (issue 13 point 4): created from
 * the plan, its income by funding source entered and a variance over the
 * threshold explained, signed off as a quarter is, and its workbook exported
 * with the income on a sheet of its own.
 */
test('a year-end return is created, filled, signed off and exported', async ({ page, app }) => {
  seedPlanWithIncome(app.ctx);
  await app.open();
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quarterly returns 2024-25' })).toBeVisible();
  await page.getByRole('button', { name: /^Year end/ }).click();
  await page.getByRole('button', { name: 'Create the Year end 2024-25 return' }).click();
  await expect(page.getByText(/Year end 2024-25.*: Draft/)).toBeVisible();

  // The spend by line is entered as in any quarter (here straight to the service: the quarterly specs type it).
  const view = getReturnView(app.ctx, '2024-25', 'YE');
  applyReturnEdits(
    app.ctx,
    '2024-25',
    'YE',
    view.lines.flatMap((l) => [
      { lineId: l.id, field: 'actualPence' as const, text: formatPence(l.plannedPence) },
      { lineId: l.id, field: 'issues' as const, text: 'No' },
      ...(l.plannedOutputs ? [{ lineId: l.id, field: 'outputsDelivered' as const, text: l.plannedOutputs }] : []),
    ]),
  );

  // Income: each source's actual, with the keyboard; Enter saves the source's form.
  await page.getByRole('button', { name: 'Year-end income' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Year-end income and expenditure' })).toBeVisible();
  // Nothing entered yet reads as not entered, not as £0 received.
  await expect(
    page
      .getByRole('table', { name: /Income by Source of Funding \(3 not entered yet/ })
      .getByRole('row', { name: ICB }),
  ).toContainText('not entered');
  for (const [source, amount] of [
    ['Local Authority Discharge Funding', '700,000'],
    ['Minimum NHS Contribution', '£490,000'],
    [ICB, '1,924,999.99'],
  ] as const) {
    await page.getByLabel(`Actual income for the year (£), ${source}`).focus();
    await page.keyboard.type(amount);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: `Saved the income from ${source}` })).toBeVisible();
  }
  const finding = page.getByText(
    'Income from ICB Discharge Funding: actual £1,924,999.99 is £25,000.01 (-1.3%) below the planned £1,950,000, more than 5% or £25,000: explain the variance.',
  );
  await expect(finding).toBeVisible();
  const incomeTotals = page.getByRole('table', { name: 'Income by Source of Funding' });
  await expect(incomeTotals.getByRole('row', { name: /^ICB Discharge Funding/ })).toContainText('-£25,000.01');
  await expectAccessible(page);

  // A bad amount is refused at the field and saves nothing.
  const icb = page.getByLabel(`Actual income for the year (£), ${ICB}`);
  await icb.fill('1.9m');
  await page.keyboard.press('Enter');
  await expect(icb).toHaveAttribute('aria-invalid', 'true');
  await icb.fill('1,924,999.99');

  await page.getByLabel(`Explanation of variance, ${ICB}`).fill('ICB uplift paid late');
  await page.getByRole('button', { name: `Save ${ICB}` }).click();
  await expect(finding).toHaveCount(0);
  expect(
    app.ctx.db.prepare('SELECT actual_pence AS p, note FROM return_income WHERE key = ?').get(ICB.toLowerCase()),
  ).toEqual({
    p: 192_499_999,
    note: 'ICB uplift paid late',
  });

  // The same sign-off as a quarter.
  await page.getByRole('button', { name: 'Sign-off' }).click();
  await page.getByRole('button', { name: 'Mark ready for approval' }).click();
  await page.getByLabel('Name').fill('Suzanne Westhead');
  await page.getByLabel('Role').fill('Director of Adult Social Care');
  // Spend as planned and the income variance explained: nothing to accept (the cover's sign-off is the approval's).
  await expect(page.getByRole('checkbox', { name: /approve the return with them/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Approve the return' }).click();
  await expect(page.getByText('Approved — the figures are locked')).toBeVisible();
  await page.getByRole('button', { name: 'Year-end income' }).click();
  await expect(page.getByLabel(`Actual income for the year (£), ${ICB}`)).toBeDisabled();
  await expectAccessible(page);

  // Exported: the generated workbook carries the income by source.
  await page.getByRole('link', { name: 'Workbooks' }).click();
  await page.getByLabel('Return', { exact: true }).selectOption('2024-25 YE');
  await page.getByRole('button', { name: 'Generate return workbook…' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Generate and download' }).click();
  const file = await download;
  const xlsx = `${(await file.path())!}.xlsx`;
  fs.copyFileSync((await file.path())!, xlsx);
  await expectAccessible(page);
  const rows = openpyxl<unknown[][]>(
    `import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Year-end income"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
head = next(i for i, r in enumerate(rows) if r[0] == "Source of Funding")
print(json.dumps([r[:5] for r in rows[head + 1:head + 4]]))`,
    xlsx,
  );
  expect(rows).toEqual([
    ['Local Authority Discharge Funding', 700000, 700000, 0, null],
    ['Minimum NHS Contribution', 490000, 490000, 0, null],
    [ICB, 1950000, 1924999.99, -25000.01, 'ICB uplift paid late'],
  ]);
});

/**
 * A year-end workbook a colleague filled in Excel comes back with its income: the preview on the
 * Workbooks screen lists each actual and explanation it changes, and the import writes them.
 */
test("a filled year-end workbook's income is previewed and read back", async ({ page, app }) => {
  seedPlanWithIncome(app.ctx);
  createReturn(app.ctx, { year: '2024-25', period: 'YE' });
  setIncomeActual(app.ctx, '2024-25', 'YE', { sourceOfFunding: ICB, actualPence: 192_499_999, note: '' });
  const generated = await exportReturnWorkbook(app.ctx, { year: '2024-25', period: 'YE' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-e2e-ye-'));
  const file = path.join(dir, 'year end filled.xlsx');
  fs.writeFileSync(file, generated.bytes);
  // Excel's part, played by openpyxl: two actuals typed and the ICB's variance explained.
  openpyxl<null>(
    `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Year-end income"]
for row in ws.iter_rows():
    if row[0].value == "Minimum NHS Contribution":
        row[2].value = 490000
    if row[0].value == "ICB Discharge Funding":
        row[4].value = "ICB uplift paid late"
wb.save(sys.argv[1])
print("null")`,
    file,
  );

  await app.open();
  await page.getByRole('link', { name: 'Workbooks' }).click();
  await page.getByRole('button', { name: 'Open workbook…' }).click();
  await page.getByLabel('Workbook (.xlsx)').setInputFiles(file);
  await expect(
    page.getByText('Year-end income (sheet "Year-end income"): 3 funding sources read; 2 values will change.'),
  ).toBeVisible();
  const changes = page.getByRole('table', { name: 'What the workbook changes in the year-end income' });
  await expect(changes.getByRole('row', { name: /Minimum NHS Contribution/ }).getByRole('cell')).toHaveText([
    'Actual income',
    'not entered',
    '£490,000.00',
  ]);
  await expect(changes.getByRole('row', { name: new RegExp(ICB) }).getByRole('cell')).toHaveText([
    'Explanation of variance',
    '(blank)',
    'ICB uplift paid late',
  ]);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Import into the Year end 2024-25 return' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(
    'the year-end income of 2 funding sources changed',
  );

  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await page.getByRole('button', { name: /^Year end/ }).click();
  await page.getByRole('button', { name: 'Year-end income' }).click();
  await expect(page.getByLabel('Actual income for the year (£), Minimum NHS Contribution')).toHaveValue('£490,000');
  await expect(page.getByLabel(`Explanation of variance, ${ICB}`)).toHaveValue('ICB uplift paid late');
});
