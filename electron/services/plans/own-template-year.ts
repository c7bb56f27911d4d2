import type { ServiceContext } from '../context';
import { run } from '../../db/statements';
import { storedTemplateYears, type StoredTemplateYear } from '../reference/reference';
import type { Write } from '../write';
import type { PlanRecord } from './plan-store';
import { getPlanSignOff } from './signoff-state';

/**
 * A plan of a year with no template year of its own follows the latest one before it (DOMAIN §9). Once
 * the BCF manager saves one for its year, over as many years, the plan follows that instead (its lines
 * do not change; the checks say what no longer fits). Not while a partner has approved it: an approved
 * plan keeps the template, and so the national conditions and layout, it was approved on, and moves
 * when it is reopened. Answers whether it moved. `stored`: the template years, when the caller has them.
 */
export function followOwnTemplateYear(
  ctx: ServiceContext,
  w: Write,
  plan: PlanRecord,
  reason: string,
  stored: readonly StoredTemplateYear[] = storedTemplateYears(ctx),
): boolean {
  if (stored.some((t) => t.set.template === plan.template && t.set.years.includes(plan.year))) return false;
  const own = stored.find((t) => t.set.years.includes(plan.year) && t.set.years.length === plan.years.length);
  if (!own || own.set.template === plan.template || getPlanSignOff(ctx, plan.id).locked) return false;
  run(ctx.db, 'UPDATE plan SET template = ? WHERE id = ?', own.set.template, plan.id);
  w.audit({
    action: 'update',
    entity: 'plan',
    entityId: plan.id,
    field: 'template',
    oldValue: plan.template,
    newValue: own.set.template,
    reason,
  });
  return true;
}
