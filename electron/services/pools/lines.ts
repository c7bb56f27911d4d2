import { one, run, insert } from '../../db/statements';
import { ApiError } from '../../../shared/api/errors';
import { amountOutOfBounds, type Pence } from '../../../shared/money';
import { BUDGET, resolvePartner } from '../../../shared/pools/import-lines';
import type { PoolData } from '../../../shared/pools/statement';
import { auditUpdates, changedFields, write } from '../write';
import type { ServiceContext } from '../context';
import { loadPool, nextPosition, partnerId, touchPool } from './store';

/** A pool's budget lines, saved and deleted one at a time. */

export function saveLine(
  ctx: ServiceContext,
  req: {
    poolId: number;
    id?: number | undefined;
    code: string;
    name: string;
    partner: string | null;
    contingency: boolean;
    budgetPence: Pence;
  },
  reason?: string,
): PoolData {
  const out = amountOutOfBounds(req.budgetPence, BUDGET);
  if (out !== null) throw new ApiError('invalid_request', `${out}.`, 'budgetPence');
  return write(ctx, (w) => {
    const pool = loadPool(ctx, req.poolId);
    // A partner's name, or the kind of cost when one partner is of that kind ("health").
    const resolved = resolvePartner(req.partner ?? '', pool.partners);
    if (!resolved.ok) throw new ApiError('invalid_request', resolved.message, 'partner');
    const pid = partnerId(ctx, pool.id, resolved.value);
    const clash = pool.lines.find((l) => l.code.toLowerCase() === req.code.toLowerCase() && l.id !== req.id);
    if (clash) throw new ApiError('conflict', `${pool.name} already has a line ${clash.code}.`, 'code');
    const value = {
      code: req.code,
      name: req.name,
      partner: req.partner === null ? null : pool.partners.find((p) => p.id === pid)!.name,
      contingency: req.contingency,
      budgetPence: req.budgetPence,
    };
    if (req.id === undefined) {
      const next = nextPosition(ctx, 'pool_budget_line', pool.id);
      const id = insert(
        ctx.db,
        'INSERT INTO pool_budget_line (pool_id, position, code, name, partner_id, contingency, budget_pence) VALUES (?, ?, ?, ?, ?, ?, ?)',
        pool.id,
        next,
        req.code,
        req.name,
        pid,
        req.contingency ? 1 : 0,
        req.budgetPence,
      );
      w.audit({
        action: 'create',
        entity: 'pool_budget_line',
        entityId: id,
        newValue: value,
        reason: reason ?? null,
      });
    } else {
      const before = pool.lines.find((l) => l.id === req.id);
      if (!before) throw new ApiError('not_found', `${pool.name} has no budget line ${req.id}.`, 'id');
      const fields = changedFields(before, value, ['code', 'name', 'partner', 'contingency', 'budgetPence']);
      // Saving what is already there writes nothing, so it needs no history row.
      if (fields.length > 0)
        run(
          ctx.db,
          'UPDATE pool_budget_line SET code = ?, name = ?, partner_id = ?, contingency = ?, budget_pence = ? WHERE id = ?',
          req.code,
          req.name,
          pid,
          req.contingency ? 1 : 0,
          req.budgetPence,
          req.id,
        );
      auditUpdates(w, { entity: 'pool_budget_line', entityId: req.id, reason: reason ?? null }, fields, before, value);
    }
    touchPool(ctx, w, pool.id);
    return loadPool(ctx, pool.id);
  });
}

export function deleteLine(ctx: ServiceContext, id: number, reason?: string): PoolData {
  return write(ctx, (w) => {
    const row = one<{ pool_id: number }>(ctx.db, 'SELECT pool_id FROM pool_budget_line WHERE id = ?', id);
    if (!row) throw new ApiError('not_found', `There is no budget line ${id}; it may have been deleted.`, 'id');
    const pool = loadPool(ctx, row.pool_id);
    const line = pool.lines.find((l) => l.id === id)!;
    for (const spec of [pool.overspend]) {
      if (spec.method === 'contingency-first' && spec.contingencyLine === line.code) {
        throw new ApiError(
          'refused',
          `Line ${line.code} is the contingency the overspend method draws on; change the method first.`,
        );
      }
    }
    run(ctx.db, 'DELETE FROM pool_budget_line WHERE id = ?', id);
    w.audit({
      action: 'delete',
      entity: 'pool_budget_line',
      entityId: id,
      oldValue: line,
      reason: reason ?? null,
      scope: { kind: 'pool', id: pool.id },
    });
    touchPool(ctx, w, pool.id);
    return loadPool(ctx, pool.id);
  });
}
