import path from 'node:path';
import {
  ApiError,
  type PlanCover,
  type PlanWorkbookExport,
  type ReturnWorkbookImportOutcome,
  type ReturnWorkbookImportPreview,
  type WorkbookImportOutcome,
  type WorkbookImportPreview,
} from '../../../shared/api';
import type { Period } from '../../../shared/returns/period';
import { describeProblem } from '../../../shared/imports/table';
import type { PlanLine } from '../../../shared/plans/line';
import { validatePlan } from '../../../shared/plans/rules';
import type { PlanSubject } from '../../../shared/plans/subject';
import { planFromWorkbook, planWorkbookData, type PlanFromWorkbook } from '../../../shared/workbooks/plan-adapter';
import { hasYearTokens, instantiateProfile, type Profile } from '../../../shared/workbooks/profile';
import { sameText } from '../../../shared/workbooks/values';
import type { YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import { inTransaction, type ServiceContext } from '../context';
import { approvedCopyOf, planMetrics, planTemplate } from '../plans/approved-copy';
import { planAction } from '../plans/changesets';
import {
  planCoverValues,
  parseCover,
  parseCoverValue,
  PLAN_COVER_KEYS,
  planCoverDetails,
  setCoverField,
} from '../plans/cover';
import { insertIncome, listIncome, listPrintedTotals, removeIncome, removePrintedTotal } from '../plans/income';
import { rememberLinks, restoreLinks } from '../plans/line-links';
import { insertLines, listLines, removeLines } from '../plans/lines';
import { ensurePlan, findPlan, requirePlan, type PlanRecord } from '../plans/plan-store';
import { getPlanView, planSubject } from '../plans/plan-view';
import { referenceSet } from '../reference/reference';
import { extraFields } from '../../../shared/reference/reference-set';
import { withAnswers } from '../../../shared/templates/conditions';
import { conditionsFromWorkbook, type ConditionsFromWorkbook } from '../../../shared/workbooks/conditions';
import { ensureMetrics, listMetrics, setMetricTarget } from '../returns/metrics';
import { listConditionAnswers, writeConditionAnswer } from '../templates/conditions';
import { fillWorkbook } from './fill';
import { generateWorkbook } from './generate';
import { profileFor } from './profiles';
import type { ReadResult } from './read';
import { importReturnWorkbook, previewReturnWorkbook, readForImport } from './return-workbooks';
import { appendAll } from '../../../shared/values/arrays';

/**
 * The plan adapter's service side: a plan out to a workbook (NHS England's
 * copy filled, or one generated), a workbook back into a plan (preview, then
 * one all-or-nothing, undoable commit), and the plan's cover details.
 */

/**
 * The profile a plan uses, with its years filled in; refused if it is for another layout. An approved plan,
 * unless another profile is asked for, keeps the layout it was approved with.
 */
export function planProfile(ctx: ServiceContext, plan: PlanRecord, id?: string): Profile {
  const kept = id === undefined ? approvedCopyOf(ctx, plan)?.layout : undefined;
  if (kept) return kept;
  const stored = profileFor(ctx, 'plan', { year: plan.year, template: plan.template }, id);
  if (stored.template !== plan.template) {
    throw new ApiError(
      'refused',
      `The ${plan.years.join(' to ')} plan follows the ${plan.template} layout, but the profile "${stored.label}" is for ${stored.template} plans; choose a ${plan.template} profile.`,
      'profile',
    );
  }
  if (stored.years.length !== plan.years.length) {
    throw new ApiError(
      'refused',
      `The profile "${stored.label}" is for a ${stored.years.length}-year plan, but the ${plan.year} plan covers ${plan.years.length} year${plan.years.length === 1 ? '' : 's'}.`,
      'profile',
    );
  }
  if (hasYearTokens(stored)) return instantiateProfile(stored, plan.years);
  if (stored.years.join() !== plan.years.join()) {
    throw new ApiError(
      'refused',
      `The profile "${stored.label}" is for ${stored.years.join(' to ')}, not ${plan.years.join(' to ')}; choose or derive a profile for this year.`,
      'profile',
    );
  }
  return stored;
}

/** The layout a plan's export uses now, or null when none can be chosen (kept at its approval). */
export function planLayoutNow(ctx: ServiceContext, plan: PlanRecord): Profile | null {
  try {
    return planProfile(ctx, plan);
  } catch (e) {
    if (e instanceof ApiError) return null;
    throw e;
  }
}

function planData(ctx: ServiceContext, year: YearLabel, profileId?: string) {
  const plan = requirePlan(ctx, year);
  const profile = planProfile(ctx, plan, profileId);
  const view = getPlanView(ctx, plan.year);
  const set = planTemplate(ctx, plan);
  // The year's metrics as set (as approved, once a partner has approved the plan), or the template
  // year's with no targets yet ("metrics to plan").
  const metrics = planMetrics(ctx, plan);
  const data = planWorkbookData(
    {
      area: requireArea(ctx).name,
      label: view.label,
      lines: view.lines,
      income: view.income,
      cover: planCoverValues(ctx, plan.id),
      metrics: metrics.length > 0 ? metrics : set.metrics.map((m) => ({ name: m.name, target: '' })),
      conditions: view.conditions,
    },
    set,
    profile,
  );
  return { plan, profile, data };
}

/**
 * A plan as a workbook: `into` is the copy NHS England sent, filled (the
 * user's file itself is never written: the result is new bytes); without it,
 * a workbook is generated.
 */
export async function exportPlanWorkbook(
  ctx: ServiceContext,
  args: { year: YearLabel; profile?: string; into?: { file: string; bytes: Uint8Array } },
): Promise<PlanWorkbookExport & { bytes: Uint8Array }> {
  const { profile, data } = planData(ctx, args.year, args.profile);
  if (args.into) {
    const { bytes, summary } = fillWorkbook({ file: args.into.file, bytes: args.into.bytes, profile, data });
    return { fileName: summary.outputName, contentBase64: '', bytes, mode: 'fill', profile: profile.id, fill: summary };
  }
  const { bytes, summary } = await generateWorkbook({ profile, data, now: ctx.now() });
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
// Reading a workbook back into a plan

interface ReadPlan {
  profile: Profile;
  parsed: PlanFromWorkbook;
  conditions: ConditionsFromWorkbook;
  notes: string[];
  year: YearLabel;
}

function readPlanWorkbook(ctx: ServiceContext, result: ReadResult): ReadPlan {
  const { read, profile } = result;
  if (profile.kind !== 'plan') {
    throw new ApiError(
      'refused',
      `${read.file} is laid out as the ${profile.label}, a quarterly return: it goes into its return, not a plan (bcf import workbook, or Open workbook… on the Workbooks screen). To read it as a plan, choose a plan profile.`,
      'profile',
    );
  }
  const set = referenceSet(ctx, profile.template);
  const parsed = planFromWorkbook(read, profile.years, extraFields(set, 'plan'));
  const notes = [...read.notes];
  const cover: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.cover)) {
    if (key === 'hwb') {
      const area = requireArea(ctx).name;
      if (!sameText(value, area))
        notes.push(`The workbook is for "${value}"; this database holds ${area}. Its lines are read all the same.`);
      continue;
    }
    if (!PLAN_COVER_KEYS.includes(key)) continue;
    const checked = parseCoverValue(key, value);
    if (checked.ok) cover[key] = checked.value;
    else
      parsed.problems.push({
        file: `${read.file} (sheet "${profile.cover.sheet}")`,
        column: read.cover[key]?.cell,
        message: checked.message,
      });
  }
  parsed.cover = cover;
  const year = profile.years[0]!;
  const existing = findPlan(ctx, year);
  if (existing && existing.template !== profile.template) {
    parsed.problems.unshift({
      file: read.file,
      message: `the ${existing.years.join(' to ')} plan follows the ${existing.template} layout, but this workbook is laid out as the ${profile.label} (${profile.template}); choose a ${existing.template} profile`,
    });
  }
  const conditions = conditionsFromWorkbook(
    read,
    existing
      ? listConditionAnswers(ctx, { planId: existing.id }, set.nationalConditions)
      : withAnswers(set.nationalConditions, new Map()),
  );
  appendAll(parsed.problems, conditions.problems);
  // Planned targets: for the year's metrics (or the template year's, which a first import sets up).
  const known = listMetrics(ctx, year).map((m) => m.name);
  const names = known.length > 0 ? known : set.metrics.map((m) => m.name);
  for (const m of parsed.metrics) {
    if (!names.some((n) => sameText(n, m.name)))
      parsed.problems.push({
        file: `${read.file} (sheet "${read.tables.metrics?.sheet ?? ''}")`,
        row: m.row,
        message: `the metric "${m.name}" is not one of ${year}'s (${names.map((n) => `"${n}"`).join(', ') || 'none'})`,
      });
  }
  return { profile, parsed, conditions, notes, year };
}

function subjectAfter(ctx: ServiceContext, r: ReadPlan, mode: 'refuse' | 'replace' | 'append'): PlanSubject {
  const plan = findPlan(ctx, r.year);
  const current = plan ? planSubject(ctx, plan) : null;
  const keep = current !== null && mode === 'append';
  const set = plan ? planTemplate(ctx, plan) : referenceSet(ctx, r.profile.template);
  return {
    years: plan?.years ?? r.profile.years,
    template: set,
    lines: [...(keep ? current.lines : []), ...r.parsed.lines],
    income: [...(keep ? current.income : []), ...r.parsed.income.map((x, i) => ({ ...x, id: -(i + 1) }))],
    printedTotals: keep ? current.printedTotals : [],
    requirements: current?.requirements ?? [],
    conditions: (current?.conditions ?? withAnswers(set.nationalConditions, new Map())).map((c) => ({
      ...c,
      ...(r.conditions.answers.find((a) => a.key === c.key)?.input ?? {}),
    })),
    cover: planCoverDetails(ctx, plan?.id ?? null, r.parsed.cover),
  };
}

function existing(ctx: ServiceContext, year: YearLabel): { lines: number; income: number } {
  const plan = findPlan(ctx, year);
  return plan
    ? { lines: listLines(ctx, plan.id).length, income: listIncome(ctx, plan.id).length }
    : { lines: 0, income: 0 };
}

/** A workbook read back and previewed: a plan workbook into the plan of its year, a quarterly one into its return. */
export function previewWorkbookImport(
  ctx: ServiceContext,
  args: { file: string; bytes: Uint8Array; profile?: string | undefined; period?: Period | undefined },
): WorkbookImportPreview | ReturnWorkbookImportPreview {
  const result = readForImport(ctx, args.file, args.bytes, args.profile);
  if (result.profile.kind === 'return') return previewReturnWorkbook(ctx, result, args);
  return previewPlanImport(ctx, result, args);
}

/** A workbook read into the plan of its year (plan workbooks), or into its return (quarterly ones), all or nothing. */
export function importWorkbook(
  ctx: ServiceContext,
  args: {
    file: string;
    bytes: Uint8Array;
    profile?: string | undefined;
    period?: Period | undefined;
    mode: 'refuse' | 'replace' | 'append';
    dryRun?: boolean | undefined;
  },
): WorkbookImportOutcome | ReturnWorkbookImportOutcome {
  const result = readForImport(ctx, args.file, args.bytes, args.profile);
  if (result.profile.kind === 'return') return importReturnWorkbook(ctx, result, args);
  return importPlanRead(ctx, result, args);
}

function previewPlanImport(ctx: ServiceContext, result: ReadResult, args: { file: string }): WorkbookImportPreview {
  const r = readPlanWorkbook(ctx, result);
  const have = existing(ctx, r.year);
  const ok = r.parsed.problems.length === 0;
  return {
    kind: 'plan',
    file: path.basename(args.file),
    profile: r.profile.id,
    profileLabel: r.profile.label,
    year: r.year,
    years: r.profile.years,
    sheet: r.parsed.sheet,
    headerRow: r.parsed.headerRow,
    columns: r.parsed.columns,
    lines: r.parsed.lines.length,
    sample: r.parsed.lines
      .slice(0, 20)
      .map((l, i) => ({ ...l, id: -(i + 1), position: i + 1, updatedAt: '' }) as PlanLine),
    income: r.parsed.income.length,
    incomeSample: r.parsed.income.slice(0, 20).map(({ source: _s, ...x }) => x),
    cover: r.parsed.cover,
    problems: r.parsed.problems.map(describeProblem),
    notes: r.notes,
    findings: ok
      ? validatePlan(subjectAfter(ctx, r, have.lines + have.income > 0 ? 'append' : 'replace')).findings
      : [],
    existingLines: have.lines,
    existingIncome: have.income,
  };
}

/**
 * Reads a workbook into its plan: lines, income and cover details, all in
 * one transaction and one undoable step, or nothing at all if any cell is
 * wrong. A plan that already has lines or income is never mixed silently.
 */
export function importPlanWorkbook(
  ctx: ServiceContext,
  args: { file: string; bytes: Uint8Array; profile?: string; mode: 'refuse' | 'replace' | 'append'; dryRun?: boolean },
): WorkbookImportOutcome {
  return importPlanRead(ctx, readForImport(ctx, args.file, args.bytes, args.profile), args);
}

function importPlanRead(
  ctx: ServiceContext,
  result: ReadResult,
  args: { file: string; mode: 'refuse' | 'replace' | 'append'; dryRun?: boolean | undefined },
): WorkbookImportOutcome {
  const r = readPlanWorkbook(ctx, result);
  const { parsed } = r;
  if (parsed.problems.length > 0) {
    const details = parsed.problems.map(describeProblem);
    throw new ApiError(
      'refused',
      `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}`,
      undefined,
      details,
    );
  }
  if (parsed.lines.length === 0 && parsed.income.length === 0)
    throw new ApiError('refused', `${args.file} has its header rows but no scheme lines or income.`);
  const have = existing(ctx, r.year);
  if (have.lines + have.income > 0 && args.mode === 'refuse') {
    throw new ApiError(
      'conflict',
      `The ${r.year} plan already has ${have.lines} lines and ${have.income} income lines; choose to replace them or to append the workbook's ${parsed.lines.length} lines and ${parsed.income.length} income lines.`,
    );
  }
  const outcome: WorkbookImportOutcome = {
    kind: 'plan',
    file: path.basename(args.file),
    profile: r.profile.id,
    year: r.year,
    lines: parsed.lines.length,
    income: parsed.income.length,
    replaced: args.mode === 'replace' ? have : { lines: 0, income: 0 },
    cover: Object.keys(parsed.cover),
    notes: r.notes,
    dryRun: Boolean(args.dryRun),
    findings: validatePlan(subjectAfter(ctx, r, args.mode)).findings,
  };
  if (args.dryRun) return outcome;
  // Not write(): planAction adds and, when the import changes nothing, removes its undo step,
  // bookkeeping that keeps no history row.
  inTransaction(ctx, () => {
    const plan = ensurePlan(ctx, r.year, r.profile.template);
    planAction(
      ctx,
      plan.id,
      `Import workbook ${args.file}${args.mode === 'replace' && have.lines + have.income > 0 ? ' (replacing the plan)' : ''}`,
      (c) => {
        const links = args.mode === 'replace' ? rememberLinks(c, plan.id) : [];
        if (args.mode === 'replace') {
          removeLines(c, plan.id, 'all');
          for (const t of listPrintedTotals(c, plan.id)) removePrintedTotal(c, t.id);
          for (const x of listIncome(c, plan.id)) removeIncome(c, x.id);
        }
        insertLines(c, plan.id, parsed.lines, args.file);
        if (links.length > 0) outcome.links = restoreLinks(c, plan.id, links);
        for (const { source, ...x } of parsed.income) insertIncome(c, plan.id, x, source);
        for (const [key, value] of Object.entries(parsed.cover))
          setCoverField(c, plan.id, key, value, `From ${args.file}`);
        const conditions = referenceSet(c, plan.template).nationalConditions;
        for (const a of r.conditions.answers)
          writeConditionAnswer(c, { planId: plan.id }, conditions, a.key, a.input, `From ${args.file} row ${a.row}`);
      },
    );
    if (parsed.metrics.length > 0) {
      ensureMetrics(
        ctx,
        r.year,
        referenceSet(ctx, plan.template).metrics.map((m) => m.name),
      );
      for (const m of parsed.metrics) {
        const metric = listMetrics(ctx, r.year).find((x) => sameText(x.name, m.name))!;
        setMetricTarget(ctx, metric, m.target, `From ${args.file} row ${m.row}`);
      }
    }
  });
  return outcome;
}

// ---------------------------------------------------------------------------
// Cover details

export function getPlanCover(ctx: ServiceContext, year: YearLabel): PlanCover {
  const plan = requirePlan(ctx, year);
  return { year: plan.year, hwb: requireArea(ctx).name, fields: planCoverDetails(ctx, plan.id) };
}

export function setPlanCover(ctx: ServiceContext, year: YearLabel, values: Record<string, string>): PlanCover {
  const plan = requirePlan(ctx, year);
  const parsed = parseCover(values);
  planAction(ctx, plan.id, 'Edit the cover details', (c) => {
    for (const [key, value] of Object.entries(parsed)) setCoverField(c, plan.id, key, value);
  });
  return getPlanCover(ctx, year);
}
