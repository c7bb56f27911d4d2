import type Database from 'better-sqlite3';
import { writeBackup } from './backup-file';
import { MIGRATIONS, type Migration } from './migrations';
import { DatabaseOpenError } from './errors';

/** Returns the file's data version, or throws if a newer app wrote it. */
export function refuseNewer(
  db: Database.Database,
  file: string,
  latest = MIGRATIONS[MIGRATIONS.length - 1]!.version,
): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new DatabaseOpenError(
      `${file} was written by a newer version of BCF Returns (data version ${current}; this version understands up to ${latest}). Update the app to open it; the file has not been changed.`,
    );
  }
  return current;
}

/**
 * Applies every migration newer than the file's `user_version`, each in its
 * own transaction. A file that already holds data is backed up first into the
 * backups folder (backup-file.ts: VACUUM INTO writes a consistent copy even of
 * a live WAL database). A file written by a newer version of the app is
 * refused, untouched.
 */
export function migrate(
  db: Database.Database,
  file: string,
  backupDir: string,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  const LATEST_VERSION = migrations[migrations.length - 1]!.version;
  const current = refuseNewer(db, file, LATEST_VERSION);
  if (current === LATEST_VERSION) return;
  if (current > 0) writeBackup(db, file, backupDir, `before-v${LATEST_VERSION}`);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
