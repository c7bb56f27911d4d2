import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { migrate } from '../../electron/db/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/db/migrations';
import { fileHash, tempDir } from '../helpers/db';

describe('the database file', () => {
  it('is opened with WAL, synchronous=FULL and foreign keys, at the latest schema', () => {
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses, untouched, a file written by a newer version of the app', () => {
    const file = path.join(tempDir(), 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = fileHash(file);
    expect(() => openDatabase(file)).toThrow(
      /written by a newer version of BCF Returns .*Update the app.*has not been changed/,
    );
    expect(fileHash(file)).toBe(before);
  });

  it('says plainly when a file is not a database at all', () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'Dear finance team, please find attached…'.repeat(100));
    expect(() => openDatabase(file)).toThrow(/is not a BCF Returns database, or it is damaged/);
  });

  it('refuses money stored as anything but whole pence', () => {
    const db = openDatabase(path.join(tempDir(), 'b.sqlite'));
    db.exec(
      "INSERT INTO area (name, created_at) VALUES ('A', 'now'); INSERT INTO financial_year (label, starts_on, ends_on) VALUES ('2019-20', 'a', 'b'); INSERT INTO plan (area_id, year_id, created_at) VALUES (1, 1, 'now'); INSERT INTO scheme (plan_id, code, name) VALUES (1, '1', 'S');",
    );
    const insert = db.prepare(
      "INSERT INTO scheme_line (plan_id, scheme_id, position, scheme_name, expenditure_pence, created_at, updated_at) VALUES (1, 1, 1, 'x', ?, 'now', 'now')",
    );
    expect(() => insert.run(12.5)).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('12.5')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run(1250)).not.toThrow();
    db.close();
  });
});

describe('migrations', () => {
  const v1 = { version: 1, name: 'one', sql: 'CREATE TABLE t (x INTEGER);' };
  const v2 = { version: 2, name: 'two', sql: 'ALTER TABLE t ADD COLUMN y TEXT;' };
  const broken = {
    version: 2,
    name: 'broken',
    sql: 'ALTER TABLE t ADD COLUMN y TEXT; CREATE TABLE t (again INTEGER);',
  };

  it('takes a backup copy with the data before upgrading an existing file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'm.sqlite');
    const db = new Database(file);
    migrate(db, file, path.join(dir, 'backups'), [v1]);
    db.exec('INSERT INTO t VALUES (42)');
    migrate(db, file, path.join(dir, 'backups'), [v1, v2]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
    const backups = fs.readdirSync(path.join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    const copy = new Database(path.join(dir, 'backups', backups[0]!), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(copy.prepare('SELECT x FROM t').all()).toEqual([{ x: 42 }]);
    copy.close();
  });

  it('rolls a failing migration back whole, leaving the file at its old version', () => {
    const dir = tempDir();
    const file = path.join(dir, 'f.sqlite');
    const db = new Database(file);
    migrate(db, file, path.join(dir, 'backups'), [v1]);
    expect(() => migrate(db, file, path.join(dir, 'backups'), [v1, broken])).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM pragma_table_info('t')").all()).toEqual([{ name: 'x' }]);
    db.close();
  });

  it('takes no backup of a brand-new file', () => {
    const dir = tempDir();
    openDatabase(path.join(dir, 'new.sqlite')).close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it("upgrades a version 9 file through 11 and on, keeping a plan's minimums and metrics", () => {
    const dir = tempDir();
    const file = path.join(dir, 'v9.sqlite');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      file,
      path.join(dir, 'backups'),
      MIGRATIONS.filter((m) => m.version <= 9),
    );
    db.exec(
      "INSERT INTO area (name, created_at) VALUES ('A', 'now'); INSERT INTO financial_year (label, starts_on, ends_on) VALUES ('2025-26', 'a', 'b'); INSERT INTO plan (area_id, year_id, created_at) VALUES (1, 1, 'now');" +
        "INSERT INTO plan_requirement (plan_id, year_label, kind, pence) VALUES (1, '2025-26', 'nhs-min-social-care', 100);" +
        "INSERT INTO metric (year_label, position, name, target) VALUES ('2025-26', 1, 'Falls', '1,650');",
    );
    expect(() =>
      db.exec(
        "INSERT INTO plan_requirement (plan_id, year_label, kind, pence) VALUES (1, '2025-26', 'asc-baseline', 5)",
      ),
    ).toThrow(/CHECK constraint failed/);
    migrate(db, file, path.join(dir, 'backups'));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT kind, pence FROM plan_requirement').all()).toEqual([
      { kind: 'nhs-min-social-care', pence: 100 },
    ]);
    db.exec("INSERT INTO plan_requirement (plan_id, year_label, kind, pence) VALUES (1, '2025-26', 'asc-baseline', 5)");
    expect(() =>
      db.exec("INSERT INTO plan_requirement (plan_id, year_label, kind, pence) VALUES (1, '2025-26', 'other', 5)"),
    ).toThrow(/CHECK constraint failed/);
    expect(db.prepare('SELECT name, target, numerator, denominator FROM metric').all()).toEqual([
      { name: 'Falls', target: '1,650', numerator: '', denominator: '' },
    ]);
    // Deleting a plan still takes its minimums with it.
    db.exec('DELETE FROM plan');
    expect(db.prepare('SELECT count(*) AS n FROM plan_requirement').get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
