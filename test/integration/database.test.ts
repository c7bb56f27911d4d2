import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { migrate } from '../../electron/db/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/db/migrations';
import { openServiceContext } from '../../electron/host';
import { deleteLine } from '../../electron/services/plans/line-actions';
import { findPlan } from '../../electron/services/plans/plan-store';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { undo } from '../../electron/services/plans/changesets';
import { deleteContribution, linkContribution, saveContribution } from '../../electron/services/pools/contributions';
import { loadPublishedPools } from '../../electron/services/pools/published';
import { createReturn } from '../../electron/services/returns/create';
import { loadSample } from '../../electron/services/sample/sample';
import { ASSETS_DIR } from '../../electron/source-root';
import { downgrade, fileHash, tempContext, tempDir } from '../helpers/db';

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

describe("pool contributions and return lines never take a deleted one's id", () => {
  const rows = (db: { prepare: (sql: string) => { all: () => unknown[] } }) => ({
    contributions: db.prepare('SELECT * FROM pool_contribution ORDER BY id').all(),
    returnLines: db.prepare('SELECT * FROM return_line ORDER BY id').all(),
  });

  it("upgrading a version 15 file keeps every row, id and link, the previous quarter's lines too", () => {
    const ctx = tempContext();
    loadSample(ctx);
    loadPublishedPools(ctx);
    createReturn(ctx, { year: '2019-20', period: 'Q1' });
    createReturn(ctx, { year: '2019-20', period: 'Q2' });
    const line = getPlanView(ctx, '2019-20').lines[0]!;
    const contribution = (
      ctx.db.prepare('SELECT id FROM pool_contribution ORDER BY id LIMIT 1').get() as { id: number }
    ).id;
    linkContribution(ctx, contribution, line.id);
    const before = rows(ctx.db);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM return_line WHERE previous_line_id IS NOT NULL').get()).toEqual({
      n: 51,
    });
    const dbPath = ctx.dbPath;
    ctx.close();

    downgrade(dbPath, 15);
    const declared = (file: string) => {
      const db = new Database(file, { readonly: true });
      const sql = db
        .prepare(
          "SELECT group_concat(sql) AS sql FROM sqlite_master WHERE name IN ('pool_contribution', 'return_line')",
        )
        .get() as { sql: string };
      db.close();
      return sql.sql;
    };
    expect(declared(dbPath)).not.toMatch(/AUTOINCREMENT/);
    const again = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, actor: 'tester' });
    expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(rows(again.db)).toEqual(before);
    expect(again.db.pragma('foreign_key_check')).toEqual([]);
    expect(declared(dbPath).match(/AUTOINCREMENT/g)).toHaveLength(2);
    // The previous quarter's link still follows a line deleted: it is cleared, as before.
    expect(
      (again.db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get('return_line') as { sql: string }).sql,
    ).toMatch(/previous_line_id INTEGER REFERENCES "?return_line"?\(id\) ON DELETE SET NULL/);
    again.close();
  });

  it('nor one added after an upgrade, when the linked one was deleted before it', () => {
    const ctx = tempContext();
    loadSample(ctx);
    loadPublishedPools(ctx);
    const line = getPlanView(ctx, '2019-20').lines.find((l) => l.schemeId === '8' && l.sourceOfFunding === 'Grant')!;
    const last = ctx.db
      .prepare('SELECT id, pool_id AS poolId FROM pool_contribution ORDER BY id DESC LIMIT 1')
      .get() as {
      id: number;
      poolId: number;
    };
    linkContribution(ctx, last.id, line.id);
    deleteLine(ctx, line.id, 'Counted twice');
    deleteContribution(ctx, last.id, 'Wrong partner');
    const dbPath = ctx.dbPath;
    ctx.close();
    downgrade(dbPath, 15); // the deletions were made by a version that reused ids

    const again = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, actor: 'tester' });
    saveContribution(again, { poolId: last.poolId, partner: null, label: 'New, unrelated', amountPence: 100 });
    const added = again.db.prepare("SELECT id FROM pool_contribution WHERE label = 'New, unrelated'").get() as {
      id: number;
    };
    expect(added.id).toBeGreaterThan(last.id);
    undo(again, findPlan(again, '2019-20')!.id);
    expect(again.db.prepare('SELECT scheme_line_id AS link FROM pool_contribution WHERE id = ?').get(added.id)).toEqual(
      {
        link: null,
      },
    );
    again.close();
  });

  it("so undoing a line's deletion never links a contribution added since to it", () => {
    const ctx = tempContext();
    loadSample(ctx);
    loadPublishedPools(ctx);
    const line = getPlanView(ctx, '2019-20').lines.find((l) => l.schemeId === '8' && l.sourceOfFunding === 'Grant')!;
    const last = ctx.db
      .prepare('SELECT id, pool_id AS poolId FROM pool_contribution ORDER BY id DESC LIMIT 1')
      .get() as {
      id: number;
      poolId: number;
    };
    linkContribution(ctx, last.id, line.id);
    deleteLine(ctx, line.id, 'Counted twice');
    deleteContribution(ctx, last.id, 'Wrong partner');
    saveContribution(ctx, { poolId: last.poolId, partner: null, label: 'New, unrelated', amountPence: 100 });
    const added = ctx.db.prepare("SELECT id FROM pool_contribution WHERE label = 'New, unrelated'").get() as {
      id: number;
    };
    expect(added.id).toBeGreaterThan(last.id);

    undo(ctx, findPlan(ctx, '2019-20')!.id);
    expect(ctx.db.prepare('SELECT scheme_line_id AS link FROM pool_contribution WHERE id = ?').get(added.id)).toEqual({
      link: null,
    });
    ctx.close();
  });
});
