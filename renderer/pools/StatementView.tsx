import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OutturnImportOutcome, PoolDetail } from '../../shared/api';
import { formatPence, parseMoney, penceToPlain } from '../../shared/money';
import { BASES, METHOD_IDS, METHOD_NAMES, parsePercent, parseRatio, type Basis, type CapSpec, type MethodId, type MethodSpec } from '../../shared/pools/model';
import type { PoolStatement } from '../../shared/pools/statement';
import { call, errorMessage } from '../api/client';
import { NoticeLine } from './NoticeLine';
import { ShareChart } from './ShareChart';
import { fileAsBase64, usePools } from './store';

const m = (p: number | null) => (p === null ? '—' : formatPence(p));
const basisWord = (b: Basis) => (b === 'outturn' ? 'Outturn' : 'Forecast');

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
      <p><button type="button" className="secondary" onClick={back}>Back to all pools</button></p>
      <div className="screen-head">
        <h1 id="statement-title" tabIndex={-1} ref={titleRef}>{pool.name}: statement {pool.year}</h1>
        <fieldset className="inline-fieldset">
          <legend>Figures</legend>
          {BASES.map((b) => (
            <label key={b} className="radio">
              <input type="radio" name="basis" value={b} checked={basis === b} onChange={() => void openPool(pool.id, b)} />
              {b === 'outturn' ? 'Outturn (year end)' : 'Forecast (in year)'}
            </label>
          ))}
        </fieldset>
      </div>
      <NoticeLine notice={notice} />
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => void download('xlsx', pool.id)}>Download this statement (xlsx)</button>
        <button type="button" className="secondary" onClick={() => void download('pdf', pool.id)}>Download this statement (PDF)</button>
      </div>

      <dl className="facts">
        <div><dt>Legal basis</dt><dd>{pool.legalBasis}</dd></div>
        <div><dt>Host partner</dt><dd>{s.host ?? 'not recorded'}</dd></div>
        <div><dt>Budget</dt><dd className="num" data-testid="statement-budget">{formatPence(s.budget)}</dd></div>
        <div><dt>{basisWord(basis)}</dt><dd className="num" data-testid="statement-outturn">{m(s.outturn)}</dd></div>
        <div><dt>Variance (outturn − budget)</dt><dd className="num" data-testid="statement-variance">{m(s.variance)}</dd></div>
      </dl>

      <Contributions detail={detail} />
      <FiguresForm detail={detail} basis={basis} />
      <MethodForm detail={detail} />
      <Working s={s} />
      <Agreements detail={detail} />

      <section aria-labelledby="trend-title" className="totals-section">
        <h2 id="trend-title">Each partner's share over the years</h2>
        <ShareChart trend={trend} />
      </section>
    </section>
  );
}

function Contributions({ detail }: { detail: PoolDetail }) {
  const { act } = usePools();
  const { pool, statement: s, bcfLines } = detail;
  return (
    <section aria-labelledby="contrib-title" className="totals-section">
      <h2 id="contrib-title">Budget by partner</h2>
      <table aria-labelledby="partners-caption">
        <caption id="partners-caption">Partners, in the agreed order (a tied penny goes to the first)</caption>
        <thead>
          <tr><th scope="col">Partner</th><th scope="col">Whose costs</th><th scope="col" className="num">Ratio part</th><th scope="col" className="num">Contributions</th><th scope="col" className="num">Budget on its own lines</th></tr>
        </thead>
        <tbody>
          {s.partners.map((p) => (
            <tr key={p.name}>
              <th scope="row">{p.name}{p.isHost ? ' (host)' : ''}</th>
              <td>{p.kind}</td>
              <td className="num">{p.ratio ?? 'not set'}</td>
              <td className="num">{formatPence(p.contributionPence)}</td>
              <td className="num">{pool.lines.length > 0 ? formatPence(p.linesBudgetPence) : '—'}</td>
            </tr>
          ))}
          <tr><th scope="row">Other income</th><td>attributed to no partner</td><td /><td className="num">{formatPence(s.otherIncomePence)}</td><td /></tr>
        </tbody>
        <tfoot><tr><th scope="row">Total contributions</th><td /><td /><td className="num">{formatPence(s.contributionsPence)}</td><td /></tr></tfoot>
      </table>
      <table aria-labelledby="contributions-caption">
        <caption id="contributions-caption">Contributions, and the BCF plan line that funds each</caption>
        <thead><tr><th scope="col">Contribution</th><th scope="col">From</th><th scope="col" className="num">Amount</th><th scope="col">Funded by a BCF {pool.year} plan line</th></tr></thead>
        <tbody>
          {pool.contributions.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.label}</th>
              <td>{c.partner ?? 'other income'}</td>
              <td className="num">{formatPence(c.amountPence)}</td>
              <td>
                <label className="visually-hidden" htmlFor={`link-${c.id}`}>BCF line funding {c.label}</label>
                <select id={`link-${c.id}`} value={c.schemeLineId ?? ''} disabled={bcfLines.length === 0}
                  onChange={(e) => void act(e.target.value === '' ? `Unlinked "${c.label}"` : `Linked "${c.label}" to its BCF line`, () => call('pool.linkContribution', { id: c.id, schemeLineId: e.target.value === '' ? null : Number(e.target.value) }))}>
                  <option value="">{bcfLines.length === 0 ? `no ${pool.year} BCF plan lines` : 'not funded by a BCF line'}</option>
                  {bcfLines.map((l) => <option key={l.id} value={l.id}>{l.schemeId} {l.schemeName} ({l.sourceOfFunding}, {formatPence(l.expenditurePence)})</option>)}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The outturn or forecast: one amount for a pool without lines, one per line otherwise, or a ledger extract. */
function FiguresForm({ detail, basis }: { detail: PoolDetail; basis: Basis }) {
  const { act } = usePools();
  const { pool } = detail;
  const word = basisWord(basis);
  const current = (v: number | null) => (v === null ? '' : formatPence(v));
  const initial = () => (pool.lines.length === 0
    ? { pool: current(basis === 'outturn' ? pool.outturnPence : pool.forecastPence) }
    : Object.fromEntries(pool.lines.map((l) => [String(l.id), current(basis === 'outturn' ? l.outturnPence : l.forecastPence)])));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [ledger, setLedger] = useState<{ outcome: OutturnImportOutcome; fileName: string; content: string } | null>(null);
  const [ledgerError, setLedgerError] = useState<string | null>(null);
  const key = `${pool.id}-${basis}-${JSON.stringify(initial())}`;
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    setValues(initial());
    setErrors({});
  }

  const parse = (text: string): { ok: true; pence: number | null } | { ok: false; message: string } => {
    if (text.trim() === '') return { ok: true, pence: null };
    const r = parseMoney(text);
    return r.ok ? { ok: true, pence: r.pence } : { ok: false, message: r.message };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const parsed = Object.fromEntries(Object.entries(values).map(([k, v]) => {
      const r = parse(v);
      if (!r.ok) errs[k] = r.message;
      return [k, r.ok ? r.pence : null];
    }));
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      requestAnimationFrame(() => document.getElementById(`figure-${Object.keys(errs)[0]}`)?.focus());
      return;
    }
    if (pool.lines.length === 0) {
      void act(`Recorded the ${basis} of ${pool.name}`, () => call('pool.setOutturn', { id: pool.id, basis, amountPence: parsed.pool ?? null }));
    } else {
      void act(`Recorded the ${basis} of ${pool.name}'s lines`, () => call('pool.setLineFigures', { id: pool.id, basis, lines: pool.lines.map((l) => ({ lineId: l.id, amountPence: parsed[String(l.id)] ?? null })) }));
    }
  };

  const pickLedger = async (file: File | undefined) => {
    if (!file) return;
    setLedgerError(null);
    try {
      const content = await fileAsBase64(file);
      setLedger({ outcome: await call('pool.importOutturn', { id: pool.id, basis, fileName: file.name, contentBase64: content, dryRun: true }), fileName: file.name, content });
    } catch (err) {
      setLedger(null);
      setLedgerError(errorMessage(err));
    }
  };

  const input = (k: string, label: string) => (
    <div className={`field ${errors[k] ? 'has-error' : ''}`} key={k}>
      <label htmlFor={`figure-${k}`}>{label}</label>
      {errors[k] && <p className="field-error" id={`figure-${k}-error`}><span className="visually-hidden">Error: </span>{errors[k]}</p>}
      <input id={`figure-${k}`} className="money" inputMode="decimal" autoComplete="off" value={values[k] ?? ''}
        aria-invalid={errors[k] ? true : undefined} aria-describedby={errors[k] ? `figure-${k}-error` : undefined}
        onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))} />
    </div>
  );

  return (
    <section aria-labelledby="figures-title" className="totals-section">
      <h2 id="figures-title">{word}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="figures-title" className="panel">
        {pool.lines.length === 0 ? (
          <>
            <p className="hint">This pool has no budget lines, so its {basis} is one amount. Leave it blank to clear it.</p>
            {input('pool', `${word} for the whole pool £`)}
          </>
        ) : (
          <>
            <p className="hint">Each budget line with the partner whose cost it is. A line left blank is taken at budget (and the statement is marked incomplete).</p>
            <div className="form-grid">
              {pool.lines.map((l) => input(String(l.id), `${word} for line ${l.code} ${l.name} (${l.partner ?? 'shared'}; budget ${formatPence(l.budgetPence)}) £`))}
            </div>
          </>
        )}
        <div className="actions"><button type="submit">Save the {basis}</button></div>
      </form>
      {pool.lines.length > 0 && (
        <div className="panel">
          <div className="field">
            <label htmlFor="ledger-file">Or import a ledger extract (TSV or CSV)</label>
            <p className="hint" id="ledger-hint">A "Line" (or "Cost Centre") column and an "{word}" column; rows for one line are added up. You will see the changes before anything is saved.</p>
            <input id="ledger-file" type="file" accept=".tsv,.csv,.txt" aria-describedby="ledger-hint" onChange={(e) => void pickLedger(e.target.files?.[0])} />
          </div>
          {ledgerError && <p role="alert" className="error-banner">{ledgerError}</p>}
          {ledger && (
            <div role="region" aria-labelledby="ledger-preview-title">
              <h3 id="ledger-preview-title">{ledger.fileName}: {ledger.outcome.changes.length} lines from the "{ledger.outcome.amountColumn}" column</h3>
              <ul>
                {ledger.outcome.changes.map((c) => <li key={c.code}>{c.code} {c.name}: {m(c.oldPence)} → {formatPence(c.newPence)}{c.rows.length > 1 ? ` (${c.rows.length} rows added up)` : ''}</li>)}
              </ul>
              {ledger.outcome.untouched.length > 0 && <p>Not in the file, left as they are: {ledger.outcome.untouched.join(', ')}.</p>}
              <div className="actions">
                <button type="button" onClick={() => void act(`Recorded the ${basis} from ${ledger.fileName}`, () => call('pool.importOutturn', { id: pool.id, basis, fileName: ledger.fileName, contentBase64: ledger.content })).then((ok) => ok && setLedger(null))}>Record these figures</button>
                <button type="button" className="secondary" onClick={() => setLedger(null)}>Cancel</button>
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

type Side = 'overspend' | 'underspend';

function MethodForm({ detail }: { detail: PoolDetail }) {
  const { setMethods } = usePools();
  const { pool } = detail;
  const capText = (c: CapSpec | undefined) => (c === undefined ? '' : c.kind === 'percent' ? `${c.percent}%` : penceToPlain(c.pence));
  const initial = () => {
    const specs = [pool.overspend, pool.underspend];
    const threshold = specs.find((x) => x.method === 'threshold');
    const cap = specs.find((x) => x.method === 'cap');
    const contingency = specs.find((x) => x.method === 'contingency-first');
    return {
      overspend: pool.overspend.method as MethodId,
      underspend: pool.underspend.method as MethodId,
      ratio: pool.partners.every((p) => p.ratio !== null) ? pool.partners.map((p) => p.ratio).join(':') : '',
      threshold: threshold?.method === 'threshold' ? threshold.thresholdPercent : '10',
      caps: Object.fromEntries(pool.partners.map((p) => [p.name, cap?.method === 'cap' ? capText(cap.caps.find((c) => c.partner === p.name)?.cap) : ''])),
      contingency: contingency?.method === 'contingency-first' ? contingency.contingencyLine : (pool.lines.find((l) => l.contingency)?.code ?? ''),
      then: contingency?.method === 'contingency-first' ? contingency.then : 'fixed-ratio',
    };
  };
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const key = JSON.stringify(initial());
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    setForm(initial());
    setErrors({});
  }

  const build = (side: Side, errs: Record<string, string>): MethodSpec | null => {
    const id = form[side];
    if (id === 'threshold') {
      const p = parsePercent(form.threshold, 100);
      if (!p.ok) errs.threshold = p.message;
      return p.ok ? { method: 'threshold', thresholdPercent: p.value } : null;
    }
    if (id === 'cap') {
      const caps: { partner: string; cap: CapSpec }[] = [];
      for (const [partner, text] of Object.entries(form.caps)) {
        if (text.trim() === '') continue;
        if (text.trim().endsWith('%')) {
          const p = parsePercent(text);
          if (!p.ok) errs[`cap-${partner}`] = p.message;
          else caps.push({ partner, cap: { kind: 'percent', percent: p.value } });
        } else {
          const r = parseMoney(text);
          if (!r.ok) errs[`cap-${partner}`] = r.message;
          else if (r.pence < 0) errs[`cap-${partner}`] = 'a cap is zero or more';
          else caps.push({ partner, cap: { kind: 'amount', pence: r.pence } });
        }
      }
      if (caps.length === 0 && !Object.keys(errs).some((k) => k.startsWith('cap-'))) errs[`cap-${pool.partners[0]!.name}`] = 'give at least one partner a cap: an amount such as £50,000 or a percentage of its contributions such as 10%';
      return { method: 'cap', caps };
    }
    if (id === 'contingency-first') {
      if (form.contingency === '') errs.contingency = 'choose the budget line that holds the contingency';
      return { method: 'contingency-first', contingencyLine: form.contingency, then: form.then as 'fixed-ratio' | 'pro-rata' };
    }
    return { method: id } as MethodSpec;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    let ratio: string[] | undefined;
    if (form.ratio.trim() !== '') {
      const r = parseRatio(form.ratio);
      if (!r.ok) errs.ratio = r.message;
      else ratio = r.value;
    }
    const overspend = build('overspend', errs);
    const underspend = build('underspend', errs);
    setErrors(errs);
    if (Object.keys(errs).length > 0 || !overspend || !underspend) {
      requestAnimationFrame(() => document.getElementById(`method-${Object.keys(errs)[0]}`)?.focus());
      return;
    }
    void setMethods({ id: pool.id, overspend, underspend, ...(ratio ? { ratio } : {}) });
  };

  const uses = (id: MethodId) => form.overspend === id || form.underspend === id;
  const err = (k: string) => errors[k] && <p className="field-error" id={`method-${k}-error`}><span className="visually-hidden">Error: </span>{errors[k]}</p>;
  const aria = (k: string) => ({ 'aria-invalid': errors[k] ? true : undefined, 'aria-describedby': errors[k] ? `method-${k}-error` : undefined });

  return (
    <section aria-labelledby="method-title" className="totals-section">
      <h2 id="method-title">Risk share</h2>
      <ul>
        <li>Overspend: {detail.statement.methods.overspend.description}</li>
        <li>Underspend: {detail.statement.methods.underspend.description}</li>
      </ul>
      <form onSubmit={submit} noValidate aria-label="Change the risk share" className="panel">
        <div className="form-grid">
          {(['overspend', 'underspend'] as const).map((side) => (
            <div className="field" key={side}>
              <label htmlFor={`method-${side}`}>Method for an {side}</label>
              <select id={`method-${side}`} value={form[side]} onChange={(e) => setForm((f) => ({ ...f, [side]: e.target.value as MethodId }))}>
                {METHOD_IDS.filter((id) => side === 'overspend' || id !== 'contingency-first').map((id) => <option key={id} value={id}>{METHOD_NAMES[id]}</option>)}
              </select>
            </div>
          ))}
          <div className={`field ${errors.ratio ? 'has-error' : ''}`}>
            <label htmlFor="method-ratio">Agreed ratio ({pool.partners.map((p) => p.name).join(':')})</label>
            {err('ratio')}
            <input id="method-ratio" value={form.ratio} onChange={(e) => setForm((f) => ({ ...f, ratio: e.target.value }))} autoComplete="off" {...aria('ratio')} />
          </div>
          {uses('threshold') && (
            <div className={`field ${errors.threshold ? 'has-error' : ''}`}>
              <label htmlFor="method-threshold">Threshold, % of the pool's budget</label>
              {err('threshold')}
              <input id="method-threshold" value={form.threshold} onChange={(e) => setForm((f) => ({ ...f, threshold: e.target.value }))} inputMode="decimal" autoComplete="off" {...aria('threshold')} />
            </div>
          )}
          {uses('contingency-first') && (
            <>
              <div className={`field ${errors.contingency ? 'has-error' : ''}`}>
                <label htmlFor="method-contingency">Contingency budget line</label>
                {err('contingency')}
                <select id="method-contingency" value={form.contingency} onChange={(e) => setForm((f) => ({ ...f, contingency: e.target.value }))} {...aria('contingency')}>
                  <option value="">{pool.lines.length === 0 ? 'the pool has no budget lines' : 'choose a line'}</option>
                  {pool.lines.map((l) => <option key={l.id} value={l.code}>{l.code} {l.name}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="method-then">Then share the rest</label>
                <select id="method-then" value={form.then} onChange={(e) => setForm((f) => ({ ...f, then: e.target.value as 'fixed-ratio' | 'pro-rata' }))}>
                  <option value="fixed-ratio">by the agreed ratio</option>
                  <option value="pro-rata">pro rata to contributions</option>
                </select>
              </div>
            </>
          )}
          {uses('cap') && pool.partners.map((p) => (
            <div className={`field ${errors[`cap-${p.name}`] ? 'has-error' : ''}`} key={p.name}>
              <label htmlFor={`method-cap-${p.name}`}>Cap for {p.name}</label>
              <p className="hint" id={`method-cap-${p.name}-hint`}>£ amount or % of its contributions; blank for no cap</p>
              {err(`cap-${p.name}`)}
              <input id={`method-cap-${p.name}`} value={form.caps[p.name] ?? ''} autoComplete="off"
                onChange={(e) => setForm((f) => ({ ...f, caps: { ...f.caps, [p.name]: e.target.value } }))}
                aria-invalid={errors[`cap-${p.name}`] ? true : undefined}
                aria-describedby={[`method-cap-${p.name}-hint`, errors[`cap-${p.name}`] ? `method-cap-${p.name}-error` : ''].filter(Boolean).join(' ')} />
            </div>
          ))}
        </div>
        <div className="actions"><button type="submit">Save the risk share</button></div>
      </form>
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
                      {step.figures.map((f) => <tr key={f.label}><th scope="row">{f.label}</th><td className="num">{formatPence(f.pence)}</td></tr>)}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ol>
          <table aria-labelledby="shares-caption" className="totals">
            <caption id="shares-caption">Each partner's share of the {s.basis === 'outturn' ? 'outturn' : 'forecast'} variance</caption>
            <thead><tr><th scope="col">Partner</th><th scope="col" className="num">Share</th></tr></thead>
            <tbody>{s.shares.map((x) => <tr key={x.partner}><th scope="row">{x.partner}</th><td className="num">{formatPence(x.pence)}</td></tr>)}</tbody>
            <tfoot><tr><th scope="row">Total of the shares</th><td className="num">{formatPence(total)}</td></tr></tfoot>
          </table>
          <p className="proof" data-testid="proof">
            {total === s.variance ? `The shares add up exactly to the variance: ${formatPence(total)} = ${m(s.variance)}.` : `The shares (${formatPence(total)}) do not add up to the variance (${m(s.variance)}).`}
            {' '}Rounding: largest remainder, a tied penny to the partner listed first.
          </p>
        </>
      )}
      {[...s.fallbacks, ...s.warnings].map((w) => <p key={w} className="note"><strong>Note:</strong> {w}</p>)}
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
      {s.agreements.length === 0 ? <p>Neither partner has agreed this statement yet.</p> : (
        <ul>
          {s.agreements.map((a) => (
            <li key={a.id}>{a.partner}: {a.agreedBy}{a.role ? `, ${a.role}` : ''}, on {a.agreedOn}{a.current ? ' (the figures are as agreed)' : ' — the figures have changed since'}</li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Record an agreement" className="panel">
        <p className="hint">Record that a partner's finance lead agreed the year-end (outturn) statement as it stands now.</p>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="agree-partner">For</label>
            <select id="agree-partner" value={form.partner} onChange={(e) => setForm((f) => ({ ...f, partner: e.target.value }))}>
              {pool.partners.map((p) => <option key={p.id} value={p.name}>{p.name}</option>)}
            </select>
          </div>
          <div className={`field ${error ? 'has-error' : ''}`}>
            <label htmlFor="agree-by">Agreed by (name)</label>
            {error && <p className="field-error" id="agree-by-error"><span className="visually-hidden">Error: </span>{error}</p>}
            <input id="agree-by" value={form.agreedBy} autoComplete="name" onChange={(e) => setForm((f) => ({ ...f, agreedBy: e.target.value }))}
              aria-invalid={error ? true : undefined} aria-describedby={error ? 'agree-by-error' : undefined} />
          </div>
          <div className="field">
            <label htmlFor="agree-role">Role</label>
            <input id="agree-role" value={form.role} autoComplete="organization-title" onChange={(e) => setForm((f) => ({ ...f, role: e.target.value }))} />
          </div>
          <div className="field">
            <label htmlFor="agree-on">Date agreed</label>
            <input id="agree-on" type="date" value={form.agreedOn} max={today} onChange={(e) => setForm((f) => ({ ...f, agreedOn: e.target.value }))} />
          </div>
        </div>
        <div className="actions"><button type="submit">Record the agreement</button></div>
      </form>
    </section>
  );
}
