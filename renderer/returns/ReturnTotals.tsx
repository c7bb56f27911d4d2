import type { ReturnView } from '../../shared/api';
import { Decimal, formatPence } from '../../shared/money';
import type { ReturnTotalRow } from '../../shared/returns/totals';
import { TotalsTable, type TotalsColumn } from '../tables/TotalsTable';

export const percentOf = (part: number, whole: number) =>
  whole > 0
    ? `${new Decimal(part).times(100).dividedBy(whole).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`
    : '';

const RETURN_COLUMNS: TotalsColumn<ReturnTotalRow>[] = [
  { heading: 'Lines', cell: (r) => r.lines },
  { heading: 'Planned £', cell: (r) => formatPence(r.plannedPence) },
  {
    heading: 'Actual to date £',
    cell: (r) => (
      <>
        {formatPence(r.actualPence)}
        {r.actualMissing > 0 && <span className="cell-hint">{r.actualMissing} not entered</span>}
      </>
    ),
  },
  { heading: '% of plan', cell: (r) => percentOf(r.actualPence, r.plannedPence) },
  { heading: 'Forecast outturn £', cell: (r) => formatPence(r.forecastPence) },
  { heading: 'Forecast − plan £', cell: (r) => formatPence(r.forecastPence - r.plannedPence) },
];

/** A return's totals by one grouping: planned, actual and forecast. */
export function ReturnTotalsTable(props: {
  id: string;
  title: string;
  rows: ReturnTotalRow[];
  total?: ReturnTotalRow;
}) {
  return <TotalsTable columns={RETURN_COLUMNS} {...props} />;
}

/** The totals NHS England's sheet does not print: planned and actual, by funding source, by scheme type and overall. */
export function ReturnTotals({ view }: { view: ReturnView }) {
  const t = view.totals;
  return (
    <section aria-labelledby="return-totals-title" className="totals-section">
      <h2 id="return-totals-title">Totals</h2>
      <p className="grand-total">
        Planned <strong data-testid="return-planned">{formatPence(t.plannedPence)}</strong>; actual to date{' '}
        <strong data-testid="return-actual">{formatPence(t.actualPence)}</strong> (
        {percentOf(t.actualPence, t.plannedPence)} of plan)
        {t.actualMissing > 0 ? `; ${t.actualMissing} line${t.actualMissing === 1 ? '' : 's'} not entered yet` : ''}.
      </p>
      <div className="totals-stack">
        <ReturnTotalsTable id="return-by-source" title="By Source of Funding" rows={t.bySourceOfFunding} total={t} />
        <ReturnTotalsTable id="return-by-type" title="By Scheme Type" rows={t.bySchemeType} total={t} />
      </div>
    </section>
  );
}
