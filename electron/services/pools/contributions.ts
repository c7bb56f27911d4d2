import { one, run, insert } from '../../db/statements';
import { ApiError } from '../../../shared/api/errors';
import { amountOutOfBounds, type Pence } from '../../../shared/money';
import { CONTRIBUTION } from '../../../shared/pools/import-published';
import type { PoolData } from '../../../shared/pools/statement';
import { auditUpdates, changedFields, write } from '../write';
import type { ServiceContext } from '../context';
import { loadPool, nextPosition, partnerId, touchPool } from './store';
import { findPlan, planById } from '../plans/plan-store';

/** Partners' contributions to a pool, and their links to the BCF plan lines that fund them. */

export function saveContribution(
  ctx: ServiceContext,
  req: { poolId: number; id?: number | undefined; partner: string | null; label: string; amountPence: Pence },
  reason?: string,
): PoolData {
  const out = amountOutOfBounds(req.amountPence, CONTRIBUTION);
  if (out !== null) throw new ApiError('invalid_request', `${out}.`, 'amountPence');
  return write(ctx, (w) => {
    const pool = loadPool(ctx, req.poolId);
    const pid = partnerId(ctx, pool.id, req.partner);
    const partner = pid === null ? null : pool.partners.find((p) => p.id === pid)!.name;
    if (req.id === undefined) {
      const next = nextPosition(ctx, 'pool_contribution', pool.id);
      const id = insert(
        ctx.db,
        'INSERT INTO pool_contribution (pool_id, partner_id, position, label, amount_pence) VALUES (?, ?, ?, ?, ?)',
        pool.id,
        pid,
        next,
        req.label,
        req.amountPence,
      );
      w.audit({
        action: 'create',
        entity: 'pool_contribution',
        entityId: id,
        newValue: { pool: pool.name, partner, label: req.label, amountPence: req.amountPence },
        reason: reason ?? null,
      });
    } else {
      const before = pool.contributions.find((c) => c.id === req.id);
      if (!before) throw new ApiError('not_found', `${pool.name} has no contribution ${req.id}.`, 'id');
      const after = { partner, label: req.label, amountPence: req.amountPence };
      const fields = changedFields(before, after, ['partner', 'label', 'amountPence']);
      // Saving what is already there writes nothing, so it needs no history row.
      if (fields.length > 0)
        run(
          ctx.db,
          'UPDATE pool_contribution SET partner_id = ?, label = ?, amount_pence = ? WHERE id = ?',
          pid,
          req.label,
          req.amountPence,
          req.id,
        );
      auditUpdates(w, { entity: 'pool_contribution', entityId: req.id, reason: reason ?? null }, fields, before, after);
    }
    touchPool(ctx, w, pool.id);
    return loadPool(ctx, pool.id);
  });
}

function contributionPool(ctx: ServiceContext, id: number): number {
  const row = one<{ pool_id: number }>(ctx.db, 'SELECT pool_id FROM pool_contribution WHERE id = ?', id);
  if (!row) throw new ApiError('not_found', `There is no contribution ${id}; it may have been deleted.`, 'id');
  return row.pool_id;
}

export function deleteContribution(ctx: ServiceContext, id: number, reason?: string): PoolData {
  return write(ctx, (w) => {
    const pool = loadPool(ctx, contributionPool(ctx, id));
    run(ctx.db, 'DELETE FROM pool_contribution WHERE id = ?', id);
    w.audit({
      action: 'delete',
      entity: 'pool_contribution',
      entityId: id,
      oldValue: pool.contributions.find((c) => c.id === id),
      reason: reason ?? null,
      scope: { kind: 'pool', id: pool.id },
    });
    touchPool(ctx, w, pool.id);
    return loadPool(ctx, pool.id);
  });
}

/** Links a contribution to the BCF plan line that funds it (a line of the plan covering the pool's year), or unlinks it (null). */
export function linkContribution(
  ctx: ServiceContext,
  id: number,
  schemeLineId: number | null,
  reason?: string,
): PoolData {
  return write(ctx, (w) => {
    const pool = loadPool(ctx, contributionPool(ctx, id));
    const before = pool.contributions.find((c) => c.id === id)!;
    if (schemeLineId !== null) {
      const line = one<{ planId: number }>(
        ctx.db,
        'SELECT plan_id AS planId FROM scheme_line WHERE id = ?',
        schemeLineId,
      );
      if (!line) throw new ApiError('not_found', `There is no BCF plan line ${schemeLineId}.`, 'schemeLineId');
      // The plan that covers the pool's year: for a 2024-25 pool, the 2023-25 plan is one.
      if (findPlan(ctx, pool.year)?.id !== line.planId) {
        const years = planById(ctx, line.planId).years;
        throw new ApiError(
          'invalid_request',
          `BCF line ${schemeLineId} is in the plan for ${years.join(' and ')}; ${pool.name} is a ${pool.year} pool.`,
          'schemeLineId',
        );
      }
    }
    if (before.schemeLineId !== schemeLineId) {
      run(ctx.db, 'UPDATE pool_contribution SET scheme_line_id = ? WHERE id = ?', schemeLineId, id);
      w.audit({
        action: 'update',
        entity: 'pool_contribution',
        entityId: id,
        field: 'schemeLineId',
        oldValue: before.schemeLineId,
        newValue: schemeLineId,
        reason: reason ?? null,
      });
    }
    touchPool(ctx, w, pool.id);
    return loadPool(ctx, pool.id);
  });
}
