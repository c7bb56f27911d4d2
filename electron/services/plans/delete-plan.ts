import { ApiError } from '../../../shared/api';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { one, run } from '../../db/statements';
import { write } from '../write';
import { listIncome, removeIncome } from './income';
import { listLines, removeLine } from './lines';
import { listPlans, planLabelOf } from './plan-store';
import { assertPlanOpen } from './signoff-state';

/**
 * Deletes a plan made by mistake (one of two plans that cover the same year,
 * made before one plan per year was enforced): its lines and income each go
 * to the history with their figures, then the plan. A plan that has returns
 * is refused: they are copies of its lines and the record of what was sent.
 */
export function deletePlan(ctx: ServiceContext, year: YearLabel, reason: string): { year: YearLabel; lines: number } {
  // A reason is required by the API's schema (plan.delete), the one way in for the app and bcf alike.
  const why = reason.trim();
  return write(ctx, (w) => {
    // By the year it starts in, exactly: of two plans covering a year, the one the user named.
    const plan = listPlans(ctx).find((p) => p.year === year);
    if (!plan) throw new ApiError('not_found', `There is no plan starting in ${year}.`, 'year');
    assertPlanOpen(ctx, plan.id, 'Delete the plan');
    const returns = one<{ n: number }>(ctx.db, 'SELECT count(*) AS n FROM bcf_return WHERE plan_id = ?', plan.id)!.n;
    if (returns > 0)
      throw new ApiError(
        'refused',
        `The ${planLabelOf(plan.years)} plan has ${returns} return${returns === 1 ? '' : 's'} made from it; delete ${returns === 1 ? 'it' : 'them'} first (Quarterly returns › Sign-off), or keep this plan and delete the other.`,
        'year',
      );
    const lines = listLines(ctx, plan.id);
    for (const l of lines) removeLine(ctx, l.id, why);
    for (const x of listIncome(ctx, plan.id)) removeIncome(ctx, x.id, why);
    // Its undo steps go with it; the history rows stay, no longer grouped into steps.
    run(
      ctx.db,
      'UPDATE audit_log SET changeset_id = NULL WHERE changeset_id IN (SELECT id FROM changeset WHERE plan_id = ?)',
      plan.id,
    );
    run(ctx.db, 'DELETE FROM plan WHERE id = ?', plan.id);
    w.audit({
      action: 'delete',
      entity: 'plan',
      entityId: plan.id,
      oldValue: { year: plan.year, years: plan.years, template: plan.template, lines: lines.length },
      reason: why,
    });
    return { year: plan.year, lines: lines.length };
  });
}
