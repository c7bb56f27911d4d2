import { z } from 'zod';
import type { IsoDate } from '../dates/iso-date';
import { awaitsSignOff } from '../rules/cover';
import type { Finding } from '../rules/types';

/**
 * What a return's and a plan's sign-off have in common (DOMAIN §2): named
 * officers approve on a date, and the Health and Wellbeing Board ratifies at
 * a meeting that may fall before or after the submission.
 */
export interface Approver {
  name: string;
  role: string;
  approvedOn: IsoDate;
}

export const approverSchema = z
  .object({
    name: z.string().trim().min(1, "Give the approver's name").max(200),
    role: z.string().trim().min(1, "Give the approver's role").max(300),
    approvedOn: z.string(),
  })
  .strict();

export type RatifiedWhen = 'before submission' | 'on the day of submission' | 'after submission';

export function ratifiedWhen(submittedOn: IsoDate | null, ratifiedOn: IsoDate | null): RatifiedWhen | null {
  if (!ratifiedOn || !submittedOn) return ratifiedOn ? 'before submission' : null;
  return ratifiedOn < submittedOn
    ? 'before submission'
    : ratifiedOn === submittedOn
      ? 'on the day of submission'
      : 'after submission';
}

/** The reason a signed-off plan or return is reopened: required, and kept in the history. */
export const REOPEN_REASON_MESSAGE = 'Give the reason for reopening: it is kept in the history.';

/**
 * The findings that stand before approval: all but the cover's sign-off
 * details, which the approval itself fills in (a return's or a plan's). Its errors refuse the approval;
 * its warnings are asked about, once.
 */
export function beforeApproval(findings: readonly Finding[]): { errors: Finding[]; warnings: Finding[] } {
  const standing = findings.filter((f) => !awaitsSignOff(f));
  return {
    errors: standing.filter((f) => f.severity === 'error'),
    warnings: standing.filter((f) => f.severity === 'warning'),
  };
}
