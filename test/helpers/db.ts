import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openServiceContext } from '../../electron/host';
import type { ServiceContext } from '../../electron/services/context';
import { ASSETS_DIR } from '../../electron/source-root';

export function tempDir(prefix = 'bcf-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestContext = ServiceContext & { close: () => void };

/** A real SQLite file in a fresh folder, opened the way the app opens it. */
export function tempContext(actor = 'tester'): TestContext {
  return openServiceContext({ dbPath: path.join(tempDir(), 'bcf.sqlite'), assetsDir: ASSETS_DIR, actor });
}

/** A hash of the database file and its WAL, to prove a refused action changed nothing. */
export function fileHash(dbPath: string): string {
  const h = crypto.createHash('sha256');
  for (const suffix of ['', '-wal']) {
    const f = dbPath + suffix;
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : Buffer.from('absent'));
  }
  return h.digest('hex');
}

/** An API answer without the database stamp every answer carries (tests compare what the method said). */
export function unstamped<T extends object>(result: T): Omit<T, 'stamp' | 'since'> {
  const { stamp: _stamp, since: _since, ...rest } = result as T & { stamp?: string; since?: string };
  return rest;
}

/**
 * What each migration added to the schema, taken away again, so a test can make the file an older
 * version left and check that upgrading it keeps the user's data. A new migration adds its line here
 * (one place, instead of every upgrade test growing its own list).
 */
const ADDED_BY: Record<number, string | ((db: Database.Database) => void)> = {
  7: 'ALTER TABLE return_metric DROP COLUMN approved_name; ALTER TABLE return_metric DROP COLUMN approved_target;',
  8: 'DROP TABLE template_year; DROP TABLE condition_answer; ALTER TABLE scheme_line DROP COLUMN extra; ALTER TABLE return_line DROP COLUMN extra;',
  9: 'DROP INDEX audit_log_by_scope; ALTER TABLE audit_log DROP COLUMN scope_kind; ALTER TABLE audit_log DROP COLUMN scope_id;',
  10: 'DROP TABLE plan_approval; ALTER TABLE plan DROP COLUMN ratified_on; ALTER TABLE plan DROP COLUMN ratified_at;',
  // Migration 011's rebuilt minimums table reads as the old one did.
  11: 'DROP TABLE metric_target_revision; ALTER TABLE metric DROP COLUMN numerator; ALTER TABLE metric DROP COLUMN denominator;',
  12: 'DROP TABLE review_query; DROP TABLE review_response; DROP TABLE review_package;',
  13: 'DROP TABLE return_income;',
  14: 'DROP TABLE consolidation_exposure; DROP TABLE consolidation_return; DROP TABLE consolidation_line; DROP TABLE consolidation_area; DROP TABLE consolidation;',
  15: 'DROP TABLE consolidation_minimum; ALTER TABLE consolidation_area DROP COLUMN minimums_known;',
  // The same tables without AUTOINCREMENT, rebuilt with their rows and ids.
  16: (db) => {
    for (const t of ['pool_contribution', 'return_line']) withoutAutoincrement(db, t);
  },
  17: 'ALTER TABLE return_metric DROP COLUMN approved_numerator; ALTER TABLE return_metric DROP COLUMN approved_denominator; ALTER TABLE bcf_return DROP COLUMN approved_plan;',
  18: 'ALTER TABLE plan DROP COLUMN approved_copy;',
};

/** A table declared again without AUTOINCREMENT (foreign keys are off on a plain connection; references stay by name). */
function withoutAutoincrement(db: Database.Database, table: string): void {
  const sqlOf = (type: string) =>
    (
      db
        .prepare('SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL')
        .all(type, table) as {
        sql: string;
      }[]
    ).map((r) => r.sql);
  const [declared] = sqlOf('table');
  const indexes = sqlOf('index');
  db.pragma('legacy_alter_table = ON');
  db.exec(`ALTER TABLE ${table} RENAME TO ${table}_was`);
  db.exec(declared!.replace('id INTEGER PRIMARY KEY AUTOINCREMENT', 'id INTEGER PRIMARY KEY'));
  db.exec(`INSERT INTO ${table} SELECT * FROM ${table}_was; DROP TABLE ${table}_was;`);
  for (const sql of indexes) db.exec(sql);
  db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(table);
}

/** Turns a closed database file back into what `version` left (schema only; its rows stay). */
export function downgrade(dbPath: string, version: number): void {
  const read = new Database(dbPath);
  const from = read.pragma('user_version', { simple: true }) as number;
  read.close();
  if (from > Math.max(...Object.keys(ADDED_BY).map(Number)))
    throw new Error(`test/helpers/db.ts does not know what migration ${from} added: add it to ADDED_BY`);
  for (let v = from; v > version; v--) {
    const sql = ADDED_BY[v];
    if (sql === undefined) throw new Error(`test/helpers/db.ts cannot take migration ${v} away`);
    const db = new Database(dbPath);
    try {
      if (typeof sql === 'string') db.exec(sql);
      else sql(db);
      db.pragma(`user_version = ${v - 1}`);
    } finally {
      db.close();
    }
  }
}
