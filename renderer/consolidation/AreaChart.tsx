import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import type { ConsolidationView } from '../../shared/api';
import { formatPence } from '../../shared/money';

/**
 * Planned expenditure by area as a bar chart, with the same figures in the
 * table beside it. The chart is a picture for sighted readers (its summary is
 * its accessible name); the table is what a screen reader or keyboard user
 * reads, and the totals are only ever taken from it.
 */
export function AreaChart({ view, onRemove }: { view: ConsolidationView; onRemove: (id: number) => void }) {
  const data = view.areas.map((a) => ({ area: a.name, pounds: a.expenditurePence / 100 }));
  const summary = view.areas.map((a) => `${a.name} ${formatPence(a.expenditurePence)}`).join('; ');
  return (
    <div className="consolidation-chart">
      <figure className="share-chart" aria-labelledby="area-chart-caption">
        <figcaption id="area-chart-caption">Planned expenditure {view.year} by area</figcaption>
        <div role="img" aria-label={`Bar chart. ${summary}.`} className="chart-box">
          <BarChart
            width={420}
            height={Math.max(160, 48 * data.length + 40)}
            data={data}
            layout="vertical"
            margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="#d8dde0" horizontal={false} />
            <XAxis
              type="number"
              stroke="#4c6272"
              tickFormatter={(v: number) => `£${(v / 1_000_000).toLocaleString('en-GB')}m`}
            />
            <YAxis type="category" dataKey="area" stroke="#4c6272" width={150} />
            <Bar dataKey="pounds" name="Planned" fill="#005eb8" isAnimationActive={false} />
          </BarChart>
        </div>
      </figure>
      <table>
        <caption>By area: the chart's figures, and where each came from</caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col" className="num">
              Lines
            </th>
            <th scope="col" className="num">
              Planned
            </th>
            <th scope="col">Package</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.areas.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.name}</th>
              <td className="num">{a.lines.toLocaleString('en-GB')}</td>
              <td className="num">{formatPence(a.expenditurePence)}</td>
              <td>
                sent {a.sentAt.slice(0, 10)} by {a.sentBy}, fingerprint {a.fingerprint.slice(0, 12)}
              </td>
              <td>
                <button type="button" className="secondary" onClick={() => onRemove(a.id)}>
                  Remove <span className="visually-hidden">{a.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">{view.total.lines.toLocaleString('en-GB')}</td>
            <td className="num">{formatPence(view.total.expenditurePence)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
