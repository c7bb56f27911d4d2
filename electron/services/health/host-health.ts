import type { StartupReport } from '../../../shared/api';
import type { ServiceContext } from '../context';

/** What a host found when it opened the database: the start-up check and where the file lives. */
export interface HostHealth {
  startup: StartupReport;
  /** Warnings about where the file is kept (a network drive, a synced folder), or a backup that failed. */
  warnings: string[];
}

const byContext = new WeakMap<ServiceContext, HostHealth>();

export function setHostHealth(ctx: ServiceContext, health: HostHealth): void {
  byContext.set(ctx, health);
}

/** What the start-up check found for this context (nothing amiss for a context opened some other way). */
export function hostHealth(ctx: ServiceContext): HostHealth {
  return (
    byContext.get(ctx) ?? {
      startup: { uncleanExit: false, check: 'not needed', problem: null, movedAsideTo: null, newestGoodBackup: null },
      warnings: [],
    }
  );
}

/** After a restore the start-up problem is dealt with: the app stops offering the backup (the check's finding stays). */
export function clearStartupProblem(ctx: ServiceContext): void {
  const health = byContext.get(ctx);
  if (health) health.startup = { ...health.startup, problem: null, newestGoodBackup: null };
}
