import { ApiError } from '../../../shared/api';
import { returnLabel, type Period } from '../../../shared/returns/period';
import { STATE_LABELS } from '../../../shared/returns/signoff';
import { textProblem } from '../../../shared/values/text';
import type { YearLabel } from '../../../shared/years/financial-year';
import { all, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { listReturnLines, requireReturn } from './store';

/**
 * Deletes a return created by mistake (the wrong quarter, the wrong funding
 * sources). Only an open one (draft or ready): an approved return is a
 * record of what officers signed, and is reopened first. A return a later
 * quarter follows on from is refused too, since the later one compares its
 * figures with it. The history keeps every line's figures as they were.
 */
export function deleteReturn(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  reason: string,
): { year: YearLabel; period: Period } {
  return write(ctx, (w) => {
    const r = requireReturn(ctx, year, period);
    const label = returnLabel(year, period);
    if (r.state !== 'draft' && r.state !== 'ready') {
      throw new ApiError(
        'refused',
        `The ${label} return is ${STATE_LABELS[r.state].toLowerCase()}; reopen it (with a reason) before deleting it.`,
        'state',
      );
    }
    // An empty reason is refused by the API's schema (return.delete), the one way in for the app and bcf.
    const why = textProblem(reason.trim(), 1000, 'The reason');
    if (why !== null) throw new ApiError('invalid_request', why, 'reason');
    const later = all<{ year: YearLabel; period: Period }>(
      ctx.db,
      `
      SELECT DISTINCT r.year_label AS year, r.period FROM return_line l JOIN bcf_return r ON r.id = l.return_id
      WHERE l.previous_line_id IN (SELECT id FROM return_line WHERE return_id = ?)`,
      r.id,
    );
    if (later.length > 0) {
      throw new ApiError(
        'refused',
        `The ${later.map((x) => returnLabel(x.year, x.period)).join(' and ')} return follows on from ${label}; delete that first.`,
        'period',
      );
    }
    const lines = listReturnLines(ctx, r.id);
    run(ctx.db, 'DELETE FROM bcf_return WHERE id = ?', r.id);
    w.audit({
      action: 'delete',
      entity: 'bcf_return',
      entityId: r.id,
      oldValue: { year, period, state: r.state, template: r.template, sources: r.sources, lines },
      reason,
    });
    return { year, period };
  });
}
