import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SOURCE_ROOT } from '../../electron/source-root';
import { expect, expectAccessible, test } from './fixtures';

/** `bcf serve` as a user runs it: a real process, its printed link, its warnings, its backups, its clean stop. */
test('bcf serve warns about a synced folder, backs up on start, never prints the token, and stops cleanly', async ({ page }) => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-serve-')), 'OneDrive - Council', 'BCF');
  const db = path.join(dir, 'area.sqlite');
  const bcf = (args: string[]) => spawnSync(process.execPath, ['bin/bcf.mjs', '--db', db, ...args], { cwd: SOURCE_ROOT, encoding: 'utf8' });
  expect(bcf(['init', '--area', 'Testshire']).status).toBe(0);

  const server = spawn(process.execPath, ['bin/bcf.mjs', '--db', db, 'serve', '--no-open'], { cwd: SOURCE_ROOT, env: { ...process.env, BCF_DATA_DIR: path.join(dir, 'app-data') } });
  let out = '';
  let err = '';
  server.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  server.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  try {
    await expect.poll(() => /Open: (\S+)/.exec(out)?.[1], { timeout: 30_000 }).toBeTruthy();
    const link = /Open: (\S+)/.exec(out)![1]!;
    expect(err).toMatch(/^bcf: warning: .*area\.sqlite is in a OneDrive folder\./m);

    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: /^Plan/ })).toBeVisible();
    await expect(page.getByText('Warning about where your data is kept.')).toBeVisible();
    await expectAccessible(page);
    const token = await page.locator('meta[name="bcf-token"]').getAttribute('content');
    expect(token).toBeTruthy();
    expect(out + err).not.toContain(token!);
    expect(page.url()).not.toContain(token!);

    await page.getByRole('link', { name: 'More on Your data' }).click();
    await expect(page.getByRole('table', { name: /Backups in the backups folder/ })).toContainText('App started');
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
  }
  expect(server.exitCode).toBe(0);
  expect(fs.readdirSync(dir).filter((n) => n.includes('.open-'))).toEqual([]);
});
