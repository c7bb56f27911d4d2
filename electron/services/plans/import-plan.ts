import { ApiError } from '../../../shared/api';
import { describeProblem, type Row } from '../../../shared/imports/table';
import { importPlanLines, type PrintedTotal } from '../../../shared/plans/import-lines';
import type { YearLabel } from '../../../shared/years/financial-year';
import { recordAudit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { dropEmptySchemes, ensurePlanId, findPlanId } from './plan-store';
import { insertLine } from './lines';

/** What to do when the year already has lines: never mix them silently. */
export type ImportMode = 'refuse' | 'replace' | 'append';

export interface PlanImportOutcome {
  file: string;
  year: YearLabel;
  imported: number;
  replaced: number;
  printedTotals: PrintedTotal[];
  dryRun: boolean;
}

/**
 * Imports scheme lines from a table. The whole file is parsed and checked
 * first; if anything is wrong nothing is written and every problem is
 * reported. Otherwise all lines are written in one transaction.
 */
export function importPlanTable(
  ctx: ServiceContext,
  args: { file: string; rows: readonly Row[]; year: YearLabel; mode: ImportMode; dryRun?: boolean },
): PlanImportOutcome {
  const parsed = importPlanLines(args.file, args.rows, args.year);
  if (parsed.problems.length > 0) {
    const details = parsed.problems.map(describeProblem);
    throw new ApiError('refused', `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}`, undefined, details);
  }
  if (parsed.lines.length === 0) throw new ApiError('refused', `${args.file} has a header row but no scheme lines.`);

  const planId = findPlanId(ctx, args.year);
  const existing = planId === null ? 0 : (ctx.db.prepare('SELECT count(*) AS n FROM scheme_line WHERE plan_id = ?').get(planId) as { n: number }).n;
  if (existing > 0 && args.mode === 'refuse') {
    throw new ApiError('conflict', `The ${args.year} plan already has ${existing} line${existing === 1 ? '' : 's'}; choose to replace them or to append the file's ${parsed.lines.length}.`);
  }
  const outcome: PlanImportOutcome = {
    file: args.file,
    year: args.year,
    imported: parsed.lines.length,
    replaced: args.mode === 'replace' ? existing : 0,
    printedTotals: parsed.printedTotals,
    dryRun: Boolean(args.dryRun),
  };
  if (args.dryRun) return outcome;

  inTransaction(ctx, () => {
    const id = ensurePlanId(ctx, args.year);
    if (args.mode === 'replace' && existing > 0) {
      ctx.db.prepare('DELETE FROM scheme_line WHERE plan_id = ?').run(id);
      dropEmptySchemes(ctx, id);
    }
    for (const line of parsed.lines) {
      const { source, ...input } = line;
      insertLine(ctx, id, input, source);
    }
    recordAudit(ctx, {
      action: 'import',
      entity: 'plan',
      entityId: id,
      newValue: { file: args.file, year: args.year, lines: outcome.imported, replaced: outcome.replaced, mode: args.mode },
    });
  });
  return outcome;
}
