import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { DatabaseOpenError } from '../../electron/db/errors';
import { openServiceContext } from '../../electron/host';
import { listBackupFiles } from '../../electron/services/backups/backups';
import { startupPrompt } from '../../electron/services/health/prompts';
import { listMarkers } from '../../electron/services/health/session-marker';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { ASSETS_DIR } from '../../electron/source-root';
import { runTs, spawnTs, waitForLine, exited } from '../helpers/child';
import { bcf } from '../helpers/cli';
import { tempDir } from '../helpers/db';
import { ROOT } from '../helpers/fixtures';

const CHILD = 'test/helpers/children/hold.ts';
const quiet = { error: () => undefined };
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A database with the sample plan, backed up twice, whose last session ended with SIGKILL. */
async function crashedDatabase() {
  const dir = tempDir();
  const dbPath = path.join(dir, 'area.sqlite');
  const first = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
  first.close();
  expect(await runTs(CHILD, ['die', dbPath])).toMatchObject({ code: 'SIGKILL' });
  expect(listMarkers(dbPath)).toHaveLength(1);
  return { dir, dbPath };
}

/** Overwrites some of the file's pages with noise, as a failing disk or an interrupted copy might. */
function damage(file: string, fromPage = 2, pages = 3) {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096 * pages, 0x5a), 0, 4096 * pages, 4096 * fromPage);
  fs.closeSync(fd);
}

function backupOf(dbPath: string, at: string) {
  const b = new Database(dbPath, { readonly: true });
  const target = path.join(path.dirname(dbPath), 'backups', `area-${at}-timer.sqlite`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  b.prepare('VACUUM INTO ?').run(target);
  b.close();
  return target;
}

describe('the start-up check', () => {
  it('after a clean close finds nothing to check, and leaves no marker behind', () => {
    const dbPath = path.join(tempDir(), 'area.sqlite');
    openServiceContext({ dbPath, assetsDir: ASSETS_DIR }).close();
    expect(listMarkers(dbPath)).toEqual([]);
    const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
    expect(listMarkers(dbPath)).toHaveLength(1);
    expect(ctx.health.startup).toEqual({
      uncleanExit: false,
      check: 'not needed',
      problem: null,
      movedAsideTo: null,
      newestGoodBackup: null,
    });
    ctx.close();
  });

  it('after an unclean exit (SIGKILL) runs the quick check, and carries on when the file is sound', async () => {
    const { dbPath } = await crashedDatabase();
    const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
    expect(ctx.health.startup).toMatchObject({ uncleanExit: true, check: 'ok', problem: null });
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(51);
    expect(listMarkers(dbPath)).toHaveLength(1); // the dead process's marker is gone; this one's is there
    ctx.close();
    expect(listMarkers(dbPath)).toEqual([]);
  });

  it('knows a marker from before the computer restarted is stale, even if its process number is in use again', () => {
    const dbPath = path.join(tempDir(), 'area.sqlite');
    openServiceContext({ dbPath, assetsDir: ASSETS_DIR }).close();
    // The parent of this test process is certainly running; pretend it wrote the marker before a restart.
    const marker = `${dbPath}.open-${process.ppid}-1`;
    fs.writeFileSync(
      marker,
      JSON.stringify({
        pid: process.ppid,
        host: os.hostname(),
        startedAt: '2026-03-31T16:00:00.000Z',
        boot: Date.now() - 40 * 86_400_000,
      }),
    );
    const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
    expect(ctx.health.startup).toMatchObject({ uncleanExit: true, check: 'ok' });
    expect(fs.existsSync(marker)).toBe(false);
    ctx.close();
    // The same marker written since this computer started, by a running process, is left alone.
    fs.writeFileSync(
      marker,
      JSON.stringify({
        pid: process.ppid,
        host: os.hostname(),
        startedAt: new Date().toISOString(),
        boot: Date.now() - os.uptime() * 1000,
      }),
    );
    const again = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
    expect(again.health.startup.uncleanExit).toBe(false);
    again.close();
    expect(fs.existsSync(marker)).toBe(true);
  });

  it('does not mistake another running copy for a crash', async () => {
    const dbPath = path.join(tempDir(), 'area.sqlite');
    openServiceContext({ dbPath, assetsDir: ASSETS_DIR }).close();
    const other = spawnTs(CHILD, ['open', dbPath]);
    await waitForLine(other, 'open');
    const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
    expect(ctx.health.startup.uncleanExit).toBe(false);
    ctx.close();
    other.stdin.write('close\n');
    expect(await exited(other)).toBe(0);
    expect(listMarkers(dbPath)).toEqual([]);
  });

  it('when the file fails: says so plainly, moves it aside unchanged, and offers the newest GOOD backup', async () => {
    const { dbPath } = await crashedDatabase();
    const good = backupOf(dbPath, '2026-03-30T16-00-00-000Z');
    const bad = backupOf(dbPath, '2026-03-31T09-00-00-000Z');
    damage(bad);
    damage(dbPath);
    const damagedBytes = sha(dbPath);

    const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, onDamaged: 'start-empty' });
    const report = ctx.health.startup;
    expect(report).toMatchObject({ uncleanExit: true, check: 'failed' });
    expect(report.problem).toMatch(/did not pass its check after BCF Returns last closed unexpectedly/);
    expect(report.problem).toMatch(/moved aside, unchanged/);
    expect(report.movedAsideTo).toMatch(/area-damaged-.*\.sqlite$/);
    expect(sha(report.movedAsideTo!)).toBe(damagedBytes);
    expect(report.newestGoodBackup).toMatchObject({
      path: good,
      summary: { ok: true, area: 'Bath and North East Somerset' },
    });
    expect(fs.existsSync(bad)).toBe(true); // a bad backup is never deleted either

    // The app carries on with an empty file, and Your data offers the restore.
    expect(await dispatch(ctx, 'app.status', {}, quiet)).toMatchObject({ ok: true, value: { area: null } });
    expect(await dispatch(ctx, 'data.status', {}, quiet)).toMatchObject({
      ok: true,
      value: { startup: { check: 'failed', newestGoodBackup: { name: path.basename(good) } } },
    });
    expect(startupPrompt(report)!.buttons.map((b) => b.label)).toEqual([
      'Restore this backup',
      'Continue with an empty file',
      'Quit',
    ]);
    expect(await dispatch(ctx, 'backups.restore', { name: path.basename(good) }, quiet)).toMatchObject({
      ok: true,
      value: { keptAs: null },
    });
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(51);
    // Dealt with: the app stops offering the backup, and says what the check found.
    expect(await dispatch(ctx, 'data.status', {}, quiet)).toMatchObject({
      ok: true,
      value: { startup: { check: 'failed', problem: null, newestGoodBackup: null } },
    });
    ctx.close();
    expect(fs.existsSync(report.movedAsideTo!)).toBe(true);
  });

  it('treats a file that cannot even be opened after a crash the same way', async () => {
    const { dbPath } = await crashedDatabase();
    backupOf(dbPath, '2026-03-30T16-00-00-000Z');
    damage(dbPath, 0, 1);
    const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, onDamaged: 'start-empty' });
    expect(ctx.health.startup).toMatchObject({ check: 'failed', newestGoodBackup: { summary: { ok: true } } });
    ctx.close();
  });

  it('the CLI refuses to work on a damaged file, says how to restore, and the restore puts it right', async () => {
    const { dir, dbPath } = await crashedDatabase();
    const good = backupOf(dbPath, '2026-03-30T16-00-00-000Z');
    damage(dbPath);

    const refused = bcf(['--db', dbPath, 'plan', 'show', '--year', '2019-20']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^bcf: .*area\.sqlite did not pass its check after BCF Returns last closed unexpectedly/,
    );
    expect(refused.stderr).toContain(`bcf restore "${good}" --yes`);
    expect(fs.readdirSync(dir).filter((n) => /^area-damaged-.*\.sqlite$/.test(n))).toHaveLength(1);
    expect(() => openServiceContext({ dbPath, assetsDir: ASSETS_DIR, onDamaged: 'refuse' })).toThrow(DatabaseOpenError);

    // Still refused on the next run: the empty file left in its place is no answer.
    expect(bcf(['--db', dbPath, 'plan', 'show', '--year', '2019-20']).stderr).toMatch(
      /previous database at .* failed its check and was moved aside/,
    );
    // Listing the backups works all the same, and restoring puts the data back.
    expect(bcf(['--db', dbPath, 'backups', 'list']).stdout).toContain(path.basename(good));
    expect(bcf(['--db', dbPath, 'restore', path.basename(good), '--yes'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Bath and North East Somerset: 2019-20 plan 51 lines'),
    });
    const shown = bcf(['--db', dbPath, 'plan', 'show', '--year', '2019-20', '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).lines).toHaveLength(51);
  });
});

describe('a second process on a busy file', () => {
  it('waits while another holds the write lock briefly, then saves', async () => {
    const dbPath = path.join(tempDir(), 'area.sqlite');
    expect(bcf(['--db', dbPath, 'init', '--area', 'Testshire']).code).toBe(0);
    const holder = spawnTs(CHILD, ['lock', dbPath]);
    await waitForLine(holder, 'locked');
    const cli = spawn(process.execPath, ['bin/bcf.mjs', '--db', dbPath, 'backups', 'rule', '--max', '5'], {
      cwd: ROOT,
      env: { ...process.env, BCF_DATA_DIR: '/nonexistent' },
    });
    let stderr = '';
    cli.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // The CLI's marker appears once it has opened the file; its very next step is the write, which must wait.
    await expect
      .poll(() => listMarkers(dbPath).some((m) => m.pid === cli.pid), { timeout: 30_000, interval: 20 })
      .toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(cli.exitCode).toBeNull();
    holder.stdin.write('release\n');
    const code = await new Promise((resolve) =>
      cli.exitCode !== null ? resolve(cli.exitCode) : cli.once('exit', resolve),
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(await exited(holder)).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT value FROM setting WHERE key = 'backup.rule'").get()).toEqual({
      value: JSON.stringify({ today: 3, perDay: 1, max: 5, everyMinutes: 30 }),
    });
    db.close();
  });

  it('says plainly that the file is busy when the lock is held too long, and changes nothing', async () => {
    const dbPath = path.join(tempDir(), 'area.sqlite');
    expect(bcf(['--db', dbPath, 'init', '--area', 'Testshire']).code).toBe(0);
    const holder = spawnTs(CHILD, ['lock', dbPath]);
    await waitForLine(holder, 'locked');
    const r = bcf(['--db', dbPath, 'backups', 'rule', '--max', '5']);
    holder.stdin.write('release\n');
    expect(await exited(holder)).toBe(0);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'bcf: area.sqlite is busy: another copy of BCF Returns or a bcf command is saving to it. Nothing was saved; try again in a moment.\n',
    );
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT count(*) AS n FROM setting WHERE key = 'backup.rule'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM setting WHERE key = 'held-by'").get()).toEqual({ n: 1 });
    db.close();
    expect(listBackupFiles(dbPath).length).toBeLessThanOrEqual(1);
  });
});
