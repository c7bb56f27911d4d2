import { run } from '../../db/statements';
import { ApiError } from '../../../shared/api/errors';
import type { Pence } from '../../../shared/money';
import type { Basis } from '../../../shared/pools/model';
import type { PoolData } from '../../../shared/pools/statement';
import { write } from '../write';
import type { ServiceContext } from '../context';
import { loadPool, touchPool } from './store';

/** A pool's or its lines' outturn and forecast, as typed in. */

export const basisColumn = (basis: Basis) => (basis === 'outturn' ? 'outturn_pence' : 'forecast_pence');
export const basisField = (basis: Basis) => (basis === 'outturn' ? 'outturnPence' : 'forecastPence');

/** Records a pool-level figure (a pool without lines) or one line's figure; null clears it. */
export function setOutturn(
  ctx: ServiceContext,
  id: number,
  basis: Basis,
  lineId: number | undefined,
  amountPence: Pence | null,
  reason?: string,
): PoolData {
  return write(ctx, (w) => {
    const pool = loadPool(ctx, id);
    // The figure is the pool's own while it has no lines, else one line's.
    let entity: 'pool' | 'pool_budget_line' = 'pool';
    let entityId = id;
    let old = basis === 'outturn' ? pool.outturnPence : pool.forecastPence;
    if (lineId === undefined) {
      if (pool.lines.length > 0) {
        throw new ApiError(
          'invalid_request',
          `${pool.name} has budget lines (${pool.lines.map((l) => l.code).join(', ')}): give the ${basis} of a line, or import a ledger extract.`,
          'lineId',
        );
      }
    } else {
      const line = pool.lines.find((l) => l.id === lineId);
      if (!line) throw new ApiError('not_found', `${pool.name} has no budget line ${lineId}.`, 'lineId');
      entity = 'pool_budget_line';
      entityId = lineId;
      old = basis === 'outturn' ? line.outturnPence : line.forecastPence;
    }
    if (old !== amountPence) {
      run(ctx.db, `UPDATE ${entity} SET ${basisColumn(basis)} = ? WHERE id = ?`, amountPence, entityId);
      w.audit({
        action: 'update',
        entity,
        entityId,
        field: basisField(basis),
        oldValue: old,
        newValue: amountPence,
        reason: reason ?? null,
      });
    }
    touchPool(ctx, w, id);
    return loadPool(ctx, id);
  });
}

/** Several lines' figures at once (a form of line outturns): one transaction, one audit row per changed line. */
export function setLineFigures(
  ctx: ServiceContext,
  id: number,
  basis: Basis,
  entries: { lineId: number; amountPence: Pence | null }[],
  reason?: string,
): PoolData {
  return write(ctx, (w) => {
    const pool = loadPool(ctx, id);
    for (const e of entries) {
      const line = pool.lines.find((l) => l.id === e.lineId);
      if (!line) throw new ApiError('not_found', `${pool.name} has no budget line ${e.lineId}.`, 'lines');
      const old = basis === 'outturn' ? line.outturnPence : line.forecastPence;
      if (old === e.amountPence) continue;
      run(ctx.db, `UPDATE pool_budget_line SET ${basisColumn(basis)} = ? WHERE id = ?`, e.amountPence, e.lineId);
      w.audit({
        action: 'update',
        entity: 'pool_budget_line',
        entityId: e.lineId,
        field: basisField(basis),
        oldValue: old,
        newValue: e.amountPence,
        reason: reason ?? null,
      });
    }
    touchPool(ctx, w, id);
    return loadPool(ctx, id);
  });
}
