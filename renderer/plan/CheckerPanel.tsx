import { useState } from 'react';
import { awaitsSignOff, isCoverFinding } from '../../shared/rules/cover';
import type { Finding, ValidationReport } from '../../shared/rules/types';

interface Props {
  report: ValidationReport;
  onGo: (finding: Finding) => void;
  /** Opens the cover details, where a cover finding is put right. */
  onCover?: () => void;
}

/**
 * Every rule as a row of NHS England's checklist: a green "Yes" when it
 * passes, a red "No" with its findings when it does not, each finding a
 * click away from its cell.
 */
export function CheckerPanel({ report, onGo, onCover }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  // The workbook reads "Incomplete Template" until the approval fills in who signed it off.
  const signOff = report.findings.some(awaitsSignOff);
  return (
    <section className="checker" aria-labelledby="checker-title" tabIndex={0}>
      <h2 id="checker-title">Checks</h2>
      <p className={`checker-banner ${errors === 0 ? 'complete' : 'incomplete'}`}>
        {errors > 0 ? 'Incomplete' : signOff ? 'Complete but for the sign-off' : 'Complete'}: {errors} error
        {errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
      </p>
      <ul className="checklist">
        {report.rules.map((rule) => {
          const findings = report.findings.filter((f) => f.rule === rule.id);
          const expanded = open === rule.id;
          return (
            <li key={rule.id} className={rule.passed ? 'pass' : rule.errors > 0 ? 'fail' : 'warn'}>
              <button
                type="button"
                className="check-row"
                aria-expanded={findings.length > 0 ? expanded : undefined}
                aria-controls={findings.length > 0 ? `findings-${rule.id}` : undefined}
                disabled={findings.length === 0}
                onClick={() => setOpen(expanded ? null : rule.id)}
                title={rule.description}
              >
                <span className="check-flag">{rule.passed ? 'Yes' : 'No'}</span>
                <span className="check-title">{rule.title}</span>
                {!rule.passed && <span className="check-count">{rule.errors + rule.warnings}</span>}
                <span className="visually-hidden"> ({rule.id})</span>
              </button>
              {expanded && (
                <ul id={`findings-${rule.id}`} className="findings">
                  {findings.map((f, i) => (
                    <li key={i} className={f.severity}>
                      {f.lineId !== undefined || (onCover && isCoverFinding(f)) ? (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => (f.lineId !== undefined ? onGo(f) : onCover?.())}
                        >
                          <span className="visually-hidden">{f.severity}: </span>
                          {f.message}
                        </button>
                      ) : (
                        <span>
                          <span className="visually-hidden">{f.severity}: </span>
                          {f.message}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
