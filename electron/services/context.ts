import type { Db } from '../db/connection';

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

/** Runs `fn` as one transaction: every user action commits whole or not at all. */
export function inTransaction<T>(ctx: ServiceContext, fn: () => T): T {
  return ctx.db.transaction(fn).immediate();
}
