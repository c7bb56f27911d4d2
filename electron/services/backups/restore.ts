import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError, type BackupEntry, type RestoreOutcome } from '../../../shared/api';
import { backupsDirFor, parseAnyBackupFileName, parseBackupFileName, writeBackup } from '../../db/backup-file';
import { migrate } from '../../db/migrate';
import { all, one, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { clearStartupProblem } from '../health/host-health';
import { describeBackupFile, holdsData } from './backups';
import { restoreWorkDir } from './restore-temp';
import { summariseFile } from './summary';

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What a backup file holds and when it was taken, whether or not it is in the backups folder. */
export function inspectBackupFile(dbPath: string, file: string): BackupEntry {
  const resolved = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new ApiError('not_found', `${file}: no such file`);
  }
  if (!stat.isFile()) throw new ApiError('refused', `${file} is a folder, not a backup file.`);
  const name = path.basename(resolved);
  const parsed = parseBackupFileName(dbPath, name) ?? parseAnyBackupFileName(name);
  return parsed
    ? describeBackupFile({ ...parsed, path: resolved, bytes: stat.size })
    : {
        name,
        path: resolved,
        takenAt: stat.mtime.toISOString(),
        reason: 'file',
        bytes: stat.size,
        summary: summariseFile(resolved),
      };
}

/**
 * Puts the data of a backup back into the open database.
 *
 * 1. The backup is checked (SQLite's quick check, a version this app reads)
 *    and a working copy of it is brought up to this version's structure.
 * 2. The data as it is now is backed up first ("before-restore").
 * 3. In ONE transaction every table's rows are replaced by the backup's, and
 *    the restore is recorded in the history. It commits whole or not at all,
 *    through SQLite on the live connection, so it is safe with the write-ahead
 *    log and with another process reading the file at the same time.
 */
export function restoreFromFile(ctx: ServiceContext, file: string): RestoreOutcome {
  const restored = inspectBackupFile(ctx.dbPath, file);
  if (!restored.summary.ok)
    throw new ApiError(
      'refused',
      `${restored.name} cannot be restored: ${restored.summary.problem}. Nothing has been changed.`,
    );
  if (path.resolve(restored.path) === path.resolve(ctx.dbPath))
    throw new ApiError('refused', 'That is the database itself, not a backup of it.');

  const work = restoreWorkDir();
  const copy = path.join(work, 'restore.sqlite');
  try {
    inWords(restored.name, 'structure', () => {
      const src = new Database(restored.path, { readonly: true, fileMustExist: true });
      try {
        run(src, 'VACUUM INTO ?', copy);
      } finally {
        src.close();
      }
      const prepared = new Database(copy);
      try {
        migrate(prepared, copy, path.join(work, 'backups'));
      } finally {
        prepared.close();
      }
    });

    const keptFile = holdsData(ctx.db)
      ? writeBackup(ctx.db, ctx.dbPath, backupsDirFor(ctx.dbPath), 'before-restore', ctx.now())
      : null;
    const keptAs = keptFile ? inspectBackupFile(ctx.dbPath, keptFile) : null;

    run(ctx.db, 'ATTACH DATABASE ? AS restore_src', copy);
    try {
      inWords(restored.name, 'data', () =>
        write(ctx, (w) => {
          copyAllTables(ctx);
          w.audit({
            action: 'restore',
            entity: 'database',
            newValue: { from: restored.name, takenAt: restored.takenAt, keptAs: keptAs?.name ?? null },
          });
        }),
      );
    } finally {
      run(ctx.db, 'DETACH DATABASE restore_src');
    }
    clearStartupProblem(ctx);
    return { restored, keptAs };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs one step of a restore, turning SQLite's refusal of the backup (a file
 * changed outside the app: a column added twice, a required value missing)
 * into words a user can act on. SQLite's own message follows as a detail, for
 * whoever looks into the file.
 */
function inWords<T>(name: string, stage: 'structure' | 'data', step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (!(err instanceof Database.SqliteError)) throw err;
    const what =
      stage === 'structure'
        ? 'its tables are not the ones BCF Returns writes for the data version it says it has, so it has been changed outside the app'
        : dataProblem(err.message);
    throw new ApiError(
      'refused',
      `${name} cannot be restored: ${what}. Nothing has been changed. Restore another backup (the backups list shows each one and what it holds), or ask whoever gave you this file for one the app wrote itself.`,
      undefined,
      [`SQLite reported: ${err.message}`],
    );
  }
}

/** What a constraint SQLite reports means for the data in the backup. */
function dataProblem(said: string): string {
  const notNull = /NOT NULL constraint failed: (\w+)\.(\w+)/.exec(said);
  if (notNull)
    return `a row of its ${notNull[1]} table has no ${notNull[2]}, which every row must have, so it has been changed outside the app`;
  const unique = /UNIQUE constraint failed: ([\w., ]+)/.exec(said);
  if (unique)
    return `two rows of its ${unique[1]!.split('.')[0]} table have the same ${unique[1]!
      .split(', ')
      .map((c) => c.split('.')[1])
      .join(' and ')}, which must differ, so it has been changed outside the app`;
  if (/CHECK constraint failed/.test(said))
    return "a value in it breaks one of the app's rules (a negative count, a date that is not a date), so it has been changed outside the app";
  if (/FOREIGN KEY/.test(said)) return 'its data does not hang together (a reference to a missing row)';
  return 'its data does not fit what this version of the app keeps, so it has been changed outside the app';
}

/** Replaces every table's rows in main with restore_src's; triggers are set aside meanwhile. Call inside a transaction. */
function copyAllTables(ctx: ServiceContext): void {
  const db = ctx.db;
  db.pragma('defer_foreign_keys = ON');
  const list = (schema: string) =>
    all<{ name: string; type: string }>(db, `SELECT name, type FROM pragma_table_list WHERE schema = ?`, schema).filter(
      (t) => (t.type === 'table' || t.type === 'virtual') && !t.name.startsWith('sqlite_'),
    );
  const tables = list('main');
  const inSource = new Set(list('restore_src').map((t) => t.name));
  const triggers = all<{ name: string; sql: string }>(
    db,
    "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL",
  );
  for (const t of triggers) db.exec(`DROP TRIGGER main.${quoteId(t.name)}`);
  for (const t of tables) db.exec(`DELETE FROM main.${quoteId(t.name)}`);
  for (const t of tables) {
    if (!inSource.has(t.name)) continue;
    const columns = (schema: string) =>
      all<{ name: string }>(db, 'SELECT name FROM pragma_table_info(?, ?)', t.name, schema).map((c) => c.name);
    const from = new Set(columns('restore_src'));
    const shared = columns('main')
      .filter((c) => from.has(c))
      .map(quoteId)
      .join(', ');
    if (shared)
      db.exec(`INSERT INTO main.${quoteId(t.name)} (${shared}) SELECT ${shared} FROM restore_src.${quoteId(t.name)}`);
  }
  const hasSequence = (schema: string) =>
    one(db, `SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_sequence'`) !== undefined;
  if (hasSequence('main')) {
    db.exec('DELETE FROM main.sqlite_sequence');
    if (hasSequence('restore_src'))
      db.exec('INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM restore_src.sqlite_sequence');
  }
  for (const t of triggers) db.exec(t.sql);
  const broken = all(db, 'SELECT * FROM pragma_foreign_key_check');
  if (broken.length > 0)
    throw new ApiError(
      'refused',
      "The backup's data does not hang together (a reference to a missing row); nothing has been changed.",
    );
}
