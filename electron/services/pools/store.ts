import { ApiError } from '../../../shared/api/errors';
import { methodSpecSchema, type LegalBasis, type MethodSpec, type PartnerKind } from '../../../shared/pools/model';
import type { AgreedFigures, Agreement, PoolData } from '../../../shared/pools/statement';
import { matchPool } from '../../../shared/pools/find';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';

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
  const row = ctx.db.prepare(`${POOL_SELECT} WHERE p.id = ?`).get(id) as PoolRow | undefined;
  if (!row) throw new ApiError('not_found', `There is no pool ${id}; it may have been deleted.`, 'id');
  const partners = (
    ctx.db
      .prepare('SELECT id, name, kind, ratio_part, is_host FROM pool_partner WHERE pool_id = ? ORDER BY position')
      .all(id) as {
      id: number;
      name: string;
      kind: PartnerKind;
      ratio_part: string | null;
      is_host: number;
    }[]
  ).map((p) => ({ id: p.id, name: p.name, kind: p.kind, ratio: p.ratio_part, isHost: p.is_host === 1 }));
  const nameOf = (partnerId: number | null) =>
    partnerId === null ? null : partners.find((p) => p.id === partnerId)!.name;
  const contributions = (
    ctx.db
      .prepare(
        'SELECT id, partner_id, label, amount_pence, scheme_line_id FROM pool_contribution WHERE pool_id = ? ORDER BY position, id',
      )
      .all(id) as {
      id: number;
      partner_id: number | null;
      label: string;
      amount_pence: number;
      scheme_line_id: number | null;
    }[]
  ).map((c) => ({
    id: c.id,
    partner: nameOf(c.partner_id),
    label: c.label,
    amountPence: c.amount_pence,
    schemeLineId: c.scheme_line_id,
  }));
  const lines = (
    ctx.db.prepare('SELECT * FROM pool_budget_line WHERE pool_id = ? ORDER BY position, id').all(id) as {
      id: number;
      code: string;
      name: string;
      partner_id: number | null;
      contingency: number;
      budget_pence: number;
      forecast_pence: number | null;
      outturn_pence: number | null;
    }[]
  ).map((l) => ({
    id: l.id,
    code: l.code,
    name: l.name,
    partner: nameOf(l.partner_id),
    contingency: l.contingency === 1,
    budgetPence: l.budget_pence,
    forecastPence: l.forecast_pence,
    outturnPence: l.outturn_pence,
  }));
  const agreements: Agreement[] = (
    ctx.db.prepare('SELECT * FROM pool_agreement WHERE pool_id = ? ORDER BY agreed_on, id').all(id) as {
      id: number;
      partner_name: string;
      agreed_by: string;
      role: string;
      agreed_on: string;
      figures: string;
      recorded_at: string;
      recorded_by: string;
    }[]
  ).map((a) => ({
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
  return (
    ctx.db
      .prepare('SELECT p.id FROM pool p JOIN financial_year y ON y.id = p.year_id WHERE y.label = ? ORDER BY p.id')
      .all(year) as { id: number }[]
  ).map((r) => r.id);
}

export function listPoolYears(ctx: ServiceContext): YearLabel[] {
  return (
    ctx.db
      .prepare('SELECT DISTINCT y.label FROM pool p JOIN financial_year y ON y.id = p.year_id ORDER BY y.label')
      .all() as { label: string }[]
  ).map((r) => r.label);
}

/**
 * Finds a pool the way a user names it on the command line: its id, its exact
 * name (any case), or the start of one name ("Children" for "Children's
 * Services", saving the apostrophe in a shell).
 */
/** A pool of the year by id or name, as a person types it (shared/pools/find.ts says how it is matched). */
export function findPool(ctx: ServiceContext, ref: string, year: YearLabel): number {
  const ids = poolIdsForYear(ctx, year);
  const rows =
    ids.length === 0
      ? []
      : (ctx.db
          .prepare(`SELECT id, name FROM pool WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`)
          .all(...ids) as { id: number; name: string }[]);
  return matchPool(rows, ref, year).id;
}

export function partnerId(ctx: ServiceContext, poolId: number, name: string | null): number | null {
  if (name === null || name.trim() === '') return null;
  const row = ctx.db
    .prepare('SELECT id FROM pool_partner WHERE pool_id = ? AND lower(name) = lower(?)')
    .get(poolId, name.trim()) as { id: number } | undefined;
  if (!row) {
    const names = (
      ctx.db.prepare('SELECT name FROM pool_partner WHERE pool_id = ? ORDER BY position').all(poolId) as {
        name: string;
      }[]
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

export function touchPool(ctx: ServiceContext, id: number): void {
  ctx.db.prepare('UPDATE pool SET updated_at = ? WHERE id = ?').run(ctx.now().toISOString(), id);
}
