import { useState, type FormEvent } from 'react';
import type { PoolDetail } from '../../shared/api';
import { formatPence, parseBoundedMoney } from '../../shared/money';
import { BUDGET } from '../../shared/pools/import-lines';
import type { PoolBudgetLine } from '../../shared/pools/statement';
import { call } from '../api/client';
import { Confirm } from './Confirm';
import { Field, ProblemBanner } from './Field';
import { LinesImport } from './LinesImport';
import { sentence, type Problem } from './problem';
import { usePools } from './store';

const focus = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());
const whose = (l: PoolBudgetLine) => l.partner ?? 'shared';

/** The pool's budget lines, each classified to the partner whose cost it is: added, changed, deleted or imported here. */
export function LinesEditor({ detail }: { detail: PoolDetail }) {
  const { act } = usePools();
  const { pool } = detail;
  const [editing, setEditing] = useState<PoolBudgetLine | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PoolBudgetLine | null>(null);
  const [importing, setImporting] = useState(false);
  const contingencyLine = pool.overspend.method === 'contingency-first' ? pool.overspend.contingencyLine : null;

  const open = (what: 'new' | PoolBudgetLine | null, del: PoolBudgetLine | null = null, imp = false) => {
    setEditing(what);
    setDeleting(del);
    setImporting(imp);
  };

  return (
    <section aria-labelledby="lines-title" className="totals-section">
      <h2 id="lines-title">Budget lines</h2>
      {pool.lines.length === 0 ? (
        <p>No budget lines: the pool's budget is the sum of its contributions, and its outturn is one amount. Add lines to classify costs to the partner whose they are (needed by own risk and threshold).</p>
      ) : (
        <table aria-labelledby="lines-caption">
          <caption id="lines-caption">Budget lines ({pool.lines.length}), each with the partner whose cost it is</caption>
          <thead><tr><th scope="col">Line</th><th scope="col">Name</th><th scope="col">Whose cost</th><th scope="col">Contingency</th><th scope="col" className="num">Budget</th><th scope="col"><span className="visually-hidden">Change or delete</span></th></tr></thead>
          <tbody>
            {pool.lines.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.code}</th>
                <td>{l.name}</td>
                <td>{whose(l)}</td>
                <td>{l.contingency ? 'yes' : 'no'}</td>
                <td className="num">{formatPence(l.budgetPence)}</td>
                <td className="row-actions">
                  <button type="button" className="secondary" id={`line-change-${l.id}`} aria-label={`Change line ${l.code} ${l.name}`} onClick={() => open(l)}>Change</button>
                  <button type="button" className="secondary" id={`line-delete-${l.id}`} aria-label={`Delete line ${l.code} ${l.name}…`} onClick={() => open(null, l)}>Delete…</button>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr><th scope="row">Total</th><td /><td /><td /><td className="num">{formatPence(detail.statement.budget)}</td><td /></tr></tfoot>
        </table>
      )}
      {deleting && (
        <Confirm
          key={deleting.id}
          id="line-confirm"
          question={`Delete line ${deleting.code} ${deleting.name} (${whose(deleting)}, ${formatPence(deleting.budgetPence)})?`}
          detail={deleting.code === contingencyLine
            ? 'It is the contingency the overspend method draws on: change the risk share first, or the deletion is refused.'
            : 'Its forecast and outturn go with it, and the pool\'s budget is worked out again.'}
          confirmLabel={`Delete line ${deleting.code}`}
          onConfirm={async () => {
            if (await act(`Deleted line ${deleting.code} ${deleting.name}`, () => call('pool.deleteLine', { id: deleting.id }))) {
              setDeleting(null);
              focus('add-line');
            }
          }}
          onCancel={() => {
            setDeleting(null);
            focus(`line-delete-${deleting.id}`);
          }}
        />
      )}
      <div className="toolbar">
        <button type="button" id="add-line" className="secondary" aria-expanded={editing === 'new'} onClick={() => open('new')}>Add a budget line</button>
        <button type="button" id="import-lines" className="secondary" aria-expanded={importing} onClick={() => open(null, null, true)}>Import budget lines…</button>
      </div>
      {editing && (
        <LineForm
          key={editing === 'new' ? 'new' : editing.id}
          detail={detail}
          line={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            focus(editing === 'new' ? 'add-line' : `line-change-${editing.id}`);
          }}
        />
      )}
      {importing && <LinesImport detail={detail} onDone={() => { setImporting(false); focus('import-lines'); }} />}
    </section>
  );
}

const FIELDS: Record<string, string> = { code: 'line-code', name: 'line-name', partner: 'line-partner', contingency: 'line-contingency', budgetPence: 'line-budget' };

function LineForm({ detail, line, onDone }: { detail: PoolDetail; line: PoolBudgetLine | null; onDone: () => void }) {
  const { attempt } = usePools();
  const { pool } = detail;
  const [form, setForm] = useState({
    code: line?.code ?? '',
    name: line?.name ?? '',
    partner: line ? (line.partner ?? '') : (pool.partners[0]?.name ?? ''),
    contingency: line?.contingency ?? false,
    budget: line ? formatPence(line.budgetPence) : '',
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errorFor = (field: string) => (problem?.field === field ? problem.message : undefined);
  const general = problem && (problem.field === null || !(problem.field in FIELDS)) ? problem : null;
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const parsed = parseBoundedMoney(form.budget, BUDGET);
    if (!parsed.ok) {
      setProblem({ field: 'budgetPence', message: sentence(parsed.message), details: [] });
      focus(FIELDS.budgetPence!);
      return;
    }
    setBusy(true);
    const what = line ? `Saved line ${form.code.trim()}` : `Added line ${form.code.trim()}`;
    const refused = await attempt(what, () => call('pool.saveLine', {
      poolId: pool.id,
      ...(line ? { id: line.id } : {}),
      code: form.code,
      name: form.name,
      partner: form.partner === '' ? null : form.partner,
      contingency: form.contingency,
      budgetPence: parsed.pence,
    }));
    setBusy(false);
    setProblem(refused);
    if (refused) focus(FIELDS[refused.field ?? ''] ?? 'line-problem');
    else onDone();
  };

  const title = line ? `Change line ${line.code} ${line.name}` : `Add a budget line to ${pool.name}`;
  return (
    <form className="panel editor-form" onSubmit={(e) => void submit(e)} noValidate aria-label={title} onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <h3>{title}</h3>
      {general && <ProblemBanner id="line-problem" message={general.message} details={general.details} />}
      <div className="form-grid">
        <Field id="line-code" label="Line ID" error={errorFor('code')} hint="Letters, digits, . / _ or -, e.g. H1">
          {(aria) => <input {...aria} value={form.code} autoComplete="off" onChange={(e) => set({ code: e.target.value })} />}
        </Field>
        <Field id="line-name" label="Line name" error={errorFor('name')}>
          {(aria) => <input {...aria} value={form.name} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field id="line-partner" label="Whose cost" error={errorFor('partner')}>
          {(aria) => (
            <select {...aria} value={form.partner} onChange={(e) => set({ partner: e.target.value })}>
              {pool.partners.map((p) => <option key={p.id} value={p.name}>{p.name} ({p.kind})</option>)}
              <option value="">shared (no partner)</option>
            </select>
          )}
        </Field>
        <Field id="line-budget" label="Budget £" error={errorFor('budgetPence')} hint="May be negative, e.g. -£50,000 for client contributions">
          {(aria) => <input {...aria} className="money" inputMode="decimal" autoComplete="off" value={form.budget} onChange={(e) => set({ budget: e.target.value })} />}
        </Field>
      </div>
      <div className="field">
        <label className="checkbox" htmlFor="line-contingency">
          <input id="line-contingency" type="checkbox" checked={form.contingency} onChange={(e) => set({ contingency: e.target.checked })} />
          A contingency (risk pool) line
        </label>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>{line ? 'Save the line' : 'Add the line'}</button>
        <button type="button" className="secondary" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
