import { foundation } from './001-foundation';
import { plans } from './002-plans';
import { pools } from './003-pools';
import { returns } from './004-returns';
import { workbooks } from './005-workbooks';
import { returnWorkbooks } from './006-return-workbooks';
import { approvedMetrics } from './007-approved-metrics';
import { templateYears } from './008-template-years';
import { historyScope } from './009-history-scope';
import { planSignoff } from './010-plan-signoff';
import { metricRevisions } from './011-metric-revisions';
import { reviewPackages } from './012-review-packages';
import { yearEndIncome } from './013-year-end-income';
import { consolidations } from './014-consolidations';
import { consolidationMinimums } from './015-consolidation-minimums';
import { undoSafeIds } from './016-undo-safe-ids';
import { approvedInputs } from './017-approved-inputs';
import { approvedPlanCopy } from './018-approved-plan-copy';

/**
 * Forward-only migrations. The database's `user_version` is the number of the
 * last one applied (numbers ascend; a gap is allowed). Never edit a migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: foundation },
  { version: 2, name: 'plans', sql: plans },
  { version: 3, name: 'pools', sql: pools },
  { version: 4, name: 'returns', sql: returns },
  { version: 5, name: 'workbooks', sql: workbooks },
  { version: 6, name: 'return workbooks', sql: returnWorkbooks },
  { version: 7, name: 'approved metrics', sql: approvedMetrics },
  { version: 8, name: 'template years', sql: templateYears },
  { version: 9, name: 'history scope', sql: historyScope },
  { version: 10, name: 'plan sign-off', sql: planSignoff },
  { version: 11, name: 'metric revisions', sql: metricRevisions },
  { version: 12, name: 'review packages', sql: reviewPackages },
  { version: 13, name: 'year-end income', sql: yearEndIncome },
  { version: 14, name: 'consolidations', sql: consolidations },
  { version: 15, name: 'consolidation minimums', sql: consolidationMinimums },
  { version: 16, name: 'undo-safe ids', sql: undoSafeIds },
  { version: 17, name: 'approved inputs', sql: approvedInputs },
  { version: 18, name: 'approved plan copy', sql: approvedPlanCopy },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
