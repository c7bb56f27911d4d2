import { one, run, insert } from '../../db/statements';
import { ApiError } from '../../../shared/api/errors';
import type { Pence } from '../../../shared/money';
import type { LegalBasis, MethodSpec, PartnerKind } from '../../../shared/pools/model';
import type { PoolData } from '../../../shared/pools/statement';
import { nextYear, type YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import { write } from '../write';
import type { ServiceContext } from '../context';
import { ensureYear } from '../plans/plan-store';
import { loadPool, partnerId, poolIdsForYear, touchPool } from './store';

/**
 * Creating, editing and deleting a pool, and copying a year's pools forward. Every user action is
 * one transaction with its audit rows.
 */

export const RATIO_METHOD: MethodSpec = { method: 'fixed-ratio' };
const PRO_RATA: MethodSpec = { method: 'pro-rata' };

export interface NewPool {
  year: YearLabel;
  name: string;
  legalBasis: LegalBasis;
  partners: { name: string; kind: PartnerKind; ratio: string | null }[];
  host: string | null;
  contributions?: {
    partner: string | null;
    label: string;
    amountPence: Pence;
    source?: { file: string; row: number };
  }[];
  lines?: { code: string; name: string; partner: string | null; contingency: boolean; budgetPence: Pence }[];
  overspend?: MethodSpec;
  underspend?: MethodSpec;
  printedTotalPence?: Pence | null;
  source?: { file: string; row: number };
  copiedFrom?: number;
}

/** Inserts a pool with its partners, contributions and lines. Call inside a transaction. */
export function insertPool(ctx: ServiceContext, p: NewPool): number {
  const area = requireArea(ctx);
  const names = p.partners.map((x) => x.name.toLowerCase());
  if (new Set(names).size !== names.length)
    throw new ApiError('invalid_request', 'Two partners have the same name; each partner once.', 'partners');
  if (p.host !== null && !names.includes(p.host.toLowerCase()))
    throw new ApiError('invalid_request', `The host ${p.host} is not one of the partners.`, 'host');
  const hasRatio = p.partners.every((x) => x.ratio !== null);
  if (!hasRatio && p.partners.some((x) => x.ratio !== null))
    throw new ApiError('invalid_request', 'Give every partner a part of the ratio, or none.', 'partners');
  const yearId = ensureYear(ctx, p.year);
  if (
    one(
      ctx.db,
      'SELECT 1 FROM pool WHERE area_id = ? AND year_id = ? AND lower(name) = lower(?)',
      area.id,
      yearId,
      p.name,
    )
  ) {
    throw new ApiError('conflict', `${p.year} already has a pool called "${p.name}".`, 'name');
  }
  const now = ctx.now().toISOString();
  const overspend = p.overspend ?? (hasRatio ? RATIO_METHOD : PRO_RATA);
  const underspend = p.underspend ?? (hasRatio ? RATIO_METHOD : PRO_RATA);
  const id = insert(
    ctx.db,
    `INSERT INTO pool (area_id, year_id, name, legal_basis, overspend_method, underspend_method, printed_total_pence, copied_from_pool_id, source_file, source_row, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    area.id,
    yearId,
    p.name,
    p.legalBasis,
    JSON.stringify(overspend),
    JSON.stringify(underspend),
    p.printedTotalPence ?? null,
    p.copiedFrom ?? null,
    p.source?.file ?? null,
    p.source?.row ?? null,
    now,
    now,
  );
  p.partners.forEach((x, i) =>
    run(
      ctx.db,
      'INSERT INTO pool_partner (pool_id, position, name, kind, ratio_part, is_host) VALUES (?, ?, ?, ?, ?, ?)',
      id,
      i + 1,
      x.name,
      x.kind,
      x.ratio,
      p.host !== null && x.name.toLowerCase() === p.host.toLowerCase() ? 1 : 0,
    ),
  );
  (p.contributions ?? []).forEach((c, i) =>
    run(
      ctx.db,
      'INSERT INTO pool_contribution (pool_id, partner_id, position, label, amount_pence, source_file, source_row) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id,
      partnerId(ctx, id, c.partner),
      i + 1,
      c.label,
      c.amountPence,
      c.source?.file ?? null,
      c.source?.row ?? null,
    ),
  );
  (p.lines ?? []).forEach((l, i) =>
    run(
      ctx.db,
      'INSERT INTO pool_budget_line (pool_id, position, code, name, partner_id, contingency, budget_pence) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id,
      i + 1,
      l.code,
      l.name,
      partnerId(ctx, id, l.partner),
      l.contingency ? 1 : 0,
      l.budgetPence,
    ),
  );
  return id;
}

export function createPool(ctx: ServiceContext, p: NewPool): PoolData {
  return write(ctx, (w) => {
    const id = insertPool(ctx, p);
    w.audit({
      action: 'create',
      entity: 'pool',
      entityId: id,
      newValue: { year: p.year, name: p.name, legalBasis: p.legalBasis, partners: p.partners, host: p.host },
    });
    return loadPool(ctx, id);
  });
}

export function updatePool(
  ctx: ServiceContext,
  id: number,
  changes: { legalBasis?: LegalBasis | undefined; host?: string | null | undefined },
  reason?: string,
): PoolData {
  return write(ctx, (w) => {
    const before = loadPool(ctx, id);
    if (changes.legalBasis !== undefined && changes.legalBasis !== before.legalBasis) {
      run(ctx.db, 'UPDATE pool SET legal_basis = ? WHERE id = ?', changes.legalBasis, id);
      w.audit({
        action: 'update',
        entity: 'pool',
        entityId: id,
        field: 'legalBasis',
        oldValue: before.legalBasis,
        newValue: changes.legalBasis,
        reason: reason ?? null,
      });
    }
    if (changes.host !== undefined) {
      const oldHost = before.partners.find((p) => p.isHost)?.name ?? null;
      const newId = partnerId(ctx, id, changes.host);
      const newHost = newId === null ? null : before.partners.find((p) => p.id === newId)!.name;
      if (newHost !== oldHost) {
        run(ctx.db, 'UPDATE pool_partner SET is_host = (id IS ?) WHERE pool_id = ?', newId, id);
        w.audit({
          action: 'update',
          entity: 'pool',
          entityId: id,
          field: 'host',
          oldValue: oldHost,
          newValue: newHost,
          reason: reason ?? null,
        });
      }
    }
    touchPool(ctx, w, id);
    return loadPool(ctx, id);
  });
}

export function deletePool(ctx: ServiceContext, id: number, reason?: string): { id: number } {
  return write(ctx, (w) => {
    const before = loadPool(ctx, id);
    run(ctx.db, 'DELETE FROM pool WHERE id = ?', id);
    w.audit({ action: 'delete', entity: 'pool', entityId: id, oldValue: before, reason: reason ?? null });
    return { id };
  });
}

/** Copies a year's pools (or one) to the next year: partners, ratio, methods, contributions and budget lines; no outturns, agreements or BCF links. */
export function copyForward(
  ctx: ServiceContext,
  year: YearLabel,
  poolId?: number,
): { year: YearLabel; copied: string[] } {
  const ids = poolId !== undefined ? [poolId] : poolIdsForYear(ctx, year);
  if (ids.length === 0) throw new ApiError('not_found', `There are no pools in ${year} to copy.`);
  const to = nextYear(year);
  return write(ctx, (w) => {
    const copied: string[] = [];
    for (const id of ids) {
      const p = loadPool(ctx, id);
      if (p.year !== year)
        throw new ApiError('invalid_request', `${p.name} is a ${p.year} pool, not ${year}.`, 'poolId');
      const newId = insertPool(ctx, {
        year: to,
        name: p.name,
        legalBasis: p.legalBasis,
        partners: p.partners.map((x) => ({ name: x.name, kind: x.kind, ratio: x.ratio })),
        host: p.partners.find((x) => x.isHost)?.name ?? null,
        contributions: p.contributions.map((c) => ({ partner: c.partner, label: c.label, amountPence: c.amountPence })),
        lines: p.lines.map((l) => ({
          code: l.code,
          name: l.name,
          partner: l.partner,
          contingency: l.contingency,
          budgetPence: l.budgetPence,
        })),
        overspend: p.overspend,
        underspend: p.underspend,
        copiedFrom: p.id,
      });
      w.audit({
        action: 'copy',
        entity: 'pool',
        entityId: newId,
        oldValue: { id: p.id, year },
        newValue: { year: to, name: p.name },
      });
      copied.push(p.name);
    }
    return { year: to, copied };
  });
}
