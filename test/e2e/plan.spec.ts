import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { deleteLine } from '../../electron/services/plans/line-actions';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { linkContribution } from '../../electron/services/pools/contributions';
import { loadPublishedPools } from '../../electron/services/pools/published';
import { createReturn } from '../../electron/services/returns/create';
import { loadSample as loadSampleData } from '../../electron/services/sample/sample';
import { published, tsvRows } from '../helpers/fixtures';
import { expect, expectAccessible, test } from './fixtures';

const cell = (page: Page, row: RegExp | string, column: number) =>
  page.locator('[role="row"]', { hasText: row }).locator(`[role="gridcell"][aria-colindex="${column}"]`);

async function loadSample(page: Page) {
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
}

test('a new user loads the published 2019/20 plan and sees its lines, totals and checks', async ({ page, app }) => {
  await app.open();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to BCF Returns' })).toBeVisible();
  await expectAccessible(page);
  await loadSample(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2019-20' })).toBeVisible();
  await expect(page.getByTestId('plan-total')).toHaveText('£71,342,161.00');
  const bySource = page.getByRole('table', { name: 'By Source of Funding' });
  await expect(bySource.getByRole('row', { name: /Local Authority Contribution/ })).toContainText('£23,668,678.00');
  // Three of the errors are the cover details nobody has given yet, as the workbook's cover checklist would show;
  // who signed it off and the date are warnings until the partners' approvals fill them in.
  await expect(page.getByText('Incomplete: 10 errors, 5 warnings')).toBeVisible();
  await expect(page.getByRole('button', { name: /^No\s*Prior year \+ virement = this year\s*6/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^No\s*Cover details are complete\s*5/ })).toBeVisible();
  await expectAccessible(page);
});

test('a line added with the form is still there after a reload', async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
  await app.open();
  await page.getByLabel('Another year').fill('2019/20');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2019-20' })).toBeVisible();

  await page.getByRole('button', { name: 'Add a line' }).click();
  await expect(page.getByLabel('Scheme ID', { exact: true })).toBeFocused();
  await page.keyboard.type('42');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Falls Response Service');
  await page.getByLabel('Source of Funding', { exact: true }).fill('CCG Minimum Contribution');
  await page.getByLabel('2019/20 Expenditure £', { exact: true }).fill('£318,312.50');
  await page.getByLabel('New/ Existing Scheme').selectOption('New');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save line' }).press('Enter');

  await expect(page.getByRole('status').filter({ hasText: 'Added line 42' })).toContainText(
    'Added line 42 "Falls Response Service". Saved at',
  );
  await expect(page.getByTestId('plan-total')).toHaveText('£318,312.50');
  await page.reload();
  await expect(cell(page, 'Falls Response Service', 8)).toHaveText('£318,312.50');
  expect(app.ctx.db.prepare('SELECT expenditure_pence FROM scheme_line').all()).toEqual([
    { expenditure_pence: 31_831_250 },
  ]);
});

test('an invalid amount in the form shows its message beside the field and saves nothing', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  await page.getByRole('button', { name: 'Add a line' }).click();
  await page.getByLabel('Scheme ID', { exact: true }).fill('99');
  await page.getByLabel('Scheme Name', { exact: true }).fill('Scaled figure');
  await page.getByLabel('Source of Funding', { exact: true }).fill('Grant');
  await page.getByLabel('2019/20 Expenditure £', { exact: true }).fill('£2.184k');
  await page.getByRole('button', { name: 'Save line' }).click();

  const summary = page.getByRole('alert').filter({ hasText: 'nothing has been saved' });
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('scaled figures (k, m, bn) are not accepted');
  await expect(page.getByLabel('2019/20 Expenditure £', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 51 });
});

test('the grid is edited with the keyboard, and undo and redo survive a reload', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  const first = cell(page, 'Community Services Contract Integrated Delivery Infrastructure', 1);
  await first.click();
  await expect(first).toBeFocused();
  // Line 4 (Falls Response Service) is the tenth line; its 2019/20 expenditure is the eighth column.
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  const target = cell(page, 'Falls Response Service', 8);
  await expect(target).toBeFocused();
  await page.keyboard.type('320000');
  await expect(
    page.getByRole('textbox', { name: /2019\/20 Expenditure £, scheme 4 Falls Response Service/ }),
  ).toHaveValue('320000');
  await page.keyboard.press('Enter');
  await expect(target).toHaveText('£320,000');
  await expect(page.getByTestId('plan-total')).toHaveText('£71,343,849.00');
  // Enter moved down a line, as in Excel.
  await expect(
    cell(page, /^5Community Services Contract Home from Hospital11\. Intermediate care servicesCommunity Health/, 8),
  ).toBeFocused();

  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('plan-total')).toHaveText('£71,342,161.00');
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('plan-total')).toHaveText('£71,343,849.00');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('plan-total')).toHaveText('£71,342,161.00');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Redo: Edit Expenditure £' })).toBeVisible();
  await page.getByRole('button', { name: 'Redo: Edit Expenditure £' }).click();
  await expect(page.getByTestId('plan-total')).toHaveText('£71,343,849.00');
  expect(
    app.ctx.db
      .prepare("SELECT expenditure_pence FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id WHERE s.code = '4'")
      .get(),
  ).toEqual({ expenditure_pence: 32_000_000 });
});

test('a bad value typed into a cell is refused at the cell and nothing is saved', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  const target = cell(page, 'Falls Response Service', 8);
  await target.dblclick();
  const input = page.getByRole('textbox', { name: /2019\/20 Expenditure £, scheme 4/ });
  await input.fill('12,34');
  await input.press('Enter');
  await expect(page.locator('#grid-cell-problem')).toHaveText(
    /"12,34" is not an amount: commas must separate groups of three digits/,
  );
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toBeFocused();
  await input.press('Escape');
  await expect(target).toHaveText('£318,312');
  expect(app.ctx.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'update'").get()).toEqual({ n: 0 });
});

test('a block pasted from Excel lands in the cells, and a block copied out is tab-separated', async ({
  page,
  app,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open();
  await loadSample(page);
  await cell(page, 'Falls Response Service', 6).click();
  // Three columns (prior year, virement, expenditure) of two lines, as Excel puts them on the clipboard.
  await page.evaluate(() => navigator.clipboard.writeText('£1\t£2\t£3\r\n£4\t£5\t£9\r\n'));
  await page.keyboard.press('Control+v');
  await expect(cell(page, 'Falls Response Service', 8)).toHaveText('£3');
  await expect(
    cell(page, /^5Community Services Contract Home from Hospital11\. Intermediate care servicesCommunity Health/, 7),
  ).toHaveText('£5');
  await expect(page.getByRole('button', { name: 'Undo: Change 6 cells' })).toBeVisible();

  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('£1\t£2\r\n£4\t£5');

  await page.evaluate(() => navigator.clipboard.writeText('£1\tsoon\r\n'));
  await page.keyboard.press('Control+v');
  await expect(page.locator('#grid-cell-problem')).toContainText(
    'Nothing was pasted: row 1 of the pasted block, Virement £: "soon" is not an amount',
  );
});

test('a finding in the checklist is one click from its cell', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  await page.getByRole('button', { name: /Prior year \+ virement = this year/ }).click();
  const finding = page.getByRole('button', { name: /Scheme 7 "Integrated Care and Support".*sign is wrong/ });
  await expectAccessible(page);
  await finding.click();
  const target = cell(page, 'Integrated Care and Support', 7);
  await expect(target).toBeFocused();
  await expect(target).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Selected: line 7, Integrated Care and Support')).toBeVisible();
});

test('grouping, search and the findings filter narrow the grid, with subtotals', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  await page.getByLabel('Group by').selectOption('sourceOfFunding');
  await expect(
    page.getByRole('gridcell', { name: /^Source of Funding: Additional CCG Contribution — 6 lines$/ }),
  ).toBeVisible();
  await expect(page.getByRole('row', { name: /^Subtotal \(6 lines\)/ })).toContainText('£30,751,380');
  await page.getByLabel('Search lines').fill('home first');
  const matching = tsvRows(published('plan-2019-20-schemes.tsv'))
    .slice(1)
    .filter((r) => r.some((c) => c.toLowerCase().includes('home first'))).length;
  await expect(page.getByText(`${matching} of 51 lines shown`)).toBeVisible();
  await page.getByLabel('Search lines').fill('');
  await page.getByLabel('Group by').selectOption('none');
  await page.getByLabel('Only lines with findings').check();
  await expect(page.getByText('9 of 51 lines shown')).toBeVisible();
  await expectAccessible(page);
});

test('a 2023-25 plan is imported through the preview, and Escape then Tab leaves the grid', async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
  await app.open();
  await page.getByLabel('Another year').fill('2023-24');
  await page.getByRole('button', { name: 'Open year' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2023-25' })).toBeVisible();
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('File to import').setInputFiles(path.resolve('test/fixtures/plans/plan-2023-25-faults.tsv'));
  await expect(page.getByText('4 lines will be created from plan-2023-25-faults.tsv')).toBeVisible();
  await expect(
    page.getByText('After the import the checks will show 5 errors and 3 warnings; you can fix them in the plan.'),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Import 4 lines' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (4)' })).toBeVisible();
  await expect(page.getByTestId('plan-total-2')).toHaveText('£3,160,000.00');
  await expect(page.getByRole('button', { name: /Sub type belongs to its scheme type/ })).toContainText('No');

  await cell(page, 'Home First', 1).click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('region', { name: 'Checks' })).toBeFocused();
});

test('an import is undone whole and redone whole, and both survive a reload', async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
  await app.open();
  await page.getByLabel('Another year').fill('2023-24');
  await page.getByRole('button', { name: 'Open year' }).click();
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('File to import').setInputFiles(path.resolve('test/fixtures/plans/plan-2023-25-faults.tsv'));
  await page.getByRole('button', { name: 'Import 4 lines' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (4)' })).toBeVisible();
  await expect(page.getByTestId('plan-total-2')).toHaveText('£3,160,000.00');

  // One step takes every line of the import away, in the database as on the screen.
  await page.getByRole('button', { name: /^Undo: Import/ }).click();
  await expect(page.getByRole('button', { name: /^Redo: Import/ })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Scheme lines (4)' })).toHaveCount(0);
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 0 });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2023-25' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Redo: Import/ })).toBeVisible();

  // And one step puts them all back, with their figures.
  await page.getByRole('button', { name: /^Redo: Import/ }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (4)' })).toBeVisible();
  await expect(page.getByTestId('plan-total-2')).toHaveText('£3,160,000.00');
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 4 });
  await expectAccessible(page);

  // The same file again, replacing the lines: the Q1 return made from them follows them to the new lines.
  createReturn(app.ctx, { year: '2023-24', period: 'Q1' });
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('File to import').setInputFiles(path.resolve('test/fixtures/plans/plan-2023-25-faults.tsv'));
  await page.getByRole('radio', { name: /^Replace/ }).check();
  await page.getByRole('button', { name: 'Import 4 lines' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Imported 4 lines/ })).toContainText(
    'Pool contributions and return lines linked to the replaced lines: 4 linked again to the new line with the same Scheme ID, Scheme Name and Source of Funding. Saved at',
  );
  expect(
    app.ctx.db.prepare('SELECT count(*) AS n FROM return_line r JOIN scheme_line l ON l.id = r.plan_line_id').get(),
  ).toEqual({ n: 4 });
});

test('deleting a line, its history, and the screens still to come', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  await page.getByLabel('Search lines').fill('External technical');
  await cell(page, 'External technical support to Client Finance', 2).click();
  await page.getByRole('button', { name: 'Delete line…' }).click();
  await page.getByRole('button', { name: 'Confirm delete of line 33' }).click();
  await expect(page.getByText('0 of 50 lines shown')).toBeVisible();
  await expect(page.getByTestId('plan-total')).toHaveText('£71,242,161.00');
  await page.getByLabel('Search lines').fill('');

  await cell(page, 'Falls Response Service', 2).click();
  await page.getByRole('button', { name: 'Line history' }).click();
  await expect(page.getByRole('heading', { name: 'History of line 4: Falls Response Service' })).toBeVisible();
  // The line as the sample's import added it, field by field, in the screens' words and in £.
  await expect(page.getByRole('row').filter({ hasText: 'Imported' }).filter({ hasText: 'Scheme Name' })).toContainText(
    'Falls Response Service',
  );
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: 'Imported' })
      .filter({ has: page.getByRole('cell', { name: 'Expenditure £', exact: true }) }),
  ).toContainText(/£[\d,]+\.\d\d/);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeFocused();
  const deleted = page.getByRole('row').filter({ hasText: 'Deleted' }).filter({ hasText: 'Scheme Name' });
  await expect(deleted).toHaveCount(1);
  await expect(deleted).toContainText('Plan 2019-20 · Scheme line 33 External technical support to Client Finance');
  await expect(page.getByRole('main')).not.toContainText('{');
  await expectAccessible(page);
  for (const name of ['Quarterly returns', 'Pooled budgets', 'Workbooks']) {
    await page.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expectAccessible(page);
  }
});

test('income and the reference lists are kept on their own tabs, accessibly', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  await page.getByRole('button', { name: 'Income and minimums' }).click();
  await page.getByRole('button', { name: 'Add income' }).click();
  await page.getByRole('combobox', { name: 'Source of Funding' }).fill('Grant');
  await page.getByLabel('2019-20 £').fill('£4,051,789');
  await page.getByRole('button', { name: 'Save income' }).click();
  await expect(page.getByRole('row', { name: /Grant/ }).first()).toContainText('£4,051,789.00');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Reference lists' }).click();
  await expect(page.getByRole('table', { name: /Scheme Types and Sub Types for 2019-20/ })).toBeVisible();
  await page.getByLabel('Add a value').fill('Reablement services');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('rowheader', { name: 'Reablement services' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Scheme lines' }).click();
  // "Reablement services" is now listed; with income entered, every other source is checked for balance.
  await expect(page.getByText('Incomplete: 14 errors, 3 warnings')).toBeVisible();
});

test('Export CSV gives Excel a file it reads as UTF-8: a byte-order mark, then the £ headings and every line', async ({
  page,
  app,
}) => {
  await app.open();
  await loadSample(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/BCF plan 2019-20\.csv$/);
  const bytes = await readFile((await download.path())!);
  // Without EF BB BF, Excel on Windows opens the file as Windows-1252 and shows "Â£" for "£".
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  expect(lines[0]).toContain('Expenditure £ 2019-20');
  expect(lines).toHaveLength(52);
});

test("undoing a deletion leaves a pool's link the finance partner changed since, and says so", async ({
  page,
  app,
}) => {
  loadSampleData(app.ctx);
  loadPublishedPools(app.ctx);
  const lines = getPlanView(app.ctx, '2019-20').lines;
  const grant8 = lines.find((l) => l.schemeId === '8' && l.sourceOfFunding === 'Grant')!;
  const other = lines.find((l) => l.id !== grant8.id)!;
  const contribution = (
    app.ctx.db
      .prepare(
        "SELECT c.id FROM pool_contribution c JOIN pool p ON p.id = c.pool_id WHERE p.name = 'Mental Health' ORDER BY c.id LIMIT 1",
      )
      .get() as {
      id: number;
    }
  ).id;
  linkContribution(app.ctx, contribution, grant8.id);
  deleteLine(app.ctx, grant8.id, 'Counted twice');
  linkContribution(app.ctx, contribution, other.id);

  await app.open();
  await page.getByRole('button', { name: /^Undo: Delete line 8/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Undone/ })).toContainText(
    'Undone: Delete line 8 "Protection of Social Care"; left as changed since, not moved: "Mental Health pool: CCG Contribution". Saved at',
  );
  expect(
    app.ctx.db.prepare('SELECT scheme_line_id AS id FROM pool_contribution WHERE id = ?').get(contribution),
  ).toEqual({
    id: other.id,
  });
});

test('undoing an import says which return lost its links, and redoing it links them again', async ({ page, app }) => {
  loadSampleData(app.ctx);
  importPlanTable(app.ctx, {
    file: 'again.tsv',
    rows: tsvRows(published('plan-2019-20-schemes.tsv')),
    year: '2019-20',
    mode: 'replace',
  });
  createReturn(app.ctx, { year: '2019-20', period: 'Q1' });
  const unlinked = () =>
    (app.ctx.db.prepare('SELECT count(*) AS n FROM return_line WHERE plan_line_id IS NULL').get() as { n: number }).n;

  await page.setViewportSize({ width: 1366, height: 768 });
  await app.open();
  await page.getByRole('button', { name: /^Undo: Import again.tsv/ }).click();
  const status = page.getByRole('status').filter({ hasText: /^Undone/ });
  await expect(status).toContainText(
    'Undone: Import again.tsv (replacing 51 lines); unlinked, as the plan line they were linked to is gone: "Q1 2019-20 return (51 lines)". Saved at',
  );
  expect(unlinked()).toBe(51);
  await page.screenshot({ path: test.info().outputPath('undo-unlinked-1366.png') });

  await page.getByRole('button', { name: /^Redo: Import again.tsv/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Redone/ })).toContainText(
    'Redone: Import again.tsv (replacing 51 lines). Saved at',
  );
  expect(unlinked()).toBe(0);
});
