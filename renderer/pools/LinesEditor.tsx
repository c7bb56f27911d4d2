import { useState, type FormEvent } from 'react';
import type { PoolDetail } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { BUDGET } from '../../shared/pools/import-lines';
import type { PoolBudgetLine } from '../../shared/pools/statement';
import { call } from '../api/client';
import { Confirm } from '../forms/Confirm';
import { moneyInput, ProblemBanner } from './Field';
import { FieldFrame } from '../forms/Field';
import { focusSoon } from '../forms/focus';
import { RowActions, useRowEditing, useSaveForm } from './editing';
import { LinesImport } from './LinesImport';
import { usePools } from './store';
import { SubmitOrCancel } from '../forms/Field';

const whose = (l: PoolBudgetLine) => l.partner ?? 'shared';

/** The pool's budget lines, each classified to the partner whose cost it is: added, changed, deleted or imported here. */
export function LinesEditor({ detail }: { detail: PoolDetail }) {
  const { act } = usePools();
  const { pool } = detail;
  const rows = useRowEditing<PoolBudgetLine>('line', 'add-line');
  const { editing, deleting } = rows;
  const [importing, setImporting] = useState(false);
  const contingencyLine = pool.overspend.method === 'contingency-first' ? pool.overspend.contingencyLine : null;
  const edit = (line: PoolBudgetLine | 'new') => {
    setImporting(false);
    rows.edit(line);
  };

  return (
    <section aria-labelledby="lines-title" className="totals-section">
      <h2 id="lines-title">Budget lines</h2>
      {pool.lines.length === 0 ? (
        <p>
          No budget lines: the pool's budget is the sum of its contributions, and its outturn is one amount. Add lines
          to classify costs to the partner whose they are (needed by own risk and threshold).
        </p>
      ) : (
        <table aria-labelledby="lines-caption">
          <caption id="lines-caption">
            Budget lines ({pool.lines.length}), each with the partner whose cost it is
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Name</th>
              <th scope="col">Whose cost</th>
              <th scope="col">Contingency</th>
              <th scope="col" className="num">
                Budget
              </th>
              <th scope="col">
                <span className="visually-hidden">Change or delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pool.lines.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.code}</th>
                <td>{l.name}</td>
                <td>{whose(l)}</td>
                <td>{l.contingency ? 'yes' : 'no'}</td>
                <td className="num">{formatPence(l.budgetPence)}</td>
                <RowActions
                  prefix="line"
                  id={l.id}
                  name={`line ${l.code} ${l.name}`}
                  onChange={() => edit(l)}
                  onDelete={() => {
                    setImporting(false);
                    rows.askToDelete(l);
                  }}
                />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td />
              <td />
              <td />
              <td className="num">{formatPence(detail.statement.budget)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
      {deleting && (
        <Confirm
          key={deleting.id}
          id="line-confirm"
          question={`Delete line ${deleting.code} ${deleting.name} (${whose(deleting)}, ${formatPence(deleting.budgetPence)})?`}
          detail={
            deleting.code === contingencyLine
              ? 'It is the contingency the overspend method draws on: change the risk share first, or the deletion is refused.'
              : "Its forecast and outturn go with it, and the pool's budget is worked out again."
          }
          confirmLabel={`Delete line ${deleting.code}`}
          onConfirm={async () => {
            if (
              await act(`Deleted line ${deleting.code} ${deleting.name}`, () =>
                call('pool.deleteLine', { id: deleting.id }),
              )
            )
              rows.deleted();
          }}
          onCancel={rows.kept}
        />
      )}
      <div className="toolbar">
        <button
          type="button"
          id="add-line"
          className="secondary"
          aria-expanded={editing === 'new'}
          onClick={() => edit('new')}
        >
          Add a budget line
        </button>
        <button
          type="button"
          id="import-lines"
          className="secondary"
          aria-expanded={importing}
          onClick={() => {
            rows.closeAll();
            setImporting(true);
          }}
        >
          Import budget lines…
        </button>
      </div>
      {editing && (
        <LineForm
          key={editing === 'new' ? 'new' : editing.id}
          detail={detail}
          line={editing === 'new' ? null : editing}
          onDone={rows.formDone}
        />
      )}
      {importing && (
        <LinesImport
          detail={detail}
          onDone={() => {
            setImporting(false);
            focusSoon('import-lines');
          }}
        />
      )}
    </section>
  );
}

const FIELDS: Record<string, string> = {
  code: 'line-code',
  name: 'line-name',
  partner: 'line-partner',
  contingency: 'line-contingency',
  budgetPence: 'line-budget',
};

function LineForm({ detail, line, onDone }: { detail: PoolDetail; line: PoolBudgetLine | null; onDone: () => void }) {
  const { pool } = detail;
  const [form, setForm] = useState({
    code: line?.code ?? '',
    name: line?.name ?? '',
    partner: line ? (line.partner ?? '') : (pool.partners[0]?.name ?? ''),
    contingency: line?.contingency ?? false,
    budget: line ? formatPence(line.budgetPence) : '',
  });
  const { busy, save, errorFor, general } = useSaveForm(FIELDS, 'line-problem');
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const what = line ? `Saved line ${form.code.trim()}` : `Added line ${form.code.trim()}`;
    void save(
      { text: form.budget, bounds: BUDGET, field: 'budgetPence' },
      what,
      (budgetPence) =>
        call('pool.saveLine', {
          poolId: pool.id,
          ...(line ? { id: line.id } : {}),
          code: form.code,
          name: form.name,
          partner: form.partner === '' ? null : form.partner,
          contingency: form.contingency,
          budgetPence,
        }),
      onDone,
    );
  };

  const title = line ? `Change line ${line.code} ${line.name}` : `Add a budget line to ${pool.name}`;
  return (
    <form
      className="panel editor-form"
      onSubmit={submit}
      noValidate
      aria-label={title}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
    >
      <h3>{title}</h3>
      {general && <ProblemBanner id="line-problem" message={general.message} details={general.details} />}
      <div className="form-grid">
        <FieldFrame id="line-code" label="Line ID" error={errorFor('code')} hint="Letters, digits, . / _ or -, e.g. H1">
          {(aria) => (
            <input {...aria} value={form.code} autoComplete="off" onChange={(e) => set({ code: e.target.value })} />
          )}
        </FieldFrame>
        <FieldFrame id="line-name" label="Line name" error={errorFor('name')}>
          {(aria) => (
            <input {...aria} value={form.name} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />
          )}
        </FieldFrame>
        <FieldFrame id="line-partner" label="Whose cost" error={errorFor('partner')}>
          {(aria) => (
            <select {...aria} value={form.partner} onChange={(e) => set({ partner: e.target.value })}>
              {pool.partners.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name} ({p.kind})
                </option>
              ))}
              <option value="">shared (no partner)</option>
            </select>
          )}
        </FieldFrame>
        <FieldFrame
          id="line-budget"
          label="Budget £"
          error={errorFor('budgetPence')}
          hint="May be negative, e.g. -£50,000 for client contributions"
        >
          {moneyInput(form.budget, (budget) => set({ budget }))}
        </FieldFrame>
      </div>
      <div className="field">
        <label className="checkbox" htmlFor="line-contingency">
          <input
            id="line-contingency"
            type="checkbox"
            checked={form.contingency}
            onChange={(e) => set({ contingency: e.target.checked })}
          />
          A contingency (risk pool) line
        </label>
      </div>
      <SubmitOrCancel label={line ? 'Save the line' : 'Add the line'} busy={busy} onCancel={onDone} />
    </form>
  );
}
