import { ApiError, type PlanView } from '../../../shared/api';
import { LINE_LABELS, type LineField, type LineInput, type PlanLine, type SourceRef } from '../../../shared/plans/line';
import { planTotals } from '../../../shared/plans/totals';
import type { YearLabel } from '../../../shared/years/financial-year';
import { recordAudit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { dropEmptySchemes, ensurePlanId, ensureSchemeId, findPlanId } from './plan-store';

interface LineRow {
  id: number;
  plan_id: number;
  position: number;
  code: string;
  scheme_name: string;
  scheme_type: string;
  area_of_spend: string;
  source_of_funding: string;
  prior_year_pence: number | null;
  virement_pence: number | null;
  expenditure_pence: number;
  new_or_existing: LineInput['newOrExisting'];
  scheme_update: string;
  source_file: string | null;
  source_row: number | null;
  updated_at: string;
}

const SELECT_LINES = `
  SELECT l.*, s.code FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id`;

function toLine(r: LineRow): PlanLine {
  return {
    id: r.id,
    position: r.position,
    schemeId: r.code,
    schemeName: r.scheme_name,
    schemeType: r.scheme_type,
    areaOfSpend: r.area_of_spend,
    sourceOfFunding: r.source_of_funding,
    priorYearPence: r.prior_year_pence,
    virementPence: r.virement_pence,
    expenditurePence: r.expenditure_pence,
    newOrExisting: r.new_or_existing,
    schemeUpdate: r.scheme_update,
    source: r.source_file !== null && r.source_row !== null ? { file: r.source_file, row: r.source_row } : null,
    updatedAt: r.updated_at,
  };
}

export function listLines(ctx: ServiceContext, planId: number): PlanLine[] {
  return (ctx.db.prepare(`${SELECT_LINES} WHERE l.plan_id = ? ORDER BY l.position, l.id`).all(planId) as LineRow[]).map(toLine);
}

function getLine(ctx: ServiceContext, id: number): PlanLine & { planId: number } {
  const row = ctx.db.prepare(`${SELECT_LINES} WHERE l.id = ?`).get(id) as LineRow | undefined;
  if (!row) throw new ApiError('not_found', `There is no scheme line ${id}; it may have been deleted.`, 'id');
  return { ...toLine(row), planId: row.plan_id };
}

export function getPlanView(ctx: ServiceContext, year: YearLabel): PlanView {
  const planId = findPlanId(ctx, year);
  const lines = planId === null ? [] : listLines(ctx, planId);
  return { year, lines, totals: planTotals(lines) };
}

/** Inserts a line at the end of the plan. Call inside a transaction. */
export function insertLine(ctx: ServiceContext, planId: number, line: LineInput, source: SourceRef | null): number {
  const schemeId = ensureSchemeId(ctx, planId, line.schemeId, line.schemeName);
  const { next } = ctx.db.prepare('SELECT coalesce(max(position), 0) + 1 AS next FROM scheme_line WHERE plan_id = ?').get(planId) as { next: number };
  const now = ctx.now().toISOString();
  return Number(
    ctx.db
      .prepare(
        `INSERT INTO scheme_line (plan_id, scheme_id, position, scheme_name, scheme_type, area_of_spend, source_of_funding,
           prior_year_pence, virement_pence, expenditure_pence, new_or_existing, scheme_update, source_file, source_row, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(planId, schemeId, next, line.schemeName, line.schemeType, line.areaOfSpend, line.sourceOfFunding, line.priorYearPence,
        line.virementPence, line.expenditurePence, line.newOrExisting, line.schemeUpdate, source?.file ?? null, source?.row ?? null, now, now)
      .lastInsertRowid,
  );
}

export function createLine(ctx: ServiceContext, year: YearLabel, line: LineInput): PlanLine {
  return inTransaction(ctx, () => {
    const planId = ensurePlanId(ctx, year);
    const id = insertLine(ctx, planId, line, null);
    recordAudit(ctx, { action: 'create', entity: 'scheme_line', entityId: id, newValue: line });
    return getLine(ctx, id);
  });
}

const COLUMN: Record<Exclude<LineField, 'schemeId'>, string> = {
  schemeName: 'scheme_name',
  schemeType: 'scheme_type',
  areaOfSpend: 'area_of_spend',
  sourceOfFunding: 'source_of_funding',
  priorYearPence: 'prior_year_pence',
  virementPence: 'virement_pence',
  expenditurePence: 'expenditure_pence',
  newOrExisting: 'new_or_existing',
  schemeUpdate: 'scheme_update',
};

/** Replaces a line's fields; each changed field gets its own audit row (old → new). */
export function updateLine(ctx: ServiceContext, id: number, line: LineInput, reason?: string): PlanLine {
  return inTransaction(ctx, () => {
    const before = getLine(ctx, id);
    const changed = (Object.keys(LINE_LABELS) as LineField[]).filter((f) => before[f] !== line[f]);
    if (changed.length === 0) return before;
    const sets: string[] = [];
    const args: unknown[] = [];
    for (const field of changed) {
      if (field === 'schemeId') {
        sets.push('scheme_id = ?');
        args.push(ensureSchemeId(ctx, before.planId, line.schemeId, line.schemeName));
      } else {
        sets.push(`${COLUMN[field]} = ?`);
        args.push(line[field]);
      }
      recordAudit(ctx, { action: 'update', entity: 'scheme_line', entityId: id, field, oldValue: before[field], newValue: line[field], reason: reason ?? null });
    }
    ctx.db.prepare(`UPDATE scheme_line SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...args, ctx.now().toISOString(), id);
    if (changed.includes('schemeId')) dropEmptySchemes(ctx, before.planId);
    return getLine(ctx, id);
  });
}

export function deleteLine(ctx: ServiceContext, id: number, reason?: string): { id: number } {
  return inTransaction(ctx, () => {
    const before = getLine(ctx, id);
    ctx.db.prepare('DELETE FROM scheme_line WHERE id = ?').run(id);
    dropEmptySchemes(ctx, before.planId);
    const { planId: _planId, ...old } = before;
    recordAudit(ctx, { action: 'delete', entity: 'scheme_line', entityId: id, oldValue: old, reason: reason ?? null });
    return { id };
  });
}
