import { ApiError, type ImportPreview, type PlanImportOutcome } from '../../../shared/api';
import { describeProblem, normaliseHeader, type Row } from '../../../shared/imports/table';
import { computePrintedTotals, importPlanLines, type LineImport } from '../../../shared/plans/import-lines';
import type { PlanLine } from '../../../shared/plans/line';
import { validatePlan } from '../../../shared/plans/rules';
import { withAnswers } from '../../../shared/templates/conditions';
import { planCoverDetails } from './cover';
import type { PlanSubject } from '../../../shared/plans/subject';
import { planYears, type ReferenceSet } from '../../../shared/reference/reference-set';
import type { YearLabel } from '../../../shared/years/financial-year';
import { checkingRows, inTransaction, type ServiceContext } from '../context';
import { readAnyTable } from '../files/read-any';
import { planTemplate } from './approved-copy';
import { rememberLinks, restoreLinks } from './line-links';
import { planAction } from './changesets';
import { insertPrintedTotal, listPrintedTotals, removePrintedTotal } from './income';
import { countLines, insertLines, removeLines } from './lines';
import { planSubject } from './plan-view';
import { ensurePlan, findPlan, templateToStart } from './plan-store';

/** What to do when the year already has lines: never mix them silently. */
export type ImportMode = 'refuse' | 'replace' | 'append';

const isPlanHeader = (row: Row) => {
  const cells = row.map(normaliseHeader);
  return cells.includes('scheme id') && cells.includes('scheme name');
};

/** Reads a plan file (TSV, CSV or xlsx) into rows. */
export async function readPlanFile(
  name: string,
  bytes: Uint8Array,
): Promise<{ file: string; rows: Row[]; sheet?: string }> {
  return readAnyTable(name, bytes, isPlanHeader);
}

function chooseTemplate(ctx: ServiceContext, year: YearLabel, template?: string): ReferenceSet {
  const existing = findPlan(ctx, year);
  if (existing && template && existing.template !== template) {
    throw new ApiError(
      'conflict',
      `The ${existing.years.join(' to ')} plan follows the ${existing.template} template, not ${template}.`,
      'template',
    );
  }
  return existing ? planTemplate(ctx, existing) : templateToStart(ctx, year, template);
}

function refuseProblems(parsed: LineImport): void {
  if (parsed.problems.length > 0) {
    const details = parsed.problems.map(describeProblem);
    throw new ApiError(
      'refused',
      `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}`,
      undefined,
      details,
    );
  }
  if (parsed.lines.length === 0) throw new ApiError('refused', `${parsed.file} has a header row but no scheme lines.`);
}

/** The plan as it would be after the import, for the rules to look at. */
function subjectAfter(
  ctx: ServiceContext,
  year: YearLabel,
  set: ReferenceSet,
  parsed: LineImport,
  mode: ImportMode,
): PlanSubject {
  const plan = findPlan(ctx, year);
  const current = plan ? planSubject(ctx, plan) : null;
  const keep = current && mode === 'append';
  const lines = [...(keep ? current.lines : []), ...parsed.lines];
  const printedTotals = [...(keep ? current.printedTotals : []), ...parsed.printedTotals.map((t) => ({ ...t }))];
  computePrintedTotals({ lines, printedTotals });
  return {
    years: plan?.years ?? planYears(set, year),
    template: set,
    lines,
    income: current?.income ?? [],
    printedTotals,
    requirements: current?.requirements ?? [],
    // The checks after the import look at the whole plan, its cover and national conditions too.
    conditions: current?.conditions ?? withAnswers(set.nationalConditions, new Map()),
    cover: planCoverDetails(ctx, plan?.id ?? null),
  };
}

export function previewPlanImport(
  ctx: ServiceContext,
  args: { file: string; sheet?: string; rows: readonly Row[]; year: YearLabel; template?: string },
): ImportPreview {
  const set = chooseTemplate(ctx, args.year, args.template);
  const parsed = importPlanLines(args.file, args.rows, args.year, set, checkingRows(ctx, args));
  const plan = findPlan(ctx, args.year);
  const existingLines = plan ? countLines(ctx, plan.id) : 0;
  const ok = parsed.problems.length === 0;
  return {
    file: args.file,
    ...(args.sheet ? { sheet: args.sheet } : {}),
    year: args.year,
    template: set.template,
    headerRow: parsed.headerRow,
    columns: parsed.columns,
    lines: parsed.lines.length,
    sample: parsed.lines
      .slice(0, 20)
      .map((l, i) => ({ ...l, id: -(i + 1), position: i + 1, updatedAt: '' }) as PlanLine),
    printedTotals: parsed.printedTotals,
    readPast: parsed.readPast,
    problems: parsed.problems.map(describeProblem),
    findings: ok
      ? validatePlan(subjectAfter(ctx, args.year, set, parsed, existingLines > 0 ? 'append' : 'replace')).findings
      : [],
    existingLines,
  };
}

/**
 * Imports scheme lines from a table. The whole file is parsed and checked
 * first; if anything is wrong nothing is written and every problem is
 * reported. Otherwise all lines (and any printed totals, kept for checking)
 * are written in one transaction, as one undoable step.
 */
export function importPlanTable(
  ctx: ServiceContext,
  args: { file: string; rows: readonly Row[]; year: YearLabel; mode: ImportMode; dryRun?: boolean; template?: string },
): PlanImportOutcome {
  const set = chooseTemplate(ctx, args.year, args.template);
  const parsed = importPlanLines(args.file, args.rows, args.year, set, checkingRows(ctx, args));
  refuseProblems(parsed);
  const existingPlan = findPlan(ctx, args.year);
  const existing = existingPlan ? countLines(ctx, existingPlan.id) : 0;
  if (existing > 0 && args.mode === 'refuse') {
    throw new ApiError(
      'conflict',
      `The ${existingPlan!.years.join(' to ')} plan already has ${existing} line${existing === 1 ? '' : 's'}; choose to replace them or to append the file's ${parsed.lines.length}.`,
    );
  }
  const outcome: PlanImportOutcome = {
    file: args.file,
    year: args.year,
    imported: parsed.lines.length,
    replaced: args.mode === 'replace' ? existing : 0,
    printedTotals: parsed.printedTotals,
    readPast: parsed.readPast,
    dryRun: Boolean(args.dryRun),
    findings: validatePlan(subjectAfter(ctx, args.year, set, parsed, args.mode)).findings,
  };
  if (args.dryRun) return outcome;

  // Not write(): planAction adds and, when the import changes nothing, removes its undo step,
  // bookkeeping that keeps no history row.
  inTransaction(ctx, () => {
    const plan = ensurePlan(ctx, args.year, set.template);
    planAction(
      ctx,
      plan.id,
      `Import ${args.file}${args.mode === 'replace' && existing > 0 ? ` (replacing ${existing} lines)` : ''}`,
      (c) => {
        const links = args.mode === 'replace' ? rememberLinks(c, plan.id) : [];
        if (args.mode === 'replace') {
          removeLines(c, plan.id, 'all');
          for (const t of listPrintedTotals(c, plan.id)) removePrintedTotal(c, t.id);
        }
        insertLines(c, plan.id, parsed.lines, args.file);
        for (const { computedPence: _c, ...t } of parsed.printedTotals) insertPrintedTotal(c, plan.id, t);
        if (links.length > 0) outcome.links = restoreLinks(c, plan.id, links);
      },
    );
  });
  return outcome;
}
