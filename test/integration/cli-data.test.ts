import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listBackupFiles } from '../../electron/services/backups/backups';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { published } from '../helpers/fixtures';

const PLAN_FILE = published('plan-2019-20-schemes.tsv');

describe('bcf backup, backups list, restore', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = tempDir();
    db = path.join(dir, 'area.sqlite');
    expect(bcf(['--db', db, 'init', '--area', 'Bath and North East Somerset']).code).toBe(0);
    expect(bcf(['--db', db, 'import', 'plan', PLAN_FILE, '--year', '2019-20']).code).toBe(0);
  });

  it('takes an automatic backup when a command starts and the data has changed since the last one', () => {
    const before = listBackupFiles(db).length;
    expect(bcf(['--db', db, 'plan', 'show', '--year', '2019-20']).code).toBe(0);
    expect(bcf(['--db', db, 'plan', 'show', '--year', '2019-20']).code).toBe(0);
    const after = listBackupFiles(db);
    expect(after.length).toBe(before + 1);
    expect(after[0]!.reason).toBe('start');
  });

  it('backs up now into the backups folder, or --to a folder, saying where and what it holds', () => {
    const own = bcf(['--db', db, 'backup']);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(
      new RegExp(
        `^Backed up ${db} to ${path.join(dir, 'backups')}/area-\\d{4}-.*-manual\\.sqlite\\n  Bath and North East Somerset: 2019-20 plan 51 lines; \\d+ recorded changes`,
      ),
    );
    const usb = path.join(tempDir(), 'usb', 'bcf');
    const there = bcf(['--db', db, 'backup', '--to', usb]);
    expect(there.code).toBe(0);
    expect(fs.readdirSync(usb)).toEqual([expect.stringMatching(/^area-.*-manual\.sqlite$/)]);
  });

  it('lists the backups newest first with date, reason, size and contents', () => {
    const listed = bcf(['--db', db, 'backups', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^Backups of .*area\.sqlite, newest first/);
    expect(listed.stdout).toMatch(
      /area-.*-manual\.sqlite\n {2}taken .* \(manual\), \d+ KB\n {2}Bath and North East Somerset: 2019-20 plan 51 lines/,
    );
    const json = JSON.parse(bcf(['--db', db, 'backups', 'list', '--json']).stdout) as {
      name: string;
      reason: string;
    }[];
    expect(json.map((b) => b.reason)).toEqual(expect.arrayContaining(['manual', 'start']));
  });

  it('shows a backup before restoring it, and restores only with --yes, keeping the current data first', () => {
    const name = listBackupFiles(db).find((b) => b.reason === 'manual')!.name;
    expect(bcf(['--db', db, 'import', 'plan', PLAN_FILE, '--year', '2020-21']).code).not.toBe(0); // no 2020/21 column: refused
    const extra = path.join(tempDir(), 'plan-2024-25.tsv');
    fs.writeFileSync(extra, 'Scheme ID\tScheme Name\tSource of Funding\tExpenditure\n1\tFalls\tGrant\t£10\n');
    // 2024-25 is the second year of the 2023-25 plan, which is kept under its first year.
    expect(bcf(['--db', db, 'import', 'plan', extra, '--year', '2024-25']).code).toBe(0);

    const hash = fileHash(db);
    const shown = bcf(['--db', db, 'restore', name]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Backup: ${name}`);
    expect(shown.stdout).toMatch(
      /Now in .*area\.sqlite:\n {2}Bath and North East Somerset: 2019-20 plan 51 lines, 2023-24 plan 1 line;/,
    );
    expect(shown.stdout).toContain('Nothing has been changed.');
    expect(fileHash(db)).toBe(hash);

    const restored = bcf(['--db', db, 'restore', name, '--yes']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      new RegExp(
        `^Restored ${name} \\(taken .*\\) into ${db}\\.\\n  Bath and North East Somerset: 2019-20 plan 51 lines;`,
      ),
    );
    expect(restored.stdout).toMatch(/The data as it was just before is kept in .*-before-restore\.sqlite\./);
    const kept = listBackupFiles(db).find((b) => b.reason === 'before-restore')!;
    expect(bcf(['--db', db, 'restore', kept.path]).stdout).toMatch(/2023-24 plan 1 line/);
  });

  it('refuses to restore what is not a good backup, changing nothing', () => {
    const junk = path.join(tempDir(), 'junk.sqlite');
    fs.writeFileSync(junk, Buffer.from('PK\u0003\u0004 not a database at all'));
    const hash = fileHash(db);
    expect(bcf(['--db', db, 'restore', junk, '--yes'])).toMatchObject({
      code: 1,
      stderr: 'bcf: junk.sqlite cannot be restored: it is not a SQLite database. Nothing has been changed.\n',
    });
    expect(bcf(['--db', db, 'restore', 'no-such-backup.sqlite', '--yes'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^bcf: no-such-backup\.sqlite: no such file/),
    });
    expect(fileHash(db)).toBe(hash);
  });

  it('shows and changes the retention rule, refusing nonsense', () => {
    expect(bcf(['--db', db, 'backups', 'rule'])).toMatchObject({
      code: 0,
      stdout:
        'Kept: 3 from today, 1 from each earlier day, 10 at most. Taken on start and every 30 minutes while the app is open.\n',
    });
    expect(bcf(['--db', db, 'backups', 'rule', '--today', '5', '--every', '0'])).toMatchObject({
      code: 0,
      stdout: 'Kept: 5 from today, 1 from each earlier day, 10 at most. Taken on start.\n',
    });
    expect(bcf(['--db', db, 'backups', 'rule', '--max', '0'])).toMatchObject({
      code: 1,
      stderr: 'bcf: max: must be a whole number from 1 to 1000.\n',
    });
    expect(bcf(['--db', db, 'backups', 'rule', '--max', 'ten']).code).toBe(1);
  });

  it('checks the file thoroughly on request', () => {
    expect(bcf(['--db', db, 'check'])).toMatchObject({
      code: 0,
      stdout: `${db}: ok (SQLite's integrity check passes; every reference holds).\n`,
    });
  });

  it('has --help on every new command', () => {
    for (const cmd of [['backup'], ['backups'], ['backups', 'list'], ['backups', 'rule'], ['restore'], ['check']]) {
      const r = bcf([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: bcf/);
    }
  });
});

describe('a file too large to import', () => {
  it('is refused from its size alone, before a byte is read', () => {
    const huge = path.join(tempDir(), 'huge.tsv');
    const fd = fs.openSync(huge, 'w');
    fs.ftruncateSync(fd, 3 * 1024 ** 3); // 3 GB, sparse: nothing is written to disk
    fs.closeSync(fd);
    const db = path.join(tempDir(), 'a.sqlite');
    expect(bcf(['--db', db, 'import', 'plan', huge, '--year', '2019-20'])).toMatchObject({
      code: 1,
      stderr: 'bcf: huge.tsv is 3072.0 MB; the largest file this import reads is 50 MB. Nothing was read.\n',
    });
  });
});
