import { useState, type FormEvent } from 'react';
import type { OpenedPackage } from '../../shared/api';
import { formatPence } from '../../shared/money';
import type { Decision, ReviewQuery } from '../../shared/review/model';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { download } from '../files/files';
import { ColumnHeads, ScrollRegion } from '../tables/ColumnHeads';

const money = (p: number | null) => (p === null ? '—' : formatPence(p));
const today = () => new Date().toLocaleDateString('en-CA');

/**
 * The partner's side: open a package (read-only; nothing enters this copy's
 * database), read its figures, and write a response: agreement, or queries on
 * named figures.
 */
export function OpenPackage() {
  const [text, setText] = useState<string | null>(null);
  const [opened, setOpened] = useState<OpenedPackage | null>(null);
  const { error, setError, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [decidedOn, setDecidedOn] = useState(today());
  const [decision, setDecision] = useState<Decision>('agreed');
  const [queries, setQueries] = useState<ReviewQuery[]>([]);
  const [target, setTarget] = useState('');
  const [queryText, setQueryText] = useState('');

  const open = async (file: File | undefined) => {
    setError(null);
    setDone(null);
    setOpened(null);
    if (!file) return;
    await run(async () => {
      const t = await file.text();
      const o = await call('review.open', { text: t });
      setText(t);
      setOpened(o);
      setTarget(o.targets[0]?.key ?? '');
      setQueries([]);
    });
  };

  const addQuery = () => {
    if (!target || queryText.trim() === '') {
      setError('Choose the figure and say what the query is.');
      return;
    }
    setError(null);
    setQueries([...queries, { target, text: queryText.trim() }]);
    setQueryText('');
    setDecision('queried');
  };

  const respond = async (e: FormEvent) => {
    e.preventDefault();
    if (!text) return;
    await run(async () => {
      const written = await call('review.respond', {
        text,
        respondent: { name, role, organisation },
        decidedOn,
        decision,
        queries: decision === 'queried' ? queries : [],
      });
      download(written.fileName, written.json, 'application/json');
      setDone(`Response written as ${written.fileName}. Send it back to the BCF manager.`);
    });
  };

  const label = (key: string) => opened?.targets.find((t) => t.key === key)?.label ?? key;

  return (
    <section aria-labelledby="open-title" className="panel">
      <h2 id="open-title">Open a review package</h2>
      <p className="hint" id="open-hint">
        A package from your area's BCF manager (a file ending in .bcf-review.json). It is only read: nothing in it is
        added to your own data.
      </p>
      <label htmlFor="package-file">Review package file</label>
      <input
        id="package-file"
        type="file"
        accept=".json,application/json"
        aria-describedby="open-hint"
        onChange={(e) => void open(e.target.files?.[0])}
      />
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      {opened && (
        <>
          <h3>
            {opened.manifest.area.name}: sent {opened.manifest.createdAt.slice(0, 10)} by {opened.manifest.createdBy}
          </h3>
          <p>
            Fingerprint <code>{opened.manifest.fingerprint}</code>
          </p>
          {opened.manifest.note && <p className="note">{opened.manifest.note}</p>}
          {opened.figures.plans.map((p) => (
            <ScrollRegion key={p.key} label={`Plan ${p.label} lines`}>
              <table>
                <caption>
                  Plan {p.label}: {p.totals.lines} lines, total {money(p.totals.expenditurePence)}
                </caption>
                <ColumnHeads columns={['Scheme ID', 'Scheme name', 'Source of funding', ['Expenditure', 'money']]} />
                <tbody>
                  {p.lines.map((l) => (
                    <tr key={l.key}>
                      <td>{l.schemeId}</td>
                      <td>{l.schemeName}</td>
                      <td>{l.sourceOfFunding}</td>
                      <td className="money">{money(l.expenditurePence)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      Total
                    </th>
                    <td className="money">{money(p.totals.expenditurePence)}</td>
                  </tr>
                </tfoot>
              </table>
            </ScrollRegion>
          ))}
          {opened.figures.returns.map((r) => (
            <ScrollRegion key={r.key} label={`Return ${r.label} lines`}>
              <table>
                <caption>
                  Return {r.label}: planned {money(r.totals.plannedPence)}, actual to date {money(r.totals.actualPence)}
                </caption>
                <ColumnHeads
                  columns={['Scheme ID', 'Scheme name', ['Planned', 'money'], ['Actual to date', 'money']]}
                />
                <tbody>
                  {r.lines.map((l) => (
                    <tr key={l.key}>
                      <td>{l.schemeId}</td>
                      <td>{l.schemeName}</td>
                      <td className="money">{money(l.plannedPence)}</td>
                      <td className="money">{money(l.actualPence)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ))}
          {opened.figures.pools.map((pool) => (
            <table key={pool.key} className="figures">
              <caption>
                Pool {pool.name} {pool.year} ({pool.legalBasis}): budget {money(pool.budgetPence)}
              </caption>
              <ColumnHeads columns={['Partner', 'Ratio', ['Contribution', 'money'], ['Share of variance', 'money']]} />
              <tbody>
                {pool.partners.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{c.name}</th>
                    <td>{c.ratio ?? '—'}</td>
                    <td className="money">{money(c.contributionPence)}</td>
                    <td className="money">{money(pool.shares.find((s) => s.partner === c.name)?.pence ?? null)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">
                    {pool.basis === 'outturn' ? 'Outturn' : 'Forecast'} {money(pool.outturnPence)}
                  </th>
                  <td />
                  <td className="money">{money(pool.contributionsPence)}</td>
                  <td className="money">{money(pool.variancePence)}</td>
                </tr>
              </tfoot>
            </table>
          ))}

          <form onSubmit={(e) => void respond(e)} noValidate aria-labelledby="respond-title">
            <h3 id="respond-title">Your response</h3>
            <label htmlFor="respondent-name">Your name</label>
            <input id="respondent-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
            <label htmlFor="respondent-role">Your role</label>
            <input id="respondent-role" value={role} onChange={(e) => setRole(e.target.value)} />
            <label htmlFor="respondent-org">Organisation</label>
            <input id="respondent-org" value={organisation} onChange={(e) => setOrganisation(e.target.value)} />
            <label htmlFor="decided-on">Date of your decision</label>
            <input id="decided-on" type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} />
            <fieldset>
              <legend>Decision</legend>
              <label>
                <input
                  type="radio"
                  name="decision"
                  checked={decision === 'agreed'}
                  onChange={() => setDecision('agreed')}
                />{' '}
                I agree these figures
              </label>
              <label>
                <input
                  type="radio"
                  name="decision"
                  checked={decision === 'queried'}
                  onChange={() => setDecision('queried')}
                />{' '}
                I have queries
              </label>
            </fieldset>
            {decision === 'queried' && (
              <fieldset>
                <legend>Queries</legend>
                <label htmlFor="query-target">Figure</label>
                <select id="query-target" value={target} onChange={(e) => setTarget(e.target.value)}>
                  {opened.targets.map((t) => (
                    <option key={t.key} value={t.key}>
                      {t.label}
                    </option>
                  ))}
                </select>
                <label htmlFor="query-text">Query</label>
                <textarea id="query-text" value={queryText} onChange={(e) => setQueryText(e.target.value)} />
                <button type="button" onClick={addQuery}>
                  Add query
                </button>
                {queries.length > 0 && (
                  <ul aria-label="Queries to send">
                    {queries.map((q, i) => (
                      <li key={`${q.target}-${i}`}>
                        {label(q.target)}: {q.text}{' '}
                        <button
                          type="button"
                          aria-label={`Remove query ${i + 1}`}
                          onClick={() => setQueries(queries.filter((_, j) => j !== i))}
                        >
                          Remove
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </fieldset>
            )}
            <button type="submit">Write response file</button>
          </form>
        </>
      )}
    </section>
  );
}
