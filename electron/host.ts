import path from 'node:path';
import { openDatabase, type Db } from './db/connection';
import { currentActor } from './paths';
import type { ServiceContext } from './services/context';

export interface HostOptions {
  dbPath: string;
  assetsDir: string;
  actor?: string;
}

/** Opens the database and builds the context every host hands to the services. */
export function openServiceContext(options: HostOptions): ServiceContext & { close: () => void } {
  const dbPath = path.resolve(options.dbPath);
  const db: Db = openDatabase(dbPath);
  return {
    db,
    dbPath,
    actor: options.actor ?? currentActor(),
    now: () => new Date(),
    assetsDir: options.assetsDir,
    close: () => db.close(),
  };
}
