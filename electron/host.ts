import path from 'node:path';
import { currentActor, defaultDbPath } from './paths';
import { autoBackup } from './services/backups/backups';
import type { ServiceContext } from './services/context';
import { setHostHealth, type HostHealth } from './services/health/host-health';
import { gatherLocationFacts, locationWarnings, resolvedFolder } from './services/health/location';
import { removeMarker } from './services/health/session-marker';
import { openWithHealthCheck, type OnDamaged } from './services/health/startup';

export interface HostOptions {
  dbPath: string;
  assetsDir: string;
  actor?: string;
  /** What to do when the start-up check finds the file damaged (default: carry on with an empty file and report it). */
  onDamaged?: OnDamaged;
  /** Take an automatic backup once the file has passed its check (the app and the CLI do; tests need not). */
  startBackup?: boolean;
  busyTimeoutMs?: number;
}

export type HostContext = ServiceContext & { close: () => void; health: HostHealth };

/** Where `dbPath` lives, judged on this computer's mount table or mapped drives. */
export function whereWarnings(dbPath: string): string[] {
  const folder = resolvedFolder(dbPath);
  return locationWarnings(path.join(folder, path.basename(dbPath)), gatherLocationFacts(), defaultDbPath());
}

/**
 * Opens the database and builds the context every host hands to the services:
 * the start-up health check (after an unclean exit), this process's marker
 * (removed by close()), the warnings about where the file lives, and the
 * automatic backup on start.
 */
export function openServiceContext(options: HostOptions): HostContext {
  const dbPath = path.resolve(options.dbPath);
  const { db, report, marker } = openWithHealthCheck(
    dbPath,
    options.onDamaged ?? 'start-empty',
    options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {},
  );
  const health: HostHealth = { startup: report, warnings: whereWarnings(dbPath) };
  let closed = false;
  const ctx: HostContext = {
    db,
    dbPath,
    actor: options.actor ?? currentActor(),
    now: () => new Date(),
    assetsDir: options.assetsDir,
    health,
    close: () => {
      if (closed) return;
      closed = true;
      db.close();
      removeMarker(marker);
    },
  };
  setHostHealth(ctx, health);
  if (options.startBackup && report.problem === null) {
    try {
      autoBackup(ctx, 'start');
    } catch (err) {
      // A backup that cannot be written (a full disk, a read-only folder) must not stop the app opening, but it is said.
      health.warnings.push(`The automatic backup on start could not be written (${(err as Error).message}).`);
    }
  }
  return ctx;
}
