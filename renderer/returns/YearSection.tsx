import { Bar, CartesianGrid, ComposedChart, Legend, Line, XAxis, YAxis } from 'recharts';
import type { YearPicture } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { STATE_LABELS } from '../../shared/returns/signoff';
import { call } from '../api/client';
import { useLoaded } from '../data/useLoaded';
import { percentOf, ReturnTotalsTable } from './ReturnTotals';

const money = (p: number | null) => (p === null ? '—' : formatPence(p, { pence: 'auto' }));
/** Axis labels only: whole pounds, grouped (the figures themselves are in the tables, to the penny). */
const axis = (pence: number) => formatPence(Math.round(pence / 100) * 100, { pence: 'auto' });

/**
 * The picture of the year: each return's actual to date and forecast outturn
 * against plan and the straight-line profile, as a chart (recharts) with the
 * same figures in a table beside it; then plan against actual by scheme type
 * and by funding source from the latest return.
 */
export default function YearSection({ year }: { year: string }) {
  const { data: picture, error } = useLoaded<YearPicture>(() => call('return.year', { year }), [year]);
  if (error)
    return (
      <p role="alert" className="error-banner">
        {error}
      </p>
    );
  if (!picture) return <p>Loading the year…</p>;
  const data = picture.quarters.map((q) => ({
    label: q.label,
    actual: q.actualPence,
    forecast: q.forecastPence,
    profile: q.profilePence,
    plan: picture.plannedPence,
  }));
  const total = (rows: YearPicture['bySchemeType']) =>
    rows.length === 0
      ? undefined
      : rows.reduce(
          (a, r) => ({
            ...a,
            lines: a.lines + r.lines,
            plannedPence: a.plannedPence + r.plannedPence,
            actualPence: a.actualPence + r.actualPence,
            actualMissing: a.actualMissing + r.actualMissing,
            forecastPence: a.forecastPence + r.forecastPence,
          }),
          { key: 'Total', lines: 0, plannedPence: 0, actualPence: 0, actualMissing: 0, forecastPence: 0 },
        );

  return (
    <section aria-labelledby="year-title">
      <h2 id="year-title">
        The year {year}
        {picture.planLabel ? ` (plan ${picture.planLabel})` : ''}
      </h2>
      <p>
        Planned expenditure for the sources the returns cover: <strong>{money(picture.plannedPence)}</strong>.
      </p>
      <div className="chart-and-table">
        <figure className="chart">
          <figcaption id="year-chart-caption">
            Quarter by quarter: actual to date and forecast outturn against the straight-line profile and the plan (the
            figures are in the table beside)
          </figcaption>
          <div aria-hidden="true">
            <ComposedChart
              width={560}
              height={300}
              data={data}
              accessibilityLayer={false}
              margin={{ top: 10, right: 16, bottom: 0, left: 24 }}
            >
              <CartesianGrid stroke="#d8dde0" vertical={false} />
              <XAxis dataKey="label" tick={{ fill: '#212b32' }} />
              <YAxis tickFormatter={axis} width={96} tick={{ fill: '#212b32' }} />
              <Legend />
              <Bar dataKey="actual" name="Actual to date" fill="#005eb8" isAnimationActive={false} />
              <Bar dataKey="forecast" name="Forecast outturn" fill="#768692" isAnimationActive={false} />
              <Line
                dataKey="profile"
                name="Straight-line profile"
                stroke="#b10e1e"
                strokeDasharray="6 3"
                dot
                isAnimationActive={false}
              />
              <Line dataKey="plan" name="Plan" stroke="#007f3b" dot={false} isAnimationActive={false} />
            </ComposedChart>
          </div>
        </figure>
        <table aria-labelledby="year-table-caption">
          <caption id="year-table-caption">Quarter by quarter</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Stage</th>
              <th scope="col" className="num">
                Actual to date £
              </th>
              <th scope="col" className="num">
                % of plan
              </th>
              <th scope="col" className="num">
                Straight-line profile £
              </th>
              <th scope="col" className="num">
                Forecast outturn £
              </th>
            </tr>
          </thead>
          <tbody>
            {picture.quarters.map((q) => (
              <tr key={q.period}>
                <th scope="row">{q.label}</th>
                <td>{q.state ? STATE_LABELS[q.state] : 'not started'}</td>
                <td className="num">{money(q.actualPence)}</td>
                <td className="num">
                  {q.actualPence === null ? '' : percentOf(q.actualPence, q.plannedPence ?? picture.plannedPence)}
                </td>
                <td className="num">{money(q.profilePence)}</td>
                <td className="num">{money(q.forecastPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {picture.latest ? (
        <>
          <h3>Plan against actual, from the {picture.latest.label} return</h3>
          <div className="totals-stack">
            <ReturnTotalsTable
              id="year-by-type"
              title="By Scheme Type"
              rows={picture.bySchemeType}
              total={total(picture.bySchemeType)}
            />
            <ReturnTotalsTable
              id="year-by-source"
              title="By Source of Funding"
              rows={picture.bySourceOfFunding}
              total={total(picture.bySourceOfFunding)}
            />
          </div>
        </>
      ) : (
        <p>No return has been made for {year} yet.</p>
      )}
    </section>
  );
}
