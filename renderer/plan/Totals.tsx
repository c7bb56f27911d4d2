import { formatPence } from '../../shared/money';
import type { PlanTotals, TotalRow } from '../../shared/plans/totals';

function TotalsTable({ id, title, rows, totals, years }: { id: string; title: string; rows: TotalRow[]; totals: PlanTotals; years: string[] }) {
  const two = totals.expenditureYear2Pence !== null;
  return (
    <table className="totals" aria-labelledby={id}>
      <caption id={id}>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title.replace(/^By /, '')}</th>
          <th scope="col" className="num">Lines</th>
          <th scope="col" className="num">{two ? `${years[0]} £` : 'Expenditure £'}</th>
          {two && <th scope="col" className="num">{years[1]} £</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td className="num">{r.lines}</td>
            <td className="num">{formatPence(r.pence)}</td>
            {two && <td className="num">{formatPence(r.year2Pence ?? 0)}</td>}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num">{totals.lines}</td>
          <td className="num">{formatPence(totals.expenditurePence)}</td>
          {two && <td className="num">{formatPence(totals.expenditureYear2Pence ?? 0)}</td>}
        </tr>
      </tfoot>
    </table>
  );
}

/** Planned expenditure by Source of Funding and by Scheme Type, to the penny. */
export function Totals({ totals, years }: { totals: PlanTotals; years: string[] }) {
  return (
    <section aria-labelledby="totals-title" className="totals-section">
      <h2 id="totals-title">Totals</h2>
      <p className="grand-total">
        Total planned expenditure: <strong data-testid="plan-total">{formatPence(totals.expenditurePence)}</strong>
        {totals.expenditureYear2Pence !== null && <> in {years[0]}; <strong data-testid="plan-total-2">{formatPence(totals.expenditureYear2Pence)}</strong> in {years[1]}</>}
      </p>
      <div className="totals-grid">
        <TotalsTable id="by-source" title="By Source of Funding" rows={totals.bySourceOfFunding} totals={totals} years={years} />
        <TotalsTable id="by-type" title="By Scheme Type" rows={totals.bySchemeType} totals={totals} years={years} />
      </div>
    </section>
  );
}
