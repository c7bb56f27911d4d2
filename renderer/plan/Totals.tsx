import { formatPence } from '../../shared/money';
import type { PlanTotals, TotalRow } from '../../shared/plans/totals';

function TotalsTable({ id, title, rows, total }: { id: string; title: string; rows: TotalRow[]; total: number }) {
  return (
    <table className="totals" aria-labelledby={id}>
      <caption id={id}>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title.replace(/^By /, '')}</th>
          <th scope="col" className="num">Lines</th>
          <th scope="col" className="num">Expenditure £</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td className="num">{r.lines}</td>
            <td className="num">{formatPence(r.pence)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num">{rows.reduce((n, r) => n + r.lines, 0)}</td>
          <td className="num">{formatPence(total)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** Planned expenditure by Source of Funding and by Scheme Type, to the penny. */
export function Totals({ totals }: { totals: PlanTotals }) {
  return (
    <section aria-labelledby="totals-title" className="totals-section">
      <h2 id="totals-title">Totals</h2>
      <p className="grand-total">Total planned expenditure: <strong data-testid="plan-total">{formatPence(totals.expenditurePence)}</strong></p>
      <div className="totals-grid">
        <TotalsTable id="by-source" title="By Source of Funding" rows={totals.bySourceOfFunding} total={totals.expenditurePence} />
        <TotalsTable id="by-type" title="By Scheme Type" rows={totals.bySchemeType} total={totals.expenditurePence} />
      </div>
    </section>
  );
}
