import { useState, type FormEvent } from 'react';
import type { PoolDetail } from '../../shared/api';
import { penceToPlain } from '../../shared/money';
import {
  METHOD_IDS,
  METHOD_NAMES,
  parseCap,
  parsePercent,
  parseRatio,
  type CapSpec,
  type MethodId,
  type MethodSpec,
} from '../../shared/pools/model';
import { usePools } from './store';

type Side = 'overspend' | 'underspend';

/** The risk-share methods for an overspend and an underspend, their parameters and the agreed ratio. */
export function MethodForm({ detail }: { detail: PoolDetail }) {
  const { setMethods } = usePools();
  const { pool } = detail;
  const capText = (c: CapSpec | undefined) =>
    c === undefined ? '' : c.kind === 'percent' ? `${c.percent}%` : penceToPlain(c.pence);
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
      caps: Object.fromEntries(
        pool.partners.map((p) => [
          p.name,
          cap?.method === 'cap' ? capText(cap.caps.find((c) => c.partner === p.name)?.cap) : '',
        ]),
      ),
      contingency:
        contingency?.method === 'contingency-first'
          ? contingency.contingencyLine
          : (pool.lines.find((l) => l.contingency)?.code ?? ''),
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
        const c = parseCap(text);
        if (c.ok) caps.push({ partner, cap: c.value });
        else errs[`cap-${partner}`] = c.message;
      }
      if (caps.length === 0 && !Object.keys(errs).some((k) => k.startsWith('cap-')))
        errs[`cap-${pool.partners[0]!.name}`] =
          'give at least one partner a cap: an amount such as £50,000 or a percentage of its contributions such as 10%';
      return { method: 'cap', caps };
    }
    if (id === 'contingency-first') {
      if (form.contingency === '') errs.contingency = 'choose the budget line that holds the contingency';
      return {
        method: 'contingency-first',
        contingencyLine: form.contingency,
        then: form.then as 'fixed-ratio' | 'pro-rata',
      };
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
  const err = (k: string) =>
    errors[k] && (
      <p className="field-error" id={`method-${k}-error`}>
        <span className="visually-hidden">Error: </span>
        {errors[k]}
      </p>
    );
  const aria = (k: string) => ({
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': errors[k] ? `method-${k}-error` : undefined,
  });

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
              <select
                id={`method-${side}`}
                value={form[side]}
                onChange={(e) => setForm((f) => ({ ...f, [side]: e.target.value as MethodId }))}
              >
                {METHOD_IDS.filter((id) => side === 'overspend' || id !== 'contingency-first').map((id) => (
                  <option key={id} value={id}>
                    {METHOD_NAMES[id]}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div className={`field ${errors.ratio ? 'has-error' : ''}`}>
            <label htmlFor="method-ratio">Agreed ratio ({pool.partners.map((p) => p.name).join(':')})</label>
            {err('ratio')}
            <input
              id="method-ratio"
              value={form.ratio}
              onChange={(e) => setForm((f) => ({ ...f, ratio: e.target.value }))}
              autoComplete="off"
              {...aria('ratio')}
            />
          </div>
          {uses('threshold') && (
            <div className={`field ${errors.threshold ? 'has-error' : ''}`}>
              <label htmlFor="method-threshold">Threshold, % of the pool's budget</label>
              {err('threshold')}
              <input
                id="method-threshold"
                value={form.threshold}
                onChange={(e) => setForm((f) => ({ ...f, threshold: e.target.value }))}
                inputMode="decimal"
                autoComplete="off"
                {...aria('threshold')}
              />
            </div>
          )}
          {uses('contingency-first') && (
            <>
              <div className={`field ${errors.contingency ? 'has-error' : ''}`}>
                <label htmlFor="method-contingency">Contingency budget line</label>
                {err('contingency')}
                <select
                  id="method-contingency"
                  value={form.contingency}
                  onChange={(e) => setForm((f) => ({ ...f, contingency: e.target.value }))}
                  {...aria('contingency')}
                >
                  <option value="">{pool.lines.length === 0 ? 'the pool has no budget lines' : 'choose a line'}</option>
                  {pool.lines.map((l) => (
                    <option key={l.id} value={l.code}>
                      {l.code} {l.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="method-then">Then share the rest</label>
                <select
                  id="method-then"
                  value={form.then}
                  onChange={(e) => setForm((f) => ({ ...f, then: e.target.value as 'fixed-ratio' | 'pro-rata' }))}
                >
                  <option value="fixed-ratio">by the agreed ratio</option>
                  <option value="pro-rata">pro rata to contributions</option>
                </select>
              </div>
            </>
          )}
          {uses('cap') &&
            pool.partners.map((p) => (
              <div className={`field ${errors[`cap-${p.name}`] ? 'has-error' : ''}`} key={p.name}>
                <label htmlFor={`method-cap-${p.name}`}>Cap for {p.name}</label>
                <p className="hint" id={`method-cap-${p.name}-hint`}>
                  £ amount or % of its contributions; blank for no cap
                </p>
                {err(`cap-${p.name}`)}
                <input
                  id={`method-cap-${p.name}`}
                  value={form.caps[p.name] ?? ''}
                  autoComplete="off"
                  onChange={(e) => setForm((f) => ({ ...f, caps: { ...f.caps, [p.name]: e.target.value } }))}
                  aria-invalid={errors[`cap-${p.name}`] ? true : undefined}
                  aria-describedby={[
                    `method-cap-${p.name}-hint`,
                    errors[`cap-${p.name}`] ? `method-cap-${p.name}-error` : '',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                />
              </div>
            ))}
        </div>
        <div className="actions">
          <button type="submit">Save the risk share</button>
        </div>
      </form>
    </section>
  );
}
