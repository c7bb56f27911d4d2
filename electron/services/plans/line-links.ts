import { all, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';

const WHY = 'The plan line it was linked to was deleted';

/**
 * A plan line about to be deleted: the return lines and pool contributions linked to it lose the
 * link here, each with a history row of its own (in the return's or the pool's history), rather
 * than silently through the schema's ON DELETE SET NULL. Written before the line's own deletion row,
 * undo (which replays a step backwards) puts the line back first and then its links; redo the reverse.
 */
export function unlinkLines(ctx: ServiceContext, lineIds: readonly number[]): void {
  for (const lineId of lineIds) {
    for (const c of all<{ id: number; poolId: number }>(
      ctx.db,
      'SELECT id, pool_id AS poolId FROM pool_contribution WHERE scheme_line_id = ?',
      lineId,
    )) {
      run(ctx.db, 'UPDATE pool_contribution SET scheme_line_id = NULL WHERE id = ?', c.id);
      recordAudit(ctx, {
        action: 'update',
        entity: 'pool_contribution',
        entityId: c.id,
        field: 'schemeLineId',
        oldValue: lineId,
        newValue: null,
        reason: WHY,
        scope: { kind: 'pool', id: c.poolId },
      });
    }
    for (const r of all<{ id: number; returnId: number }>(
      ctx.db,
      'SELECT id, return_id AS returnId FROM return_line WHERE plan_line_id = ?',
      lineId,
    )) {
      run(ctx.db, 'UPDATE return_line SET plan_line_id = NULL WHERE id = ?', r.id);
      recordAudit(ctx, {
        action: 'update',
        entity: 'return_line',
        entityId: r.id,
        field: 'planLineId',
        oldValue: lineId,
        newValue: null,
        reason: WHY,
        scope: { kind: 'return', id: r.returnId },
      });
    }
  }
}
