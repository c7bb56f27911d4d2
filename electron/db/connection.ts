import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { busyMessage, DatabaseOpenError, isBusyError } from './errors';
import { migrate, refuseNewer } from './migrate';
import { nameKey } from '../../shared/values/text';

export type Db = Database.Database;

export { DatabaseOpenError };

export interface OpenOptions {
  /** Folder for the copy taken before a migration; defaults to a "backups" folder beside the file. */
  backupDir?: string;
  /** How long a second process waits for a busy file before it says so (default 5 seconds). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the area's SQLite file with the pragmas the app
 * relies on, and brings its schema up to date. WAL lets the UI read while a
 * write commits; synchronous=FULL makes a reported save survive a power cut.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw new DatabaseOpenError(`Cannot open ${file}: ${(err as Error).message}`);
  }
  try {
    // Look before touching: a file from a newer app must be refused byte for byte unchanged.
    refuseNewer(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Names are matched in SQL as in the code (a heading's total, whatever spaces each area typed).
    db.function('name_key', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? nameKey(v) : v));
    migrate(db, file, options.backupDir ?? path.join(dir, 'backups'));
    return db;
  } catch (err) {
    db.close();
    if (err instanceof DatabaseOpenError) throw err;
    if (isBusyError(err)) throw new DatabaseOpenError(busyMessage(file));
    const message = (err as Error).message;
    if (/file is not a database|malformed/i.test(message)) {
      throw new DatabaseOpenError(`${file} is not a BCF Returns database, or it is damaged (${message}).`);
    }
    throw err;
  }
}
