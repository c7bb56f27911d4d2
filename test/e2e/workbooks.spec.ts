import type { Page } from '@playwright/test';
import fs from 'node:fs';
import { makeTemplate } from '../helpers/workbooks';
import { expect, expectAccessible, test } from './fixtures';

/**
 * The Workbooks screen as a new user meets it: files come in through the
 * file picker and go out as downloads, the same in browser mode as in the
 * desktop app.
 */
async function openWorkbooks(page: Page) {
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
  await page.getByRole('link', { name: 'Workbooks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Workbooks' })).toBeVisible();
}

test('generates a workbook of the plan, with its checklist, as a download', async ({ page, app }) => {
  await app.open();
  await openWorkbooks(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Generate…' }).click();
  await expect(page.getByRole('heading', { name: 'Generate a workbook of the 2019-20 plan' })).toBeFocused();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Generate and download' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(
    'Better Care Fund 2019 20 Plan Schemes - Bath and North East Somerset, 2019-20 plan.xlsx',
  );
  const bytes = fs.readFileSync((await file.path())!);
  expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  await expect(page.getByText('Incomplete Template: 11 of 18 checkers read Yes')).toBeVisible();
  await page.getByText('The checklist on the cover').click();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Schemes: 2018/19 + virement = 2019/20 on every line' }),
  ).toContainText('No');
  await expectAccessible(page);
});

test('fills an official workbook, says what it wrote where, and refuses one without a Scheme ID column', async ({
  page,
  app,
}) => {
  const official = makeTemplate({ kind: 'appendix', rows: 60, extlst: true });
  const noIds = makeTemplate({ kind: 'appendix', rows: 60, drop: ['Scheme ID'] });
  const before = fs.readFileSync(official);
  await app.open();
  await openWorkbooks(page);
  await page.getByRole('button', { name: 'Cover details…' }).click();
  await page.getByLabel('Completed by').fill('A. Manager');
  await page.getByLabel('E-mail').fill('not-an-address');
  await page.getByRole('button', { name: 'Save cover details' }).click();
  await expect(page.getByRole('alert')).toContainText(
    '"not-an-address" is not an e-mail address such as bcf@council.gov.uk',
  );
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('E-mail').fill('bcf@example.org');
  await page.getByRole('button', { name: 'Save cover details' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the cover details.' })).toBeVisible();

  await page.getByRole('button', { name: 'Fill official workbook…' }).click();
  await page.getByLabel("NHS England's workbook (.xlsx)").setInputFiles(noIds);
  await page.getByRole('button', { name: 'Fill and download' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'was not filled' });
  await expect(refusal).toContainText('appendix.xlsx was not filled: 1 problem. Nothing was written.');
  await expect(refusal).toContainText(
    'Sheet "4. Schemes": the header row (row 6) has no "Scheme ID" column, which identifies each line',
  );
  await expectAccessible(page);

  await page.getByLabel("NHS England's workbook (.xlsx)").setInputFiles(official);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Fill and download' }).click();
  expect((await download).suggestedFilename()).toBe('appendix (filled).xlsx');
  const written = page.getByRole('table', { name: 'What was written where' });
  await expect(written.getByRole('row', { name: /4\. Schemes/ })).toContainText('rows 7 to 57');
  await expect(written.getByRole('row', { name: /Cover/ })).toContainText('2. Cover!C5 Completed by: A. Manager');
  await expect(page.getByText(/Read back from the finished file: \d+ written cells hold what was meant/)).toBeVisible();
  expect(fs.readFileSync(official).equals(before)).toBe(true);
  await expectAccessible(page);
});

test('shows a progress bar for work that takes more than half a second', async ({ page, app }) => {
  await app.open();
  await openWorkbooks(page);
  await page.route('**/api/workbook.exportPlan', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByRole('button', { name: 'Generate…' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Generate and download' }).click();
  const bar = page.getByRole('progressbar', { name: /Generating the workbook: step 1 of 2, building the workbook/ });
  await expect(bar).toBeVisible();
  await download;
  await expect(bar).toBeHidden();
});

test('opens a workbook, previews it, and reads it back into the plan', async ({ page, app }) => {
  await app.open();
  await openWorkbooks(page);
  await page.getByRole('button', { name: 'Generate…' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Generate and download' }).click();
  const generated = (await (await download).path())!;
  const named = `${generated}.xlsx`;
  fs.copyFileSync(generated, named);
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Open workbook…' }).click();
  await page.getByLabel('Workbook (.xlsx)').setInputFiles(named);
  await expect(
    page.getByText(
      /51 lines and 0 income lines will go into the 2019-20 plan, read as the Plan appendix in the 2019\/20 layout/,
    ),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Import 51 lines' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose whether to replace');
  await page.getByLabel("Replace them with the workbook's").check();
  await page.getByRole('button', { name: 'Import 51 lines' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 51 lines' })).toContainText(
    '(replacing 51 lines and 0 income lines)',
  );
  await expectAccessible(page);
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 51 });
  // Back on the Plan screen the imported lines are shown, and one undo takes the import back.
  await page.getByRole('link', { name: 'Plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Undo: Import workbook .*\(replacing the plan\)$/ })).toBeVisible();
});

test('shows a profile; a quarterly workbook brought for its year adds a profile of its own, corrected before it is saved', async ({
  page,
  app,
}) => {
  const official = makeTemplate({
    kind: 'quarterly',
    extlst: true,
    prefilled: [{ schemeId: '102', schemeName: 'Care Act Assessments', plannedPence: 12_000_000 }],
  });
  await app.open();
  await openWorkbooks(page);
  await page.getByRole('button', { name: 'Show NHS England BCF quarterly reporting template 2024-25' }).click();
  const detail = page.getByRole('table', { name: /Spend and activity: sheet “5\. Spend and activity”/ });
  await expect(detail.getByRole('row', { name: /Actual Expenditure to date/ })).toContainText('Input (yellow)');
  await page.getByRole('button', { name: 'Close' }).last().click();

  await page.getByRole('link', { name: 'Template years' }).first().click();
  await page.getByRole('button', { name: 'Bring a workbook…' }).click();
  await page.getByLabel('Workbook (.xlsx)').setInputFiles(official);
  await page.getByLabel('For the year').fill('2024-25');
  await page.getByLabel('Reporting period').selectOption('Q1');
  await page.getByRole('button', { name: 'Read the workbook' }).click();
  const mapping = page.getByRole('table', {
    name: /Spend and activity: sheet “5\. Spend and activity”, header on row 6/,
  });
  await expect(mapping.getByLabel('Field for column H, “Actual Expenditure to date”')).toHaveValue('actualPence');
  await expect(mapping.getByRole('row', { name: /Have there been any implementation issues/ })).toContainText(
    '2: Yes | No',
  );
  await expect(page.getByText('Saving it replaces the shipped 2023-25 (likely), as reviewed here.')).toBeVisible();
  await mapping.getByLabel('Column M is required').check();
  // Two columns taken for one field: said before anything is saved.
  await mapping
    .getByLabel('Field for column J, “Outputs delivered to date (estimate if none)”')
    .selectOption('actualPence');
  await expect(page.getByRole('alert')).toContainText(
    'columns H and J ("Outputs delivered to date (estimate if none)") both claim Actual Expenditure to date',
  );
  await expectAccessible(page);
  await mapping
    .getByLabel('Field for column J, “Outputs delivered to date (estimate if none)”')
    .selectOption('outputsDelivered');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save the 2023-25 template year' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the 2023-25 template year.' })).toBeVisible();

  await page.getByRole('link', { name: 'Workbooks' }).click();
  await expect(page.getByRole('row', { name: /2023-25-quarterly-q1/ })).toContainText('Saved from quarterly.xlsx');
  await page.getByRole('button', { name: 'Show NHS England BCF Q1 reporting template 2023-25' }).click();
  const saved = page.getByRole('table', { name: /Spend and activity: sheet “5\. Spend and activity”/ });
  await expect(saved.getByRole('row', { name: /If yes, please briefly describe/ })).toContainText('Yes');
});

test('says when the quarterly returns cannot be read, rather than that there are none', async ({ page, app }) => {
  await page.route('**/api/return.list', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'The file could not be read.' } }),
    }),
  );
  await app.open();
  await openWorkbooks(page);
  await expect(page.getByRole('alert')).toContainText('The quarterly returns could not be read');
  await expect(page.getByText('There is no quarterly return yet')).toHaveCount(0);
  await expectAccessible(page);
});
