import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { Db } from '../db/connection';
import { busyMessage, isBusyError } from '../db/errors';

/** What every service function receives: the open database and who is acting. */
export interface ServiceContext {
  db: Db;
  dbPath: string;
  /** The signed-in OS user, recorded in the audit log. */
  actor: string;
  now: () => Date;
  /** Folder of shipped data: reference lists, template profiles, the sample plan. */
  assetsDir: string;
  /** Set while a plan action runs: its audit rows carry it, so the action can be undone as one. */
  changesetId?: number;
}

/**
 * Runs `fn` as one transaction: every user action commits whole or not at all.
 * If another process holds the file's write lock for longer than the busy
 * timeout, the user is told the file is busy (and that nothing was saved).
 */
export function inTransaction<T>(ctx: ServiceContext, fn: () => T): T {
  try {
    return ctx.db.transaction(fn).immediate();
  } catch (err) {
    if (isBusyError(err)) throw new ApiError('refused', busyMessage(path.basename(ctx.dbPath)));
    throw err;
  }
}
