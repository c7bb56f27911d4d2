import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticPlanRows } from '../bench/synthetic';
import { shippedReference } from '../helpers/reference';
import { expect, expectAccessible, test } from './fixtures';

/**
 * A big import takes seconds: the window shows what is happening and offers Cancel while nothing
 * has been saved, and the rest of the app keeps answering.
 */
// Big enough (about 3 s to preview here) that the bar stays up while it is checked, on a fast machine too.
const LINES = 90_000;

function bigPlanFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-e2e-big-')), 'big plan.tsv');
  const rows = syntheticPlanRows(shippedReference('2023-25'), LINES);
  fs.writeFileSync(file, rows.map((r) => r.join('\t')).join('\r\n'));
  return file;
}

test.beforeEach(async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Progress Vale', '2026-01-01')").run();
  await app.open();
  await page.getByLabel('Another year').fill('2023-24');
  await page.getByRole('button', { name: 'Open year' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2023-25' })).toBeVisible();
});

test('a big import shows its progress, and Cancel stops it with nothing saved', async ({ page, app }) => {
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('File to import').setInputFiles(bigPlanFile());
  // The preview reads and checks 10,000 lines: the bar says so while it works.
  const bar = page.getByRole('region', { name: 'Work in progress' });
  // The page first reads the 20 MB file itself; the bar comes half a second into the server's work.
  await expect(bar).toBeVisible({ timeout: 30_000 });
  await expect(bar.getByRole('progressbar')).toBeVisible();
  await expect(bar.locator('#work-step')).toContainText(/Reading the plan file|Checking 90,001 rows of big plan\.tsv/);
  // The bar alone, while it is up (the whole page takes longer than the preview has left to run).
  await expectAccessible(page, '.work-progress');
  await bar.getByRole('button', { name: 'Cancel' }).click();
  // The check stops at its next count of rows (or the answer is dropped if it had finished): nothing was saved.
  await expect(page.getByText(/Cancelled: the work was stopped before anything was saved/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(bar).toBeHidden();
  await expectAccessible(page);
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 0 });
});
