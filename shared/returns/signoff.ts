import type { IsoDate } from '../dates/iso-date';
import type { Approver, RatifiedWhen } from '../signoff/approval';

/**
 * Sign-off (DOMAIN §2): drafted → ready for approval (no errors) → approved by
 * named officers under delegated authority → submitted to NHS England (by the
 * deadline, or not) → ratified by the Health and Wellbeing Board, whose
 * meeting may fall before or after the submission. From approval on, the
 * figures are locked; reopening needs a reason.
 */
export const RETURN_STATES = ['draft', 'ready', 'approved', 'submitted', 'ratified'] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

export const STATE_LABELS: Record<ReturnState, string> = {
  draft: 'Draft',
  ready: 'Ready for approval',
  approved: 'Approved',
  submitted: 'Submitted',
  ratified: 'Ratified',
};

/** States in which the figures can no longer be changed without reopening. */
export function isLocked(state: ReturnState): boolean {
  return state === 'approved' || state === 'submitted' || state === 'ratified';
}

export interface SignOff {
  state: ReturnState;
  approvers: Approver[];
  delegatedAuthority: string;
  /** The deadline the return was due by (from the calendar, kept as it was at submission). */
  deadline: IsoDate | null;
  submittedOn: IsoDate | null;
  /** Whether the submission met the deadline; null until submitted, or if no deadline was known. */
  deadlineMet: boolean | null;
  ratifiedOn: IsoDate | null;
  ratifiedAt: string;
  /** Whether the board's ratification came before or after the submission (or on the same day). */
  ratifiedWhen: RatifiedWhen | null;
}
