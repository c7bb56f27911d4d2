import { foundation } from './001-foundation';
import { plans } from './002-plans';
import { workbooks } from './006-workbooks';

/**
 * Forward-only migrations. The database's `user_version` is the number of the
 * last one applied. Never edit a migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: foundation },
  { version: 2, name: 'plans', sql: plans },
  { version: 6, name: 'workbooks', sql: workbooks },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
