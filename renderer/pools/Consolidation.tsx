import type { Consolidated } from '../../shared/pools/consolidate';
import { formatPence } from '../../shared/money';

/** The BCF plan and the pools together: money a BCF line puts into a pool is shown as a flow and counted once. */
export function Consolidation({ data, year }: { data: Consolidated; year: string }) {
  return (
    <section aria-labelledby="consolidated-title" className="totals-section">
      <h2 id="consolidated-title">The BCF and the pools together, {year}</h2>
      <table className="totals" aria-labelledby="consolidated-caption">
        <caption id="consolidated-caption">Each pound counted once</caption>
        <tbody>
          <tr>
            <th scope="row">BCF plan expenditure</th>
            <td className="num">{formatPence(data.bcfPlanPence)}</td>
          </tr>
          <tr>
            <th scope="row">Contributions to the pools</th>
            <td className="num">{formatPence(data.poolsPence)}</td>
          </tr>
          <tr>
            <th scope="row">Less: BCF money paid into the pools (counted in both)</th>
            <td className="num">{formatPence(-data.countedTwicePence)}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total, counted once</th>
            <td className="num" data-testid="counted-once">
              {formatPence(data.countedOncePence)}
            </td>
          </tr>
        </tfoot>
      </table>
      {data.flows.length === 0 ? (
        <p>
          No pool contribution is linked to a BCF plan line yet. Link one in a pool's statement (Contributions), or with{' '}
          <code>bcf pool link</code>.
        </p>
      ) : (
        <table aria-labelledby="flows-caption">
          <caption id="flows-caption">Money from the BCF into the pools</caption>
          <thead>
            <tr>
              <th scope="col">BCF line</th>
              <th scope="col">Source of Funding</th>
              <th scope="col">Into</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {data.flows.map((f) => (
              <tr key={f.to.contributionId}>
                <th scope="row">
                  {f.from.schemeId} {f.from.schemeName}
                </th>
                <td>{f.from.sourceOfFunding}</td>
                <td>
                  {f.to.pool}: {f.to.label}
                </td>
                <td className="num">{formatPence(f.pence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.warnings.map((w) => (
        <p key={w} className="field-error">
          {w}
        </p>
      ))}
    </section>
  );
}
