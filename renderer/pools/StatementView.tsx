import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import type { PoolDetail } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { BASES } from '../../shared/pools/model';
import type { PoolStatement } from '../../shared/pools/statement';
import { BudgetByPartner } from './BudgetByPartner';
import { ContributionsEditor } from './ContributionsEditor';
import { FiguresForm } from './FiguresForm';
import { basisWord, m } from './format';
import { LinesEditor } from './LinesEditor';
import { PartnersEditor } from './PartnersEditor';
import { MethodForm } from './MethodForm';
import { NoticeLine } from './NoticeLine';
import { DeletePool, PoolSetup } from './PoolSetup';
import { usePools } from './store';

// The chart library (about 40% of the renderer's code) is loaded only when a chart is shown.
const ShareChart = lazy(() => import('./ShareChart').then((m) => ({ default: m.ShareChart })));

/** One pool's statement: the figures, the method, every step of the working, the shares, and who agreed it. */
export function StatementView() {
  const { detail, basis, trend, notice, openPool, closePool, download } = usePools();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const poolId = detail?.pool.id;
  useEffect(() => titleRef.current?.focus(), [poolId]);
  if (!detail || !basis) return null;
  const { pool, statement: s } = detail;

  const back = () => {
    closePool();
    requestAnimationFrame(() => document.getElementById('pools-title')?.focus());
  };

  return (
    <section aria-labelledby="statement-title">
      <p>
        <button type="button" className="secondary" onClick={back}>
          Back to all pools
        </button>
      </p>
      <div className="screen-head">
        <h1 id="statement-title" tabIndex={-1} ref={titleRef}>
          {pool.name}: statement {pool.year}
        </h1>
        <fieldset className="inline-fieldset">
          <legend>Figures</legend>
          {BASES.map((b) => (
            <label key={b} className="radio">
              <input
                type="radio"
                name="basis"
                value={b}
                checked={basis === b}
                onChange={() => void openPool(pool.id, b)}
              />
              {b === 'outturn' ? 'Outturn (year end)' : 'Forecast (in year)'}
            </label>
          ))}
        </fieldset>
      </div>
      <NoticeLine notice={notice} />
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => void download('xlsx', pool.id)}>
          Download this statement (xlsx)
        </button>
        <button type="button" className="secondary" onClick={() => void download('pdf', pool.id)}>
          Download this statement (PDF)
        </button>
      </div>

      <dl className="facts">
        <div>
          <dt>Legal basis</dt>
          <dd>{pool.legalBasis}</dd>
        </div>
        <div>
          <dt>Host partner</dt>
          <dd>{s.host ?? 'not recorded'}</dd>
        </div>
        <div>
          <dt>Budget</dt>
          <dd className="num" data-testid="statement-budget">
            {formatPence(s.budget)}
          </dd>
        </div>
        <div>
          <dt>{basisWord(basis)}</dt>
          <dd className="num" data-testid="statement-outturn">
            {m(s.outturn)}
          </dd>
        </div>
        <div>
          <dt>Variance (outturn − budget)</dt>
          <dd className="num" data-testid="statement-variance">
            {m(s.variance)}
          </dd>
        </div>
      </dl>

      <PoolSetup detail={detail} />
      <PartnersEditor detail={detail} />
      <BudgetByPartner detail={detail} />
      <ContributionsEditor detail={detail} />
      <LinesEditor detail={detail} />
      <FiguresForm detail={detail} basis={basis} />
      <MethodForm detail={detail} />
      <Working s={s} />
      <Agreements detail={detail} />

      <section aria-labelledby="trend-title" className="totals-section">
        <h2 id="trend-title">Each partner's share over the years</h2>
        <Suspense fallback={<p>Loading the chart…</p>}>
          <ShareChart trend={trend} />
        </Suspense>
      </section>
      <DeletePool detail={detail} />
    </section>
  );
}

function Working({ s }: { s: PoolStatement }) {
  const total = s.shares.reduce((n, x) => n + x.pence, 0);
  return (
    <section aria-labelledby="working-title" className="totals-section">
      <h2 id="working-title">The working</h2>
      {s.problem !== null ? (
        <p className="error-banner">No shares: {s.problem}</p>
      ) : (
        <>
          <ol className="steps">
            {s.steps.map((step, i) => (
              <li key={i}>
                <h3>{step.label}</h3>
                <p>{step.formula}</p>
                {step.figures.length > 0 && (
                  <table className="figures" aria-label={`Figures for step ${i + 1}, ${step.label}`}>
                    <tbody>
                      {step.figures.map((f) => (
                        <tr key={f.label}>
                          <th scope="row">{f.label}</th>
                          <td className="num">{formatPence(f.pence)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ol>
          <table aria-labelledby="shares-caption" className="totals">
            <caption id="shares-caption">
              Each partner's share of the {s.basis === 'outturn' ? 'outturn' : 'forecast'} variance
            </caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col" className="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {s.shares.map((x) => (
                <tr key={x.partner}>
                  <th scope="row">{x.partner}</th>
                  <td className="num">{formatPence(x.pence)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total of the shares</th>
                <td className="num">{formatPence(total)}</td>
              </tr>
            </tfoot>
          </table>
          <p className="proof" data-testid="proof">
            {total === s.variance
              ? `The shares add up exactly to the variance: ${formatPence(total)} = ${m(s.variance)}.`
              : `The shares (${formatPence(total)}) do not add up to the variance (${m(s.variance)}).`}{' '}
            Rounding: largest remainder, a tied penny to the partner listed first.
          </p>
        </>
      )}
      {[...s.fallbacks, ...s.warnings].map((w) => (
        <p key={w} className="note">
          <strong>Note:</strong> {w}
        </p>
      ))}
    </section>
  );
}

function Agreements({ detail }: { detail: PoolDetail }) {
  const { agree } = usePools();
  const { pool, statement: s } = detail;
  const today = new Date().toISOString().slice(0, 10);
  const [form, setForm] = useState({ partner: pool.partners[0]?.name ?? '', agreedBy: '', role: '', agreedOn: today });
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (form.agreedBy.trim() === '') {
      setError('Say who agreed the statement');
      requestAnimationFrame(() => document.getElementById('agree-by')?.focus());
      return;
    }
    setError(null);
    if (await agree({ id: pool.id, ...form })) setForm((f) => ({ ...f, agreedBy: '', role: '' }));
  };
  return (
    <section aria-labelledby="agree-title" className="totals-section">
      <h2 id="agree-title">Who agreed the statement</h2>
      {s.agreements.length === 0 ? (
        <p>Neither partner has agreed this statement yet.</p>
      ) : (
        <ul>
          {s.agreements.map((a) => (
            <li key={a.id}>
              {a.partner}: {a.agreedBy}
              {a.role ? `, ${a.role}` : ''}, on {a.agreedOn}
              {a.current ? ' (the figures are as agreed)' : ' — the figures have changed since'}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Record an agreement" className="panel">
        <p className="hint">
          Record that a partner's finance lead agreed the year-end (outturn) statement as it stands now.
        </p>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="agree-partner">For</label>
            <select
              id="agree-partner"
              value={form.partner}
              onChange={(e) => setForm((f) => ({ ...f, partner: e.target.value }))}
            >
              {pool.partners.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className={`field ${error ? 'has-error' : ''}`}>
            <label htmlFor="agree-by">Agreed by (name)</label>
            {error && (
              <p className="field-error" id="agree-by-error">
                <span className="visually-hidden">Error: </span>
                {error}
              </p>
            )}
            <input
              id="agree-by"
              value={form.agreedBy}
              autoComplete="name"
              onChange={(e) => setForm((f) => ({ ...f, agreedBy: e.target.value }))}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'agree-by-error' : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="agree-role">Role</label>
            <input
              id="agree-role"
              value={form.role}
              autoComplete="organization-title"
              onChange={(e) => setForm((f) => ({ ...f, role: e.target.value }))}
            />
          </div>
          <div className="field">
            <label htmlFor="agree-on">Date agreed</label>
            <input
              id="agree-on"
              type="date"
              value={form.agreedOn}
              max={today}
              onChange={(e) => setForm((f) => ({ ...f, agreedOn: e.target.value }))}
            />
          </div>
        </div>
        <div className="actions">
          <button type="submit">Record the agreement</button>
        </div>
      </form>
    </section>
  );
}
