import { run } from '../../db/statements';
import { ApiError } from '../../../shared/api/errors';
import { methodNeedsRatio, ratioText, type MethodSpec } from '../../../shared/pools/model';
import type { PoolData } from '../../../shared/pools/statement';
import { write } from '../write';
import type { ServiceContext } from '../context';
import { loadPool, partnerId, touchPool } from './store';

/** A pool's risk-share methods and its partners' ratio. */

export function setMethods(
  ctx: ServiceContext,
  id: number,
  req: { overspend?: MethodSpec | undefined; underspend?: MethodSpec | undefined; ratio?: string[] | undefined },
  reason?: string,
): PoolData {
  return write(ctx, (w) => {
    const before = loadPool(ctx, id);
    if (!req.overspend && !req.underspend && !req.ratio)
      throw new ApiError('invalid_request', 'Give an overspend method, an underspend method or a ratio to change.');
    let partners = before.partners;
    if (req.ratio) {
      if (req.ratio.length !== partners.length) {
        throw new ApiError(
          'invalid_request',
          `The ratio has ${req.ratio.length} part${req.ratio.length === 1 ? '' : 's'} but ${before.name} has ${partners.length} partners (${partners.map((p) => p.name).join(':')}).`,
          'ratio',
        );
      }
      if (req.ratio.every((r) => Number(r) === 0))
        throw new ApiError('invalid_request', 'At least one part of the ratio must be above zero.', 'ratio');
      partners = partners.map((p, i) => ({ ...p, ratio: req.ratio![i]! }));
    }
    const overspend = req.overspend ?? before.overspend;
    const underspend = req.underspend ?? before.underspend;
    for (const [side, spec] of [
      ['overspend', overspend],
      ['underspend', underspend],
    ] as const) {
      if (spec.method === 'contingency-first' && side === 'underspend')
        throw new ApiError(
          'invalid_request',
          'Contingency first absorbs an overspend; choose another method for an underspend.',
          side,
        );
      if (methodNeedsRatio(spec) && partners.some((p) => p.ratio === null)) {
        throw new ApiError(
          'invalid_request',
          `The ${side} method shares by the agreed ratio and ${before.name} has none; give one (e.g. --ratio ${partners.map(() => '1').join(':')}).`,
          'ratio',
        );
      }
      if (spec.method === 'cap') {
        for (const c of spec.caps) partnerId(ctx, id, c.partner);
        spec.caps.forEach(
          (c) => (c.partner = partners.find((p) => p.name.toLowerCase() === c.partner.toLowerCase())!.name),
        );
      }
      if (
        spec.method === 'contingency-first' &&
        !before.lines.some((l) => l.code.toLowerCase() === spec.contingencyLine.toLowerCase())
      ) {
        throw new ApiError(
          'invalid_request',
          before.lines.length === 0
            ? `${before.name} has no budget lines, so no contingency line ${spec.contingencyLine}; add the lines first.`
            : `${before.name} has no budget line ${spec.contingencyLine}; its lines are ${before.lines.map((l) => l.code).join(', ')}.`,
          side,
        );
      }
      if (spec.method === 'contingency-first')
        spec.contingencyLine = before.lines.find(
          (l) => l.code.toLowerCase() === spec.contingencyLine.toLowerCase(),
        )!.code;
    }
    const oldRatio = ratioText(before.partners.map((p) => p.ratio));
    const newRatio = ratioText(partners.map((p) => p.ratio));
    if (newRatio !== oldRatio) {
      partners.forEach((p) => run(ctx.db, 'UPDATE pool_partner SET ratio_part = ? WHERE id = ?', p.ratio, p.id));
      w.audit({
        action: 'update',
        entity: 'pool',
        entityId: id,
        field: 'ratio',
        oldValue: oldRatio,
        newValue: newRatio,
        reason: reason ?? null,
      });
    }
    for (const [field, column, oldSpec, newSpec] of [
      ['overspendMethod', 'overspend_method', before.overspend, overspend],
      ['underspendMethod', 'underspend_method', before.underspend, underspend],
    ] as const) {
      if (JSON.stringify(oldSpec) === JSON.stringify(newSpec)) continue;
      run(ctx.db, `UPDATE pool SET ${column} = ? WHERE id = ?`, JSON.stringify(newSpec), id);
      w.audit({
        action: 'update',
        entity: 'pool',
        entityId: id,
        field,
        oldValue: oldSpec,
        newValue: newSpec,
        reason: reason ?? null,
      });
    }
    touchPool(ctx, w, id);
    return loadPool(ctx, id);
  });
}
