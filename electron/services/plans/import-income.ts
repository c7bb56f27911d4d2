import { ApiError, type IncomeImportOutcome, type IncomeImportPreview } from '../../../shared/api';
import { describeProblem, normaliseHeader, type Row } from '../../../shared/imports/table';
import { readAnyTable } from '../files/read-any';
import { importIncome, type IncomeImport } from '../../../shared/plans/import-income';
import type { YearLabel } from '../../../shared/years/financial-year';
import { inTransaction, type ServiceContext } from '../context';
import { planAction } from './changesets';
import { insertIncome, listIncome, removeIncome } from './income';
import type { ImportMode } from './import-plan';
import { planTemplate } from './approved-copy';
import { canonicalSource, planYears } from '../../../shared/reference/reference-set';
import { ensurePlan, findPlan, templateToStart } from './plan-store';

export type { IncomeImportOutcome };

/** An income table from TSV, CSV or xlsx (the sheet whose header names a Source of Funding), for the screen and the CLI alike. */
export function readIncomeFile(
  name: string,
  bytes: Uint8Array,
): Promise<{ file: string; rows: Row[]; sheet?: string }> {
  return readAnyTable(name, bytes, (row) =>
    row.some((cell) => ['source of funding', 'funding source'].includes(normaliseHeader(cell))),
  );
}

function readIncome(
  ctx: ServiceContext,
  file: string,
  rows: readonly Row[],
  year: YearLabel,
): { parsed: IncomeImport; years: YearLabel[]; existing: number } {
  const found = findPlan(ctx, year);
  const set = found ? planTemplate(ctx, found) : templateToStart(ctx, year);
  const years = found?.years ?? planYears(set, year);
  const parsed = importIncome(file, rows, years);
  // Another name of one of the year's sources of funding is read as that source.
  for (const l of parsed.lines) l.sourceOfFunding = canonicalSource(set, l.sourceOfFunding);
  if (parsed.problems.length === 0 && parsed.lines.length === 0)
    parsed.problems.push({ file, message: 'the file has no income lines' });
  return { parsed, years, existing: found ? listIncome(ctx, found.id).length : 0 };
}

/** What an income file would bring, every problem with it, and what the plan has now: nothing is written. */
export function previewIncomeImport(
  ctx: ServiceContext,
  args: { file: string; rows: readonly Row[]; year: YearLabel },
): IncomeImportPreview {
  const { parsed, years, existing } = readIncome(ctx, args.file, args.rows, args.year);
  return {
    file: args.file,
    year: args.year,
    years,
    lines: parsed.lines.map((l) => ({
      sourceOfFunding: l.sourceOfFunding,
      partner: l.partner,
      amountPence: l.amountPence,
      amountYear2Pence: l.amountYear2Pence ?? null,
    })),
    totals: parsed.totals,
    problems: parsed.problems.map(describeProblem),
    existingLines: existing,
  };
}

/**
 * Imports the plan's income by funding source: all or nothing, one undoable
 * step. The whole file is read and checked before anything is written (a
 * refused file leaves the database exactly as it was); then the plan (if the
 * year has none yet) and its income lines are written in one transaction.
 */
export function importIncomeTable(
  ctx: ServiceContext,
  args: { file: string; rows: readonly Row[]; year: YearLabel; mode: ImportMode; dryRun?: boolean },
): IncomeImportOutcome {
  const { parsed, existing } = readIncome(ctx, args.file, args.rows, args.year);
  if (parsed.problems.length > 0) {
    const details = parsed.problems.map(describeProblem);
    throw new ApiError(
      'refused',
      `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
      undefined,
      details,
    );
  }
  if (existing > 0 && args.mode === 'refuse') {
    throw new ApiError(
      'conflict',
      `The ${args.year} plan already has ${existing} income lines; choose to replace them or to append the file's ${parsed.lines.length}.`,
    );
  }
  const outcome: IncomeImportOutcome = {
    file: args.file,
    year: args.year,
    imported: parsed.lines.length,
    replaced: args.mode === 'replace' ? existing : 0,
    totals: parsed.totals,
    dryRun: Boolean(args.dryRun),
  };
  if (args.dryRun) return outcome;
  // Not write(): planAction adds and, when the import changes nothing, removes its undo step,
  // bookkeeping that keeps no history row.
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
