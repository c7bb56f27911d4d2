import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SOURCE_ROOT } from '../../electron/source-root';
import { expect, expectAccessible, test } from './fixtures';

/** `bcf serve` as a user runs it: a real process, its printed link, its warnings, its backups, its clean stop. */
test('bcf serve warns about a synced folder, backs up on start, never prints the token, and stops cleanly', async ({
  page,
}) => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-serve-')), 'OneDrive - Council', 'BCF');
  const db = path.join(dir, 'area.sqlite');
  const bcf = (args: string[]) =>
    spawnSync(process.execPath, ['bin/bcf.mjs', '--db', db, ...args], { cwd: SOURCE_ROOT, encoding: 'utf8' });
  expect(bcf(['init', '--area', 'Testshire']).status).toBe(0);

  const server = spawn(process.execPath, ['bin/bcf.mjs', '--db', db, 'serve', '--no-open'], {
    cwd: SOURCE_ROOT,
    env: { ...process.env, BCF_DATA_DIR: path.join(dir, 'app-data') },
  });
  let out = '';
  let err = '';
  server.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  server.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
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

/** A user who closed the browser gets back in: by the printed link again, or by starting the app again, which reuses the running one. */
test('after the browser is closed, the printed link or a second bcf serve gets the user back into the same app', async ({
  browser,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-serve-again-'));
  const db = path.join(dir, 'area.sqlite');
  const env = { ...process.env, BCF_DATA_DIR: path.join(dir, 'app-data') };
  expect(
    spawnSync(process.execPath, ['bin/bcf.mjs', '--db', db, 'init', '--area', 'Testshire'], {
      cwd: SOURCE_ROOT,
      encoding: 'utf8',
      env,
    }).status,
  ).toBe(0);
  const server = spawn(process.execPath, ['bin/bcf.mjs', '--db', db, 'serve', '--no-open'], { cwd: SOURCE_ROOT, env });
  let out = '';
  server.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const signIn = async (link: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: /^Plan/ })).toBeVisible();
    await expectAccessible(page);
    await context.close(); // the browser closed
  };
  try {
    await expect.poll(() => /Open: (\S+)/.exec(out)?.[1], { timeout: 30_000 }).toBeTruthy();
    const link = /Open: (\S+)/.exec(out)![1]!;
    expect(out).toContain('The link works while the app runs: open it again if you close the browser.');
    await signIn(link);
    await signIn(link);

    const again = spawnSync(process.execPath, ['bin/bcf.mjs', '--db', db, 'serve', '--no-open'], {
      cwd: SOURCE_ROOT,
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('BCF Returns is already running on this computer for this data file');
    const second = /Open: (\S+)/.exec(again.stdout)![1]!;
    expect(new URL(second).port).toBe(new URL(link).port);
    await signIn(second);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
  }
  expect(fs.readdirSync(path.join(dir, 'app-data', 'running'))).toEqual([]);
});
