import path from 'node:path';
import type { Page, Route } from '@playwright/test';
import { EMPTY_LINE } from '../../shared/plans/line';
import { openServiceContext } from '../../electron/host';
import { backUpNow } from '../../electron/services/backups/backups';
import { restoreFromFile } from '../../electron/services/backups/restore';
import { applyEdits, createLine, deleteLine } from '../../electron/services/plans/line-actions';
import { exited, spawnTs, waitForLine } from '../helpers/child';
import { setIncomeActual } from '../../electron/services/returns/year-end';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { ASSETS_DIR } from '../../electron/source-root';
import { dispatch } from '../../electron/api/dispatch';
import { TEST_DIR } from '../helpers/fixtures';
import { rowsOf, seedPlan, seedQ1 } from '../helpers/returns';
import { expect, expectAccessible, test } from './fixtures';

const HOLD = 'test/helpers/children/hold.ts';

/**
 * What a screen shows is what the database holds now (issue 14, point 1 and 2):
 * after a restore, or a change made by another program on the same file, the
 * screen follows; an Undo that names a step the database no longer has next
 * is refused instead of undoing something else; a slow answer for a year the
 * user has left never replaces the year they moved to; a year another plan
 * covers opens that plan.
 */
const incomeTotal = (app: { ctx: { db: { prepare: (sql: string) => { get: () => unknown } } } }) =>
  app.ctx.db.prepare('SELECT count(*) AS n, sum(amount_pence) AS total FROM income_line').get();

async function loadSample(page: Page) {
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
}

test("an Undo the screen showed before a restore is refused, not turned on the council's income", async ({
  page,
  app,
}) => {
  await app.open();
  await loadSample(page);
  const backup = backUpNow(app.ctx);
  const before = incomeTotal(app);

  // A line deleted on this screen: its Undo names the deletion.
  const grid = page.getByRole('grid', { name: 'Scheme lines (51)' });
  await grid.locator('[role="gridcell"][aria-colindex="1"]').first().click();
  await page.getByRole('button', { name: 'Delete line…' }).click();
  await page.getByRole('button', { name: /^Confirm delete of line / }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (50)' })).toBeVisible();
  const undo = page.getByRole('button', { name: /^Undo: Delete line / });
  await expect(undo).toBeVisible();

  // Meanwhile the backup is restored from elsewhere (another window, the command line), before this window has looked again.
  await page.route('**/api/app.changes', (route) => route.abort());
  restoreFromFile(app.ctx, backup.path);
  await undo.click();

  // Refused: the database's next undo is another step; nothing was undone, and the screen now shows the data as it is.
  await expect(
    page
      .getByRole('alert')
      .or(page.getByRole('status'))
      .filter({ hasText: 'The plan changed since this screen showed it' }),
  ).toContainText('Nothing was undone');
  expect(incomeTotal(app)).toEqual(before);
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Undo: Delete line / })).toHaveCount(0);
  await expectAccessible(page);
});

test('a change made by another program on the same file shows on the open screen, without a reload', async ({
  page,
  app,
}) => {
  await app.open();
  await loadSample(page);
  const other = openServiceContext({ dbPath: app.ctx.dbPath, assetsDir: ASSETS_DIR, actor: 'cli' });
  createLine(other, '2019-20', {
    ...EMPTY_LINE,
    schemeId: '77',
    schemeName: 'Added by the command line',
    sourceOfFunding: 'Grant',
    expenditurePence: 100,
  });
  other.close();
  await expect(page.getByRole('grid', { name: 'Scheme lines (52)' })).toBeVisible({ timeout: 8000 });
  await expect(page.getByRole('button', { name: 'Undo: Add line 77 "Added by the command line"' })).toBeVisible();
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Added by the command line' }).first()).toBeVisible();
});

test("another program's change shows even when this window asked something else first", async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  // The window's regular look is held back while another program adds a line and the user, meanwhile,
  // asks for something else: that answer is read from the changed file, but says nothing of a line.
  await page.route('**/api/app.changes', (route) => route.abort());
  const other = openServiceContext({ dbPath: app.ctx.dbPath, assetsDir: ASSETS_DIR, actor: 'cli' });
  createLine(other, '2019-20', { ...EMPTY_LINE, schemeId: '78', schemeName: 'Added meanwhile', expenditurePence: 100 });
  other.close();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
  // The window looks again: the line is there, though the window's last answer was already from the changed file.
  await page.unroute('**/api/app.changes');
  await expect(page.getByRole('grid', { name: 'Scheme lines (52)' })).toBeVisible({ timeout: 8000 });
});

test("a plan changed in this window is what the quarterly return's checks see when it is opened again", async ({
  page,
  app,
}) => {
  seedQ1(app.ctx);
  await app.open();
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await expect(page.getByTestId('return-planned')).toHaveText('£3,042,981.00');
  await expect(page.getByRole('button', { name: /^Yes\s*The return matches the plan as it stands/ })).toBeVisible();

  // On the plan, the Care Act Assessments line's 2024/25 spend goes up by £1,000.
  await page.getByRole('link', { name: 'Plan' }).click();
  const column = await page
    .getByRole('columnheader', { name: /^2024\/25 Expenditure £/ })
    .getAttribute('aria-colindex');
  const row = page
    .getByRole('row')
    .filter({ hasText: 'Care Act Assessments' })
    .filter({ hasText: 'Local Authority Discharge Funding' });
  const target = row.locator(`[role="gridcell"][aria-colindex="${column}"]`);
  const { pence } = app.ctx.db
    .prepare(
      "SELECT expenditure_y2_pence AS pence FROM scheme_line WHERE scheme_name = 'Care Act Assessments' AND source_of_funding = 'Local Authority Discharge Funding'",
    )
    .get() as { pence: number };
  await target.click();
  await page.keyboard.type(String(pence / 100 + 1000));
  await page.keyboard.press('Enter');
  await expect(target).toHaveText(`£${(pence / 100 + 1000).toLocaleString('en-GB')}`);

  // Back on the return: its checks are the plan's as it is now, not what the screen held before. The
  // return keeps its planned figures fixed, and says the plan has moved.
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await expect(page.getByRole('button', { name: /^No\s*The return matches the plan as it stands\s*1/ })).toBeVisible();
  await expect(page.getByTestId('return-planned')).toHaveText('£3,042,981.00');
});

const falls = (app: { ctx: { db: { prepare: (sql: string) => { all: () => unknown } } } }) =>
  app.ctx.db
    .prepare("SELECT expenditure_pence FROM scheme_line WHERE scheme_name = 'Falls Response Service' ORDER BY id")
    .all();

test('text being typed stays in its line when another program deletes a line above it', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  const cells = (row: string) =>
    page.locator('[role="row"]', { hasText: row }).locator('[role="gridcell"][aria-colindex="8"]');
  await cells('Falls Response Service').click();
  await page.keyboard.type('320000');
  const input = page.getByRole('textbox', { name: /2019\/20 Expenditure £, scheme 4 Falls Response Service/ });
  await expect(input).toHaveValue('320000');
  const before = app.ctx.db.prepare('SELECT id, expenditure_pence FROM scheme_line ORDER BY id').all() as {
    id: number;
    expenditure_pence: number;
  }[];

  // Meanwhile the command line deletes the plan's first line: every line below moves up one row.
  const other = openServiceContext({ dbPath: app.ctx.dbPath, assetsDir: ASSETS_DIR, actor: 'cli' });
  deleteLine(other, before[0]!.id, 'Duplicate');
  other.close();
  await expect(page.getByRole('grid', { name: 'Scheme lines (50)' })).toBeVisible({ timeout: 8000 });

  // The editor is still on Falls Response Service, with what was typed; Enter saves it there, and nowhere else.
  await expect(input).toHaveValue('320000');
  await page.keyboard.press('Enter');
  await expect(cells('Falls Response Service')).toHaveText('£320,000');
  const after = new Map(
    (app.ctx.db.prepare('SELECT id, expenditure_pence FROM scheme_line').all() as typeof before).map((l) => [l.id, l]),
  );
  const changed = before.filter((l) => after.has(l.id) && after.get(l.id)!.expenditure_pence !== l.expenditure_pence);
  expect(changed.map((l) => after.get(l.id))).toEqual([{ id: changed[0]?.id, expenditure_pence: 32_000_000 }]);
  expect(falls(app)).toEqual([{ expenditure_pence: 32_000_000 }]);
});

test('a line that another program takes out of the search while it is typed in is said to be hidden, not deleted', async ({
  page,
  app,
}) => {
  await app.open();
  await loadSample(page);
  await page.getByLabel('Search lines').fill('Falls Response');
  await expect(page.getByRole('grid', { name: 'Scheme lines (1)' })).toBeVisible();
  await page.locator('[role="row"]', { hasText: 'Falls Response Service' }).locator('[aria-colindex="8"]').click();
  await page.keyboard.type('320000');

  // Meanwhile the command line renames the line: it no longer matches the search.
  const falls = app.ctx.db.prepare("SELECT id FROM scheme_line WHERE scheme_name = 'Falls Response Service'").get() as {
    id: number;
  };
  const other = openServiceContext({ dbPath: app.ctx.dbPath, assetsDir: ASSETS_DIR, actor: 'cli' });
  applyEdits(other, '2019-20', {
    edits: [{ lineId: falls.id, field: 'schemeName', text: 'Home safety visits' }],
  });
  other.close();

  await expect(page.getByRole('status').filter({ hasText: 'being typed in' })).toHaveText(
    'The line being typed in no longer matches the search or the filter, now that the lines have been read again, so it is hidden; what was typed was not saved.',
    { timeout: 8000 },
  );
});

test('a save refused because the file is busy gives the typed text back, to save again', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  const cell = page
    .locator('[role="row"]', { hasText: 'Falls Response Service' })
    .locator('[role="gridcell"][aria-colindex="8"]');
  const was = await cell.textContent();
  await cell.click();
  const holder = spawnTs(HOLD, ['lock', app.ctx.dbPath]);
  await waitForLine(holder, 'locked');
  await page.keyboard.type('320000');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: 'is busy' }).first()).toBeVisible(
    {
      timeout: 15_000,
    },
  );
  holder.stdin.write('release\n');
  expect(await exited(holder)).toBe(0);

  // Nothing was saved, and nothing typed was lost: the cell is open again on the same line, with the text.
  expect(falls(app)).toEqual([{ expenditure_pence: Number(was!.replace(/[£,]/g, '')) * 100 }]);
  const input = page.getByRole('textbox', { name: /2019\/20 Expenditure £, scheme 4 Falls Response Service/ });
  await expect(input).toHaveValue('320000');
  await expect(input).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cell).toHaveText('£320,000');
  expect(falls(app)).toEqual([{ expenditure_pence: 32_000_000 }]);
  await expectAccessible(page);
});

test('a refused save never gives back text older than what was saved in that cell since', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  const cell = page
    .locator('[role="row"]', { hasText: 'Falls Response Service' })
    .locator('[role="gridcell"][aria-colindex="8"]');
  // The first save is held back and answered late, as refused; the second goes through meanwhile.
  let first: Route | null = null;
  await page.route('**/api/plan.applyEdits', async (route) => {
    if (!first) first = route;
    else await route.continue();
  });
  await cell.click();
  await page.keyboard.type('320000');
  await page.keyboard.press('Enter');
  await expect.poll(() => first !== null).toBe(true);
  // Back to the same cell (by the mouse: a key pressed before the grid has moved its focus down could land elsewhere).
  await cell.click();
  await expect(cell).toBeFocused();
  await page.keyboard.type('330000');
  await expect(
    page.getByRole('textbox', { name: /2019\/20 Expenditure £, scheme 4 Falls Response Service/ }),
  ).toHaveValue('330000');
  await page.keyboard.press('Enter');
  await expect.poll(() => falls(app)).toEqual([{ expenditure_pence: 33_000_000 }]);
  await expect(cell).toHaveText('£330,000');
  await first!.fulfill({
    json: { ok: false, error: { code: 'refused', message: 'The file is busy; nothing was saved.' } },
  });
  await expect(page.getByText('The file is busy; nothing was saved.').first()).toBeVisible();
  // The older text is not put back in the cell for an Enter to save over the newer figure.
  await expect(
    page.getByRole('textbox', { name: /2019\/20 Expenditure £, scheme 4 Falls Response Service/ }),
  ).toHaveCount(0);
  await expect(cell).toHaveText('£330,000');
  expect(falls(app)).toEqual([{ expenditure_pence: 33_000_000 }]);
});

test('a slow answer for a year the user has left never replaces the year they moved to', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  // The 2019-20 plan's answer is held back for a second and a half.
  await page.route('**/api/plan.get', async (route) => {
    if ((route.request().postDataJSON() as { year: string }).year === '2019-20')
      await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByLabel('Another year').fill('2019-20');
  await page.keyboard.press('Enter');
  await page.getByLabel('Another year').fill('2023-24');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2023-25' })).toBeVisible();
  await page.waitForTimeout(2000);
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2023-25' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Scheme lines (0)' })).toBeVisible();
});

test('a year another plan covers opens that plan: 2024-25, then 2023-24, is one 2023-25 plan', async ({
  page,
  app,
}) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
  await app.open();
  await page.getByLabel('Another year').fill('2024-25');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2023-25' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a line' }).click();
  await page.getByLabel('Scheme ID', { exact: true }).fill('1');
  await page.getByLabel('Scheme Name', { exact: true }).fill('Reablement');
  await page.getByLabel('2023/24 Expenditure £', { exact: true }).fill('£100');
  await page.getByRole('button', { name: 'Save line' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (1)' })).toBeVisible();

  await page.getByLabel('Another year').fill('2023-24');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2023-25' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Scheme lines (1)' })).toBeVisible();
  await expect(page.getByLabel('Plan year').locator('option')).toHaveText(['2023-24']);
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM plan').get()).toEqual({ n: 1 });
});

test("Partners' review follows a plan made by another program on the same file", async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
  await app.open();
  await page.getByRole('link', { name: "Partners' review" }).click();
  await expect(page.getByText('No plans yet.')).toBeVisible();
  const other = openServiceContext({ dbPath: app.ctx.dbPath, assetsDir: ASSETS_DIR, actor: 'cli' });
  createLine(other, '2019-20', {
    ...EMPTY_LINE,
    schemeId: '1',
    schemeName: 'From the command line',
    expenditurePence: 100,
  });
  other.close();
  await expect(page.getByText('No plans yet.')).toBeHidden({ timeout: 8000 });
});

test('year-end income typed elsewhere replaces what the field showed, so a save cannot put the old figure back', async ({
  page,
  app,
}) => {
  seedPlan(app.ctx);
  importIncomeTable(app.ctx, {
    file: 'income-2023-25.tsv',
    rows: rowsOf(path.join(TEST_DIR, 'fixtures', 'plans', 'income-2023-25.tsv')),
    year: '2023-24',
    mode: 'refuse',
  });
  await app.open();
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await page.getByRole('button', { name: /^Year end/ }).click();
  await page.getByRole('button', { name: 'Create the Year end 2024-25 return' }).click();
  await page.getByRole('button', { name: 'Year-end income' }).click();
  const field = page.getByLabel('Actual income for the year (£), Minimum NHS Contribution');
  await field.fill('490,000');
  await field.press('Enter');
  // Saved, and shown as the database holds it.
  await expect(field).toHaveValue('£490,000');
  // bcf return income, or another window, on the same file.
  const other = openServiceContext({ dbPath: app.ctx.dbPath, assetsDir: ASSETS_DIR, actor: 'cli' });
  setIncomeActual(other, '2024-25', 'YE', {
    sourceOfFunding: 'Minimum NHS Contribution',
    actualPence: 48_000_000,
    note: 'Paid short by the ICB',
  });
  other.close();
  await expect(field).toHaveValue('£480,000', { timeout: 8000 });
  await expect(page.getByLabel('Explanation of variance, Minimum NHS Contribution')).toHaveValue(
    'Paid short by the ICB',
  );
  await expectAccessible(page);
});

test('cover details being typed stay while a save made elsewhere fills the fields left alone', async ({
  page,
  app,
}) => {
  await app.open();
  await loadSample(page);
  await page.getByRole('button', { name: 'Cover details', exact: true }).click();
  await page.getByLabel('Completed by').fill('A. Typist, not yet saved');
  // Another window (or bcf) on the same file saves the contact number.
  const other = openServiceContext({ dbPath: app.ctx.dbPath, assetsDir: ASSETS_DIR, actor: 'cli' });
  const saved = await dispatch(other, 'plan.setCover', { year: '2019-20', cover: { phone: '01225 477000' } });
  other.close();
  expect(saved.ok).toBe(true);
  await expect(page.getByLabel('Contact number')).toHaveValue('01225 477000', { timeout: 8000 });
  await expect(page.getByLabel('Completed by')).toHaveValue('A. Typist, not yet saved');
  await page.getByRole('button', { name: 'Save cover details' }).click();
  await expect(page.getByText('Saved')).toBeVisible();
  const cover = app.ctx.db.prepare('SELECT field, value FROM plan_cover ORDER BY field').all();
  expect(cover).toEqual([
    { field: 'completedBy', value: 'A. Typist, not yet saved' },
    { field: 'phone', value: '01225 477000' },
  ]);
  await expectAccessible(page);
});
