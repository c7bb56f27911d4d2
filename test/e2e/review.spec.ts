import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBrowserServer } from '../../electron/browser';
import { openServiceContext } from '../../electron/host';
import { ASSETS_DIR, RENDERER_DIR } from '../../electron/source-root';
import { expect, expectAccessible, test } from './fixtures';

/**
 * Two copies of the app: the BCF manager's (the fixture's server) and a
 * finance partner's (a second server on its own empty database, in its own
 * browser context). A package goes one way, a response comes back.
 */
test('a partner reviews a package in their own copy and the manager imports the queries', async ({
  page,
  app,
  browser,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-e2e-partner-'));
  const partnerCtx = openServiceContext({
    dbPath: path.join(dir, 'bcf.sqlite'),
    assetsDir: ASSETS_DIR,
    actor: 'partner',
  });
  const partnerServer = await startBrowserServer({
    ctx: partnerCtx,
    rendererDir: RENDERER_DIR,
    log: { error: () => undefined, info: () => undefined },
  });
  const partnerContext = await browser.newContext();
  try {
    // The manager sends the 2019-20 plan.
    await app.open();
    await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
    await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
    await page.getByRole('link', { name: "Partners' review" }).click();
    await expect(page.getByRole('heading', { level: 1, name: "Partners' review" })).toBeFocused();
    await page.getByRole('checkbox', { name: 'Plan 2019-20' }).check();
    await page.getByLabel('Note to the partner').fill('For agreement by Friday');
    const sending = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Write review package' }).click();
    const pkgFile = path.join(dir, (await sending).suggestedFilename());
    await (await sending).saveAs(pkgFile);
    expect(pkgFile).toMatch(/\.bcf-review\.json$/);
    await expect(page.getByRole('heading', { name: /Sent \d{4}-\d{2}-\d{2}: Plan 2019-20/ })).toBeVisible();
    await expectAccessible(page);

    // The partner, with no area set up, opens it from the welcome screen.
    const partner = await partnerContext.newPage();
    await partner.goto(partnerServer.newLaunchUrl());
    await partner.getByRole('link', { name: 'Open a review package' }).click();
    await expect(partner.getByRole('heading', { level: 1, name: "Partners' review" })).toBeVisible();

    // A package changed by one penny is refused, and says what to do.
    const tampered = fs
      .readFileSync(pkgFile, 'utf8')
      .replace(/"expenditurePence": (\d+)/, (_, n: string) => `"expenditurePence": ${Number(n) + 1}`);
    await partner
      .getByLabel('Review package file')
      .setInputFiles({ name: 'tampered.bcf-review.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
    await expect(partner.getByRole('alert')).toContainText('send the package again');

    await partner.getByLabel('Review package file').setInputFiles(pkgFile);
    await expect(partner.getByRole('table', { name: /Plan 2019-20: 51 lines, total £71,342,161/ })).toBeVisible();
    await expect(partner.getByText('For agreement by Friday')).toBeVisible();
    await partner.getByLabel('Your name').fill('Pat Partner');
    await partner.getByLabel('Your role').fill('Deputy director of finance');
    await partner.getByLabel('Organisation').fill('BSW ICB');
    await partner.getByRole('radio', { name: 'I have queries' }).check();
    const target = partner.getByLabel('Figure', { exact: true });
    await target.selectOption({ index: 3 });
    const queried = (await target.locator('option:checked').textContent())!;
    // Keyboard only: type the query, Tab to "Add query", press Enter.
    await partner.getByLabel('Query', { exact: true }).fill('Is this the uplifted figure?');
    await partner.keyboard.press('Tab');
    await expect(partner.getByRole('button', { name: 'Add query' })).toBeFocused();
    await partner.keyboard.press('Enter');
    await expect(partner.getByRole('list', { name: 'Queries to send' })).toContainText(queried);
    await expectAccessible(partner);
    const responding = partner.waitForEvent('download');
    await partner.getByRole('button', { name: 'Write response file' }).click();
    const resFile = path.join(dir, (await responding).suggestedFilename());
    await (await responding).saveAs(resFile);
    await expect(partner.getByRole('status').filter({ hasText: 'Send it back' })).toBeVisible();
    expect(partnerCtx.db.prepare('SELECT count(*) AS n FROM area').get()).toEqual({ n: 0 });

    // The manager imports the response and answers the query.
    await page.getByLabel(/Response file/).setInputFiles(resFile);
    await expect(page.getByRole('status').filter({ hasText: 'Imported: queried by Pat Partner' })).toBeVisible();
    await expect(page.getByText("current — still today's figures")).toBeVisible();
    await expect(page.getByText('Is this the uplifted figure?')).toBeVisible();
    await page.getByLabel(/Answer to query/).fill('Yes: the 2019-20 uplift.');
    await page.getByLabel(/Answer to query/).press('Enter');
    await expect(page.getByText('Answered: Yes: the 2019-20 uplift.')).toBeVisible();
    await expectAccessible(page);
  } finally {
    await partnerContext.close();
    await partnerServer.close();
    partnerCtx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
