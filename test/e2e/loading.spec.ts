import { openServiceContext } from '../../electron/host';
import { createConsolidation, importPackage } from '../../electron/services/consolidation/store';
import { loadSample } from '../../electron/services/sample/sample';
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

test('a window that opens on the plan asks for it once, beside the status, and shows what the file holds', async ({
  page,
  app,
}) => {
  loadSample(app.ctx);
  const asked: string[] = [];
  page.on('request', (r) => {
    const method = /\/api\/([\w.]+)$/.exec(r.url())?.[1];
    if (method === 'plan.get' || method === 'app.status' || method === 'reference.get') asked.push(method);
  });
  await app.open();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2019-20' })).toBeVisible();
  await expect(page.getByTestId('plan-total')).toHaveText('£71,342,161.00');
  // The drop-down lists came with the plan.
  await expect(page.locator('datalist option').first()).toBeAttached();
  await page.waitForTimeout(1000);
  expect(asked).toEqual(['app.status', 'plan.get']);
  // Opening the screen again reads it again: a change made meanwhile in this window is shown.
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeFocused();
  await page.getByRole('link', { name: 'Plan', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2019-20' })).toBeFocused();
  await expect.poll(() => asked.filter((m) => m === 'plan.get').length).toBe(2);
});

test('a screen whose code cannot be loaded says so in its place, and the others still open', async ({ page, app }) => {
  loadSample(app.ctx);
  await page.route(/\/assets\/PoolsView-[\w-]+\.js$/, (route) => route.abort());
  await app.open();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2019-20' })).toBeVisible();
  await page.getByRole('link', { name: 'Pooled budgets' }).click();
  await expect(page.getByRole('alert')).toContainText('This screen could not be opened');
  await expect(page.getByRole('alert')).toContainText('Reload the window (F5)');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Plan', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2019-20' })).toBeFocused();
});
