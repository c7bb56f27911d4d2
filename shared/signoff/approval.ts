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

/**
 * Why an approval is refused when the warnings it accepts are not the ones the
 * checks find now (a plan's or a return's alike): the approver says how many
 * they saw, and a different number means the checks changed since they
 * looked. Null when they agree.
 */
export function unacceptedWarnings(
  subject: { label: string; kind: 'plan' | 'return' },
  warnings: readonly Finding[],
  accepted: number,
): { message: string; details: string[] } | null {
  if (warnings.length === accepted) return null;
  const { label, kind } = subject;
  const one = warnings.length === 1;
  const n = `${warnings.length} warning${one ? '' : 's'}`;
  return {
    message:
      warnings.length === 0
        ? `The ${label} ${kind}'s checks now find no warnings (${accepted} were accepted): look at the ${kind} again before approving it.`
        : `The ${label} ${kind}'s checks find ${n}${accepted > 0 ? ` (${accepted} were accepted)` : ''}: accept ${one ? 'it' : `all ${warnings.length}`} to approve the ${kind} with ${one ? 'it' : 'them'} (--accept-warnings ${warnings.length} on the command line), or deal with ${one ? 'it' : 'them'} first. First: ${warnings[0]!.message}`,
    details: warnings.map((f) => `${f.rule}: ${f.message}`),
  };
}

/** For the history: the warnings an approval went ahead with, by rule ("" when none). */
export function acceptedNote(warnings: readonly Finding[]): string {
  return warnings.length === 0
    ? ''
    : `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'} accepted (${[...new Set(warnings.map((f) => f.rule))].join(', ')})`;
}
