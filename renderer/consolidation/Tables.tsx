import type { AreaMinimum, ConsolidationView, HeadingTotal } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { PERIOD_LABELS } from '../../shared/returns/period';

/** The consolidation's other totals, each a plain table with a caption saying what it adds up. */

function HeadingTable({ caption, heading, rows }: { caption: string; heading: string; rows: HeadingTotal[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col" className="num">
            Lines
          </th>
          <th scope="col" className="num">
            Planned
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.heading}>
            <th scope="row">{r.heading}</th>
            <td className="num">{r.lines.toLocaleString('en-GB')}</td>
            <td className="num">{formatPence(r.expenditurePence)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Met, not met by how much, or (for a package made before minimums were carried) not known. */
function metText(x: AreaMinimum) {
  if (x.met === null || x.requiredPence === null || x.plannedPence === null)
    return 'Not known: the package was made before packages carried minimums';
  if (x.met) return 'Met';
  return <strong>Not met: {formatPence(x.requiredPence - x.plannedPence)} short</strong>;
}

export function ConsolidationTables({ view }: { view: ConsolidationView }) {
  return (
    <>
      <div className="consolidation-pair">
        <HeadingTable caption="By funding source" heading="Source of funding" rows={view.bySource} />
        <HeadingTable caption="By scheme type" heading="Scheme type" rows={view.bySchemeType} />
      </div>
      <table>
        <caption>Each area's minimums</caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col">Minimum</th>
            <th scope="col" className="num">
              Required
            </th>
            <th scope="col" className="num">
              Planned
            </th>
            <th scope="col">Met?</th>
          </tr>
        </thead>
        <tbody>
          {view.minimums.length === 0 && (
            <tr>
              <td colSpan={5}>No plan in these packages has a required minimum entered for the year.</td>
            </tr>
          )}
          {view.minimums.map((x, i) => (
            <tr key={`${x.area}:${x.label}:${i}`}>
              <th scope="row">{x.area}</th>
              <td>{x.label}</td>
              <td className="num">{x.requiredPence === null ? '—' : formatPence(x.requiredPence)}</td>
              <td className="num">{x.plannedPence === null ? '—' : formatPence(x.plannedPence)}</td>
              <td>{metText(x)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Plan against actual by quarter (actual to date, across the areas that sent that return)</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Areas
            </th>
            <th scope="col" className="num">
              Planned
            </th>
            <th scope="col" className="num">
              Actual
            </th>
          </tr>
        </thead>
        <tbody>
          {view.quarters.length === 0 && (
            <tr>
              <td colSpan={4}>No package here carries a return for {view.year}.</td>
            </tr>
          )}
          {view.quarters.map((q) => (
            <tr key={q.period}>
              <th scope="row">{PERIOD_LABELS[q.period]}</th>
              <td className="num">{q.areas}</td>
              <td className="num">{formatPence(q.plannedPence)}</td>
              <td className="num">{formatPence(q.actualPence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Each partner's exposure across its areas' pooled budgets</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">Areas</th>
            <th scope="col" className="num">
              Pools
            </th>
            <th scope="col" className="num">
              Contributions
            </th>
            <th scope="col" className="num">
              Share of variances
            </th>
          </tr>
        </thead>
        <tbody>
          {view.exposure.length === 0 && (
            <tr>
              <td colSpan={5}>No package here carries a pooled budget for {view.year}.</td>
            </tr>
          )}
          {view.exposure.map((e) => (
            <tr key={e.partner}>
              <th scope="row">{e.partner}</th>
              <td>{e.areas.join(', ')}</td>
              <td className="num">{e.pools}</td>
              <td className="num">{formatPence(e.contributionPence)}</td>
              <td className="num">{formatPence(e.sharePence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
