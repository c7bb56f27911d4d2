import { one, run } from '../../db/statements';
import { ApiError } from '../../../shared/api/errors';
import type { MethodSpec, PartnerKind } from '../../../shared/pools/model';
import type { PoolData } from '../../../shared/pools/statement';
import { textProblem } from '../../../shared/values/text';
import { write } from '../write';
import type { ServiceContext } from '../context';
import { loadPool, touchPool } from './store';

/** A cap method names partners; the caps follow a partner's new name. */
function renameInCaps(spec: MethodSpec, from: string, to: string): MethodSpec {
  if (spec.method !== 'cap') return spec;
  return {
    ...spec,
    caps: spec.caps.map((c) => (c.partner.toLowerCase() === from.toLowerCase() ? { ...c, partner: to } : c)),
  };
}

/**
 * Renames a partner or changes its kind (a CCG that became an ICB, a typing
 * slip). Contributions, lines and the host follow, since they point at the
 * partner; so do caps. An agreement already recorded keeps the name it was
 * given under, and no longer matches the statement: it is agreed again.
 */
export function changePartner(
  ctx: ServiceContext,
  req: { id: number; name: string; kind: PartnerKind },
  reason?: string,
): PoolData {
  return write(ctx, (w) => {
    const row = one<{ poolId: number }>(ctx.db, 'SELECT pool_id AS poolId FROM pool_partner WHERE id = ?', req.id);
    if (!row) throw new ApiError('not_found', `There is no partner ${req.id}.`, 'id');
    const before = loadPool(ctx, row.poolId);
    const partner = before.partners.find((p) => p.id === req.id)!;
    const name = req.name.trim();
    // The API's schema says the same; the CLI comes straight here.
    const why = name === '' ? 'A partner name is required' : textProblem(name, 100);
    if (why !== null) throw new ApiError('invalid_request', why, 'name');
    const badReason = reason === undefined ? null : textProblem(reason, 1000, 'The reason');
    if (badReason !== null) throw new ApiError('invalid_request', badReason, 'reason');
    const clash = before.partners.find((p) => p.id !== req.id && p.name.toLowerCase() === name.toLowerCase());
    if (clash)
      throw new ApiError(
        'conflict',
        `${before.name} already has a partner called "${clash.name}"; each partner once.`,
        'name',
      );
    if (name !== partner.name) {
      run(ctx.db, 'UPDATE pool_partner SET name = ? WHERE id = ?', name, req.id);
      w.audit({
        action: 'update',
        entity: 'pool',
        entityId: before.id,
        field: 'partnerName',
        oldValue: partner.name,
        newValue: name,
        reason: reason ?? null,
      });
      for (const [field, column, spec] of [
        ['overspendMethod', 'overspend_method', before.overspend],
        ['underspendMethod', 'underspend_method', before.underspend],
      ] as const) {
        const renamed = renameInCaps(spec, partner.name, name);
        if (renamed === spec) continue;
        run(ctx.db, `UPDATE pool SET ${column} = ? WHERE id = ?`, JSON.stringify(renamed), before.id);
        w.audit({
          action: 'update',
          entity: 'pool',
          entityId: before.id,
          field,
          oldValue: spec,
          newValue: renamed,
          reason: reason ?? null,
        });
      }
    }
    if (req.kind !== partner.kind) {
      run(ctx.db, 'UPDATE pool_partner SET kind = ? WHERE id = ?', req.kind, req.id);
      w.audit({
        action: 'update',
        entity: 'pool',
        entityId: before.id,
        field: 'partnerKind',
        oldValue: { partner: name, kind: partner.kind },
        newValue: { partner: name, kind: req.kind },
        reason: reason ?? null,
      });
    }
    touchPool(ctx, w, before.id);
    return loadPool(ctx, before.id);
  });
}
