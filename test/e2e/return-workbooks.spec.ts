import type { Page } from '@playwright/test';
import fs from 'node:fs';
import { createReturn } from '../../electron/services/returns/create';
import { applyReturnEdits } from '../../electron/services/returns/entry';
import { getReturnView } from '../../electron/services/returns/view';
import { published, printedPence, tsvRows } from '../helpers/fixtures';
import { approveSeen, seedQ1 } from '../helpers/returns';
import { makeTemplate } from '../helpers/workbooks';
import { DEFAULT_METRICS } from '../../shared/returns/metrics';
import { listMetrics, setAssessment } from '../../electron/services/returns/metrics';
import { expect, expectAccessible, test } from './fixtures';

/**
 * Quarterly return workbooks on the Workbooks screen, with the keyboard:
 * choose the return, its cover details, generate, fill NHS England's copy,
 * and open a workbook back into the return (refused once it is approved).
 */
async function press(page: Page, name: string | RegExp, role: 'button' | 'link' = 'button') {
  const target = page.getByRole(role, { name });
  await target.focus();
  await page.keyboard.press('Enter');
}

function official(): string {
  const [, ...rows] = tsvRows(published('return-2024-25-q1-discharge.tsv'));
  const metrics = DEFAULT_METRICS.map((name) => ({ name, target: '' }));
  return makeTemplate({
    kind: 'quarterly',
    extlst: true,
    metrics,
    prefilled: rows.map((r) => ({
      schemeId: r[0]!,
      schemeName: r[1]!,
      briefDescription: r[2]!,
      schemeType: r[3]!,
      subType: r[4]!,
      sourceOfFunding: r[5]!,
      plannedPence: printedPence(r[6]!),
    })),
  });
}

test("fills, generates and opens a quarterly return's workbook, with the keyboard", async ({ page, app }) => {
  seedQ1(app.ctx);
  createReturn(app.ctx, { year: '2024-25', period: 'Q2' });
  await app.open();
  await press(page, 'Workbooks', 'link');
  await expect(page.getByRole('heading', { level: 2, name: 'Quarterly return workbooks' })).toBeVisible();
  const chooser = page.getByLabel('Return', { exact: true });
  await expect(chooser).toHaveValue('2024-25 Q2');
  await chooser.focus();
  await page.keyboard.press('ArrowUp');
  await expect(chooser).toHaveValue('2024-25 Q1');
  await expect(chooser.locator('option:checked')).toHaveText('Q1 2024-25 (Draft)');
  await expectAccessible(page);

  // Cover details: typed, saved with Enter; the ones left blank come from the plan (who signed it off, at approval).
  await press(page, 'Return cover details…');
  await expect(page.getByRole('heading', { name: 'Cover details of the Q1 2024-25 return' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Completed by')).toBeFocused();
  await page.keyboard.type('A. Manager');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved the cover details.' })).toBeVisible();
  await expectAccessible(page);
  await press(page, 'Close');

  // One metric assessed: it goes out on the metrics sheet.
  const falls = listMetrics(app.ctx, '2024-25').find((m) => m.name === 'Falls')!.id;
  setAssessment(app.ctx, '2024-25', 'Q1', falls, {
    onTrack: 'Data not available to assess progress',
    challenges: '',
    achievements: 'Falls service redesigned',
  });

  // Generate: the checklist's summary as for plans.
  await press(page, 'Generate return workbook…');
  await expect(page.getByRole('heading', { name: 'Generate a workbook of the Q1 2024-25 return' })).toBeFocused();
  const download = page.waitForEvent('download');
  await press(page, 'Generate and download');
  const file = await download;
  expect(file.suggestedFilename()).toBe(
    'Better Care Fund 2024-25 Quarterly Reporting Template - Bath and North East Somerset, Q1 2024-25 return.xlsx',
  );
  await expect(page.getByText('Incomplete Template: 9 of 11 checkers read Yes')).toBeVisible();
  const generated = `${(await file.path())!}.xlsx`;
  fs.copyFileSync((await file.path())!, generated);
  await expectAccessible(page);
  await press(page, 'Close');

  // Fill NHS England's copy: what was written where, read back from the finished file.
  const template = official();
  const before = fs.readFileSync(template);
  await press(page, 'Fill official return workbook…');
  await expect(
    page.getByRole('heading', { name: "Fill NHS England's workbook with the Q1 2024-25 return" }),
  ).toBeFocused();
  await page.getByLabel("NHS England's workbook (.xlsx)").setInputFiles(template);
  const filled = page.waitForEvent('download');
  await press(page, 'Fill and download');
  expect((await filled).suggestedFilename()).toBe('quarterly (filled).xlsx');
  const written = page.getByRole('table', { name: 'What was written where' });
  await expect(written.getByRole('row', { name: /5\. Spend and activity/ })).toContainText('rows 7 to 12');
  await expect(written.getByRole('row', { name: /5\. Spend and activity/ })).toContainText(
    'H Actual Expenditure to date',
  );
  await expect(written.getByRole('row', { name: /Cover/ })).toContainText('2. Cover!C5 Completed by: A. Manager');
  await expect(written.getByRole('row', { name: /4\. Metrics/ })).toContainText('rows 7 to 10');
  expect(fs.readFileSync(template).equals(before)).toBe(true);
  await expectAccessible(page);
  await press(page, 'Close');

  // Open the generated workbook back into the return: one figure changed since.
  const line = getReturnView(app.ctx, '2024-25', 'Q1').lines[1]!;
  applyReturnEdits(app.ctx, '2024-25', 'Q1', [{ lineId: line.id, field: 'actualPence', text: '£1' }]);
  setAssessment(app.ctx, '2024-25', 'Q1', falls, {
    onTrack: 'On track to meet target',
    challenges: '',
    achievements: 'Falls service redesigned',
  });
  await press(page, 'Open workbook…');
  await page.getByLabel('Workbook (.xlsx)').setInputFiles(generated);
  await expect(page.getByText(/6 rows\s*match lines of the\s*Q1 2024-25 return/)).toBeVisible();
  const changes = page.getByRole('table', { name: 'What the workbook changes' });
  await expect(changes.getByRole('row', { name: /102 Care Journey\/Coordination/ })).toContainText(
    'Actual Expenditure to date: £1 → £26,750',
  );
  await expect(page.getByText('Metrics (sheet "4. Metrics"): 4 metrics read; 1 value will change.')).toBeVisible();
  const metricChanges = page.getByRole('table', { name: 'What the workbook changes in the metrics' });
  const fallsRow = metricChanges.getByRole('row', { name: /Falls/ });
  await expect(fallsRow.getByRole('cell')).toHaveText([
    'Assessment of progress',
    'On track to meet target',
    'Data not available to assess progress',
  ]);
  await expectAccessible(page);
  await press(page, 'Import into the Q1 2024-25 return');
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(
    'into the Q1 2024-25 return: 6 rows matched its lines, 1 value changed; 1 metric assessment changed.',
  );
  expect(getReturnView(app.ctx, '2024-25', 'Q1').lines[1]!.actualPence).toBe(2_675_000);
  expect(getReturnView(app.ctx, '2024-25', 'Q1').metrics[1]!.onTrack).toBe('Data not available to assess progress');

  // Approved, the return takes no workbook.
  approveSeen(
    app.ctx,
    '2024-25',
    'Q1',
    [{ name: 'Jane Smith', role: 'Director of Adult Social Care', approvedOn: '2024-08-29' }],
    '',
  );
  await page.getByLabel('Workbook (.xlsx)').setInputFiles(generated);
  const refusal = page.getByRole('alert').filter({ hasText: 'cannot be imported' });
  await expect(refusal).toContainText('cannot be imported into the Q1 2024-25 return: 1 problem. Nothing was written.');
  await expect(refusal).toContainText(
    'The Q1 2024-25 return is approved, so its figures are locked. Reopen it with a reason to change them.',
  );
  await expect(page.getByRole('button', { name: 'Import into the Q1 2024-25 return' })).toHaveCount(0);
  await expectAccessible(page);
});

test("shows the same progress bar for a return's workbook that takes more than half a second", async ({
  page,
  app,
}) => {
  seedQ1(app.ctx);
  await app.open();
  await press(page, 'Workbooks', 'link');
  await page.route('**/api/workbook.exportReturn', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await press(page, 'Generate return workbook…');
  const download = page.waitForEvent('download');
  await press(page, 'Generate and download');
  const bar = page.getByRole('progressbar', { name: /Generating the workbook: step 1 of 2, building the workbook/ });
  await expect(bar).toBeVisible();
  await download;
  await expect(bar).toBeHidden();
  await expect(page.getByText(/Incomplete Template: \d+ of 11 checkers read Yes/)).toBeVisible();
});
