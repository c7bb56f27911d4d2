import { ApiError } from '../../../shared/api';
import { describeProblem, type Row } from '../../../shared/imports/table';
import { importIncome, type IncomeImport } from '../../../shared/plans/import-income';
import { planYears } from '../../../shared/reference/reference-set';
import type { YearLabel } from '../../../shared/years/financial-year';
import { inTransaction, type ServiceContext } from '../context';
import { planAction } from './changesets';
import { insertIncome, listIncome, removeIncome } from './income';
import type { ImportMode } from './import-plan';
import { ensurePlan, findPlan, templateToStart } from './plan-store';

export interface IncomeImportOutcome {
  file: string;
  year: YearLabel;
  imported: number;
  replaced: number;
  totals: IncomeImport['totals'];
  dryRun: boolean;
}

/**
 * Imports the plan's income by funding source: all or nothing, one undoable
 * step. The whole file is read and checked before anything is written (a
 * refused file leaves the database exactly as it was); then the plan (if the
 * year has none yet) and its income lines are written in one transaction.
 */
export function importIncomeTable(ctx: ServiceContext, args: { file: string; rows: readonly Row[]; year: YearLabel; mode: ImportMode; dryRun?: boolean }): IncomeImportOutcome {
  const found = findPlan(ctx, args.year);
  const years = found?.years ?? planYears(templateToStart(ctx, args.year), args.year);
  const parsed = importIncome(args.file, args.rows, years);
  if (parsed.problems.length > 0) {
    const details = parsed.problems.map(describeProblem);
    throw new ApiError('refused', `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`, undefined, details);
  }
  if (parsed.lines.length === 0) throw new ApiError('refused', `${args.file} has no income lines.`);
  const existing = found ? listIncome(ctx, found.id) : [];
  if (existing.length > 0 && args.mode === 'refuse') {
    throw new ApiError('conflict', `The ${args.year} plan already has ${existing.length} income lines; choose to replace them or to append the file's ${parsed.lines.length}.`);
  }
  const outcome: IncomeImportOutcome = { file: args.file, year: args.year, imported: parsed.lines.length, replaced: args.mode === 'replace' ? existing.length : 0, totals: parsed.totals, dryRun: Boolean(args.dryRun) };
  if (args.dryRun) return outcome;
  inTransaction(ctx, () => {
    const plan = ensurePlan(ctx, args.year);
    const current = listIncome(ctx, plan.id);
    planAction(ctx, plan.id, `Import income from ${args.file}`, (c) => {
      if (args.mode === 'replace') for (const x of current) removeIncome(c, x.id);
      for (const { source, ...input } of parsed.lines) insertIncome(c, plan.id, input, source);
    });
  });
  return outcome;
}
