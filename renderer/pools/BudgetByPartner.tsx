import type { PoolDetail } from '../../shared/api';
import { formatPence, sumPence } from '../../shared/money';

/** Each partner's contributions and the budget on the lines classified to it, as the statement counts them. */
export function BudgetByPartner({ detail }: { detail: PoolDetail }) {
  const { pool, statement: s } = detail;
  const hasLines = pool.lines.length > 0;
  return (
    <section aria-labelledby="contrib-title" className="totals-section">
      <h2 id="contrib-title">Budget by partner</h2>
      <table aria-labelledby="partners-caption">
        <caption id="partners-caption">Partners, in the agreed order (a tied penny goes to the first)</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">Whose costs</th>
            <th scope="col" className="num">
              Ratio part
            </th>
            <th scope="col" className="num">
              Contributions
            </th>
            <th scope="col" className="num">
              Budget on its own lines
            </th>
          </tr>
        </thead>
        <tbody>
          {s.partners.map((p) => (
            <tr key={p.name}>
              <th scope="row">
                {p.name}
                {p.isHost ? ' (host)' : ''}
              </th>
              <td>{p.kind}</td>
              <td className="num">{p.ratio ?? 'not set'}</td>
              <td className="num">{formatPence(p.contributionPence)}</td>
              <td className="num">{hasLines ? formatPence(p.linesBudgetPence) : '—'}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Other income</th>
            <td>attributed to no partner</td>
            <td />
            <td className="num">{formatPence(s.otherIncomePence)}</td>
            <td />
          </tr>
          {hasLines && (
            <tr>
              <th scope="row">Shared lines</th>
              <td>classified to no partner</td>
              <td />
              <td />
              <td className="num">
                {formatPence(sumPence(pool.lines.filter((l) => l.partner === null).map((l) => l.budgetPence)))}
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td />
            <td />
            <td className="num">{formatPence(s.contributionsPence)}</td>
            <td className="num">{hasLines ? formatPence(s.budget) : '—'}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
