import { EMPTY_LINE } from '../../shared/plans/line';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBrowserServer } from '../../electron/browser';
import { openServiceContext } from '../../electron/host';
import { createLine } from '../../electron/services/plans/line-actions';
import { ASSETS_DIR, RENDERER_DIR, SOURCE_ROOT } from '../../electron/source-root';
import { seedQ1 } from '../helpers/returns';
import { expect, expectAccessible, test } from './fixtures';

const line = {
  ...EMPTY_LINE,
  schemeId: '42',
  schemeName: 'Falls Response Service',
  schemeType: '',
  areaOfSpend: '',
  sourceOfFunding: 'Grant',
  priorYearPence: null,
  virementPence: null,
  expenditurePence: 31_831_250,
  newOrExisting: 'New' as const,
  schemeUpdate: '',
};

test('a user backs up, changes the plan, and restores the backup after seeing what it holds', async ({ page, app }) => {
  await app.open();
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();

  await page.getByRole('link', { name: 'Your data' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your data' })).toBeFocused();
  await expect(page.getByText(app.ctx.dbPath)).toBeVisible();
  await expect(page.getByText('There are no backups yet')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status')).toContainText('Backed up at');
  const backups = page.getByRole('table', { name: /Backups in the backups folder/ });
  await expect(backups.getByRole('row')).toHaveCount(2);
  await expect(backups).toContainText('Bath and North East Somerset: 2019-20 plan, 51 lines');
  await expect(backups).toContainText('Backed up by hand');

  // A change after the backup…
  createLine(app.ctx, '2019-20', line);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Your data' })).toBeVisible();

  // …undone by restoring it: the confirmation says when it was taken and what it holds, before anything changes.
  await page
    .getByRole('button', { name: /^Restore the backup taken / })
    .first()
    .click();
  const confirm = page.getByRole('heading', { level: 2, name: /^Restore the backup taken .*\?$/ });
  await expect(confirm).toBeFocused();
  await expect(page.getByText('It holds: Bath and North East Somerset: 2019-20 plan, 51 lines')).toBeVisible();
  await expect(page.getByText(/The data as it is now is backed up first/)).toBeVisible();
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 52 });
  await expectAccessible(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Restore this backup' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('status')).toContainText(
    /Restored the backup taken .*\. The data as it was just before is kept as the backup taken/,
  );
  await expect(backups).toContainText('Before a restore');
  await expect(backups.getByRole('row').filter({ hasText: 'Before a restore' })).toContainText(
    '2019-20 plan, 52 lines',
  );
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 51 });
  await page.getByRole('link', { name: 'Plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Restored' }).filter({ hasText: 'Taken at' })).toHaveCount(1);
});

test("a return's figures typed after a backup are taken back by restoring it, and the return shows the backup's", async ({
  page,
  app,
}) => {
  seedQ1(app.ctx);
  await app.open();
  await page.getByRole('link', { name: 'Your data' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status')).toContainText('Backed up at');

  // A figure typed into the return after the backup, and saved.
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  const actual = page.getByLabel(/^Actual Expenditure to date, line 1, /);
  const backedUp = await actual.inputValue();
  const total = await page.getByTestId('return-actual').textContent();
  await actual.fill('999,999');
  await page.keyboard.press('Tab');
  await expect(actual).toHaveValue('£999,999');
  await expect(page.getByTestId('return-actual')).not.toHaveText(total!);

  // Restored from Your data: the return, opened again, shows the figure and total the backup holds.
  await page.getByRole('link', { name: 'Your data' }).click();
  await page
    .getByRole('button', { name: /^Restore the backup taken / })
    .first()
    .click();
  await page.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(page.getByRole('status')).toContainText(/Restored the backup taken/);
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await expect(actual).toHaveValue(backedUp);
  await expect(page.getByTestId('return-actual')).toHaveText(total!);
  // The figure typed after the backup is not lost: it is in the backup taken just before the restore.
  await page.getByRole('link', { name: 'Your data' }).click();
  await expect(
    page.getByRole('table', { name: /Backups in the backups folder/ }).getByRole('row', { name: /Before a restore/ }),
  ).toHaveCount(1);
});

test('a copy of a backup is downloaded to where the user chooses; the keep rule is saved', async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
  await app.open();
  await page.goto(`${app.server.url}/#/data`);
  await expect(page.getByRole('heading', { level: 1, name: 'Your data' })).toBeVisible();
  // No box to type a folder into: a window cannot choose where the app writes.
  await expect(page.getByLabel('Back up to another folder')).toHaveCount(0);

  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status')).toContainText('Backed up at');
  const downloading = page.waitForEvent('download');
  await page
    .getByRole('button', { name: /^Download the backup taken/ })
    .first()
    .click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^bcf-.*\.sqlite$/);
  const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-usb-')), download.suggestedFilename());
  await download.saveAs(saved);
  // What reached the chosen place is a whole SQLite database holding the area.
  const copy = new Database(saved, { readonly: true });
  expect(copy.prepare('SELECT name FROM area').all()).toEqual([{ name: 'Testshire' }]);
  copy.close();
  await expect(page.getByRole('status')).toContainText('is downloading as');
  await expectAccessible(page);

  await page.getByLabel('Kept in all, at most').fill('5');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Saved: keep 3 from today, 1 from each earlier day, 5 at most');
  await page.getByLabel('Kept from today').fill('three');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a whole number in each box.' })).toBeVisible();
  await expectAccessible(page);
});

test('after a crash that damaged the file, the app says so and restores the newest good backup', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-e2e-crash-'));
  const dbPath = path.join(dir, 'bcf.sqlite');
  const first = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
  first.close();
  // A real unclean exit: a process loads the sample and is killed with SIGKILL.
  const died = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/children/hold.ts', 'die', dbPath], {
    cwd: SOURCE_ROOT,
  });
  expect(died.signal).toBe('SIGKILL');
  // A backup from before the damage (taken with plain SQLite, so the crash's marker is left for the app to find).
  fs.mkdirSync(path.join(dir, 'backups'));
  const raw = new Database(dbPath);
  raw.prepare('VACUUM INTO ?').run(path.join(dir, 'backups', 'bcf-2026-03-30T16-00-00-000Z-timer.sqlite'));
  raw.close();
  const fd = fs.openSync(dbPath, 'r+');
  fs.writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, 2 * 4096);
  fs.closeSync(fd);

  const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, onDamaged: 'start-empty' });
  const server = await startBrowserServer({
    ctx,
    rendererDir: RENDERER_DIR,
    log: { error: () => undefined, info: () => undefined },
  });
  try {
    await page.goto(server.newLaunchUrl());
    const banner = page.getByRole('alert').filter({ hasText: 'Your data did not pass its check when the app opened.' });
    await expect(banner).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome to BCF Returns' })).toBeVisible();
    await expectAccessible(page);
    await banner.getByRole('link', { name: 'go to Your data' }).click();

    await expect(page.getByRole('heading', { level: 2, name: 'Your data did not pass its check' })).toBeVisible();
    await expect(page.getByText(/has been moved aside, unchanged, to .*bcf-damaged-.*\.sqlite/)).toBeVisible();
    await page
      .getByRole('alert')
      .getByRole('button', { name: /^Restore the backup taken 30 Mar 2026/ })
      .click();
    await expect(page.getByText('It holds: Bath and North East Somerset: 2019-20 plan, 51 lines')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    await expect(page.getByRole('status')).toContainText('Restored the backup taken 30 Mar 2026');
    await expect(page.getByRole('heading', { level: 2, name: 'Your data did not pass its check' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Plan' }).click();
    await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(fs.readdirSync(dir).filter((n) => /^bcf-damaged-.*\.sqlite$/.test(n))).toHaveLength(1);
  } finally {
    await server.close();
    ctx.close();
  }
});
