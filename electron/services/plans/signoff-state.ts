import { ApiError } from '../../../shared/api';
import type { IsoDate } from '../../../shared/dates/iso-date';
import { PLAN_STATE_LABELS, planSignOff, type PartnerApproval, type PlanSignOff } from '../../../shared/plans/signoff';
import type { ServiceContext } from '../context';
import { all, one } from '../../db/statements';
import { planById, planLabelOf, type PlanRecord } from './plan-store';

/**
 * Where a plan's sign-off stands, read from its approvals: what the plan view,
 * the cover and every plan change (the lock) need. Apart from the steps that
 * change it (signoff.ts), which check the whole plan first, so that these reads
 * can be used below the plan view without a cycle.
 */

export interface ApprovalRow {
  id: number;
  partner: string;
  partnerKind: PartnerApproval['partnerKind'];
  name: string;
  role: string;
  authority: PartnerApproval['authority'];
  approvedOn: IsoDate;
  submittedOn: IsoDate | null;
}

export function approvalRows(ctx: ServiceContext, planId: number): ApprovalRow[] {
  return all<ApprovalRow>(
    ctx.db,
    `SELECT id, partner, partner_kind AS partnerKind, name, role, authority, approved_on AS approvedOn, submitted_on AS submittedOn
       FROM plan_approval WHERE plan_id = ? ORDER BY approved_on, id`,
    planId,
  );
}

export function getPlanSignOff(ctx: ServiceContext, planId: number): PlanSignOff {
  const plan = one<{ ratifiedOn: IsoDate | null; ratifiedAt: string }>(
    ctx.db,
    'SELECT ratified_on AS ratifiedOn, ratified_at AS ratifiedAt FROM plan WHERE id = ?',
    planId,
  );
  return planSignOff(
    approvalRows(ctx, planId).map(({ id: _id, ...a }) => a),
    plan?.ratifiedOn ?? null,
    plan?.ratifiedAt ?? '',
  );
}

/**
 * The date the plan was signed off, for the cover when none was typed: the
 * last partner approval once the council and an ICB have approved (the day the
 * plan could first go to NHS England). Blank until then.
 */
export function signedOffOn(ctx: ServiceContext, planId: number): IsoDate | '' {
  const s = getPlanSignOff(ctx, planId);
  if (s.state === 'draft' || s.state === 'approving') return '';
  return (
    s.approvals
      .map((a) => a.approvedOn)
      .sort()
      .at(-1) ?? ''
  );
}

/**
 * Who signed the plan off, for the cover's "who signed off" when none was
 * typed: each partner's approver as "Name (Role, Partner)", in the order they
 * approved, once the council and an ICB have approved. Blank until then.
 */
export function signedOffBy(ctx: ServiceContext, planId: number): string {
  const s = getPlanSignOff(ctx, planId);
  if (s.state === 'draft' || s.state === 'approving') return '';
  return s.approvals.map((a) => `${a.name} (${a.role}, ${a.partner})`).join('; ');
}

export const labelOf = (plan: PlanRecord) => `${planLabelOf(plan.years)} plan`;

/**
 * Refuses a change to a plan once a partner has approved it. `what` names the
 * change ("Edit line 3"); the message says how to go on.
 */
export function assertPlanOpen(ctx: ServiceContext, planId: number, what: string): void {
  const s = getPlanSignOff(ctx, planId);
  if (!s.locked) return;
  const plan = planById(ctx, planId);
  const by = s.approvals.map((a) => a.partner).join(' and ');
  throw new ApiError(
    'refused',
    `The ${labelOf(plan)} is ${PLAN_STATE_LABELS[s.state].toLowerCase()} (approved by ${by}), so it is locked: "${what}" was not done. To change it, reopen the plan with a reason (Plan › Sign-off, or bcf plan reopen); the approvals are then cleared.`,
    'state',
  );
}
