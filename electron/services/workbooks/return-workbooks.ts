import path from 'node:path';
import {
  ApiError,
  type ReturnWorkbookImportOutcome,
  type ReturnWorkbookImportPreview,
  type WorkbookExport,
} from '../../../shared/api';
import { describeProblem, type ImportProblem } from '../../../shared/imports/table';
import { returnLabel, type Period } from '../../../shared/returns/period';
import { isLocked } from '../../../shared/returns/signoff';
import type { WorkbookRead } from '../../../shared/workbooks/data';
import { COVER_FIELDS } from '../../../shared/workbooks/fields';
import { planLists } from '../../../shared/workbooks/plan-adapter';
import { hasYearTokens, instantiateProfile, type Profile } from '../../../shared/workbooks/profile';
import {
  metricsFromWorkbook,
  periodsNamed,
  returnFromWorkbook,
  returnWorkbookData,
  withReturnFieldNames,
  type MetricsFromWorkbook,
  type ReturnFromWorkbook,
  YEAR_END_INCOME_TABLE,
} from '../../../shared/workbooks/return-adapter';
import { sameText } from '../../../shared/workbooks/values';
import type { YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { parseCoverValue } from '../plans/cover';
import { planById } from '../plans/plan-store';
import { referenceSet } from '../reference/reference';
import { approvedPlanOf, returnTemplate } from '../returns/approved-plan';
import { coverValues, effectiveCover, RETURN_COVER_KEYS, setReturnCoverField } from '../returns/cover';
import { importReturnTable, previewReturnImport } from '../returns/import-actuals';
import { listAssessments, listMetrics, writeAssessment } from '../returns/metrics';
import { assertUnlocked, findReturn, listReturnLines, requireReturn, type ReturnRecord } from '../returns/store';
import { fillWorkbook } from './fill';
import { generateWorkbook } from './generate';
import { allProfiles, chooseProfile, getProfile } from './profiles';
import { extraFields } from '../../../shared/reference/reference-set';
import { conditionsFromWorkbook, type ConditionsFromWorkbook } from '../../../shared/workbooks/conditions';
import { listConditionAnswers, writeConditionAnswer } from '../templates/conditions';
import { touch } from '../returns/entry';
import { readWorkbook, type ReadResult } from './read';
import { appendAll } from '../../../shared/values/arrays';
import {
  hasYearEndIncome,
  incomeFromWorkbook,
  withYearEndIncome,
  type IncomeFromWorkbook,
  yearEndIncomeTable,
} from '../../../shared/workbooks/year-end-table';
import { returnIncome, setIncomeActual } from '../returns/year-end';

/**
 * The return adapter's service side: a quarterly return out to a workbook
 * (NHS England's copy filled, or one generated), and a quarterly workbook
 * back into its return through the returns importer — the same matching of
 * rows to lines, preview and all-or-nothing commit as any file of actuals,
 * refused once the return is approved.
 */

/** The profile a return uses, with its year filled in; refused if it is for another year. */
export function returnProfile(ctx: ServiceContext, r: ReturnRecord, id?: string): Profile {
  return returnProfileChoice(ctx, r, id).profile;
}

/** The layout a return's export would use now, or null when none can be chosen (no workbook brought). */
export function layoutNow(ctx: ServiceContext, r: ReturnRecord): { profile: Profile; note: string | null } | null {
  try {
    return returnProfileChoice(ctx, r);
  } catch (e) {
    if (e instanceof ApiError) return null;
    throw e;
  }
}

/**
 * The profile, and what to say when it is another period's layout (no template of the return's own period
 * was brought). A locked return, unless another profile is asked for, keeps the layout it was approved with.
 */
function returnProfileChoice(
  ctx: ServiceContext,
  r: ReturnRecord,
  id?: string,
): { profile: Profile; note: string | null } {
  const kept = id === undefined ? approvedPlanOf(ctx, r)?.layout : undefined;
  if (kept) return kept;
  const plan = planById(ctx, r.planId);
  const chosen = chooseProfile(ctx, 'return', { year: r.year, template: plan.template, period: r.period }, id);
  const stored = withReturnFieldNames(chosen.profile);
  if (hasYearTokens(stored)) return { profile: instantiateProfile(stored, [r.year]), note: chosen.note };
  if (!stored.years.includes(r.year)) {
    throw new ApiError(
      'refused',
      `The profile "${stored.label}" is for ${stored.years.join(' and ')}, not ${r.year}; bring the ${r.year} reporting workbook on the Template years screen (bcf template add WORKBOOK.xlsx --year ${r.year}).`,
      'profile',
    );
  }
  return { profile: stored, note: chosen.note };
}

function returnData(ctx: ServiceContext, year: YearLabel, period: Period, profileId?: string) {
  const r = requireReturn(ctx, year, period);
  const { profile, note } = returnProfileChoice(ctx, r, profileId);
  const set = returnTemplate(ctx, r);
  const lists = profile.template === set.template ? set : referenceSet(ctx, profile.template);
  const data = returnWorkbookData(
    // The metrics as the return view shows them: an approved return's as approved.
    {
      area: requireArea(ctx).name,
      label: returnLabel(year, period),
      lines: listReturnLines(ctx, r.id),
      cover: coverValues(ctx, r),
      metrics: listAssessments(ctx, r.id, r.year, isLocked(r.state)),
      conditions: listConditionAnswers(ctx, { returnId: r.id }, set.nationalConditions),
      income: returnIncome(ctx, r),
    },
    planLists(lists, profile),
  );
  return { r, profile, data, note };
}

/**
 * A return as a workbook: `into` is the copy NHS England sent, its lines
 * pre-populated, filled (the user's file itself is never written: the result
 * is new bytes); without it, a workbook is generated. An approved return can
 * be written out: that is the one that is submitted.
 */
export async function exportReturnWorkbook(
  ctx: ServiceContext,
  args: {
    year: YearLabel;
    period: Period;
    profile?: string | undefined;
    into?: { file: string; bytes: Uint8Array } | undefined;
  },
): Promise<WorkbookExport & { bytes: Uint8Array }> {
  const { r, profile, data, note } = returnData(ctx, args.year, args.period, args.profile);
  const yearEnd = r.period === 'YE';
  if (args.into) {
    const { bytes, summary } = fillWorkbook({ file: args.into.file, bytes: args.into.bytes, profile, data });
    if (note) summary.warnings.unshift(note);
    // The income is filled where the template's block is mapped; where it is not, saying so beats leaving it out silently.
    if (yearEnd && !hasYearEndIncome(profile) && (data.tables.yearEndIncome ?? []).length > 0)
      summary.warnings.push(
        `The template "${profile.label}" has no year-end income block mapped, so the income by funding source was not written; bring the year-end workbook on the Template years screen and map its income table (or generate a workbook, which has a sheet of its own for it).`,
      );
    return { fileName: summary.outputName, contentBase64: '', bytes, mode: 'fill', profile: profile.id, fill: summary };
  }
  const { bytes, summary } = await generateWorkbook({
    profile: yearEnd ? withYearEndIncome(profile) : profile,
    data,
    now: ctx.now(),
  });
  if (note) summary.notes = [note, ...(summary.notes ?? [])];
  return {
    fileName: summary.outputName,
    contentBase64: '',
    bytes,
    mode: 'generate',
    profile: profile.id,
    generate: summary,
  };
}

// ---------------------------------------------------------------------------
// Reading a workbook: whichever profile it matches, plan or return

/** Reads a workbook through the profile named, or the one it matches best of all the profiles. */
export function readForImport(ctx: ServiceContext, file: string, bytes: Uint8Array, profileId?: string): ReadResult {
  const chosen = profileId ? withReturnFieldNames(getProfile(ctx, profileId).profile) : undefined;
  return readWorkbook(file, bytes, {
    candidates: allProfiles(ctx).map((p) => withReturnFieldNames(p.profile)),
    ...(chosen ? { profile: chosen } : {}),
    // A year-end workbook the app generated carries the income on a sheet of its own when the
    // template maps no income block: read it back from there.
    also: (p) => (p.kind === 'return' && !hasYearEndIncome(p) ? [yearEndIncomeTable(withYearEndIncome(p))] : []),
  });
}

/**
 * The read as the return's period takes it: a quarter takes no income, so the generated income sheet
 * a year-end workbook carries (read before the period was known) is dropped with any problem on it,
 * and cannot block a quarter's import. A block the template itself maps is the template's: kept.
 */
function forPeriod({ read, profile }: ReadResult, period: Period): WorkbookRead {
  const income = read.tables[YEAR_END_INCOME_TABLE];
  if (period === 'YE' || !income || hasYearEndIncome(profile)) return read;
  const { [YEAR_END_INCOME_TABLE]: _dropped, ...tables } = read.tables;
  const where = `${read.file} (sheet "${income.sheet}")`;
  return { ...read, tables, problems: read.problems.filter((p) => p.file !== where) };
}

interface ReadReturn {
  profile: Profile;
  read: WorkbookRead;
  parsed: ReturnFromWorkbook;
  metrics: MetricsFromWorkbook;
  conditions: ConditionsFromWorkbook;
  /** A year-end return's income by funding source (none read for a quarter). */
  income: IncomeFromWorkbook;
  r: ReturnRecord;
  cover: { key: string; label: string; from: string; to: string }[];
  problems: ImportProblem[];
  notes: string[];
}

/** Which return the workbook is for: its profile's year, and the period given or named on its cover. */
function whichReturn(
  ctx: ServiceContext,
  read: WorkbookRead,
  profile: Profile,
  given: Period | undefined,
  notes: string[],
): ReturnRecord {
  const year = profile.years[0]!;
  const named = periodsNamed(read.coverTexts);
  let period = given;
  if (period) {
    if (named.length > 0 && !named.includes(period))
      notes.push(
        `The workbook's cover names ${named.map((p) => returnLabel(year, p)).join(' and ')}; it is read into the ${returnLabel(year, period)} return, as chosen.`,
      );
  } else if (named.length === 1) {
    period = named[0]!;
  } else {
    throw new ApiError(
      'invalid_request',
      `${read.file} is a ${year} quarterly workbook, but its cover ${named.length === 0 ? 'does not say which quarter it is for' : `names ${named.join(' and ')}`}; choose the return it goes into (Q1, Q2, Q3 or year end).`,
      'period',
    );
  }
  const r = findReturn(ctx, year, period);
  if (!r)
    throw new ApiError(
      'not_found',
      `${read.file} is for the ${returnLabel(year, period)} return, which does not exist yet: create it from the plan first (bcf return create --year ${year} --period ${period}).`,
      'period',
    );
  return r;
}

function readReturn(ctx: ServiceContext, result: ReadResult, period: Period | undefined): ReadReturn {
  const { profile } = result;
  const notes = [...result.read.notes];
  const r = whichReturn(ctx, result.read, profile, period, notes);
  const read = forPeriod(result, r.period);
  const set = returnTemplate(ctx, r);
  const parsed = returnFromWorkbook(read, extraFields(set, 'return'));
  const metrics = metricsFromWorkbook(read, listAssessments(ctx, r.id, r.year, isLocked(r.state)));
  const conditions = conditionsFromWorkbook(
    read,
    listConditionAnswers(ctx, { returnId: r.id }, set.nationalConditions),
  );
  const income: IncomeFromWorkbook =
    r.period === 'YE'
      ? incomeFromWorkbook(read, returnIncome(ctx, r))
      : { sheet: null, rows: [], changes: [], problems: [] };
  appendAll(notes, metrics.notes);
  const problems = [...parsed.problems, ...metrics.problems, ...conditions.problems, ...income.problems];
  const current = new Map(effectiveCover(ctx, r).map((f) => [f.key, f]));
  const cover: ReadReturn['cover'] = [];
  for (const [key, value] of Object.entries(parsed.cover)) {
    if (key === 'hwb') {
      const area = requireArea(ctx).name;
      if (!sameText(value, area))
        notes.push(`The workbook is for "${value}"; this database holds ${area}. Its figures are read all the same.`);
      continue;
    }
    if (!RETURN_COVER_KEYS.includes(key)) continue;
    const checked = parseCoverValue(key, value);
    if (!checked.ok) {
      problems.push({
        file: `${read.file} (sheet "${profile.cover.sheet}")`,
        ...(read.cover[key] ? { column: read.cover[key].cell } : {}),
        message: checked.message,
      });
      continue;
    }
    const now = current.get(key)?.value ?? '';
    if (checked.value !== now)
      cover.push({ key, label: COVER_FIELDS.find((f) => f.field === key)!.label, from: now, to: checked.value });
  }
  return { profile, read, parsed, metrics, conditions, income, r, cover, problems, notes };
}

function lockProblem(r: ReturnRecord): string | null {
  try {
    assertUnlocked(r);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export function previewReturnWorkbook(
  ctx: ServiceContext,
  result: ReadResult,
  args: { file: string; period?: Period | undefined },
): ReturnWorkbookImportPreview {
  const x = readReturn(ctx, result, args.period);
  const label = returnLabel(x.r.year, x.r.period);
  const actuals = x.parsed.sheet
    ? previewReturnImport(ctx, {
        year: x.r.year,
        period: x.r.period,
        file: x.parsed.file,
        sheet: x.parsed.sheet,
        rows: x.parsed.rows,
        assessments: x.metrics.metrics,
        conditions: x.conditions.answers,
        cover: x.cover,
        income: x.income.rows.map((i) => i.input),
      })
    : {
        file: x.parsed.file,
        headerRow: 0,
        columns: [],
        ignored: [],
        matches: [],
        untouched: 0,
        printedTotals: [],
        problems: [],
        findings: [],
      };
  const locked = lockProblem(x.r);
  const problems = [...(locked ? [locked] : []), ...x.problems.map(describeProblem), ...actuals.problems];
  return {
    kind: 'return',
    file: path.basename(args.file),
    profile: x.profile.id,
    profileLabel: x.profile.label,
    year: x.r.year,
    period: x.r.period,
    label,
    state: x.r.state,
    locked: isLocked(x.r.state),
    sheet: x.parsed.sheet,
    headerRow: x.parsed.headerRow,
    actuals: problems.length > 0 ? { ...actuals, findings: [] } : actuals,
    cover: x.cover,
    metrics: { sheet: x.metrics.sheet, rows: x.metrics.metrics.length, changes: x.metrics.changes },
    conditions: { sheet: x.conditions.sheet, rows: x.conditions.answers.length, changes: x.conditions.changes },
    income: { sheet: x.income.sheet, rows: x.income.rows.length, changes: x.income.changes },
    problems,
    notes: x.notes,
  };
}

/**
 * Reads a quarterly workbook into its return: the figures of every row
 * matched to a line, and the cover details, in one transaction, or nothing
 * at all if any cell is wrong, any row cannot be matched to exactly one
 * line, or the return is approved.
 */
export function importReturnWorkbook(
  ctx: ServiceContext,
  result: ReadResult,
  args: { file: string; period?: Period | undefined; dryRun?: boolean | undefined },
): ReturnWorkbookImportOutcome {
  const x = readReturn(ctx, result, args.period);
  assertUnlocked(x.r);
  if (x.problems.length > 0) {
    const details = x.problems.map(describeProblem);
    throw new ApiError(
      'refused',
      `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}; nothing was imported.`,
      undefined,
      details,
    );
  }
  return write(ctx, () => {
    const r = requireReturn(ctx, x.r.year, x.r.period);
    assertUnlocked(r);
    const outcome = importReturnTable(ctx, {
      year: r.year,
      period: r.period,
      file: x.parsed.file,
      rows: x.parsed.rows,
      dryRun: Boolean(args.dryRun),
      assessments: x.metrics.metrics,
      conditions: x.conditions.answers,
      cover: x.cover,
      income: x.income.rows.map((i) => i.input),
    });
    if (!args.dryRun)
      for (const c of x.cover) setReturnCoverField(ctx, r, c.key, c.to, `From ${path.basename(args.file)}`);
    const metricsChanged = new Set(x.metrics.changes.map((c) => c.metric)).size;
    if (!args.dryRun && x.metrics.metrics.length > 0) {
      const now = requireReturn(ctx, r.year, r.period); // importing the lines may have changed its state
      const byId = new Map(listMetrics(ctx, r.year).map((m) => [m.id, m]));
      for (const m of x.metrics.metrics)
        writeAssessment(
          ctx,
          now,
          byId.get(m.metricId)!,
          m.input,
          `Imported from ${path.basename(args.file)} [${x.metrics.sheet}] row ${m.row}`,
        );
    }
    if (!args.dryRun && x.conditions.answers.length > 0) {
      const now = requireReturn(ctx, r.year, r.period);
      const conditions = referenceSet(ctx, planById(ctx, r.planId).template).nationalConditions;
      let changed = false;
      for (const a of x.conditions.answers)
        changed =
          writeConditionAnswer(
            ctx,
            { returnId: r.id },
            conditions,
            a.key,
            a.input,
            `Imported from ${path.basename(args.file)} [${x.conditions.sheet}] row ${a.row}`,
          ) || changed;
      if (changed) touch(ctx, now);
    }
    const incomeChanged = new Set(x.income.changes.map((c) => c.sourceOfFunding)).size;
    if (!args.dryRun)
      for (const i of x.income.rows)
        setIncomeActual(
          ctx,
          r.year,
          r.period,
          i.input,
          `Imported from ${path.basename(args.file)} [${x.income.sheet}] row ${i.row}`,
        );
    return {
      kind: 'return',
      file: path.basename(args.file),
      profile: x.profile.id,
      year: r.year,
      period: r.period,
      label: returnLabel(r.year, r.period),
      matched: outcome.matched,
      changed: outcome.changed,
      cover: x.cover.map((c) => c.key),
      metrics: metricsChanged,
      conditions: new Set(x.conditions.changes.map((c) => c.key)).size,
      income: incomeChanged,
      notes: x.notes,
      dryRun: Boolean(args.dryRun),
      findings: outcome.findings,
    };
  });
}
