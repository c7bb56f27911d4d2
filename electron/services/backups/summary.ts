import Database from 'better-sqlite3';
import fs from 'node:fs';
import type { BackupSummary } from '../../../shared/api/data';
import { LATEST_VERSION } from '../../db/migrations';
import { all, one } from '../../db/statements';

const SQLITE_MAGIC = 'SQLite format 3\0';

function hasTable(db: Database.Database, name: string): boolean {
  return one(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name) !== undefined;
}

/**
 * What a database or backup file holds, read without changing it: its area,
 * each plan year with its number of scheme lines, how many changes its history
 * records and when the last was made, and whether SQLite's quick check finds
 * it sound. Never throws: a file that cannot be read is described as such.
 *
 * A backup is opened read-only. The live database (`live`) is opened as a
 * normal connection that only reads (query_only): a read-only connection to a
 * WAL database would leave its -wal and -shm files behind when it closes.
 */
export function summariseFile(file: string, options: { live?: boolean } = {}): BackupSummary {
  const empty: BackupSummary = {
    ok: false,
    problem: null,
    dataVersion: null,
    area: null,
    years: [],
    changes: 0,
    lastChangeAt: null,
  };
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
  } catch (err) {
    return {
      ...empty,
      problem: `it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    };
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) return { ...empty, problem: 'it is not a SQLite database' };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: !options.live, fileMustExist: true });
    if (options.live) db.pragma('query_only = 1');
    const check = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map((r) => r.quick_check);
    const dataVersion = db.pragma('user_version', { simple: true }) as number;
    if (check.length !== 1 || check[0] !== 'ok')
      return { ...empty, dataVersion, problem: `it is damaged (SQLite's check says: ${check.slice(0, 3).join('; ')})` };
    if (dataVersion > LATEST_VERSION)
      return {
        ...empty,
        dataVersion,
        problem: `it was written by a newer version of BCF Returns (data version ${dataVersion})`,
      };
    if (dataVersion < 1 || !hasTable(db, 'area'))
      return { ...empty, dataVersion, problem: 'it is not a BCF Returns database' };
    const area = one<{ name: string }>(db, 'SELECT name FROM area ORDER BY id LIMIT 1')?.name ?? null;
    const years = all<{ year: string; lines: number }>(
      db,
      `SELECT y.label AS year, (SELECT count(*) FROM scheme_line l WHERE l.plan_id = p.id) AS lines
         FROM plan p JOIN financial_year y ON y.id = p.year_id ORDER BY y.label`,
    );
    const audit = one<{ n: number; last: string | null }>(db, 'SELECT count(*) AS n, max(at) AS last FROM audit_log')!;
    return { ok: true, problem: null, dataVersion, area, years, changes: audit.n, lastChangeAt: audit.last };
  } catch (err) {
    return { ...empty, problem: `it cannot be read as a database (${(err as Error).message})` };
  } finally {
    db?.close();
  }
}
