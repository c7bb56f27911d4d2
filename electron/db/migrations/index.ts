import { foundation } from './001-foundation';
import { plans } from './002-plans';
import { returns } from './005-returns';

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
  // 3 and 4 are taken by work on other branches; the lead renumbers at merge.
  { version: 5, name: 'returns', sql: returns },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
