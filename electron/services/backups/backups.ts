import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError, type BackupEntry, type ExportedFile } from '../../../shared/api';
import {
  BACKUP_RULE_LIMITS,
  backupsToPrune,
  DEFAULT_BACKUP_RULE,
  type BackupRule,
} from '../../../shared/backups/retention';
import {
  backupsDirFor,
  parseBackupFileName,
  writeBackup,
  type BackupName,
  type BackupReason,
} from '../../db/backup-file';
import type { Db } from '../../db/connection';
import { one, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { summariseFile } from './summary';

/**
 * Backups of the area's database: automatic ones (on start, on a timer while
 * the app is open, before an upgrade, before a restore) in the "backups"
 * folder beside the database, pruned by the retention rule; and ones the user
 * asks for, there or in a folder of their choosing (never pruned).
 */

export interface BackupFile extends BackupName {
  path: string;
  bytes: number;
}

/** This database's backups in its backups folder, newest first (no file is opened). */
export function listBackupFiles(dbPath: string): BackupFile[] {
  const dir = backupsDirFor(dbPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const parsed = parseBackupFileName(dbPath, name);
    if (!parsed) continue;
    const file = path.join(dir, name);
    try {
      const stat = fs.statSync(file);
      if (stat.isFile()) out.push({ ...parsed, path: file, bytes: stat.size });
    } catch {
      // Removed while we looked: not a backup any more.
    }
  }
  return out.sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt) || b.name.localeCompare(a.name));
}

export function describeBackupFile(f: BackupFile): BackupEntry {
  return {
    name: f.name,
    path: f.path,
    takenAt: f.takenAt,
    reason: f.reason,
    bytes: f.bytes,
    summary: summariseFile(f.path),
  };
}

/** Every backup in the backups folder with what it holds, newest first. */
export function listBackups(dbPath: string): BackupEntry[] {
  return listBackupFiles(dbPath).map(describeBackupFile);
}

/** The newest backup that passes SQLite's quick check and that this version can restore. */
export function newestGoodBackup(dbPath: string): BackupEntry | null {
  for (const f of listBackupFiles(dbPath)) {
    const entry = describeBackupFile(f);
    if (entry.summary.ok) return entry;
  }
  return null;
}

/** A backup named as in the list; a name cannot reach outside the backups folder. */
export function findBackup(dbPath: string, name: string): BackupFile {
  const found = listBackupFiles(dbPath).find((f) => f.name === name);
  if (!found)
    throw new ApiError(
      'not_found',
      `There is no backup called ${JSON.stringify(name)} in ${backupsDirFor(dbPath)}.`,
      'name',
    );
  return found;
}

/** A backup bigger than this is not sent to a window (it would cross as base64 in one answer): copy it instead. */
const DOWNLOAD_LIMIT_BYTES = 256 * 1024 * 1024;

/**
 * A backup's bytes, for the window to offer as a download: how a copy reaches a USB stick or a shared
 * drive from the window, with the save dialog (the browser's or the desktop's) choosing where.
 */
export function backupForDownload(dbPath: string, name: string): ExportedFile {
  const found = findBackup(dbPath, name);
  const bytes = fs.statSync(found.path).size;
  if (bytes > DOWNLOAD_LIMIT_BYTES)
    throw new ApiError(
      'refused',
      `${name} is ${Math.round(bytes / 1024 / 1024)} MB, more than the ${DOWNLOAD_LIMIT_BYTES / 1024 / 1024} MB a window can download: copy it from ${backupsDirFor(dbPath)}, or run "bcf backup --to FOLDER".`,
    );
  return { fileName: name, base64: fs.readFileSync(found.path).toString('base64') };
}

const RULE_KEY = 'backup.rule';

export function getBackupRule(db: Db): BackupRule {
  const row = one<{ value: string }>(db, 'SELECT value FROM setting WHERE key = ?', RULE_KEY);
  if (!row) return { ...DEFAULT_BACKUP_RULE };
  try {
    const saved = JSON.parse(row.value) as Partial<BackupRule>;
    const out = { ...DEFAULT_BACKUP_RULE };
    for (const k of Object.keys(BACKUP_RULE_LIMITS) as (keyof BackupRule)[]) {
      const v = saved[k];
      if (Number.isInteger(v) && v! >= BACKUP_RULE_LIMITS[k].min && v! <= BACKUP_RULE_LIMITS[k].max) out[k] = v!;
    }
    return out;
  } catch {
    return { ...DEFAULT_BACKUP_RULE };
  }
}

export function setBackupRule(ctx: ServiceContext, change: Partial<BackupRule>): BackupRule {
  return write(ctx, (w) => {
    const old = getBackupRule(ctx.db);
    const next = { ...old };
    // Each count is checked against BACKUP_RULE_LIMITS by the API's schema (backups.setRule), the one way in.
    for (const k of Object.keys(BACKUP_RULE_LIMITS) as (keyof BackupRule)[]) {
      const v = change[k];
      if (v !== undefined) next[k] = v;
    }
    run(
      ctx.db,
      'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      RULE_KEY,
      JSON.stringify(next),
    );
    w.audit({ action: 'update', entity: 'setting', field: RULE_KEY, oldValue: old, newValue: next });
    return next;
  });
}

/**
 * What distinguishes one state of the data from another without reading it
 * all: the data version and the history's size and last entry. Every change
 * the app makes writes a history row in the same transaction, so two states
 * with the same fingerprint hold the same data.
 */
function fingerprintOf(db: Database.Database): string | null {
  try {
    const v = db.pragma('user_version', { simple: true }) as number;
    const a = one<{ n: number; id: number | null; at: string | null }>(
      db,
      'SELECT count(*) AS n, max(id) AS id, max(at) AS at FROM audit_log',
    )!;
    return `${v}:${a.n}:${a.id}:${a.at}`;
  } catch {
    return null;
  }
}

function fileFingerprint(file: string): string | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return fingerprintOf(db);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/** True when the database holds anything worth keeping: an area or any recorded change. */
export function holdsData(db: Db): boolean {
  const row = one<{ n: number }>(db, 'SELECT (SELECT count(*) FROM area) + (SELECT count(*) FROM audit_log) AS n')!;
  return row.n > 0;
}

/** Removes the backups the rule does not keep; returns their names. */
export function pruneBackups(ctx: ServiceContext): string[] {
  const rule = getBackupRule(ctx.db);
  const gone: string[] = [];
  for (const f of backupsToPrune(listBackupFiles(ctx.dbPath), rule, ctx.now())) {
    try {
      fs.rmSync(f.path, { force: true });
      gone.push(f.name);
    } catch {
      // Left for next time.
    }
  }
  return gone;
}

/**
 * An automatic backup into the backups folder, unless there is nothing to
 * keep (an empty database) or nothing has changed since the newest backup.
 * Then the rule prunes the folder. Returns the new backup, or null.
 */
export function autoBackup(ctx: ServiceContext, reason: Extract<BackupReason, 'start' | 'timer'>): BackupFile | null {
  if (!holdsData(ctx.db)) return null;
  const newest = listBackupFiles(ctx.dbPath)[0];
  if (newest && fileFingerprint(newest.path) === fingerprintOf(ctx.db)) return null;
  const file = writeBackup(ctx.db, ctx.dbPath, backupsDirFor(ctx.dbPath), reason, ctx.now());
  pruneBackups(ctx);
  return listBackupFiles(ctx.dbPath).find((f) => f.path === file) ?? null;
}

/**
 * "Back up now": into the backups folder, or into `folder` (which must be an
 * absolute path to an existing folder unless `create` is set). A backup in a
 * folder of the user's choosing is never pruned or overwritten.
 */
export function backUpNow(
  ctx: ServiceContext,
  options: { folder?: string | undefined; create?: boolean } = {},
): BackupEntry {
  const own = backupsDirFor(ctx.dbPath);
  let dir = own;
  if (options.folder !== undefined) {
    if (!path.isAbsolute(options.folder))
      throw new ApiError(
        'invalid_request',
        `Give the folder as a full path (e.g. ${process.platform === 'win32' ? 'D:\\Backups' : '/media/usb/backups'}), not ${JSON.stringify(options.folder)}.`,
        'folder',
      );
    dir = path.resolve(options.folder);
    if (options.create) fs.mkdirSync(dir, { recursive: true });
    let isDir = false;
    try {
      isDir = fs.statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir)
      throw new ApiError('refused', `There is no folder ${dir}; create it first or choose another.`, 'folder');
  }
  let file: string;
  try {
    file = writeBackup(ctx.db, ctx.dbPath, dir, 'manual', ctx.now());
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ApiError(
      'refused',
      `Cannot write a backup into ${dir}${code ? ` (${code})` : ''}: choose a folder you can save to.`,
      'folder',
    );
  }
  if (dir === own) pruneBackups(ctx);
  const name = path.basename(file);
  const parsed = parseBackupFileName(ctx.dbPath, name)!;
  return { ...parsed, path: file, bytes: fs.statSync(file).size, summary: summariseFile(file) };
}
