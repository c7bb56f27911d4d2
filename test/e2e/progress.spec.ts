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
// Big enough (about 1.5 s to preview here, the bar up for the last second of it) to press Cancel while it runs.
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
  // Once Cancel is pressed the outcome is settled on the server (it stops, or drops an answer it had
  // finished): from then on the server's real answers are held back a moment, as on a slow machine,
  // so that the bar saying "Stopping…" can be checked while it is up.
  let holding = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  for (const method of ['plan.previewImport', 'work.progress'])
    await page.route(`**/api/${method}`, async (route) => {
      const response = await route.fetch();
      if (holding) await released;
      await route.fulfill({ response });
    });

  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('File to import').setInputFiles(bigPlanFile());
  // The preview reads and checks 90,000 lines: the bar says so while it works.
  const bar = page.getByRole('region', { name: 'Work in progress' });
  // The page first reads the 20 MB file itself; the bar comes half a second into the server's work.
  await expect(bar).toBeVisible({ timeout: 30_000 });
  // At once: the preview has about a second left to run.
  holding = true;
  try {
    await bar.getByRole('button', { name: 'Cancel' }).click();
    await expect(bar.locator('#work-step')).toContainText(
      /Stopping… \((Reading the plan file|Checking 90,001 rows of big plan\.tsv)/,
    );
    await expect(bar.getByRole('progressbar')).toBeVisible();
    await expectAccessible(page, '.work-progress');
  } finally {
    // Every held answer is given, whatever the checks above found.
    release();
  }
  // The check stopped at its next count of rows (or the answer was dropped if it had finished): nothing was saved.
  await expect(page.getByText(/Cancelled: the work was stopped before anything was saved/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(bar).toBeHidden();
  await expectAccessible(page);
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 0 });
});
