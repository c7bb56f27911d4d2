import { forwardRef } from 'react';
import type { FillSummary, GenerateSummary } from '../../shared/workbooks/data';
import type { Failure } from './store';
import { useWorkbooks } from './store';

/** The running task's steps, shown once it has taken more than half a second. */
export function Progress() {
  const task = useWorkbooks((s) => s.task);
  if (!task?.shown) return null;
  return (
    <div className="progress-block" role="status">
      <label htmlFor="workbook-progress">
        {task.label}: step {task.step + 1} of {task.steps.length}, {task.steps[task.step]}…
      </label>
      <progress id="workbook-progress" max={task.steps.length} value={task.step + 0.5} />
    </div>
  );
}

/** What went wrong, every problem listed, and the reassurance that nothing was written. */
export const FailureView = forwardRef<HTMLDivElement, { failure: Failure; what: string }>(function FailureView(
  { failure, what },
  ref,
) {
  const shown = failure.details.length > 0 ? failure.details : [failure.message];
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h3>
        {what}: {shown.length} problem{shown.length === 1 ? '' : 's'}. Nothing was written.
      </h3>
      <ul>
        {shown.slice(0, 60).map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      {shown.length > 60 && <p>…and {shown.length - 60} more.</p>}
    </div>
  );
});

const rows = (first: number, last: number) => (last > first ? `rows ${first} to ${last}` : `row ${first}`);

/** What the fill wrote, where, and what reading the finished file back confirmed. */
export function FillResult({ summary }: { summary: FillSummary }) {
  return (
    <div className="result">
      <h3>
        Filled {summary.file}: downloaded as “{summary.outputName}”
      </h3>
      <table>
        <caption>What was written where</caption>
        <thead>
          <tr>
            <th scope="col">Sheet</th>
            <th scope="col">Lines</th>
            <th scope="col">Rows</th>
            <th scope="col">Columns</th>
            <th scope="col" className="num">
              Values
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.tables.map((t) => (
            <tr key={t.table}>
              <th scope="row">{t.sheet}</th>
              <td>{t.lines}</td>
              <td>
                {t.lines > 0 ? rows(t.firstRow, t.lastRow) : '—'}
                {t.cleared > 0 ? ` (${t.cleared} values left from an earlier fill emptied)` : ''}
              </td>
              <td>{t.columns.map((c) => `${c.letter} ${c.header}`).join(' · ')}</td>
              <td className="num">
                {t.cells}
                {t.replaced > 0 ? ` (${t.replaced} replaced)` : ''}
              </td>
            </tr>
          ))}
          {summary.cover.length > 0 && (
            <tr>
              <th scope="row">Cover</th>
              <td colSpan={4}>
                {summary.cover
                  .map((c) => `${c.cell} ${c.label.replace(/:$/, '')}: ${c.value === '' ? '(emptied)' : c.value}`)
                  .join(' · ')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {summary.formulaLikeTexts > 0 && (
        <p>
          {summary.formulaLikeTexts} text{summary.formulaLikeTexts === 1 ? '' : 's'} beginning with = + - or @{' '}
          {summary.formulaLikeTexts === 1 ? 'was' : 'were'} written as text, never as a formula.
        </p>
      )}
      {summary.formulas.calculated > 0 && (
        <p>
          The template&apos;s {summary.formulas.calculated} formulas (checkers, totals) are saved with their calculated
          results, so programs that read saved values see what Excel shows.
        </p>
      )}
      <p className="verified">
        Read back from the finished file: {summary.verification.cells} written cells hold what was meant, and{' '}
        {summary.verification.partsUnchanged} other parts of the workbook are byte for byte as they were. Your own copy
        was not changed.
      </p>
      {summary.warnings.length > 0 && (
        <>
          <h4>Worth a look</h4>
          <ul>
            {summary.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function GenerateResult({ summary }: { summary: GenerateSummary }) {
  const yes = summary.checkers.filter((c) => c.value === 'Yes').length;
  return (
    <div className="result">
      <h3>Generated “{summary.outputName}”</h3>
      <p>
        Sheets: {summary.sheets.join(', ')}.{' '}
        {summary.tables.map((t) => `${t.sheet}: ${t.lines} lines from row ${t.firstRow}`).join('; ')}.
      </p>
      {summary.formulaLikeTexts > 0 && (
        <p>
          {summary.formulaLikeTexts} text{summary.formulaLikeTexts === 1 ? '' : 's'} beginning with = + - or @{' '}
          {summary.formulaLikeTexts === 1 ? 'was' : 'were'} written as text, never as a formula.
        </p>
      )}
      <p className={`checker-banner ${summary.banner === 'Complete Template' ? 'complete' : 'incomplete'}`}>
        {summary.banner}: {yes} of {summary.checkers.length} checkers read Yes
      </p>
      <details>
        <summary>The checklist on the cover</summary>
        <ul className="checklist">
          {summary.checkers.map((c) => (
            <li key={c.cell} className={c.value === 'Yes' ? 'pass' : 'fail'}>
              <span className="check-flag">{c.value}</span> {c.label}{' '}
              <span className="hint">
                ({c.sheet}!{c.cell})
              </span>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
