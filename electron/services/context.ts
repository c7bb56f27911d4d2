import path from 'node:path';
import { ApiError, type WorkProgress } from '../../shared/api';
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
  /** Set on the worker that runs long work: say how far it has got; stop, if asked, before writing. */
  work?: WorkHooks;
  /** Set by a host that runs long work off its thread: how far that work has got, and a way to ask it to stop. */
  longWork?: { progress: () => WorkProgress | null; cancel: () => boolean };
}

export interface WorkHooks {
  progress: (step: string, done?: number, total?: number) => void;
  /** Throws a refusal if the user pressed Cancel and nothing has been written yet. */
  stopIfAsked: () => void;
  /** The work is about to write: from here on it runs to the end. */
  writing: () => void;
}

/** Where long work reports progress and may stop: a no-op where nothing is watching. */
export function reportProgress(ctx: ServiceContext, step: string, done = 0, total = 0): void {
  ctx.work?.progress(step, done, total);
  ctx.work?.stopIfAsked();
}

const checkingStep = (read: { file: string; rows: readonly unknown[] }) =>
  `Checking ${read.rows.length.toLocaleString('en-GB')} rows of ${read.file}`;

/** A file has been read: checking its rows is what takes the time now. */
export function reportRowsRead(ctx: ServiceContext, read: { file: string; rows: readonly unknown[] }): void {
  reportProgress(ctx, checkingStep(read));
}

/**
 * For a loop over a file's rows, where long work watches (undefined elsewhere): how many are checked,
 * as a counted bar, and the place a Cancel stops it — nothing is written while rows are checked.
 */
export function checkingRows(
  ctx: ServiceContext,
  read: { file: string; rows: readonly unknown[] },
): ((done: number) => void) | undefined {
  if (!ctx.work) return undefined;
  const step = checkingStep(read);
  return (done) => reportProgress(ctx, step, done, read.rows.length);
}

/**
 * Runs `fn` as one transaction: every user action commits whole or not at all.
 * If another process holds the file's write lock for longer than the busy
 * timeout, the user is told the file is busy (and that nothing was saved).
 */
export function inTransaction<T>(ctx: ServiceContext, fn: () => T): T {
  // The last moment a Cancel can stop long work with nothing saved.
  ctx.work?.stopIfAsked();
  ctx.work?.writing();
  try {
    return ctx.db.transaction(fn).immediate();
  } catch (err) {
    if (isBusyError(err)) throw new ApiError('refused', busyMessage(path.basename(ctx.dbPath)));
    throw err;
  }
}
