import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PoolData } from '../../shared/pools/statement';
import { LEGAL_BASES, PARTNER_KINDS, type LegalBasis, type PartnerKind } from '../../shared/pools/model';
import { call } from '../api/client';
import { type Problem } from './problem';
import { describedBy } from '../forms/Field';
import { usePools } from './store';
import { SubmitOrCancel } from '../forms/Field';

interface PartnerRow {
  key: number;
  name: string;
  kind: PartnerKind;
  ratio: string;
}

const MAX_PARTNERS = 10;
let nextKey = 1;
const row = (kind: PartnerKind): PartnerRow => ({ key: nextKey++, name: '', kind, ratio: '' });

/** The element a field named by the API is typed into. */
function elementFor(field: string | null, rows: PartnerRow[]): string | null {
  if (field === null) return null;
  if (field === 'name' || field === 'legalBasis' || field === 'host') return `new-pool-${field}`;
  const m = /^partners(?:\.(\d+)(?:\.(name|kind|ratio))?)?$/.exec(field);
  if (!m) return null;
  const r = rows[Number(m[1] ?? 0)];
  return r ? `new-pool-p${r.key}-${m[2] ?? 'name'}` : null;
}

/** "New pool…": a pool typed by hand — name, legal basis, two or more partners in the agreed order, the host. */
export function NewPoolForm({ year, onCancel }: { year: string; onCancel: () => void }) {
  const { attempt, openPool } = usePools();
  const [name, setName] = useState('');
  const [legalBasis, setLegalBasis] = useState<LegalBasis>('s75 NHS Act 2006');
  const [rows, setRows] = useState<PartnerRow[]>(() => [row('health'), row('social care')]);
  const [hostKey, setHostKey] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  const target = problem ? elementFor(problem.field, rows) : null;
  // A refusal about the partners as a whole ("two partners have the same name") shows above them.
  const errorAt = (id: string) =>
    problem && target === id && problem.field !== 'partners' ? problem.message : undefined;
  const partnersError = problem?.field === 'partners' ? problem.message : undefined;
  const generalError = problem && target === null ? problem.message : undefined;

  const change = (key: number, patch: Partial<PartnerRow>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const addPartner = () => {
    const added = row('other');
    setRows((rs) => [...rs, added]);
    requestAnimationFrame(() => document.getElementById(`new-pool-p${added.key}-name`)?.focus());
  };
  const removePartner = (index: number) => {
    const key = rows[index]!.key;
    const stay = rows[index - 1] ?? rows[index + 1];
    setRows((rs) => rs.filter((r) => r.key !== key));
    if (hostKey === key) setHostKey(null);
    setProblem(null);
    requestAnimationFrame(() => document.getElementById(`new-pool-p${stay!.key}-name`)?.focus());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const host = rows.find((r) => r.key === hostKey)?.name.trim() || null;
    const out: { created?: PoolData } = {};
    const refused = await attempt(`Created the pool ${name.trim()}`, async () => {
      out.created = await call('pool.create', {
        year,
        name,
        legalBasis,
        host,
        partners: rows.map((r) => ({
          name: r.name,
          kind: r.kind,
          ratio: r.ratio.trim() === '' ? null : r.ratio.trim(),
        })),
      });
    });
    setBusy(false);
    setProblem(refused);
    if (refused) {
      const id = elementFor(refused.field, rows);
      requestAnimationFrame(() => document.getElementById(id ?? 'new-pool-error')?.focus());
      return;
    }
    if (out.created) await openPool(out.created.id);
  };

  const err = (id: string, message: string | undefined) =>
    message && (
      <p className="field-error" id={`${id}-error`}>
        <span className="visually-hidden">Error: </span>
        {message}
      </p>
    );

  return (
    <form className="panel confirm" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-pool-title">
      <h2 id="new-pool-title" ref={titleRef} tabIndex={-1}>
        New pool in {year}
      </h2>
      {generalError && (
        <p className="error-banner" id="new-pool-error" tabIndex={-1}>
          {generalError}
        </p>
      )}
      <div className="form-grid">
        <div className={`field ${errorAt('new-pool-name') ? 'has-error' : ''}`}>
          <label htmlFor="new-pool-name">Pool name</label>
          {err('new-pool-name', errorAt('new-pool-name'))}
          <input
            id="new-pool-name"
            value={name}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            {...describedBy('new-pool-name', errorAt('new-pool-name'))}
          />
        </div>
        <div className={`field ${errorAt('new-pool-legalBasis') ? 'has-error' : ''}`}>
          <label htmlFor="new-pool-legalBasis">Legal basis</label>
          {err('new-pool-legalBasis', errorAt('new-pool-legalBasis'))}
          <select
            id="new-pool-legalBasis"
            value={legalBasis}
            onChange={(e) => setLegalBasis(e.target.value as LegalBasis)}
            {...describedBy('new-pool-legalBasis', errorAt('new-pool-legalBasis'))}
          >
            {LEGAL_BASES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </div>
      </div>

      <fieldset
        aria-describedby={['new-pool-partners-hint', partnersError ? 'new-pool-partners-error' : '']
          .filter(Boolean)
          .join(' ')}
        className={partnersError ? 'has-error' : undefined}
      >
        <legend>Partners, in the agreed order</legend>
        <p className="hint" id="new-pool-partners-hint">
          Two or more. A tied penny goes to the partner listed first. Give every partner a part of the agreed ratio
          (e.g. 14, 41 and 45), or leave every part blank for none.
        </p>
        {err('new-pool-partners', partnersError)}
        {rows.map((r, i) => {
          const n = i + 1;
          const id = (f: string) => `new-pool-p${r.key}-${f}`;
          return (
            <div className="partner-row" key={r.key}>
              <div className={`field ${errorAt(id('name')) ? 'has-error' : ''}`}>
                <label htmlFor={id('name')}>Partner {n} name</label>
                {err(id('name'), errorAt(id('name')))}
                <input
                  id={id('name')}
                  value={r.name}
                  autoComplete="off"
                  onChange={(e) => change(r.key, { name: e.target.value })}
                  {...describedBy(id('name'), errorAt(id('name')))}
                />
              </div>
              <div className={`field ${errorAt(id('kind')) ? 'has-error' : ''}`}>
                <label htmlFor={id('kind')}>Partner {n} kind</label>
                {err(id('kind'), errorAt(id('kind')))}
                <select
                  id={id('kind')}
                  value={r.kind}
                  onChange={(e) => change(r.key, { kind: e.target.value as PartnerKind })}
                  {...describedBy(id('kind'), errorAt(id('kind')))}
                >
                  {PARTNER_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </div>
              <div className={`field ${errorAt(id('ratio')) ? 'has-error' : ''}`}>
                <label htmlFor={id('ratio')}>Partner {n} ratio part</label>
                {err(id('ratio'), errorAt(id('ratio')))}
                <input
                  id={id('ratio')}
                  value={r.ratio}
                  inputMode="decimal"
                  autoComplete="off"
                  size={8}
                  onChange={(e) => change(r.key, { ratio: e.target.value })}
                  {...describedBy(id('ratio'), errorAt(id('ratio')))}
                />
              </div>
              <div className="field partner-remove">
                {rows.length > 2 && (
                  <button type="button" className="secondary" onClick={() => removePartner(i)}>
                    Remove partner {n}
                    {r.name.trim() ? ` (${r.name.trim()})` : ''}
                  </button>
                )}
              </div>
            </div>
          );
        })}
        <button type="button" className="secondary" onClick={addPartner} disabled={rows.length >= MAX_PARTNERS}>
          Add a partner
        </button>
      </fieldset>

      <div className={`field ${errorAt('new-pool-host') ? 'has-error' : ''}`}>
        <label htmlFor="new-pool-host">Host partner</label>
        {err('new-pool-host', errorAt('new-pool-host'))}
        <select
          id="new-pool-host"
          value={hostKey ?? ''}
          onChange={(e) => setHostKey(e.target.value === '' ? null : Number(e.target.value))}
          {...describedBy('new-pool-host', errorAt('new-pool-host'))}
        >
          <option value="">not recorded</option>
          {rows
            .filter((r) => r.name.trim() !== '')
            .map((r) => (
              <option key={r.key} value={r.key}>
                {r.name.trim()}
              </option>
            ))}
        </select>
      </div>
      <SubmitOrCancel label="Create the pool" busy={busy} onCancel={onCancel} />
    </form>
  );
}
