import type { Finding } from './types';

/**
 * The cover details NHS England's checklist asks for (DOMAIN §5): who
 * completed the workbook, how to reach them, who signed it off. The template's
 * checker shows "No" while one is blank, and the banner "Incomplete Template";
 * so a blank one is an error here too, and "Complete" in the app means
 * "Complete Template" in the workbook.
 */
export interface CoverDetail {
  key: string;
  label: string;
  value: string;
}

/** The details a return's approval fills in (from its approvers): missing before approval, they do not stand in its way. */
const SIGN_OFF_KEYS = new Set(['signedOffBy', 'dateSignedOff']);

export const coverField = (key: string) => `cover.${key}`;

/** Whether a finding is about a sign-off detail, which the approval itself supplies. */
export function awaitsSignOff(f: Pick<Finding, 'field'>): boolean {
  return f.field !== undefined && f.field.startsWith('cover.') && SIGN_OFF_KEYS.has(f.field.slice('cover.'.length));
}

export function isCoverFinding(f: Pick<Finding, 'field' | 'lineId'>): boolean {
  return f.lineId === undefined && f.field !== undefined && f.field.startsWith('cover.');
}

/**
 * One finding per blank detail. A return's sign-off details come from its
 * approvers, so before approval a blank one is a warning that says so (the
 * workbook still reads "Incomplete Template" until then) rather than an error
 * asking the user to type what the approval will write.
 */
export function coverFindings(
  cover: readonly CoverDetail[],
  report: (f: { field: string; message: string; severity?: 'warning' }) => void,
  opts: { signedOffByApproval?: boolean; signOffPending?: boolean } = {},
): void {
  for (const d of cover) {
    if (d.value.trim() !== '') continue;
    const bySignOff = opts.signedOffByApproval === true && SIGN_OFF_KEYS.has(d.key);
    if (!bySignOff && opts.signOffPending === true && SIGN_OFF_KEYS.has(d.key)) {
      // A plan's sign-off details come from its partners' approvals (or are typed): until then they are not a fault.
      report({
        field: coverField(d.key),
        severity: 'warning',
        message: `Cover: "${d.label}" is blank; the workbook's checklist asks for it. It is filled in from the partners' approvals when the plan is approved (Sign-off), or set it in Cover details.`,
      });
      continue;
    }
    report({
      field: coverField(d.key),
      // Only a warning until then: it is what the approval writes, not something to fix.
      ...(bySignOff ? { severity: 'warning' as const } : {}),
      message: bySignOff
        ? `Cover: "${d.label}" is blank; the workbook's checklist asks for it. It is filled in from the approvers when the return is approved (or set it in Cover details).`
        : `Cover: "${d.label}" is blank; the workbook's checklist asks for it. Fill it in under Cover details.`,
    });
  }
}
