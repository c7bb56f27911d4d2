import { insert } from '../../db/statements';
import { ApiError } from '../../../shared/api/errors';
import { parseDate } from '../../../shared/dates/iso-date';
import { agreedFigures, buildStatement, type Agreement } from '../../../shared/pools/statement';
import { write } from '../write';
import type { ServiceContext } from '../context';
import { findPool, loadPool } from './store';

/** The partners' finance leads agreeing the year-end statement. */

/** Records that a partner's finance lead agreed the year-end (outturn) statement as it stands now. */
export function agreeStatement(
  ctx: ServiceContext,
  req: { id: number; partner: string; agreedBy: string; role: string; agreedOn: string },
): Agreement {
  return write(ctx, (w) => {
    const pool = loadPool(ctx, req.id);
    const partner = pool.partners.find((p) => p.name.toLowerCase() === req.partner.trim().toLowerCase());
    if (!partner)
      throw new ApiError(
        'invalid_request',
        `${req.partner} is not a partner in ${pool.name}; the partners are ${pool.partners.map((p) => p.name).join(', ')}.`,
        'partner',
      );
    const statement = buildStatement(pool, 'outturn');
    const figures = agreedFigures(statement);
    if (figures === null)
      throw new ApiError('refused', `The ${pool.name} statement cannot be agreed yet: ${statement.problem}`);
    if (!statement.complete)
      throw new ApiError(
        'refused',
        `The ${pool.name} statement cannot be agreed yet: ${statement.warnings.find((w) => w.startsWith('No outturn')) ?? 'some lines have no outturn.'}`,
      );
    const date = parseDate(req.agreedOn);
    if (!date.ok || date.date !== req.agreedOn)
      throw new ApiError(
        'invalid_request',
        date.ok ? `${req.agreedOn}: write the date YYYY-MM-DD, e.g. 2020-05-14.` : `${date.message}.`,
        'agreedOn',
      );
    if (req.agreedBy.trim() === '') throw new ApiError('invalid_request', 'Say who agreed the statement.', 'agreedBy');
    if (req.agreedOn > ctx.now().toISOString().slice(0, 10))
      throw new ApiError(
        'invalid_request',
        `${req.agreedOn} is in the future; record an agreement once it is given.`,
        'agreedOn',
      );
    const now = ctx.now().toISOString();
    const id = insert(
      ctx.db,
      'INSERT INTO pool_agreement (pool_id, partner_name, agreed_by, role, agreed_on, figures, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      pool.id,
      partner.name,
      req.agreedBy,
      req.role,
      req.agreedOn,
      JSON.stringify(figures),
      now,
      ctx.actor,
    );
    w.audit({
      action: 'agree',
      entity: 'pool',
      entityId: pool.id,
      newValue: { partner: partner.name, agreedBy: req.agreedBy, role: req.role, agreedOn: req.agreedOn, figures },
    });
    return {
      id,
      partner: partner.name,
      agreedBy: req.agreedBy,
      role: req.role,
      agreedOn: req.agreedOn,
      recordedAt: now,
      recordedBy: ctx.actor,
      figures,
    };
  });
}

export { findPool };
