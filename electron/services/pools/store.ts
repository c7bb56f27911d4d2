import { one, all, run } from '../../db/statements';
import { ApiError } from '../../../shared/api/errors';
import { methodSpecSchema, type LegalBasis, type MethodSpec, type PartnerKind } from '../../../shared/pools/model';
import type { AgreedFigures, Agreement, PoolData } from '../../../shared/pools/statement';
import { matchPool } from '../../../shared/pools/find';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import type { Write } from '../write';

/** Reading pools out of SQLite into the plain shapes shared/pools works on. */

interface PoolRow {
  id: number;
  name: string;
  year: string;
  legal_basis: LegalBasis;
  overspend_method: string;
  underspend_method: string;
  forecast_pence: number | null;
  outturn_pence: number | null;
  printed_total_pence: number | null;
}

function method(json: string, pool: string): MethodSpec {
  const parsed = methodSpecSchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new ApiError('internal', `The risk-share method stored for ${pool} is not one this version understands.`);
  return parsed.data;
}

const POOL_SELECT = `SELECT p.*, y.label AS year FROM pool p JOIN financial_year y ON y.id = p.year_id`;

export function loadPool(ctx: ServiceContext, id: number): PoolData {
  const row = one<PoolRow>(ctx.db, `${POOL_SELECT} WHERE p.id = ?`, id);
  if (!row) throw new ApiError('not_found', `There is no pool ${id}; it may have been deleted.`, 'id');
  const partners = all<{ id: number; name: string; kind: PartnerKind; ratio_part: string | null; is_host: number }>(
    ctx.db,
    'SELECT id, name, kind, ratio_part, is_host FROM pool_partner WHERE pool_id = ? ORDER BY position',
    id,
  ).map((p) => ({ id: p.id, name: p.name, kind: p.kind, ratio: p.ratio_part, isHost: p.is_host === 1 }));
  const nameOf = (partnerId: number | null) =>
    partnerId === null ? null : partners.find((p) => p.id === partnerId)!.name;
  const contributions = all<{
    id: number;
    partner_id: number | null;
    label: string;
    amount_pence: number;
    scheme_line_id: number | null;
  }>(
    ctx.db,
    'SELECT id, partner_id, label, amount_pence, scheme_line_id FROM pool_contribution WHERE pool_id = ? ORDER BY position, id',
    id,
  ).map((c) => ({
    id: c.id,
    partner: nameOf(c.partner_id),
    label: c.label,
    amountPence: c.amount_pence,
    schemeLineId: c.scheme_line_id,
  }));
  const lines = all<{
    id: number;
    code: string;
    name: string;
    partner_id: number | null;
    contingency: number;
    budget_pence: number;
    forecast_pence: number | null;
    outturn_pence: number | null;
  }>(ctx.db, 'SELECT * FROM pool_budget_line WHERE pool_id = ? ORDER BY position, id', id).map((l) => ({
    id: l.id,
    code: l.code,
    name: l.name,
    partner: nameOf(l.partner_id),
    contingency: l.contingency === 1,
    budgetPence: l.budget_pence,
    forecastPence: l.forecast_pence,
    outturnPence: l.outturn_pence,
  }));
  const agreements: Agreement[] = all<{
    id: number;
    partner_name: string;
    agreed_by: string;
    role: string;
    agreed_on: string;
    figures: string;
    recorded_at: string;
    recorded_by: string;
  }>(ctx.db, 'SELECT * FROM pool_agreement WHERE pool_id = ? ORDER BY agreed_on, id', id).map((a) => ({
    id: a.id,
    partner: a.partner_name,
    agreedBy: a.agreed_by,
    role: a.role,
    agreedOn: a.agreed_on,
    recordedAt: a.recorded_at,
    recordedBy: a.recorded_by,
    figures: JSON.parse(a.figures) as AgreedFigures,
  }));
  return {
    id: row.id,
    name: row.name,
    year: row.year,
    legalBasis: row.legal_basis,
    partners,
    contributions,
    lines,
    forecastPence: row.forecast_pence,
    outturnPence: row.outturn_pence,
    printedTotalPence: row.printed_total_pence,
    overspend: method(row.overspend_method, row.name),
    underspend: method(row.underspend_method, row.name),
    agreements,
  };
}

export function poolIdsForYear(ctx: ServiceContext, year: YearLabel): number[] {
  return all<{ id: number }>(
    ctx.db,
    'SELECT p.id FROM pool p JOIN financial_year y ON y.id = p.year_id WHERE y.label = ? ORDER BY p.id',
    year,
  ).map((r) => r.id);
}

export function listPoolYears(ctx: ServiceContext): YearLabel[] {
  return all<{ label: string }>(
    ctx.db,
    'SELECT DISTINCT y.label FROM pool p JOIN financial_year y ON y.id = p.year_id ORDER BY y.label',
  ).map((r) => r.label);
}

/** A pool of the year by id or name, as a person types it (shared/pools/find.ts says how it is matched). */
export function findPool(ctx: ServiceContext, ref: string, year: YearLabel): number {
  const ids = poolIdsForYear(ctx, year);
  const rows =
    ids.length === 0
      ? []
      : all<{ id: number; name: string }>(
          ctx.db,
          `SELECT id, name FROM pool WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
          ...ids,
        );
  return matchPool(rows, ref, year).id;
}

export function partnerId(ctx: ServiceContext, poolId: number, name: string | null): number | null {
  if (name === null || name.trim() === '') return null;
  const row = one<{ id: number }>(
    ctx.db,
    'SELECT id FROM pool_partner WHERE pool_id = ? AND lower(name) = lower(?)',
    poolId,
    name.trim(),
  );
  if (!row) {
    const names = all<{ name: string }>(
      ctx.db,
      'SELECT name FROM pool_partner WHERE pool_id = ? ORDER BY position',
      poolId,
    )
      .map((r) => `"${r.name}"`)
      .join(', ');
    throw new ApiError(
      'invalid_request',
      `${name} is not a partner in this pool; the partners are ${names}.`,
      'partner',
    );
  }
  return row.id;
}

/** Where a new row of a pool's contributions or budget lines goes: after the last. */
export function nextPosition(
  ctx: ServiceContext,
  table: 'pool_contribution' | 'pool_budget_line',
  poolId: number,
): number {
  return one<{ next: number }>(
    ctx.db,
    `SELECT coalesce(max(position), 0) + 1 AS next FROM ${table} WHERE pool_id = ?`,
    poolId,
  )!.next;
}

/** Stamps the pool as changed, when this write recorded a change (saving what was already there is not one). */
export function touchPool(ctx: ServiceContext, w: Write, id: number): void {
  if (w.audited()) run(ctx.db, 'UPDATE pool SET updated_at = ? WHERE id = ?', ctx.now().toISOString(), id);
}
