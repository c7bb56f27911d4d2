import { all, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';

const WHY = 'The plan line it was linked to was deleted';

/** What links to a plan line: a pool's contribution and a return's line, each with its own history. */
const LINKS = [
  { table: 'pool_contribution', column: 'scheme_line_id', owner: 'pool_id', field: 'schemeLineId', kind: 'pool' },
  { table: 'return_line', column: 'plan_line_id', owner: 'return_id', field: 'planLineId', kind: 'return' },
] as const;

/**
 * A plan line about to be deleted: the return lines and pool contributions linked to it lose the
 * link here, each with a history row of its own (in the return's or the pool's history), rather
 * than silently through the schema's ON DELETE SET NULL. Written before the line's own deletion row,
 * undo (which replays a step backwards) puts the line back first and then its links; redo the reverse.
 */
export function unlinkLines(ctx: ServiceContext, lineIds: readonly number[]): void {
  for (const lineId of lineIds) {
    for (const link of LINKS) {
      const linked = all<{ id: number; ownerId: number }>(
        ctx.db,
        `SELECT id, ${link.owner} AS ownerId FROM ${link.table} WHERE ${link.column} = ?`,
        lineId,
      );
      for (const { id, ownerId } of linked) {
        run(ctx.db, `UPDATE ${link.table} SET ${link.column} = NULL WHERE id = ?`, id);
        recordAudit(ctx, {
          action: 'update',
          entity: link.table,
          entityId: id,
          field: link.field,
          oldValue: lineId,
          newValue: null,
          reason: WHY,
          scope: { kind: link.kind, id: ownerId },
        });
      }
    }
  }
}
