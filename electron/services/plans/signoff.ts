import { ApiError } from '../../../shared/api';
import { formatDate, type IsoDate } from '../../../shared/dates/iso-date';
import {
  PARTNER_KIND_LABELS,
  PLAN_STATE_LABELS,
  type PartnerApprovalInput,
  type PlanSignOff,
} from '../../../shared/plans/signoff';
import {
  acceptedNote,
  beforeApproval,
  REOPEN_REASON_MESSAGE,
  unacceptedWarnings,
} from '../../../shared/signoff/approval';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { insert, run } from '../../db/statements';
import { write } from '../write';
import { planLayoutNow } from '../workbooks/plan-workbooks';
import { keepApprovedCopy, releaseApprovedCopy } from './approved-copy';
import { followOwnTemplateYear } from './own-template-year';
import { planLabelOf, requirePlan } from './plan-store';
import { planSubject } from './plan-view';
import { validatePlan } from '../../../shared/plans/rules';
import { approvalRows, getPlanSignOff, labelOf } from './signoff-state';

/**
 * The plan's sign-off steps (DOMAIN §2, §9), the plan's counterpart of the
 * return's (`returns/signoff.ts`): each partner's approval, each partner's
 * submission, the board's ratification, and reopening with a reason. Each step
 * is one transaction with its history rows; none is an undo step. Where the
 * sign-off stands, and the lock, are read in signoff-state.ts.
 */

/**
 * One partner's approval of the plan, by a named officer as chief executive or
 * under delegated authority. As for a return, errors refuse it and warnings
 * are asked about: the approval names how many it accepts, and is refused if
 * the checks now find a different number (they changed since the user looked).
 */
export function approvePlan(
  ctx: ServiceContext,
  year: YearLabel,
  input: PartnerApprovalInput,
  acceptWarnings = 0,
): PlanSignOff {
  return write(ctx, (w) => {
    const plan = requirePlan(ctx, year);
    const partner = input.partner.trim();
    if (partner === '' || input.name.trim() === '' || input.role.trim() === '')
      throw new ApiError('invalid_request', "Name the partner, and the approver's name and role.", 'partner');
    const already = approvalRows(ctx, plan.id).find((a) => a.partner.toLowerCase() === partner.toLowerCase());
    if (already)
      throw new ApiError(
        'refused',
        `${already.partner} already approved the ${labelOf(plan)} on ${formatDate(already.approvedOn)} (${already.name}). To record another approval, reopen the plan with a reason first.`,
        'partner',
      );
    // As for a return: no approval while the checks find errors (the cover's sign-off details, which the approval supplies, aside).
    const { errors, warnings } = beforeApproval(validatePlan(planSubject(ctx, plan)).findings);
    if (errors.length > 0) {
      const details = errors.map((f) => `${f.rule}: ${f.message}`);
      throw new ApiError(
        'refused',
        `The ${labelOf(plan)} cannot be approved: the checks find ${errors.length} error${errors.length === 1 ? '' : 's'}, first ${details[0]}`,
        undefined,
        details,
      );
    }
    const s = getPlanSignOff(ctx, plan.id);
    if (s.state === 'submitted' || s.state === 'ratified')
      throw new ApiError(
        'refused',
        `The ${labelOf(plan)} is ${PLAN_STATE_LABELS[s.state].toLowerCase()}; reopen it with a reason before another partner approves it.`,
        'state',
      );
    const unaccepted = unacceptedWarnings({ label: planLabelOf(plan.years), kind: 'plan' }, warnings, acceptWarnings);
    if (unaccepted) throw new ApiError('refused', unaccepted.message, 'acceptWarnings', unaccepted.details);
    // The first approval locks the plan: from here it shows and exports what is approved now.
    if (!s.locked) keepApprovedCopy(ctx, plan, planLayoutNow(ctx, plan));
    const id = insert(
      ctx.db,
      'INSERT INTO plan_approval (plan_id, partner, partner_kind, name, role, authority, approved_on) VALUES (?, ?, ?, ?, ?, ?, ?)',
      plan.id,
      partner,
      input.partnerKind,
      input.name.trim(),
      input.role.trim(),
      input.authority,
      input.approvedOn,
    );
    const after = getPlanSignOff(ctx, plan.id);
    w.audit({
      action: 'approve',
      entity: 'plan_approval',
      entityId: id,
      newValue: {
        plan: planLabelOf(plan.years),
        partner,
        partnerKind: PARTNER_KIND_LABELS[input.partnerKind],
        name: input.name.trim(),
        role: input.role.trim(),
        authority: input.authority,
        approvedOn: input.approvedOn,
      },
      reason: `Plan ${PLAN_STATE_LABELS[after.state].toLowerCase()}${acceptedNote(warnings)}`,
    });
    return after;
  });
}

/** A partner's submission of the approved plan to NHS England, on its own date. */
export function submitPlan(ctx: ServiceContext, year: YearLabel, partner: string, submittedOn: IsoDate): PlanSignOff {
  return write(ctx, (w) => {
    const plan = requirePlan(ctx, year);
    const s = getPlanSignOff(ctx, plan.id);
    if (s.state === 'draft' || s.state === 'approving')
      throw new ApiError(
        'refused',
        `The ${labelOf(plan)} is ${PLAN_STATE_LABELS[s.state].toLowerCase()}: it can be submitted once the council and an ICB have approved it (waiting for ${s.outstanding.filter((o) => o.includes('approval')).join(' and ')}).`,
        'state',
      );
    const row = approvalRows(ctx, plan.id).find((a) => a.partner.toLowerCase() === partner.trim().toLowerCase());
    if (!row)
      throw new ApiError(
        'invalid_request',
        `${partner} has not approved the ${labelOf(plan)}; the partners who have: ${s.approvals.map((a) => a.partner).join(', ')}.`,
        'partner',
      );
    if (row.submittedOn)
      throw new ApiError(
        'refused',
        `${row.partner} already submitted the ${labelOf(plan)} on ${formatDate(row.submittedOn)}.`,
        'partner',
      );
    if (submittedOn < row.approvedOn)
      throw new ApiError(
        'invalid_request',
        `The submission date ${formatDate(submittedOn)} is before ${row.partner}'s approval on ${formatDate(row.approvedOn)}.`,
        'submittedOn',
      );
    run(ctx.db, 'UPDATE plan_approval SET submitted_on = ? WHERE id = ?', submittedOn, row.id);
    const after = getPlanSignOff(ctx, plan.id);
    w.audit({
      action: 'update',
      entity: 'plan_approval',
      entityId: row.id,
      field: 'submittedOn',
      oldValue: null,
      newValue: submittedOn,
      reason: `Submitted by ${row.partner}; plan ${PLAN_STATE_LABELS[after.state].toLowerCase()}`,
    });
    return after;
  });
}

/** The Health and Wellbeing Board's ratification, at a meeting before or after submission. */
export function ratifyPlan(ctx: ServiceContext, year: YearLabel, ratifiedOn: IsoDate, meeting = ''): PlanSignOff {
  return write(ctx, (w) => {
    const plan = requirePlan(ctx, year);
    const s = getPlanSignOff(ctx, plan.id);
    if (s.ratifiedOn)
      throw new ApiError(
        'refused',
        `The ${labelOf(plan)} was already ratified on ${formatDate(s.ratifiedOn)}.`,
        'state',
      );
    if (s.state === 'draft' || s.state === 'approving')
      throw new ApiError(
        'refused',
        `The ${labelOf(plan)} is ${PLAN_STATE_LABELS[s.state].toLowerCase()}: the board ratifies it once the council and an ICB have approved it.`,
        'state',
      );
    run(ctx.db, 'UPDATE plan SET ratified_on = ?, ratified_at = ? WHERE id = ?', ratifiedOn, meeting.trim(), plan.id);
    const after = getPlanSignOff(ctx, plan.id);
    w.audit({
      action: 'ratify',
      entity: 'plan',
      entityId: plan.id,
      field: 'ratifiedOn',
      newValue: ratifiedOn,
      reason: `Ratified by the Health and Wellbeing Board${meeting.trim() ? ` (${meeting.trim()})` : ''}, ${after.ratifiedWhen ?? 'before submission'}`,
    });
    return after;
  });
}

/** Reopens a plan for changes: the reason is required and kept; every approval, submission and the ratification are cleared. */
export function reopenPlan(ctx: ServiceContext, year: YearLabel, reason: string): PlanSignOff {
  const why = reason.trim();
  return write(ctx, (w) => {
    const plan = requirePlan(ctx, year);
    const s = getPlanSignOff(ctx, plan.id);
    if (!s.locked)
      throw new ApiError(
        'refused',
        `The ${labelOf(plan)} is a draft: no partner has approved it, so it is open for changes already.`,
        'state',
      );
    if (why === '') throw new ApiError('invalid_request', REOPEN_REASON_MESSAGE, 'reason');
    for (const a of approvalRows(ctx, plan.id)) {
      run(ctx.db, 'DELETE FROM plan_approval WHERE id = ?', a.id);
      const { id: _id, ...old } = a;
      w.audit({
        action: 'delete',
        entity: 'plan_approval',
        entityId: a.id,
        oldValue: old,
        reason: why,
        scope: { kind: 'plan', id: plan.id },
      });
    }
    if (s.ratifiedOn) {
      run(ctx.db, "UPDATE plan SET ratified_on = NULL, ratified_at = '' WHERE id = ?", plan.id);
      w.audit({
        action: 'update',
        entity: 'plan',
        entityId: plan.id,
        field: 'ratifiedOn',
        oldValue: s.ratifiedOn,
        newValue: null,
        reason: why,
      });
    }
    w.audit({
      action: 'state',
      entity: 'plan',
      entityId: plan.id,
      field: 'state',
      oldValue: PLAN_STATE_LABELS[s.state],
      newValue: PLAN_STATE_LABELS.draft,
      reason: why,
    });
    releaseApprovedCopy(ctx, plan.id);
    followOwnTemplateYear(
      ctx,
      w,
      plan,
      `${plan.year} was given a template year of its own while the plan was approved`,
    );
    return getPlanSignOff(ctx, plan.id);
  });
}
