import { openServiceContext } from '../../electron/host';
import { createConsolidation, importPackage } from '../../electron/services/consolidation/store';
import { ASSETS_DIR } from '../../electron/source-root';
import { areaPackage, THREE_AREAS } from '../helpers/consolidation';
import { expect, expectAccessible, test } from './fixtures';

/**
 * The renderer's one way to load (issue 16, point 5): a screen reads what it shows once, follows a
 * change made by another program on the same file, and never lets a late reply for something the
 * user has left replace what they moved to.
 */

test('the consolidation screen reads once and shows a package added from the command line', async ({ page, app }) => {
  const { id } = createConsolidation(app.ctx, 'BSW 2019-20', '2019-20');
  const asked: string[] = [];
  page.on('request', (r) => {
    const method = /\/api\/(consolidation\.\w+)$/.exec(r.url())?.[1];
    if (method) asked.push(method);
  });
  await app.open();
  await page.getByRole('link', { name: 'Open the ICB consolidation' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'BSW 2019-20: 2019-20' })).toBeVisible();
  await expect(page.getByText("No area yet: add the areas' review packages above.")).toBeVisible();
  // Settled: the list and the consolidation shown were each asked for once, not twice.
  await page.waitForTimeout(1000);
  expect(asked).toEqual(['consolidation.list', 'consolidation.get']);

  // `bcf consolidate add`, or another window, on the same file.
  const [bath] = THREE_AREAS;
  const other = openServiceContext({ dbPath: app.ctx.dbPath, assetsDir: ASSETS_DIR, actor: 'cli' });
  importPackage(other, id, areaPackage(bath!.name, bath!.rows));
  other.close();
  const byArea = page.getByRole('table', { name: /By area/ });
  await expect(byArea.getByRole('row', { name: /Bath and North East Somerset 51 £71,342,161/ })).toBeVisible({
    timeout: 8000,
  });
  await expect(page.getByLabel('Consolidation', { exact: true })).toHaveText(/BSW 2019-20 \(2019-20, 1 areas\)/);
  await expectAccessible(page);
});

test('a late statement for the pool first clicked never replaces the pool clicked after it', async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Bath and North East Somerset', '2026-01-01')").run();
  await app.open();
  await page.getByRole('link', { name: 'Pooled budgets' }).click();
  await page.getByRole('button', { name: 'Load the published 2019/20 pooled budgets' }).click();
  await expect(page.getByRole('table', { name: 'Pools (4)' })).toBeVisible();

  // Children's Services' statement is held back for a second and a half.
  await page.route('**/api/pool.get', async (route) => {
    const list = app.ctx.db.prepare('SELECT id, name FROM pool').all() as { id: number; name: string }[];
    const slow = list.find((p) => p.name === "Children's Services")!.id;
    if ((route.request().postDataJSON() as { id: number }).id === slow) await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByRole('button', { name: "Open the statement for Children's Services" }).click();
  await page.getByRole('button', { name: 'Open the statement for Learning Disabilities and Autism' }).click();
  const shown = page.getByRole('heading', { level: 1, name: 'Learning Disabilities and Autism: statement 2019-20' });
  await expect(shown).toBeVisible();
  await page.waitForTimeout(2000);
  await expect(shown).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /^Children's Services/ })).toHaveCount(0);
});
