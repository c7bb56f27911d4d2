import { z } from 'zod';
import type { IsoDate } from '../dates/iso-date';
import { approverSchema, ratifiedWhen, type Approver, type RatifiedWhen } from '../signoff/approval';

/**
 * A plan's sign-off (DOMAIN §2, §9): every partner — the council and each
 * ICB — approves it, by its chief executive or under delegated authority;
 * each partner submits it on its own date; the Health and Wellbeing Board
 * ratifies it at a meeting before or after submission. From the first
 * approval the plan is locked; reopening needs a reason and clears the
 * approvals (all of it kept in the history).
 */
export const PLAN_PARTNER_KINDS = ['council', 'icb'] as const;
export type PlanPartnerKind = (typeof PLAN_PARTNER_KINDS)[number];
export const PARTNER_KIND_LABELS: Record<PlanPartnerKind, string> = { council: 'Council', icb: 'ICB' };

export const AUTHORITIES = ['chief-executive', 'delegated'] as const;
export type Authority = (typeof AUTHORITIES)[number];
export const AUTHORITY_LABELS: Record<Authority, string> = {
  'chief-executive': 'Chief executive',
  delegated: 'Delegated authority',
};

export interface PartnerApproval extends Approver {
  partner: string;
  partnerKind: PlanPartnerKind;
  authority: Authority;
  /** The day this partner submitted the plan to NHS England; null until then. */
  submittedOn: IsoDate | null;
}

export const PLAN_STATES = ['draft', 'approving', 'approved', 'submitted', 'ratified'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
export const PLAN_STATE_LABELS: Record<PlanState, string> = {
  draft: 'Draft',
  approving: 'Being approved',
  approved: 'Approved',
  submitted: 'Submitted',
  ratified: 'Ratified',
};

export interface PlanSignOff {
  state: PlanState;
  /** True from the first approval until the plan is reopened: no change to its figures, cover or answers. */
  locked: boolean;
  approvals: PartnerApproval[];
  ratifiedOn: IsoDate | null;
  ratifiedAt: string;
  /** Against the first submission. */
  ratifiedWhen: RatifiedWhen | null;
  /** What the sign-off still waits for, in words ("an ICB's approval", "submission by …"). */
  outstanding: string[];
}

/** The state the recorded steps put a plan in. */
export function planSignOff(approvals: PartnerApproval[], ratifiedOn: IsoDate | null, ratifiedAt: string): PlanSignOff {
  const hasCouncil = approvals.some((a) => a.partnerKind === 'council');
  const hasIcb = approvals.some((a) => a.partnerKind === 'icb');
  const unsubmitted = approvals.filter((a) => a.submittedOn === null);
  const submitted = approvals
    .map((a) => a.submittedOn)
    .filter((d): d is IsoDate => d !== null)
    .sort();
  const outstanding: string[] = [];
  if (!hasCouncil) outstanding.push("the council's approval");
  if (!hasIcb) outstanding.push("an ICB's approval");
  if (hasCouncil && hasIcb) for (const a of unsubmitted) outstanding.push(`submission by ${a.partner}`);
  if (!ratifiedOn) outstanding.push("the Health and Wellbeing Board's ratification");
  const state: PlanState =
    approvals.length === 0
      ? 'draft'
      : !hasCouncil || !hasIcb
        ? 'approving'
        : unsubmitted.length > 0
          ? 'approved'
          : ratifiedOn
            ? 'ratified'
            : 'submitted';
  return {
    state,
    locked: approvals.length > 0,
    approvals,
    ratifiedOn,
    ratifiedAt,
    ratifiedWhen: ratifiedWhen(submitted[0] ?? null, ratifiedOn),
    outstanding,
  };
}

export const partnerApprovalSchema = approverSchema
  .extend({
    partner: z.string().trim().min(1, 'Name the partner, e.g. Bath and North East Somerset Council').max(200),
    partnerKind: z.enum(PLAN_PARTNER_KINDS),
    authority: z.enum(AUTHORITIES),
  })
  .strict();
export type PartnerApprovalInput = Omit<PartnerApproval, 'submittedOn'>;
