import { formatPence } from '../../shared/money';
import type { PlanTotals, TotalRow } from '../../shared/plans/totals';
import { TotalsTable, type TotalsColumn } from '../tables/TotalsTable';

function planColumns(totals: PlanTotals, years: string[]): TotalsColumn<TotalRow>[] {
  const two = totals.expenditureYear2Pence !== null;
  return [
    { heading: 'Lines', cell: (r) => r.lines },
    { heading: two ? `${years[0]} £` : 'Expenditure £', cell: (r) => formatPence(r.pence) },
    ...(two ? [{ heading: `${years[1]} £`, cell: (r: TotalRow) => formatPence(r.year2Pence ?? 0) }] : []),
  ];
}

/** Planned expenditure by Source of Funding and by Scheme Type, to the penny. */
export function Totals({ totals, years }: { totals: PlanTotals; years: string[] }) {
  const columns = planColumns(totals, years);
  const total: TotalRow = {
    key: 'Total',
    lines: totals.lines,
    pence: totals.expenditurePence,
    year2Pence: totals.expenditureYear2Pence,
  };
  return (
    <section aria-labelledby="totals-title" className="totals-section">
      <h2 id="totals-title">Totals</h2>
      <p className="grand-total">
        Total planned expenditure: <strong data-testid="plan-total">{formatPence(totals.expenditurePence)}</strong>
        {totals.expenditureYear2Pence !== null && (
          <>
            {' '}
            in {years[0]}; <strong data-testid="plan-total-2">{formatPence(totals.expenditureYear2Pence)}</strong> in{' '}
            {years[1]}
          </>
        )}
      </p>
      <div className="totals-grid">
        <TotalsTable
          id="by-source"
          title="By Source of Funding"
          columns={columns}
          rows={totals.bySourceOfFunding}
          total={total}
        />
        <TotalsTable id="by-type" title="By Scheme Type" columns={columns} rows={totals.bySchemeType} total={total} />
      </div>
    </section>
  );
}
