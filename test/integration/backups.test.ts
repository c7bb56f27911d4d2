import { LATEST_VERSION } from '../../electron/db/migrations';
import { EMPTY_LINE } from '../../shared/plans/line';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { backupsDirFor, parseBackupFileName } from '../../electron/db/backup-file';
import { openServiceContext } from '../../electron/host';
import { autoBackup, backUpNow, getBackupRule, listBackupFiles } from '../../electron/services/backups/backups';
import type { BackupEntry } from '../../shared/api';
import { restoreFromFile } from '../../electron/services/backups/restore';
import { restoreWorkDir } from '../../electron/services/backups/restore-temp';
import { startBackupTimer } from '../../electron/services/backups/timer';
import { createLine } from '../../electron/services/plans/line-actions';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { loadSample } from '../../electron/services/sample/sample';
import { ASSETS_DIR } from '../../electron/source-root';
import { fileHash, tempContext, tempDir, type TestContext, unstamped } from '../helpers/db';
import { exited, spawnTs } from '../helpers/child';
import { bcf } from '../helpers/cli';
import { HTTP_STATUS } from '../../shared/api';

const quiet = { error: () => undefined };
const line = (schemeId: string, pounds: number) => ({
  ...EMPTY_LINE,
  schemeId,
  schemeName: `Scheme ${schemeId}`,
  schemeType: '',
  areaOfSpend: '',
  sourceOfFunding: 'Grant',
  priorYearPence: null,
  virementPence: null,
  expenditurePence: pounds * 100,
  newOrExisting: '' as const,
  schemeUpdate: '',
});

let open: TestContext[] = [];
function context(): TestContext {
  const ctx = tempContext();
  open.push(ctx);
  return ctx;
}
afterEach(() => {
  for (const c of open) c.close();
  open = [];
});

/** A clock the test moves by hand. */
function clock(ctx: TestContext, start = new Date(2026, 2, 31, 9, 0)) {
  let t = start.getTime();
  ctx.now = () => new Date(t);
  return {
    advance: (minutes: number) => {
      t += minutes * 60_000;
    },
  };
}

describe('automatic backups', () => {
  it('are taken with VACUUM INTO as an ordinary, complete, checked SQLite file (the WAL included)', () => {
    const ctx = context();
    loadSample(ctx);
    // Leave changes in the write-ahead log: a plain copy of the .sqlite file alone would miss them.
    ctx.db.pragma('wal_autocheckpoint = 0');
    createLine(ctx, '2019-20', line('900', 5));
    expect(fs.statSync(`${ctx.dbPath}-wal`).size).toBeGreaterThan(0);
    const made = autoBackup(ctx, 'start')!;
    expect(made.reason).toBe('start');
    expect(path.dirname(made.path)).toBe(backupsDirFor(ctx.dbPath));
    const copy = new Database(made.path, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 52 });
    copy.close();
    expect(fs.readdirSync(path.dirname(made.path)).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('are not taken of an empty database, nor when nothing has changed since the last one', () => {
    const ctx = context();
    expect(autoBackup(ctx, 'start')).toBeNull();
    loadSample(ctx);
    const c = clock(ctx);
    expect(autoBackup(ctx, 'start')).not.toBeNull();
    c.advance(60);
    expect(autoBackup(ctx, 'timer')).toBeNull();
    createLine(ctx, '2019-20', line('901', 1));
    expect(autoBackup(ctx, 'timer')).not.toBeNull();
    expect(listBackupFiles(ctx.dbPath)).toHaveLength(2);
  });

  it('keep 3 from today, 1 from each earlier day, 10 at most, newest first', () => {
    const ctx = context();
    loadSample(ctx);
    const c = clock(ctx, new Date(2026, 2, 1, 9, 0));
    for (let day = 0; day < 14; day++) {
      for (let i = 0; i < 4; i++) {
        createLine(ctx, '2019-20', line(`${day}-${i}`, 1));
        expect(autoBackup(ctx, 'timer')).not.toBeNull();
        c.advance(120);
      }
      c.advance(24 * 60 - 4 * 120);
    }
    const left = listBackupFiles(ctx.dbPath);
    expect(left).toHaveLength(10);
    const days = left.map((b) => new Date(b.takenAt).getDate());
    // Today (the 14th) keeps its last 3; the 13th back to the 7th keep one each: 3 + 7 = 10.
    expect(days).toEqual([14, 14, 14, 13, 12, 11, 10, 9, 8, 7]);
    expect(new Date(left[3]!.takenAt).getHours()).toBe(15);
  });

  it('are checked thoroughly on request: a broken reference is refused, naming what failed', async () => {
    const ctx = context();
    loadSample(ctx);
    expect(unstamped(await dispatch(ctx, 'data.check', {}, quiet))).toEqual({
      ok: true,
      value: { dbPath: ctx.dbPath },
    });
    // What a bad copy or a disk fault leaves behind: a revision of a metric that is not there.
    ctx.db.pragma('foreign_keys = OFF');
    ctx.db
      .prepare("INSERT INTO metric_target_revision (metric_id, target, revised_on) VALUES (999999, '1', '2026-01-01')")
      .run();
    expect(unstamped(await dispatch(ctx, 'data.check', {}, quiet))).toEqual({
      ok: false,
      error: {
        code: 'refused',
        message: `${ctx.dbPath} failed its check: 1 broken references. Restore the newest good backup (bcf backups list).`,
      },
    });
  });

  it('follow a rule the user changes, and the change is recorded in the history', async () => {
    const ctx = context();
    loadSample(ctx);
    expect(getBackupRule(ctx.db)).toEqual({ today: 3, perDay: 1, max: 10, everyMinutes: 30 });
    expect(unstamped(await dispatch(ctx, 'backups.setRule', { max: 2, everyMinutes: 0 }, quiet))).toEqual({
      ok: true,
      value: { today: 3, perDay: 1, max: 2, everyMinutes: 0 },
    });
    expect(await dispatch(ctx, 'backups.setRule', { max: 0 }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'max' },
    });
    expect(await dispatch(ctx, 'backups.setRule', { today: 2.5 }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    clock(ctx);
    for (let i = 0; i < 4; i++) {
      createLine(ctx, '2019-20', line(`r${i}`, 1));
      autoBackup(ctx, 'timer');
    }
    expect(listBackupFiles(ctx.dbPath)).toHaveLength(2);
    expect(ctx.db.prepare("SELECT field, new_value FROM audit_log WHERE entity = 'setting'").get()).toEqual({
      field: 'backup.rule',
      new_value: JSON.stringify({ today: 3, perDay: 1, max: 2, everyMinutes: 0 }),
    });
  });

  it('are taken on a timer while the app is open, when the interval has passed and something changed', async () => {
    const ctx = context();
    loadSample(ctx);
    const c = clock(ctx);
    autoBackup(ctx, 'start');
    const stop = startBackupTimer(ctx, { tickMs: 5 });
    try {
      createLine(ctx, '2019-20', line('t1', 1));
      await new Promise((r) => setTimeout(r, 60));
      expect(listBackupFiles(ctx.dbPath).map((b) => b.reason)).toEqual(['start']);
      c.advance(31);
      await expect
        .poll(() => listBackupFiles(ctx.dbPath).map((b) => b.reason), { timeout: 5000 })
        .toEqual(['timer', 'start']);
    } finally {
      stop();
    }
  });

  it('are taken on start by the hosts once the file has passed its check', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'area.sqlite');
    const first = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, startBackup: true });
    loadSample(first);
    first.close();
    const second = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, startBackup: true });
    second.close();
    expect(listBackupFiles(dbPath).map((b) => b.reason)).toEqual(['start']);
  });
});

describe('backing up now', () => {
  it('writes into the backups folder, or into a folder the command line names, never overwriting', async () => {
    const ctx = context();
    loadSample(ctx);
    const own = await dispatch(ctx, 'backups.create', {}, quiet);
    expect(own).toMatchObject({
      ok: true,
      value: {
        reason: 'manual',
        summary: { ok: true, area: 'Bath and North East Somerset', years: [{ year: '2019-20', lines: 51 }] },
      },
    });
    // `bcf backup --to FOLDER` (the command line's own choice of folder).
    const folder = tempDir();
    const there = backUpNow(ctx, { folder });
    expect(path.dirname(there.path)).toBe(folder);
    const again = backUpNow(ctx, { folder });
    expect(again.path).not.toBe(there.path);
    expect(fs.readdirSync(folder)).toHaveLength(2);
  });

  it('lets no window name a folder to write into: it downloads a backup instead', async () => {
    const ctx = context();
    loadSample(ctx);
    const folder = tempDir();
    expect(await dispatch(ctx, 'backups.create', { folder }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(fs.readdirSync(folder)).toEqual([]);
    const taken = backUpNow(ctx);
    const got = await dispatch(ctx, 'backups.download', { name: taken.name }, quiet);
    expect(got).toMatchObject({ ok: true, value: { fileName: taken.name } });
    const bytes = Buffer.from((got as { ok: true; value: { base64: string } }).value.base64, 'base64');
    expect(bytes.equals(fs.readFileSync(taken.path))).toBe(true);
    // Only a backup in the list: no path, no other file.
    for (const name of ['../bcf.sqlite', 'bcf.sqlite', `${path.sep}etc${path.sep}x.sqlite`]) {
      expect(await dispatch(ctx, 'backups.download', { name }, quiet)).toMatchObject({ ok: false });
    }
  });

  it('refuses a relative folder or one that does not exist, writing nothing', async () => {
    const ctx = context();
    loadSample(ctx);
    expect(() => backUpNow(ctx, { folder: 'backups' })).toThrow(/full path/);
    expect(() => backUpNow(ctx, { folder: path.join(tempDir(), 'nope') })).toThrow(/There is no folder/);
    expect(listBackupFiles(ctx.dbPath)).toEqual([]);
  });

  it('lists each backup with its date, reason and what it holds', async () => {
    const ctx = context();
    loadSample(ctx);
    backUpNow(ctx);
    const listed = (await dispatch(ctx, 'backups.list', {}, quiet)) as { ok: true; value: BackupEntry[] };
    expect(listed.value).toHaveLength(1);
    expect(listed.value[0]).toMatchObject({
      reason: 'manual',
      summary: { ok: true, dataVersion: LATEST_VERSION, changes: expect.any(Number), lastChangeAt: expect.any(String) },
    });
    expect(parseBackupFileName(ctx.dbPath, listed.value[0]!.name)).not.toBeNull();
  });
});

describe('restoring', () => {
  function withTwoStates() {
    const ctx = context();
    loadSample(ctx);
    const c = clock(ctx);
    const first = backUpNow(ctx);
    c.advance(10);
    createLine(ctx, '2024-25', line('42', 318_312));
    createLine(ctx, '2019-20', line('43', 10));
    return { ctx, first, c };
  }

  it("puts the backup's data back whole, keeping the current data as a backup first, and records it", async () => {
    const { ctx, first } = withTwoStates();
    const inspected = await dispatch(ctx, 'backups.inspect', { name: first.name }, quiet);
    expect(inspected).toMatchObject({
      ok: true,
      value: { name: first.name, summary: { years: [{ year: '2019-20', lines: 51 }] } },
    });

    const result = (await dispatch(ctx, 'backups.restore', { name: first.name }, quiet)) as {
      ok: true;
      value: { keptAs: { name: string; reason: string; summary: { years: unknown[] } } };
    };
    expect(result.ok).toBe(true);
    // The line added in 2024-25 went into the 2023-25 plan, which starts in 2023-24 (one plan per year).
    expect(result.value.keptAs).toMatchObject({
      reason: 'before-restore',
      summary: {
        years: [
          { year: '2019-20', lines: 52 },
          { year: '2023-24', lines: 1 },
        ],
      },
    });
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(51);
    expect(getPlanView(ctx, '2024-25').lines).toHaveLength(0);
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(ctx.db.prepare('SELECT * FROM pragma_foreign_key_check').all()).toEqual([]);
    const last = ctx.db.prepare('SELECT action, entity, new_value FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
      action: string;
      entity: string;
      new_value: string;
    };
    expect(last).toMatchObject({ action: 'restore', entity: 'database' });
    expect(JSON.parse(last.new_value)).toEqual({
      from: first.name,
      takenAt: first.takenAt,
      keptAs: result.value.keptAs.name,
    });

    // …and that restore can itself be undone by restoring the copy kept just before it.
    restoreFromFile(ctx, listBackupFiles(ctx.dbPath).find((b) => b.name === result.value.keptAs.name)!.path);
    expect(getPlanView(ctx, '2024-25').lines).toHaveLength(1);
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(52);
  });

  it('restores a backup kept elsewhere (a memory stick) and leaves that file untouched', () => {
    const ctx = context();
    loadSample(ctx);
    const old = path.join(tempDir(), 'bcf-2025-01-01T10-00-00-000Z-manual.sqlite');
    ctx.db.prepare('VACUUM INTO ?').run(old);
    const before = fileHash(old);
    createLine(ctx, '2019-20', line('44', 1));
    restoreFromFile(ctx, old);
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(51);
    expect(fileHash(old)).toBe(before);
  });

  it("refuses a damaged backup, a file that is not a backup, and a newer version's, changing nothing", () => {
    const { ctx, first } = withTwoStates();
    const damaged = path.join(tempDir(), 'bcf-2026-01-01T10-00-00-000Z-manual.sqlite');
    const bytes = fs.readFileSync(first.path);
    bytes.fill(0x55, 4096, 4096 * 3);
    fs.writeFileSync(damaged, bytes);
    const notes = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(notes, 'Dear finance team…');
    const newer = path.join(tempDir(), 'newer.sqlite');
    const n = new Database(newer);
    n.exec('CREATE TABLE area (id INTEGER PRIMARY KEY, name TEXT)');
    n.pragma('user_version = 999');
    n.close();
    const before = fileHash(ctx.dbPath);
    const backupsBefore = listBackupFiles(ctx.dbPath).length;
    expect(() => restoreFromFile(ctx, damaged)).toThrow(
      /cannot be restored: it (is damaged|cannot be read).*Nothing has been changed/,
    );
    expect(() => restoreFromFile(ctx, notes)).toThrow(/cannot be restored: it is not a SQLite database/);
    expect(() => restoreFromFile(ctx, newer)).toThrow(/cannot be restored: it was written by a newer version/);
    expect(() => restoreFromFile(ctx, ctx.dbPath)).toThrow();
    expect(fileHash(ctx.dbPath)).toBe(before);
    expect(listBackupFiles(ctx.dbPath)).toHaveLength(backupsBefore);
  });

  it('takes only names from the backups folder over the API, never a path', async () => {
    const { ctx } = withTwoStates();
    for (const name of ['../bcf.sqlite', '/etc/passwd', '..\\x.sqlite', 'C:evil.sqlite']) {
      expect(await dispatch(ctx, 'backups.restore', { name }, quiet)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    }
    expect(await dispatch(ctx, 'backups.restore', { name: 'bcf.sqlite' }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('is one transaction: a restore that fails half-way leaves the data exactly as it was', () => {
    const { ctx, first } = withTwoStates();
    // A backup whose rows do not hang together is only found out after every table has been emptied and refilled.
    const broken = path.join(tempDir(), 'bcf-2026-02-01T10-00-00-000Z-manual.sqlite');
    fs.copyFileSync(first.path, broken);
    const b = new Database(broken);
    b.pragma('foreign_keys = OFF');
    b.prepare(
      "INSERT INTO scheme_line (plan_id, scheme_id, position, scheme_name, expenditure_pence, created_at, updated_at) VALUES (1, 9999, 99, 'orphan', 100, 'x', 'x')",
    ).run();
    b.close();
    const lines = () => ctx.db.prepare('SELECT id, scheme_name, expenditure_pence FROM scheme_line ORDER BY id').all();
    const before = { lines: lines(), audit: ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get() };
    expect(() => restoreFromFile(ctx, broken)).toThrow(/does not hang together.*nothing has been changed/);
    expect({ lines: lines(), audit: ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get() }).toEqual(before);
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  /** A copy of the first backup, changed by `tamper` as someone outside the app might, in the backups folder. */
  function tampered(ctx: TestContext, first: BackupEntry, tamper: (db: Database.Database) => void): string {
    const file = path.join(backupsDirFor(ctx.dbPath), 'bcf-2026-03-01T10-00-00-000Z-manual.sqlite');
    fs.copyFileSync(first.path, file);
    const b = new Database(file);
    tamper(b);
    b.close();
    return file;
  }

  it("refuses a tampered backup in words, saying what is wrong and what to do, never in SQLite's, and never as an internal error", async () => {
    const { ctx, first } = withTwoStates();
    const lines = getPlanView(ctx, '2019-20').lines.length;
    // Claims an older data version while already holding a later one's column: the upgrade adds it a second time.
    const older = tampered(ctx, first, (b) => b.pragma('user_version = 6'));
    const r1 = await dispatch(ctx, 'backups.restore', { name: path.basename(older) }, quiet);
    expect(r1).toMatchObject({ ok: false, error: { code: 'refused' } });
    const e1 = (r1 as { error: { code: 'refused'; message: string; details: string[] } }).error;
    expect(HTTP_STATUS[e1.code]).toBe(422);
    expect(e1.message).toBe(
      `${path.basename(older)} cannot be restored: its tables are not the ones BCF Returns writes for the data version it says it has, so it has been changed outside the app. Nothing has been changed. Restore another backup (the backups list shows each one and what it holds), or ask whoever gave you this file for one the app wrote itself.`,
    );
    expect(e1.message).not.toMatch(/duplicate column|SQLITE/);
    expect(e1.details).toEqual(['SQLite reported: duplicate column name: approved_name']);
    fs.rmSync(older);
    // A required value removed: the column is gone from the backup's table.
    const missing = tampered(ctx, first, (b) => b.exec('ALTER TABLE scheme_line DROP COLUMN scheme_name'));
    expect(() => restoreFromFile(ctx, missing)).toThrow(
      /cannot be restored: a row of its scheme_line table has no scheme_name, which every row must have, so it has been changed outside the app\. Nothing has been changed\. Restore another backup/,
    );
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(lines);
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The data is as it was (a before-restore backup may have been taken of it, in the backups folder).
    expect(ctx.db.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get('restore')).toEqual({ n: 0 });
  });

  it('leaves no copy of the data behind: a restore killed half-way is cleaned up at the next start', async () => {
    const tmp = tempDir();
    const db = path.join(tempDir(), 'area.sqlite');
    const child = spawnTs('test/helpers/children/restore-killed.ts', [db], { TMPDIR: tmp });
    child.stdout.resume();
    child.stderr.resume();
    expect(await exited(child)).toBe('SIGKILL');
    const left = fs.readdirSync(tmp).filter((n) => n.startsWith('bcf-restore-'));
    expect(left).toHaveLength(1);
    expect(fs.readdirSync(path.join(tmp, left[0]!))).toContain('restore.sqlite');
    // A restore still running (this process's) is not touched.
    const running = restoreWorkDir(tmp);
    expect(bcf(['--db', db, 'plan', 'show', '--year', '2019-20'], { TMPDIR: tmp }).code).toBe(0);
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('bcf-restore-'))).toEqual([path.basename(running)]);
  });
});
