import { ApiError, type ReturnImportOutcome, type ReturnImportPreview } from '../../../shared/api';
import { describeProblem, type Row } from '../../../shared/imports/table';
import { sumPence, type Pence } from '../../../shared/money';
import {
  importActuals,
  isActualsHeader,
  type ActualsImport,
  type ActualsRowMatch,
} from '../../../shared/returns/import-actuals';
import { returnColumnSpec, returnColumnValue, type ReturnColumn, type ReturnLine } from '../../../shared/returns/line';
import { extraFields } from '../../../shared/reference/reference-set';
import { extraKeyOf } from '../../../shared/templates/fields';
import type { Period } from '../../../shared/returns/period';
import type { AssessmentInput } from '../../../shared/returns/metrics';
import { yearEndIncome, type IncomeActualInput } from '../../../shared/returns/year-end';
import type { ConditionInput } from '../../../shared/templates/conditions';
import { validateReturn } from '../../../shared/returns/rules';
import type { YearLabel } from '../../../shared/years/financial-year';
import { checkingRows, type ServiceContext } from '../context';
import { readAnyTable } from '../files/read-any';
import { touch } from './entry';
import { assertUnlocked, changeReturnLine, requireReturn, type ReturnRecord } from './store';
import { returnSubject } from './view';
import { write } from '../write';

/** Reads a ledger extract or a filled return (TSV, CSV or xlsx; on whichever sheet has the header). */
export async function readReturnFile(
  name: string,
  bytes: Uint8Array,
): Promise<{ file: string; rows: Row[]; sheet?: string }> {
  return readAnyTable(name, bytes, isActualsHeader);
}

function parse(ctx: ServiceContext, r: ReturnRecord, file: string, rows: readonly Row[]) {
  const subject = returnSubject(ctx, r);
  const fields = subject.template ? extraFields(subject.template, 'return') : [];
  const parsed = importActuals(
    file,
    rows,
    subject.lines.map((l) => ({ ...l, id: l.id! })),
    r.sources,
    fields,
    checkingRows(ctx, { file, rows }),
  );
  return { subject, parsed, fields };
}

/** A line with a row's values applied: built-in columns as they are, the year's own into its extras. */
function withValues<L extends ReturnLine>(line: L, values: ActualsRowMatch['values']): L {
  const out: L = { ...line };
  const extra = { ...(line.extra ?? {}) };
  let touched = false;
  for (const [column, value] of Object.entries(values)) {
    const key = extraKeyOf(column);
    if (key === null) (out as Record<string, unknown>)[column] = value;
    else {
      touched = true;
      if (value === null || value === undefined || value === '') delete extra[key];
      else extra[key] = value as string | number;
    }
  }
  if (touched) out.extra = extra;
  return out;
}

/** Metric assessments a workbook sets with its lines (its metrics sheet), for the checks to see them. */
export type AssessmentsRead = readonly { metricId: number; input: AssessmentInput }[];

/** National condition answers a workbook sets with its lines, for the checks to see them. */
export type ConditionsRead = readonly { key: string; input: ConditionInput }[];

/** Cover details a workbook sets with its lines (a blank one falls back to the plan's, as it does once written). */
export type CoverRead = readonly { key: string; to: string }[];

/** A year-end workbook's actual income by funding source, set with its lines. */
export type IncomeRead = readonly IncomeActualInput[];

/** What the workbook read with the lines sets besides them: all optional, each for the checks to see. */
export interface AlsoRead {
  assessments?: AssessmentsRead;
  conditions?: ConditionsRead;
  cover?: CoverRead;
  income?: IncomeRead;
}

/** The return as it would be after the import, for the checks. */
function after(
  subject: ReturnType<typeof returnSubject>,
  parsed: ActualsImport,
  file: string,
  { assessments = [], conditions = [], cover = [], income = [] }: AlsoRead,
) {
  const byLine = new Map(parsed.matches.map((m) => [m.lineId, m]));
  const byMetric = new Map(assessments.map((a) => [a.metricId, a.input]));
  const byCondition = new Map(conditions.map((c) => [c.key, c.input]));
  return {
    ...subject,
    // The year's income joined again, as the return joins it, with the workbook's actuals after its own.
    ...(subject.income
      ? {
          income: yearEndIncome(
            subject.income.map((r) => ({ sourceOfFunding: r.sourceOfFunding, pence: r.plannedPence })),
            [...subject.income, ...income],
          ),
        }
      : {}),
    metrics: subject.metrics.map((m) => ({ ...m, ...(byMetric.get(m.metricId) ?? {}) })),
    conditions: (subject.conditions ?? []).map((c) => ({ ...c, ...(byCondition.get(c.key) ?? {}) })),
    cover: (subject.cover ?? []).map((d) => ({
      ...d,
      value: cover.find((c) => c.key === d.key && c.to !== '')?.to ?? d.value,
    })),
    lines: subject.lines.map((l) => {
      const m = byLine.get(l.id!);
      return m ? { ...withValues(l as ReturnLine, m.values), source: { file, row: m.row } } : l;
    }),
  };
}

export function previewReturnImport(
  ctx: ServiceContext,
  args: {
    year: YearLabel;
    period: Period;
    file: string;
    sheet?: string | undefined;
    rows: readonly Row[];
  } & AlsoRead,
): ReturnImportPreview {
  const r = requireReturn(ctx, args.year, args.period);
  const { subject, parsed, fields } = parse(ctx, r, args.file, args.rows);
  const ok = parsed.problems.length === 0;
  const lines = new Map(subject.lines.map((l) => [l.id!, l]));
  const matched = new Set(parsed.matches.map((m) => m.lineId));
  return {
    file: args.file,
    ...(args.sheet ? { sheet: args.sheet } : {}),
    headerRow: parsed.headerRow,
    columns: parsed.columns,
    ignored: parsed.ignored,
    matches: parsed.matches.map((m) => {
      const l = lines.get(m.lineId)!;
      const changes = (Object.entries(m.values) as [ReturnColumn, unknown][])
        .filter(([f, v]) => (returnColumnValue(l, f) ?? null) !== (v ?? null))
        .map(([f, v]) => {
          const spec = returnColumnSpec(f, fields)!;
          return { field: f, from: spec.format(returnColumnValue(l, f)), to: spec.format(v) };
        });
      return {
        row: m.row,
        lineId: m.lineId,
        schemeId: l.schemeId,
        schemeName: l.schemeName,
        plannedPence: l.plannedPence,
        changes,
      };
    }),
    untouched: subject.lines.length - matched.size,
    printedTotals: totalsAbove(parsed, lines),
    problems: parsed.problems.map(describeProblem),
    findings: ok ? validateReturn(after(subject, parsed, args.file, args)).findings : [],
  };
}

/**
 * What the matched rows above each printed total add up to. Matches come in row order, so each field
 * is summed cumulatively once and a total finds its share by binary search: filtering every match for
 * every total grew with rows × totals (a file with a subtotal per page).
 */
function totalsAbove(
  parsed: ReturnType<typeof parse>['parsed'],
  lines: ReadonlyMap<number, Pick<ReturnLine, 'plannedPence' | 'actualPence'>>,
): (ReturnType<typeof parse>['parsed']['printedTotals'][number] & { computedPence: Pence })[] {
  if (parsed.printedTotals.length === 0) return [];
  const planned: Pence[] = [0];
  const actual: Pence[] = [0];
  for (const m of parsed.matches) {
    const line = lines.get(m.lineId)!;
    const value = (m.values.actualPence as Pence | null | undefined) ?? line.actualPence ?? 0;
    planned.push(sumPence([planned[planned.length - 1]!, line.plannedPence]));
    actual.push(sumPence([actual[actual.length - 1]!, value]));
  }
  return parsed.printedTotals.map((t) => {
    let lo = 0;
    let hi = parsed.matches.length; // the number of matched rows above the total
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (parsed.matches[mid]!.row < t.row) lo = mid + 1;
      else hi = mid;
    }
    return { ...t, computedPence: (t.field === 'plannedPence' ? planned : actual)[lo]! };
  });
}

/**
 * Imports the file's figures into the return: the whole file is read and
 * matched first; if any row is wrong or cannot be matched, nothing is written
 * and every problem is listed. Otherwise every matched line changes in one
 * transaction, each change audited.
 */
export function importReturnTable(
  ctx: ServiceContext,
  args: {
    year: YearLabel;
    period: Period;
    file: string;
    rows: readonly Row[];
    dryRun?: boolean;
  } & AlsoRead,
): ReturnImportOutcome {
  return write(ctx, () => {
    const r = requireReturn(ctx, args.year, args.period);
    assertUnlocked(r);
    const { subject, parsed } = parse(ctx, r, args.file, args.rows);
    if (parsed.problems.length > 0) {
      const details = parsed.problems.map(describeProblem);
      throw new ApiError(
        'refused',
        `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}; nothing was imported.`,
        undefined,
        details,
      );
    }
    const findings = validateReturn(after(subject, parsed, args.file, args)).findings;
    if (args.dryRun) return { file: args.file, matched: parsed.matches.length, changed: 0, dryRun: true, findings };
    let changed = 0;
    for (const m of parsed.matches) {
      changed += changeReturnLine(ctx, m.lineId, m.values, {
        source: { file: args.file, row: m.row },
        reason: `Imported from ${args.file} row ${m.row}`,
      }).length;
    }
    if (changed > 0) touch(ctx, r);
    return { file: args.file, matched: parsed.matches.length, changed, dryRun: false, findings };
  });
}
