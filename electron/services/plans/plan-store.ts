import { yearDates, type YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';

/** Finds or creates the financial year row. Call inside a transaction. */
export function ensureYear(ctx: ServiceContext, year: YearLabel): number {
  const found = ctx.db.prepare('SELECT id FROM financial_year WHERE label = ?').get(year) as { id: number } | undefined;
  if (found) return found.id;
  const { startsOn, endsOn } = yearDates(year);
  return Number(ctx.db.prepare('INSERT INTO financial_year (label, starts_on, ends_on) VALUES (?, ?, ?)').run(year, startsOn, endsOn).lastInsertRowid);
}

/** The plan for `year` in this area, or null. */
export function findPlanId(ctx: ServiceContext, year: YearLabel): number | null {
  const row = ctx.db
    .prepare('SELECT plan.id FROM plan JOIN financial_year y ON y.id = plan.year_id WHERE y.label = ?')
    .get(year) as { id: number } | undefined;
  return row?.id ?? null;
}

/** Finds or creates the plan for `year`. Call inside a transaction. */
export function ensurePlanId(ctx: ServiceContext, year: YearLabel): number {
  const existing = findPlanId(ctx, year);
  if (existing !== null) return existing;
  const area = requireArea(ctx);
  const id = Number(
    ctx.db.prepare('INSERT INTO plan (area_id, year_id, created_at) VALUES (?, ?, ?)').run(area.id, ensureYear(ctx, year), ctx.now().toISOString()).lastInsertRowid,
  );
  recordAudit(ctx, { action: 'create', entity: 'plan', entityId: id, newValue: year });
  return id;
}

export function listPlanYears(ctx: ServiceContext): YearLabel[] {
  return (ctx.db.prepare('SELECT y.label FROM plan JOIN financial_year y ON y.id = plan.year_id ORDER BY y.label').all() as { label: string }[]).map((r) => r.label);
}

/** Finds or creates the scheme with this Scheme ID in the plan; the first name seen names it. */
export function ensureSchemeId(ctx: ServiceContext, planId: number, code: string, name: string): number {
  const found = ctx.db.prepare('SELECT id FROM scheme WHERE plan_id = ? AND code = ?').get(planId, code) as { id: number } | undefined;
  if (found) return found.id;
  return Number(ctx.db.prepare('INSERT INTO scheme (plan_id, code, name) VALUES (?, ?, ?)').run(planId, code, name).lastInsertRowid);
}

/** Schemes left with no lines are removed so that a Scheme ID can be reused cleanly. */
export function dropEmptySchemes(ctx: ServiceContext, planId: number): void {
  ctx.db.prepare('DELETE FROM scheme WHERE plan_id = ? AND NOT EXISTS (SELECT 1 FROM scheme_line l WHERE l.scheme_id = scheme.id)').run(planId);
}
