import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Backup files: how they are named and how one is written. A backup is made
 * with `VACUUM INTO`, which reads one consistent snapshot through SQLite (so a
 * live WAL database is copied with every committed change, never half of
 * one), into a temporary name that is flushed to disk and then renamed: a
 * crash mid-backup leaves a `.partial` file, never a damaged backup under a
 * backup's name. The copy is an ordinary rollback-journal file, so it can be
 * opened read-only anywhere, mailed, or put on a memory stick.
 */

/** Why a backup was taken; part of its file name. */
export type BackupReason = 'start' | 'timer' | 'manual' | 'before-restore' | `before-v${number}`;

export interface BackupName {
  /** The file name, e.g. "bcf-2026-03-31T16-05-09-123Z-timer.sqlite". */
  name: string;
  /** When it was taken (ISO 8601, UTC). */
  takenAt: string;
  reason: string;
}

/** The app's own backups folder for a database: "backups" beside it. */
export function backupsDirFor(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'backups');
}

function baseOf(dbPath: string): string {
  return path.basename(dbPath, path.extname(dbPath));
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

export function backupFileName(dbPath: string, reason: BackupReason, at: Date): string {
  return `${baseOf(dbPath)}-${stamp(at)}-${reason}.sqlite`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const STAMP = '(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})-(\\d{3})Z';

/**
 * Reads a backup's name back, or null when the file is not one of this
 * database's backups. Also understands the name version 0.1.0 gave the copy it
 * took before a migration ("bcf-before-v2-<stamp>.sqlite").
 */
export function parseBackupFileName(dbPath: string, name: string): BackupName | null {
  return parseWithBase(escape(baseOf(dbPath)), name);
}

/** The same for a backup of any database (a file the user picked, perhaps renamed by its owner). */
export function parseAnyBackupFileName(name: string): BackupName | null {
  return parseWithBase('.+?', name);
}

function parseWithBase(base: string, name: string): BackupName | null {
  const current = new RegExp(`^${base}-${STAMP}-([a-z0-9-]+)\\.sqlite$`).exec(name);
  const legacy = current ? null : new RegExp(`^${base}-(before-v\\d+)-${STAMP}\\.sqlite$`).exec(name);
  if (!current && !legacy) return null;
  const [day, hh, mm, ss, ms] = current ? current.slice(1, 6) : legacy!.slice(2, 7);
  const reason = current ? current[6]! : legacy![1]!;
  const takenAt = `${day}T${hh}:${mm}:${ss}.${ms}Z`;
  if (Number.isNaN(Date.parse(takenAt))) return null;
  return { name, takenAt, reason };
}

function fsyncPath(p: string, flags: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, flags);
    fs.fsyncSync(fd);
  } catch {
    // Some systems cannot fsync a folder; the file itself has been flushed.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes a consistent copy of `db` to `target` (which must not exist yet):
 * VACUUM INTO a `.partial` file, flush it, rename it into place, flush the folder.
 */
export function writeSnapshot(db: Database.Database, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) throw new Error(`${target} already exists; a backup never overwrites a file.`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    fsyncPath(partial, 'r+');
    fs.renameSync(partial, target);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  fsyncPath(path.dirname(target), 'r');
}

/** Takes a named backup of `db` into `dir` and returns its full path. */
export function writeBackup(
  db: Database.Database,
  dbPath: string,
  dir: string,
  reason: BackupReason,
  at = new Date(),
): string {
  let when = at;
  let target = path.join(dir, backupFileName(dbPath, reason, when));
  // Two backups in the same millisecond (a fast test, a double click) get distinct names.
  while (fs.existsSync(target)) {
    when = new Date(when.getTime() + 1);
    target = path.join(dir, backupFileName(dbPath, reason, when));
  }
  writeSnapshot(db, target);
  return target;
}
