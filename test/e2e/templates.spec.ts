import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { createArea } from '../../electron/services/areas/areas';
import { readTable } from '../../electron/services/files/read-table';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { createReturn } from '../../electron/services/returns/create';
import { tempDir } from '../helpers/db';
import { plan2026Tsv, plan2027Tsv, planningWorkbook, quarterlySpec } from '../helpers/unseen';
import { makeUnseen } from '../helpers/workbooks';
import { expect, expectAccessible, test } from './fixtures';

/**
 * A year the app has never seen, in the browser, as a BCF manager meets it:
 * the plan says there is no template year and offers the two ways on; the
 * official workbook is brought on the Template years screen, reviewed (a
 * renamed column taken by its words, a new field named) and saved; the
 * year's plan and return then show and take the year's own fields.
 */
const LINE1 = 'line 1, scheme 1 Reablement at home, NHS Minimum Contribution';

function importTsv(ctx: Parameters<typeof importPlanTable>[0], text: string, year: string) {
  const file = path.join(tempDir('bcf-e2e-tsv-'), `plan-${year}.tsv`);
  fs.writeFileSync(file, text);
  importPlanTable(ctx, {
    file: path.basename(file),
    rows: readTable(file, fs.readFileSync(file)),
    year,
    mode: 'refuse',
  });
}

async function openYear(page: Page, year: string) {
  await page.getByRole('link', { name: 'Plan' }).click();
  await page.getByLabel('Another year').fill(year);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `Plan ${year}` })).toBeVisible();
}

test("brings a year's reporting workbook, reviewed and corrected, and its return takes the new field", async ({
  page,
  app,
}) => {
  createArea(app.ctx, 'Bath and North East Somerset');
  // NHS England's Q2 workbook for 2027-28 (the 2026-27 one, with the year's titles and headers).
  const official = makeUnseen({ ...quarterlySpec(), year: '2027-28' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await app.open();

  // No template year of its own: said, with the two ways on; nothing can be added yet.
  await openYear(page, '2027-28');
  const notice = page.getByRole('status').filter({ hasText: 'There is no 2027-28 template year' });
  await expect(notice).toContainText('the app will not guess the 2027-28 layout and lists');
  await expect(page.getByRole('button', { name: 'Add a line' })).toBeDisabled();
  await expectAccessible(page);
  await notice.getByRole('button', { name: 'Bring the 2027-28 workbook…' }).click();

  // The Template years screen opens with the year filled in.
  await expect(page.getByRole('heading', { level: 1, name: 'Template years' })).toBeVisible();
  await expect(page.getByLabel('For the year')).toHaveValue('2027-28');
  await page.getByLabel('Workbook (.xlsx)').setInputFiles(official);
  await page.getByRole('button', { name: 'Read the workbook' }).click();
  const review = page.getByRole('region', {
    name: /Spend and activity: sheet “A\. Spend and Activity”, header on row 9/,
  });
  await expect(review).toBeVisible();
  await expect(review.getByRole('row', { name: /Actual spend to date/ })).toContainText('by similar words: check');
  await expect(page.getByLabel('Field for column H, “Actual spend to date (£)”')).toHaveValue('actualPence');
  await expect(
    page.getByLabel('Field for column N, “Is the scheme aligned with neighbourhood health services?”'),
  ).toHaveValue('new');
  await expectAccessible(page);
  await page.screenshot({ path: path.join(tempDir('bcf-shots-'), 'review.png'), fullPage: false });

  // The BCF manager shortens the new field's name, then saves.
  const name = review.getByRole('row', { name: /Is the scheme aligned/ }).getByLabel('Name');
  await name.fill('Aligned with neighbourhood health');
  await expect(review.getByRole('row', { name: /Is the scheme aligned/ }).getByLabel('Holds')).toHaveValue('yesNo');
  await page.getByRole('button', { name: 'Save the 2027-28 template year' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the 2027-28 template year.' })).toBeVisible();
  const detail = page.getByRole('region', { name: /^2027-28: NHS England BCF template 2027-28/ });
  await expect(detail).toContainText("Official: brought from NHS England's workbook.");
  await expect(detail.getByRole('table', { name: "The year's own fields" })).toContainText(
    'Aligned with neighbourhood health',
  );
  await expect(page.getByRole('row', { name: /^2027-28/ })).toContainText('official');
  await expectAccessible(page);

  // The year's plan (its lines as NHS England pre-populated them) and its Q2 return.
  importTsv(app.ctx, plan2026Tsv(), '2027-28');
  createReturn(app.ctx, { year: '2027-28', period: 'Q2' });
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await page.getByLabel('Year', { exact: true }).selectOption('2027-28');
  await page.getByRole('button', { name: /^Q2/ }).click();
  const aligned = page.getByLabel(`Aligned with neighbourhood health, ${LINE1}`);
  await expect(aligned).toBeVisible();
  await aligned.selectOption('Yes');
  await expect(
    page.getByRole('status').filter({ hasText: 'Saved Aligned with neighbourhood health for line 1' }),
  ).toBeVisible();
  await expect(aligned).toHaveValue('Yes');
  await expect(page.getByRole('button', { name: /Required cells are complete/ })).toBeVisible();

  // The national conditions of the year, answered as a part of the return.
  await page.getByRole('button', { name: 'National conditions' }).click();
  const third = page.getByLabel('Confirmed?').nth(2);
  await third.selectOption('No');
  await page
    .getByLabel('If No: why, and what is being done')
    .nth(2)
    .fill('Short by £12,000; agreed at JCC to correct in Q3');
  await page.getByLabel('Confirmed?').nth(0).focus();
  await expect(page.getByRole('status').filter({ hasText: 'Saved national condition 3' })).toBeVisible();
  await expectAccessible(page);
});

test("a year with only a provisional copy says so; a planning workbook brings the year's own fields into the grid", async ({
  page,
  app,
}) => {
  createArea(app.ctx, 'Bath and North East Somerset');
  await page.setViewportSize({ width: 1366, height: 768 });
  await app.open();
  await openYear(page, '2027-28');
  await page.getByRole('button', { name: 'Start 2027-28 as a provisional copy of 2026-27' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'The 2027-28 template year is provisional: a copy of 2026-27' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a line' })).toBeEnabled();

  // The official workbook arrives: brought, it replaces the provisional copy as reviewed.
  await page.getByRole('link', { name: 'Template years' }).click();
  await page.getByRole('button', { name: 'Bring a workbook…' }).click();
  await page.getByLabel('Workbook (.xlsx)').setInputFiles(planningWorkbook());
  await page.getByLabel('For the year').fill('2027-28');
  await page.getByRole('button', { name: 'Read the workbook' }).click();
  await expect(page.getByText('Saving it replaces your 2027-28 (provisional), as reviewed here.')).toBeVisible();
  await expect(page.getByLabel('Field for column L, “Start date”')).toHaveValue('new');
  await expect(page.getByRole('row', { name: /Start date/ }).getByLabel('Holds')).toHaveValue('date');
  await page.getByRole('button', { name: 'Save the 2027-28 template year' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the 2027-28 template year.' })).toBeVisible();

  importTsv(app.ctx, plan2027Tsv(), '2027-28');
  await openYear(page, '2027-28');
  await expect(page.getByRole('status').filter({ hasText: 'provisional' })).toHaveCount(0);
  const grid = page.getByRole('grid', { name: 'Scheme lines (3)' });
  await expect(grid.getByRole('columnheader', { name: 'Neighbourhood health service' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Capital element (£)' })).toBeAttached();
  const row3 = grid.locator('[role="row"]', { hasText: 'Adaptations' });
  await expect(row3).toContainText('2027-06-30');
  await expect(row3).toContainText('£250,000.50');
  // A value that is not a date is refused at the cell; nothing is saved.
  await row3.getByText('2027-06-30').dblclick();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('31/06/2027');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Start date: "31/06/2027" is not a date: June 2027 has 30 days')).toBeVisible();
  await page.keyboard.press('Escape');
  await expectAccessible(page);
  await page.screenshot({ path: path.join(tempDir('bcf-shots-'), 'grid-own-fields.png') });
});
