import type Database from 'better-sqlite3';

/**
 * The one way services read and write rows: `one`, `all`, `run` and `insert`, each
 * running a prepared statement from a per-connection cache. Preparing costs more than
 * running, and an import runs the same few statements for every line. The row type is
 * named at the call site (`one<{ name: string }>(db, …)`) instead of cast afterwards.
 *
 * A cached statement is shared: never switch its mode (`pluck`, `raw`, `expand`) —
 * write the SQL to return the columns wanted instead.
 */
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** SQL built with a varying number of placeholders could fill the cache without end. */
const MAX_CACHED = 500;

export function statement(db: Database.Database, sql: string): Database.Statement {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let stmt = byText.get(sql);
  if (!stmt) {
    if (byText.size >= MAX_CACHED) byText.clear();
    stmt = db.prepare(sql);
    byText.set(sql, stmt);
  }
  return stmt;
}

/** The first row the query returns, or undefined when it returns none. */
export function one<T>(db: Database.Database, sql: string, ...params: unknown[]): T | undefined {
  return statement(db, sql).get(...params) as T | undefined;
}

/** Every row the query returns, in its order. */
export function all<T>(db: Database.Database, sql: string, ...params: unknown[]): T[] {
  return statement(db, sql).all(...params) as T[];
}

/** Runs an INSERT, UPDATE or DELETE; says how many rows it changed. */
export function run(db: Database.Database, sql: string, ...params: unknown[]): Database.RunResult {
  return statement(db, sql).run(...params);
}

/** Runs an INSERT and answers the new row's id. */
export function insert(db: Database.Database, sql: string, ...params: unknown[]): number {
  return Number(statement(db, sql).run(...params).lastInsertRowid);
}
