import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { published } from '../helpers/fixtures';
import { expect, expectAccessible, test } from './fixtures';

/** Files as they come: a filled return can start a plan; the Income screen imports a file as the CLI does. */
test('a filled quarterly return starts a plan: its own columns listed and read past, "-" as no planned outputs', async ({
  page,
  app,
}) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Bath and North East Somerset', '2026-01-01')").run();
  await app.open();
  await page.getByLabel('Another year').fill('2025-26');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Plan 2025-26/ })).toBeVisible();
  // Next year's plan, begun from this year's filled return (the year's template is shipped, provisional until NHS England's comes).
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('File to import').setInputFiles(published('return-2024-25-q1-discharge.tsv'));
  await expect(page.getByText('This is a filled quarterly return')).toContainText('H Actual Expenditure to date');
  await expect(page.getByText('This is a filled quarterly return')).toContainText(
    'L Have there been any implementation issues?',
  );
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Import 6 lines' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (6)' })).toBeVisible();
  const rows = app.ctx.db
    .prepare('SELECT planned_outputs, expenditure_pence FROM scheme_line ORDER BY position')
    .all() as { planned_outputs: string | null; expenditure_pence: number }[];
  expect(rows[0]).toEqual({ planned_outputs: null, expenditure_pence: 12_000_000 });
  expect(rows.reduce((t, r) => t + r.expenditure_pence, 0)).toBe(304_298_100);
});

test('the Income screen imports a file of income, previewed, as bcf import income does', async ({ page, app }) => {
  await app.open();
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
  await page.getByRole('button', { name: 'Income and minimums' }).click();
  const before = app.ctx.db.prepare('SELECT count(*) AS n FROM income_line').get() as { n: number };
  await page.getByRole('button', { name: 'Import income…' }).click();
  await page.getByLabel('File to import').setInputFiles(published('funding-sources-2019-20.tsv'));
  const preview = page.getByRole('table', { name: /income lines will be created from funding-sources-2019-20\.tsv/ });
  await expect(
    preview.getByRole('row', { name: /CCG Minimum Contribution transferred under Section 75 to Council/ }),
  ).toContainText('£8,932,125.00');
  await expectAccessible(page);
  if (before.n > 0) await page.getByLabel(/^Replace them with the file's/).check();
  const importButton = page.getByRole('button', { name: /^Import \d+ income lines$/ });
  const count = Number(/(\d+)/.exec((await importButton.textContent())!)![1]);
  await importButton.click();
  await expect(page.getByRole('table', { name: `Income by Source of Funding (${count})` })).toBeVisible();
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM income_line').get()).toEqual({ n: count });
});

test('a file larger than any reader takes is refused before it is read, in the command line’s words', async ({
  page,
  app,
}) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Sizeshire', '2026-01-01')").run();
  await app.open();
  await page.getByLabel('Another year').fill('2023-24');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Plan 2023-25/ })).toBeVisible();
  await page.getByRole('button', { name: 'Import…' }).click();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-e2e-size-')), 'huge plan.tsv');
  fs.writeFileSync(file, '');
  fs.truncateSync(file, 51 * 1024 * 1024);
  await page.getByLabel('File to import').setInputFiles(file);
  await expect(
    page.getByText('huge plan.tsv is 51.0 MB; the largest file this import reads is 50 MB. Nothing was read.'),
  ).toBeVisible();
  await expectAccessible(page);
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 0 });
});
