import fs from 'node:fs';
import path from 'node:path';
import type { BackupEntry, StartupReport } from '../../../shared/api';
import { openDatabase, type Db, type OpenOptions } from '../../db/connection';
import { DatabaseOpenError } from '../../db/errors';
import { one } from '../../db/statements';
import { newestGoodBackup } from '../backups/backups';
import { removeAbandonedRestores } from '../backups/restore-temp';
import { describeSummary } from '../../../shared/backups/describe';
import { removeMarker, staleMarkers, writeMarker } from './session-marker';

/**
 * The start-up health check, shared by the desktop app, browser mode and the
 * CLI. If the last session on this file ended without closing it (see
 * session-marker.ts), SQLite's quick check is run. If the file fails it, the
 * user is told so plainly, the damaged file is moved aside (never deleted:
 * "bcf-damaged-<when>.sqlite" beside it), and the newest good backup is offered.
 */

export type OnDamaged =
  /** Stop with a DatabaseOpenError that says what happened and how to restore (the CLI). */
  | 'refuse'
  /** Carry on with a new, empty file so the app can offer the restore itself (desktop, browser mode, `bcf restore`). */
  | 'start-empty';

export interface HealthyOpen {
  db: Db;
  report: StartupReport;
  /** This process's marker: remove it when the database is closed cleanly. */
  marker: string | null;
}

const DAMAGED = /-damaged-\d{4}-\d{2}-\d{2}T[\d-]+Z\.sqlite$/;

/** Files moved aside beside the database after failing their check, newest first. */
export function damagedFiles(dbPath: string): string[] {
  const resolved = path.resolve(dbPath);
  const base = path.basename(resolved, path.extname(resolved));
  const dir = path.dirname(resolved);
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.startsWith(`${base}-damaged-`) && DAMAGED.test(n))
      .sort()
      .reverse()
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

/** Moves the database and its write-ahead log aside under one new name; returns where it went. */
export function moveAside(dbPath: string, at = new Date()): string {
  const resolved = path.resolve(dbPath);
  const base = path.basename(resolved, path.extname(resolved));
  const target = path.join(path.dirname(resolved), `${base}-damaged-${at.toISOString().replace(/[:.]/g, '-')}.sqlite`);
  for (const suffix of ['-wal', '-shm', '']) {
    if (fs.existsSync(resolved + suffix)) fs.renameSync(resolved + suffix, target + suffix);
  }
  return target;
}

function quickCheck(db: Db): string | null {
  try {
    const rows = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map((r) => r.quick_check);
    return rows.length === 1 && rows[0] === 'ok' ? null : rows.slice(0, 3).join('; ');
  } catch (err) {
    return (err as Error).message;
  }
}

const isDamage = (err: unknown) =>
  err instanceof DatabaseOpenError && /not a BCF Returns database, or it is damaged/.test(err.message);

function offer(backup: BackupEntry | null): string {
  if (!backup) return 'There is no good backup to offer in the backups folder.';
  return `The newest good backup was taken ${new Date(backup.takenAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })} (${backup.name}). ${describeSummary(backup.summary)}`;
}

/** How to restore from the command line, for the CLI's messages. */
export function restoreHint(backup: BackupEntry | null): string {
  return backup ? ` To put it back: bcf restore "${backup.path}" --yes` : '';
}

function holdsNothing(db: Db): boolean {
  return one<{ n: number }>(db, 'SELECT (SELECT count(*) FROM area) + (SELECT count(*) FROM audit_log) AS n')!.n === 0;
}

/**
 * Opens the database the way every host does at start: health check first,
 * then this process's marker. Throws DatabaseOpenError for a file that cannot
 * be used (a newer version's, not a database, busy) — and, with
 * onDamaged 'refuse', for a damaged one.
 */
export function openWithHealthCheck(dbPath: string, onDamaged: OnDamaged, options: OpenOptions = {}): HealthyOpen {
  const file = path.resolve(dbPath);
  // A restore killed half-way leaves a full copy of an area's data in the temp folder.
  removeAbandonedRestores();
  const stale = staleMarkers(file);
  const report: StartupReport = {
    uncleanExit: stale.length > 0,
    check: stale.length > 0 ? 'ok' : 'not needed',
    problem: null,
    movedAsideTo: null,
    newestGoodBackup: null,
  };
  let db: Db | null = null;
  let failure: string | null = null;

  try {
    db = openDatabase(file, options);
  } catch (err) {
    if (!(report.uncleanExit && isDamage(err))) throw err;
    failure = /\(([^()]*)\)\.?$/.exec((err as Error).message)?.[1] ?? (err as Error).message;
  }
  if (db && report.uncleanExit) {
    failure = quickCheck(db);
    if (failure !== null) {
      db.close();
      db = null;
    }
  }

  if (failure !== null) {
    report.check = 'failed';
    report.movedAsideTo = moveAside(file);
    report.newestGoodBackup = newestGoodBackup(file);
    report.problem = `${file} did not pass its check after BCF Returns last closed unexpectedly (SQLite says: ${failure}). The damaged file has been moved aside, unchanged, to ${report.movedAsideTo}. ${offer(report.newestGoodBackup)}`;
  } else if (db) {
    const earlier = damagedFiles(file)[0];
    if (earlier && holdsNothing(db)) {
      report.movedAsideTo = earlier;
      report.newestGoodBackup = newestGoodBackup(file);
      report.problem = `The previous database at ${file} failed its check and was moved aside to ${earlier}; this one is empty. ${offer(report.newestGoodBackup)}`;
    }
  }
  for (const m of stale) removeMarker(m.file);

  if (report.problem && onDamaged === 'refuse') {
    db?.close();
    throw new DatabaseOpenError(
      `${report.problem}${restoreHint(report.newestGoodBackup)} To start afresh with an empty file instead, move ${report.movedAsideTo} out of that folder.`,
    );
  }
  db ??= openDatabase(file, options);
  return { db, report, marker: writeMarker(file) };
}
