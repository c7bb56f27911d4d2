import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { PoolTrend } from '../../shared/api';
import { formatPence } from '../../shared/money';

/** Colours with at least 3:1 contrast on white (WCAG 1.4.11), one per partner in the agreed order. */
const COLOURS = ['#005eb8', '#b10e1e', '#007f3b', '#6b2c91', '#4c6272', '#8a4b08'];

/**
 * Each partner's share of the variance, year by year, as a chart and as the
 * same figures in a table. The chart is a picture for sighted readers; the
 * table is what a screen reader or keyboard user reads.
 */
export function ShareChart({ trend }: { trend: PoolTrend | null }) {
  if (!trend || trend.points.length === 0) {
    return <p>No year of this pool has a forecast or outturn yet, so there are no shares to chart.</p>;
  }
  const partners = [...new Set(trend.points.flatMap((p) => p.shares.map((s) => s.partner)))];
  const data = trend.points.map((p) => ({
    year: p.year,
    ...Object.fromEntries(p.shares.map((s) => [s.partner, s.pence / 100])),
  }));
  const summary = trend.points
    .map((p) => `${p.year}: ${p.shares.map((s) => `${s.partner} ${formatPence(s.pence)}`).join(', ')}`)
    .join('; ');
  return (
    <figure className="share-chart" aria-labelledby="share-chart-caption">
      <figcaption id="share-chart-caption">
        Each partner's share of the {trend.name} variance, by year (negative: an underspend returned)
      </figcaption>
      <div role="img" aria-label={`Bar chart. ${summary}.`} className="chart-box">
        <BarChart
          width={640}
          height={280}
          data={data}
          margin={{ top: 8, right: 16, bottom: 8, left: 24 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#d8dde0" vertical={false} />
          <XAxis dataKey="year" stroke="#4c6272" />
          <YAxis stroke="#4c6272" tickFormatter={(v: number) => `£${v.toLocaleString('en-GB')}`} width={96} />
          <ReferenceLine y={0} stroke="#212b32" />
          <Legend />
          {partners.map((name, i) => (
            <Bar key={name} dataKey={name} name={name} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </div>
      <table aria-labelledby="share-table-caption">
        <caption id="share-table-caption">The chart's figures: each partner's share by year</caption>
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col">Figures</th>
            <th scope="col" className="num">
              Variance
            </th>
            {partners.map((p) => (
              <th scope="col" className="num" key={p}>
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {trend.points.map((p) => (
            <tr key={p.year}>
              <th scope="row">{p.year}</th>
              <td>{p.basis}</td>
              <td className="num">{formatPence(p.variance)}</td>
              {partners.map((name) => {
                const s = p.shares.find((x) => x.partner === name);
                return (
                  <td className="num" key={name}>
                    {s ? formatPence(s.pence) : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
