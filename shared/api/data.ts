import { z } from 'zod';
import { BACKUP_RULE_LIMITS, type BackupRule } from '../backups/retention';
import { method } from './method';
import type { ExportedFile } from './pools';

export type { BackupRule };

/** What a database or backup file holds, read without changing it. */
export interface BackupSummary {
  /** True when SQLite's quick check passes and this version of the app can restore it. */
  ok: boolean;
  /** Why it cannot be restored, in a sentence fragment ("it is damaged (…)"). */
  problem: string | null;
  dataVersion: number | null;
  area: string | null;
  years: { year: string; lines: number }[];
  /** Rows in its history (audit log). */
  changes: number;
  lastChangeAt: string | null;
}

export interface BackupEntry {
  /** The file name, unique within the backups folder. */
  name: string;
  path: string;
  /** When the backup was taken (ISO 8601). */
  takenAt: string;
  /** start, timer, manual, before-restore or before-vN (before an upgrade). */
  reason: string;
  bytes: number;
  summary: BackupSummary;
}

/** What the start-up check found; shown until the app is restarted. */
export interface StartupReport {
  /** The previous session ended without closing the database (a crash, a kill, power lost). */
  uncleanExit: boolean;
  /** The quick check run after an unclean exit: 'not needed' when the last session closed cleanly. */
  check: 'not needed' | 'ok' | 'failed';
  /** What went wrong, in plain words; null when nothing did. */
  problem: string | null;
  /** Where the damaged file was moved (it is never deleted). */
  movedAsideTo: string | null;
  /** The newest backup that passes its check: what the app offers to restore. */
  newestGoodBackup: BackupEntry | null;
}

export interface DataStatus {
  dbPath: string;
  backupsDir: string;
  startup: StartupReport;
  /** Warnings about where the file is kept (a network drive, a synced folder). */
  warnings: string[];
  rule: BackupRule;
}

export interface RestoreOutcome {
  restored: BackupEntry;
  /** The backup of the data as it was just before the restore. */
  keptAs: BackupEntry | null;
}

const backupName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\:]+\.sqlite$/, 'Give the name of a backup as listed (a file name ending in .sqlite, no folder).');
const count = (k: keyof typeof BACKUP_RULE_LIMITS) => {
  const said = `must be a whole number from ${BACKUP_RULE_LIMITS[k].min} to ${BACKUP_RULE_LIMITS[k].max}.`;
  return z.number().int(said).min(BACKUP_RULE_LIMITS[k].min, said).max(BACKUP_RULE_LIMITS[k].max, said);
};

/** Your data: where it lives, its health, its backups, and restoring one. */
export const dataMethods = {
  'data.status': method<DataStatus>()(z.object({}).strict()),
  'backups.list': method<BackupEntry[]>()(z.object({}).strict()),
  // Into the backups folder only: a window cannot name a folder to write into. A copy elsewhere is a download
  // (the browser's or the desktop's own save dialog picks where), or `bcf backup --to FOLDER`.
  'backups.create': method<BackupEntry>()(z.object({}).strict()),
  'backups.download': method<ExportedFile>()(z.object({ name: backupName }).strict()),
  'backups.inspect': method<BackupEntry>()(z.object({ name: backupName }).strict()),
  'backups.restore': method<RestoreOutcome>()(z.object({ name: backupName }).strict()),
  // SQLite's full integrity check and every reference: refused, saying what failed, when anything does.
  'data.check': method<{ dbPath: string }>()(z.object({}).strict()),
  'backups.setRule': method<BackupRule>()(
    z
      .object({
        today: count('today').optional(),
        perDay: count('perDay').optional(),
        max: count('max').optional(),
        everyMinutes: count('everyMinutes').optional(),
      })
      .strict(),
  ),
};
