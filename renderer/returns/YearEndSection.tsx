import { useState, type FormEvent } from 'react';
import type { ReturnView } from '../../shared/api';
import { formatPence, parseOptionalMoney } from '../../shared/money';
import type { YearEndIncomeRow, YearEndTotalRow } from '../../shared/returns/year-end';
import { call } from '../api/client';
import { TotalsTable, type TotalsColumn } from '../tables/TotalsTable';
import { percentOf } from './ReturnTotals';
import { useReturns } from './store';

/**
 * The year-end return's own part: the actual income for the year by funding
 * source beside the plan's, each saved with its explanation of variance, and
 * income and expenditure by source, planned against actual. Expenditure by
 * line is entered under "Spend and activity", as in every quarter.
 */
export function YearEndSection({ view }: { view: ReturnView }) {
  const ye = view.yearEnd!;
  const findings = view.validation.findings.filter((f) => f.rule === 'return.year-end-variance');
  return (
    <section aria-labelledby="year-end-title">
      <h2 id="year-end-title">Year-end income and expenditure</h2>
      <p className="hint">
        Enter the income received for the year from each funding source. A difference from plan of more than{' '}
        {view.settings.variancePercent}% or {formatPence(view.settings.varianceAmountPence)} needs an explanation, as
        does an underspend on a line (its explanation goes in "Explanation of variance" under Spend and activity).
        {view.locked ? ' The return is locked: reopen it to change the figures.' : ''}
      </p>
      {ye.income.length === 0 && (
        <p role="status">The plan has no income for {view.year}: add it on the Plan screen&apos;s Income part.</p>
      )}
      <ul className="year-end-income" aria-label="Income by funding source">
        {ye.income.map((row) => (
          // Keyed by what is saved too: when it changes under the window (a restore, an undo, another
          // window, bcf) the fields start again from the database, not from what was typed before.
          <IncomeRow key={`${row.sourceOfFunding}:${row.actualPence}:${row.note}`} view={view} row={row} />
        ))}
      </ul>
      {findings.length > 0 && (
        <div aria-labelledby="year-end-findings-title">
          <h3 id="year-end-findings-title">To explain before sign-off</h3>
          <ul className="findings">
            {findings.map((f, i) => (
              <li key={i} className={`finding ${f.severity}`}>
                {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="totals-stack">
        <VarianceTable
          id="year-end-income-totals"
          title="Income by Source of Funding"
          rows={ye.income.map(asTotal)}
          total={ye.incomeTotal}
        />
        <VarianceTable
          id="year-end-spend-totals"
          title="Expenditure by Source of Funding"
          rows={ye.expenditure}
          total={ye.expenditureTotal}
        />
      </div>
    </section>
  );
}

/** A row of the variance tables; `entered: false` for a source whose actual income is not entered yet. */
type VarianceRow = YearEndTotalRow & { entered?: boolean };

// A source not entered yet shows as such, not as £0 received and a 100% variance.
const asTotal = (r: YearEndIncomeRow): VarianceRow => ({
  sourceOfFunding: r.sourceOfFunding,
  plannedPence: r.plannedPence,
  actualPence: r.actualPence ?? 0,
  variancePence: (r.actualPence ?? 0) - r.plannedPence,
  entered: r.actualPence !== null,
});

function IncomeRow({ view, row }: { view: ReturnView; row: YearEndIncomeRow }) {
  const persist = useReturns((s) => s.persist);
  const [actual, setActual] = useState(row.actualPence === null ? '' : formatPence(row.actualPence, { pence: 'auto' }));
  const [note, setNote] = useState(row.note);
  const [error, setError] = useState<string | null>(null);
  const id = `income-${row.sourceOfFunding.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseOptionalMoney(actual);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    await persist(`Saved the income from ${row.sourceOfFunding}`, () =>
      call('return.setIncome', {
        year: view.year,
        period: view.period,
        income: { sourceOfFunding: row.sourceOfFunding, actualPence: parsed.pence, note: note.trim() },
      }),
    );
  };
  return (
    <li>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-name`} className="form-grid">
        <h3 id={`${id}-name`}>{row.sourceOfFunding}</h3>
        <p id={`${id}-planned`}>
          Planned income {formatPence(row.plannedPence)}
          {row.variancePence !== null &&
            `; variance ${formatPence(row.variancePence)}${row.plannedPence > 0 ? ` (${percentOf(row.variancePence, row.plannedPence)})` : ''}`}
        </p>
        <div className="field">
          <label htmlFor={`${id}-actual`}>
            Actual income for the year (£)<span className="visually-hidden">, {row.sourceOfFunding}</span>
          </label>
          {error && (
            <p className="field-error" id={`${id}-actual-error`}>
              <span className="visually-hidden">Error: </span>
              {error}
            </p>
          )}
          <input
            id={`${id}-actual`}
            inputMode="decimal"
            value={actual}
            disabled={view.locked}
            onChange={(e) => setActual(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-actual-error ${id}-planned` : `${id}-planned`}
          />
        </div>
        <div className="field wide">
          <label htmlFor={`${id}-note`}>
            Explanation of variance<span className="visually-hidden">, {row.sourceOfFunding}</span>
          </label>
          <textarea
            id={`${id}-note`}
            rows={2}
            value={note}
            disabled={view.locked}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <button type="submit" disabled={view.locked}>
          Save {row.sourceOfFunding}
        </button>
      </form>
    </li>
  );
}

// A source not entered yet shows "not entered" and no variance.
const unentered = (r: VarianceRow) => r.entered === false;
const VARIANCE_COLUMNS: TotalsColumn<VarianceRow & { key: string }>[] = [
  { heading: 'Planned £', cell: (r) => formatPence(r.plannedPence) },
  { heading: 'Actual £', cell: (r) => (unentered(r) ? 'not entered' : formatPence(r.actualPence)) },
  { heading: 'Variance £', cell: (r) => (unentered(r) ? null : formatPence(r.variancePence)) },
  {
    heading: 'Variance %',
    cell: (r) => (unentered(r) || r.plannedPence <= 0 ? '' : percentOf(r.variancePence, r.plannedPence)),
  },
];

function VarianceTable({
  id,
  title,
  rows,
  total,
}: {
  id: string;
  title: string;
  rows: VarianceRow[];
  total: YearEndTotalRow;
}) {
  const missing = rows.filter(unentered).length;
  return (
    <TotalsTable
      id={id}
      title={title}
      heading="Source of Funding"
      note={missing > 0 && ` (${missing} not entered yet: the total counts them as £0)`}
      columns={VARIANCE_COLUMNS}
      rows={rows.map((r) => ({ ...r, key: r.sourceOfFunding }))}
      total={{ ...total, key: 'Total' }}
    />
  );
}
