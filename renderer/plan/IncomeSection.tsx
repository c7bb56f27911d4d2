import { useState, type FormEvent } from 'react';
import type { PlanView } from '../../shared/api';
import { formatPence, parseMoney, parseOptionalMoney } from '../../shared/money';
import { REQUIREMENT_KINDS, REQUIREMENT_LABELS, type IncomeLine } from '../../shared/plans/income';
import { IncomeImportPanel } from './IncomeImportPanel';
import { usePlan } from './store';
import { Field } from '../forms/Field';

/** The plan's income by funding source and partner, and the year's required minimums. */
export function IncomeSection({ view, sources }: { view: PlanView; sources: string[] }) {
  const { createIncome, updateIncome, deleteIncome } = usePlan();
  const [editing, setEditing] = useState<IncomeLine | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const twoYears = view.years.length > 1;
  return (
    <section aria-labelledby="income-title">
      <h2 id="income-title">Income</h2>
      <p className="hint">
        Each funding source's income must equal the expenditure planned from it (rule plan.source-balance).
      </p>
      <div className="table-scroll" role="region" aria-labelledby="income-caption" tabIndex={0}>
        <table>
          <caption id="income-caption">Income by Source of Funding ({view.income.length})</caption>
          <thead>
            <tr>
              <th scope="col">Source of Funding</th>
              <th scope="col">Partner</th>
              <th scope="col" className="num">
                {view.years[0]} £
              </th>
              {twoYears && (
                <th scope="col" className="num">
                  {view.years[1]} £
                </th>
              )}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.income.map((x) => (
              <tr key={x.id}>
                <th scope="row">{x.sourceOfFunding}</th>
                <td>{x.partner}</td>
                <td className="num">{formatPence(x.amountPence)}</td>
                {twoYears && (
                  <td className="num">{x.amountYear2Pence === null ? '' : formatPence(x.amountYear2Pence)}</td>
                )}
                <td className="row-actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Edit income from ${x.sourceOfFunding}`}
                    onClick={() => setEditing(x)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Delete income from ${x.sourceOfFunding}`}
                    onClick={() => void deleteIncome(x.id)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {importing && <IncomeImportPanel year={view.year} onClose={() => setImporting(false)} />}
      {editing === null ? (
        <div className="toolbar" role="group" aria-label="Income">
          <button type="button" className="secondary" onClick={() => setEditing('new')}>
            Add income
          </button>
          <button type="button" className="secondary" disabled={importing} onClick={() => setImporting(true)}>
            Import income…
          </button>
        </div>
      ) : (
        <IncomeForm
          key={editing === 'new' ? 'new' : editing.id}
          line={editing === 'new' ? null : editing}
          years={view.years}
          sources={sources}
          onSave={(input) => (editing === 'new' ? createIncome(input) : updateIncome(editing.id, input))}
          onClose={() => setEditing(null)}
        />
      )}
      <RequirementsForm view={view} />
    </section>
  );
}

function IncomeForm({
  line,
  years,
  sources,
  onSave,
  onClose,
}: {
  line: IncomeLine | null;
  years: string[];
  sources: string[];
  onSave: (input: {
    sourceOfFunding: string;
    partner: string;
    amountPence: number;
    amountYear2Pence: number | null;
  }) => Promise<boolean>;
  onClose: () => void;
}) {
  const [source, setSource] = useState(line?.sourceOfFunding ?? '');
  const [partner, setPartner] = useState(line?.partner ?? '');
  const [amount, setAmount] = useState(line ? formatPence(line.amountPence, { pence: 'auto' }) : '');
  const [amount2, setAmount2] = useState(
    line && line.amountYear2Pence !== null ? formatPence(line.amountYear2Pence, { pence: 'auto' }) : '',
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const a = parseMoney(amount);
    const b = years.length > 1 ? parseOptionalMoney(amount2) : { ok: true as const, pence: null };
    const next: Record<string, string> = {};
    if (source.trim() === '') next.source = 'Source of Funding is required';
    if (!a.ok) next.amount = a.message;
    if (!b.ok) next.amount2 = b.message;
    setErrors(next);
    if (Object.keys(next).length > 0 || !a.ok || !b.ok) return;
    if (
      await onSave({
        sourceOfFunding: source.trim(),
        partner: partner.trim(),
        amountPence: a.pence,
        amountYear2Pence: b.pence,
      })
    )
      onClose();
  };
  const err = (k: string) =>
    errors[k] && (
      <p className="field-error" id={`income-${k}-error`}>
        <span className="visually-hidden">Error: </span>
        {errors[k]}
      </p>
    );
  return (
    <form
      className="panel"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={line ? `Edit income from ${line.sourceOfFunding}` : 'Add income'}
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor="income-source">Source of Funding</label>
          {err('source')}
          <input
            id="income-source"
            list="income-sources"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            aria-invalid={errors.source ? true : undefined}
            aria-describedby={errors.source ? 'income-source-error' : undefined}
          />
          <datalist id="income-sources">
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="income-partner">Partner</label>
          <input id="income-partner" value={partner} onChange={(e) => setPartner(e.target.value)} />
        </div>
        <Field
          id="income-amount"
          label={`${years[0]} £`}
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
          error={errors.amount}
        />
        {years.length > 1 && (
          <Field
            id="income-amount2"
            label={`${years[1]} £`}
            inputMode="decimal"
            value={amount2}
            onChange={setAmount2}
            error={errors.amount2}
          />
        )}
      </div>
      <div className="actions">
        <button type="submit">Save income</button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RequirementsForm({ view }: { view: PlanView }) {
  const setRequirement = usePlan((s) => s.setRequirement);
  const current = (year: string, kind: string) => view.requirements.find((r) => r.year === year && r.kind === kind);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      view.years.flatMap((y) =>
        REQUIREMENT_KINDS.map((k) => [
          `${y}|${k}`,
          current(y, k) ? formatPence(current(y, k)!.pence, { pence: 'auto' }) : '',
        ]),
      ),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async (year: string, kind: (typeof REQUIREMENT_KINDS)[number]) => {
    const key = `${year}|${kind}`;
    const parsed = parseOptionalMoney(values[key] ?? '');
    if (!parsed.ok) return setErrors((e) => ({ ...e, [key]: parsed.message }));
    setErrors((e) => ({ ...e, [key]: '' }));
    await setRequirement({ year, kind, pence: parsed.pence });
  };
  return (
    <fieldset className="panel">
      <legend>Required minimums (from NHS England's published figures; leave blank if not yet known)</legend>
      <div className="form-grid">
        {view.years.flatMap((year) =>
          // Last year's baseline is asked for only where the template year adds an uplift to it (2025-26 on).
          REQUIREMENT_KINDS.filter((k) => k !== 'asc-baseline' || view.ascUpliftPercent !== null).map((kind) => {
            const key = `${year}|${kind}`;
            const id = `req-${year}-${kind}`;
            return (
              <div className="field" key={key}>
                <label htmlFor={id}>
                  {REQUIREMENT_LABELS[kind]}, {year}
                  {kind === 'asc-baseline' && ` (the plan must reach it plus ${view.ascUpliftPercent}%)`}
                </label>
                {errors[key] && (
                  <p className="field-error" id={`${id}-error`}>
                    {errors[key]}
                  </p>
                )}
                <div className="inline-form">
                  <input
                    id={id}
                    inputMode="decimal"
                    value={values[key] ?? ''}
                    onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
                    aria-invalid={errors[key] ? true : undefined}
                    aria-describedby={errors[key] ? `${id}-error` : undefined}
                  />
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => void save(year, kind)}
                    aria-label={`Save ${REQUIREMENT_LABELS[kind]}, ${year}`}
                  >
                    Save
                  </button>
                </div>
              </div>
            );
          }),
        )}
      </div>
    </fieldset>
  );
}
