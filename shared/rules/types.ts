import type { SourceRef } from '../plans/line';

/**
 * The rule engine shared by plans and returns: each rule has a stable id (the
 * one `bcf rules --json` lists and tests refer to), a default severity, a
 * title for the checklist, and a check that reports findings with the numbers
 * quoted and a location a user can jump to.
 */
export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  lineId?: number;
  schemeId?: string;
  field?: string;
  source?: SourceRef | null;
}

export interface Rule<S> {
  id: string;
  severity: Severity;
  /** A few words for the checklist, as NHS England's checker names its rows. */
  title: string;
  description: string;
  check: (subject: S, report: (f: Omit<Finding, 'rule' | 'severity'> & { severity?: Severity }) => void) => void;
}

export interface RuleInfo {
  id: string;
  severity: Severity;
  title: string;
  description: string;
  appliesTo: 'plan' | 'return';
}

export interface RuleStatus extends RuleInfo {
  /** Red (a finding of this rule) or green, as NHS England's checklist shows it. */
  passed: boolean;
  errors: number;
  warnings: number;
}

export interface ValidationReport {
  findings: Finding[];
  rules: RuleStatus[];
}

export function runRules<S>(rules: readonly Rule<S>[], subject: S, appliesTo: 'plan' | 'return'): ValidationReport {
  const findings: Finding[] = [];
  const rulesOut: RuleStatus[] = [];
  for (const rule of rules) {
    let errors = 0;
    let warnings = 0;
    rule.check(subject, (f) => {
      const severity = f.severity ?? rule.severity;
      if (severity === 'error') errors += 1;
      else warnings += 1;
      findings.push({ ...f, rule: rule.id, severity });
    });
    rulesOut.push({
      id: rule.id,
      severity: rule.severity,
      title: rule.title,
      description: rule.description,
      appliesTo,
      passed: errors + warnings === 0,
      errors,
      warnings,
    });
  }
  return { findings, rules: rulesOut };
}

export function describeRules<S>(rules: readonly Rule<S>[], appliesTo: 'plan' | 'return'): RuleInfo[] {
  return rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, description: r.description, appliesTo }));
}
