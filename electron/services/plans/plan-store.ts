import { ApiError } from '../../../shared/api';
import {
  latestTemplateBefore,
  planYears,
  templateForYear,
  type ReferenceSet,
} from '../../../shared/reference/reference-set';
import { nextYear, previousYear, yearDates, yearOf, type YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { referenceSets } from '../reference/reference';
import { one, all, run, insert } from '../../db/statements';

/** A plan: one year, or two for a 2023-25 plan (`years`), laid out by its template year. */
export interface PlanRecord {
  id: number;
  year: YearLabel;
  template: string;
  years: YearLabel[];
}

/** Finds or creates the financial year row. Call inside a transaction. */
export function ensureYear(ctx: ServiceContext, year: YearLabel): number {
  const found = one<{ id: number }>(ctx.db, 'SELECT id FROM financial_year WHERE label = ?', year);
  if (found) return found.id;
  const { startsOn, endsOn } = yearDates(year);
  return insert(
    ctx.db,
    'INSERT INTO financial_year (label, starts_on, ends_on) VALUES (?, ?, ?)',
    year,
    startsOn,
    endsOn,
  );
}

interface PlanRow {
  id: number;
  label: string;
  template: string;
  span: number;
}

const SELECT_PLAN =
  'SELECT plan.id, y.label, plan.template, plan.span FROM plan JOIN financial_year y ON y.id = plan.year_id';

function toRecord(r: PlanRow): PlanRecord {
  return {
    id: r.id,
    year: r.label,
    template: r.template,
    years: r.span === 2 ? [r.label, nextYear(r.label)] : [r.label],
  };
}

/**
 * The plan covering `year`: the plan that starts in it, or a two-year plan
 * whose second year it is (2024-25 opens the 2023-25 plan).
 */
export function findPlan(ctx: ServiceContext, year: YearLabel): PlanRecord | null {
  const exact = one<PlanRow>(ctx.db, `${SELECT_PLAN} WHERE y.label = ?`, year);
  if (exact) return toRecord(exact);
  const twoYear = one<PlanRow>(ctx.db, `${SELECT_PLAN} WHERE y.label = ? AND plan.span = 2`, previousYear(year));
  return twoYear ? toRecord(twoYear) : null;
}

export function findPlanId(ctx: ServiceContext, year: YearLabel): number | null {
  return findPlan(ctx, year)?.id ?? null;
}

export function requirePlan(ctx: ServiceContext, year: YearLabel): PlanRecord {
  const plan = findPlan(ctx, year);
  if (!plan) throw new ApiError('not_found', `There is no ${year} plan yet.`, 'year');
  return plan;
}

export function planById(ctx: ServiceContext, id: number): PlanRecord {
  const row = one<PlanRow>(ctx.db, `${SELECT_PLAN} WHERE plan.id = ?`, id);
  if (!row) throw new ApiError('not_found', `There is no plan ${id}.`);
  return toRecord(row);
}

/**
 * Finds or creates the plan for `year`. Call inside a transaction. One plan
 * per year: a year of a two-year template year starts that template's plan
 * (2024-25 opens the 2023-25 plan, which starts in 2023-24), and a plan that
 * would cover a year another plan covers is refused, naming that plan.
 */
export function ensurePlan(ctx: ServiceContext, year: YearLabel, template?: string): PlanRecord {
  const existing = findPlan(ctx, year);
  if (existing) {
    if (template && template !== existing.template) {
      throw new ApiError(
        'conflict',
        `The ${existing.years.join(' to ')} plan follows the ${existing.template} template, not ${template}.`,
        'template',
      );
    }
    return existing;
  }
  const set = templateToStart(ctx, year, template);
  const { start, years } = planStart(set, year);
  const found = start !== year ? findPlan(ctx, start) : null;
  if (found && found.template === set.template && found.years.join() === years.join()) return found;
  const clash = listPlans(ctx).find((p) => p.years.some((y) => years.includes(y)));
  if (clash) {
    throw new ApiError(
      'conflict',
      `The ${planLabelOf(clash.years)} plan already covers ${clash.years.filter((y) => years.includes(y)).join(' and ')}; a ${planLabelOf(years)} plan cannot be made beside it (one plan per year). Open the ${clash.year} plan instead.`,
      'year',
    );
  }
  const area = requireArea(ctx);
  const id = insert(
    ctx.db,
    'INSERT INTO plan (area_id, year_id, template, span, created_at) VALUES (?, ?, ?, ?, ?)',
    area.id,
    ensureYear(ctx, start),
    set.template,
    years.length,
    ctx.now().toISOString(),
  );
  recordAudit(ctx, {
    action: 'create',
    entity: 'plan',
    entityId: id,
    newValue: { year: start, template: set.template, span: years.length },
  });
  return planById(ctx, id);
}

/** Where a plan for `year` under this template year starts, and the years it covers: a two-year template's plan starts in its first year. */
export function planStart(set: ReferenceSet, year: YearLabel): { start: YearLabel; years: YearLabel[] } {
  if (set.years.length > 1 && set.years.includes(year)) return { start: set.years[0]!, years: [...set.years] };
  return { start: year, years: planYears(set, year) };
}

/** "2019-20", or "2023-25" for a two-year plan. */
export function planLabelOf(years: readonly YearLabel[]): string {
  return years.length > 1 ? `${years[0]!.slice(0, 5)}${years[years.length - 1]!.slice(5)}` : years[0]!;
}

/** Plans that cover a year together (made before one plan per year was enforced), each pair with the years they share. */
export function planOverlaps(ctx: ServiceContext): { years: YearLabel[]; plans: PlanRecord[] }[] {
  const plans = listPlans(ctx);
  const out: { years: YearLabel[]; plans: PlanRecord[] }[] = [];
  plans.forEach((a, i) =>
    plans.slice(i + 1).forEach((b) => {
      const shared = a.years.filter((y) => b.years.includes(y));
      if (shared.length > 0) out.push({ years: shared, plans: [a, b] });
    }),
  );
  return out;
}

/**
 * The template year a new plan for `year` follows: the one named, else the
 * year's own. A year with none is refused with the two ways on, never laid
 * out by another year's template in silence.
 */
export function templateToStart(ctx: ServiceContext, year: YearLabel, template?: string): ReferenceSet {
  const sets = referenceSets(ctx);
  if (template) {
    const named = sets.find((s) => s.template === template);
    if (!named)
      throw new ApiError(
        'not_found',
        `There is no template year ${template}; known: ${sets.map((s) => s.template).join(', ')}.`,
        'template',
      );
    return named;
  }
  const own = templateForYear(sets, year);
  if (own) return own;
  throw new ApiError(
    'not_found',
    noTemplateMessage(year, latestTemplateBefore(sets, year)?.template ?? null),
    'template',
  );
}

/** What the app says of a year with no template year of its own: the two ways on. */
export function noTemplateMessage(year: YearLabel, latest: string | null): string {
  return `There is no ${year} template year, so the app will not guess the ${year} layout and lists. Bring NHS England's ${year} workbook (Template years › Bring a workbook, or bcf template add WORKBOOK.xlsx --year ${year})${latest ? `, or start from ${latest} as a provisional ${year} copy (Template years › Start a provisional copy, or bcf template provisional ${year})` : ''}.`;
}

export function ensurePlanId(ctx: ServiceContext, year: YearLabel): number {
  return ensurePlan(ctx, year).id;
}

/** The first year of every plan, oldest first (a two-year plan is listed by its first year). */
export function listPlanYears(ctx: ServiceContext): YearLabel[] {
  return all<PlanRow>(ctx.db, `${SELECT_PLAN} ORDER BY y.label`).map((r) => r.label);
}

/** The year the Plan screen opens first: the latest a plan covers, or this financial year when there is none. */
export function firstPlanYear(ctx: ServiceContext): YearLabel {
  return listPlanYears(ctx).at(-1) ?? yearOf(ctx.now());
}

export function listPlans(ctx: ServiceContext): PlanRecord[] {
  return all<PlanRow>(ctx.db, `${SELECT_PLAN} ORDER BY y.label`).map(toRecord);
}

/** Finds or creates the scheme with this Scheme ID in the plan; the first name seen names it. */
export function ensureSchemeId(ctx: ServiceContext, planId: number, code: string, name: string): number {
  const found = one<{ id: number }>(ctx.db, 'SELECT id FROM scheme WHERE plan_id = ? AND code = ?', planId, code);
  if (found) return found.id;
  return addScheme(ctx, planId, code, name);
}

/** Adds a scheme the caller knows the plan does not have (it read them all); UNIQUE (plan_id, code) holds it to that. */
function addScheme(ctx: ServiceContext, planId: number, code: string, name: string): number {
  return insert(ctx.db, 'INSERT INTO scheme (plan_id, code, name) VALUES (?, ?, ?)', planId, code, name);
}

/** Schemes per INSERT when an import adds many (three values each). */
const SCHEMES_PER_INSERT = 100;

/** Adds many schemes (Scheme ID → name) with a few statements; their ids are read back with schemeIdsOf. */
export function addSchemes(ctx: ServiceContext, planId: number, schemes: ReadonlyMap<string, string>): void {
  const entries = [...schemes];
  for (let i = 0; i < entries.length; i += SCHEMES_PER_INSERT) {
    const part = entries.slice(i, i + SCHEMES_PER_INSERT);
    run(
      ctx.db,
      `INSERT INTO scheme (plan_id, code, name) VALUES ${part.map(() => '(?, ?, ?)').join(', ')}`,
      ...part.flatMap(([code, name]) => [planId, code, name]),
    );
  }
}

/** The plan's schemes by Scheme ID. */
export function schemeIdsOf(ctx: ServiceContext, planId: number): Map<string, number> {
  const rows = all<{ id: number; code: string }>(ctx.db, 'SELECT id, code FROM scheme WHERE plan_id = ?', planId);
  return new Map(rows.map((s) => [s.code, s.id]));
}

/** Schemes left with no lines are removed so that a Scheme ID can be reused cleanly. */
export function dropEmptySchemes(ctx: ServiceContext, planId: number): void {
  run(
    ctx.db,
    'DELETE FROM scheme WHERE plan_id = ? AND NOT EXISTS (SELECT 1 FROM scheme_line l WHERE l.scheme_id = scheme.id)',
    planId,
  );
}

/** As `dropEmptySchemes`, for one scheme: a line's removal can empty only its own. */
export function dropSchemeIfEmpty(ctx: ServiceContext, schemeId: number): void {
  run(
    ctx.db,
    'DELETE FROM scheme WHERE id = ? AND NOT EXISTS (SELECT 1 FROM scheme_line WHERE scheme_id = ?)',
    schemeId,
    schemeId,
  );
}
