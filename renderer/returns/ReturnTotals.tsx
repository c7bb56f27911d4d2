import type { ReturnView } from '../../shared/api';
import { Decimal, formatPence } from '../../shared/money';
import type { ReturnTotalRow } from '../../shared/returns/totals';

export const percentOf = (part: number, whole: number) => (whole > 0 ? `${new Decimal(part).times(100).dividedBy(whole).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%` : '');

export function TotalsTable({ id, title, rows, total }: { id: string; title: string; rows: ReturnTotalRow[]; total?: ReturnTotalRow }) {
  const row = (r: ReturnTotalRow, head: string) => (
    <>
      <th scope="row">{head}</th>
      <td className="num">{r.lines}</td>
      <td className="num">{formatPence(r.plannedPence)}</td>
      <td className="num">{formatPence(r.actualPence)}{r.actualMissing > 0 && <span className="cell-hint">{r.actualMissing} not entered</span>}</td>
      <td className="num">{percentOf(r.actualPence, r.plannedPence)}</td>
      <td className="num">{formatPence(r.forecastPence)}</td>
      <td className="num">{formatPence(r.forecastPence - r.plannedPence)}</td>
    </>
  );
  return (
    <table className="totals" aria-labelledby={id}>
      <caption id={id}>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title.replace(/^By /, '')}</th>
          <th scope="col" className="num">Lines</th>
          <th scope="col" className="num">Planned £</th>
          <th scope="col" className="num">Actual to date £</th>
          <th scope="col" className="num">% of plan</th>
          <th scope="col" className="num">Forecast outturn £</th>
          <th scope="col" className="num">Forecast − plan £</th>
        </tr>
      </thead>
      <tbody>{rows.map((r) => <tr key={r.key}>{row(r, r.key)}</tr>)}</tbody>
      {total && <tfoot><tr>{row(total, 'Total')}</tr></tfoot>}
    </table>
  );
}

/** The totals NHS England's sheet does not print: planned and actual, by funding source, by scheme type and overall. */
export function ReturnTotals({ view }: { view: ReturnView }) {
  const t = view.totals;
  return (
    <section aria-labelledby="return-totals-title" className="totals-section">
      <h2 id="return-totals-title">Totals</h2>
      <p className="grand-total">
        Planned <strong data-testid="return-planned">{formatPence(t.plannedPence)}</strong>; actual to date <strong data-testid="return-actual">{formatPence(t.actualPence)}</strong> ({percentOf(t.actualPence, t.plannedPence)} of plan){t.actualMissing > 0 ? `; ${t.actualMissing} line${t.actualMissing === 1 ? '' : 's'} not entered yet` : ''}.
      </p>
      <div className="totals-stack">
        <TotalsTable id="return-by-source" title="By Source of Funding" rows={t.bySourceOfFunding} total={t} />
        <TotalsTable id="return-by-type" title="By Scheme Type" rows={t.bySchemeType} total={t} />
      </div>
    </section>
  );
}
