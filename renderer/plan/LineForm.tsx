import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formatPence } from '../../shared/money';
import { LINE_LABELS, lineFromForm, type LineField, type LineForm as FormValues, type LineInput, type PlanLine } from '../../shared/plans/line';

const EMPTY: FormValues = {
  schemeId: '', schemeName: '', schemeType: '', areaOfSpend: '', sourceOfFunding: '',
  priorYearPence: '', virementPence: '', expenditurePence: '', newOrExisting: '', schemeUpdate: '',
};

function toForm(line: PlanLine): FormValues {
  const money = (p: number | null) => (p === null ? '' : formatPence(p, { pence: 'auto' }));
  return {
    schemeId: line.schemeId, schemeName: line.schemeName, schemeType: line.schemeType, areaOfSpend: line.areaOfSpend,
    sourceOfFunding: line.sourceOfFunding, priorYearPence: money(line.priorYearPence), virementPence: money(line.virementPence),
    expenditurePence: money(line.expenditurePence), newOrExisting: line.newOrExisting, schemeUpdate: line.schemeUpdate,
  };
}

const TEXT_FIELDS: LineField[] = ['schemeId', 'schemeName', 'schemeType', 'areaOfSpend', 'sourceOfFunding'];
const MONEY_FIELDS: LineField[] = ['priorYearPence', 'virementPence', 'expenditurePence'];
const HINTS: Partial<Record<LineField, string>> = {
  priorYearPence: 'Optional. For example £850,000 or -£14,270',
  virementPence: 'Optional. Negative for money moved out of the line',
  expenditurePence: 'For example £1,234.56',
};

interface Props {
  title: string;
  line: PlanLine | null;
  onSave: (input: LineInput) => Promise<boolean>;
  onCancel: () => void;
}

/**
 * Adds or edits one scheme line. Every value is checked as it would be on the
 * other side of the API; problems are listed at the top and beside each field,
 * and nothing is sent until there are none.
 */
export function LineForm({ title, line, onSave, onCancel }: Props) {
  const [values, setValues] = useState<FormValues>(line ? toForm(line) : EMPTY);
  const [errors, setErrors] = useState<Partial<Record<LineField, string>>>({});
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => firstRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = lineFromForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setErrors({});
    setBusy(true);
    const saved = await onSave(result.input);
    setBusy(false);
    if (saved) onCancel();
  };

  const field = (name: LineField, input: ReactNode) => (
    <div className={`field ${errors[name] ? 'has-error' : ''}`} key={name}>
      <label htmlFor={`line-${name}`}>{LINE_LABELS[name]}</label>
      {HINTS[name] && <p className="hint" id={`line-${name}-hint`}>{HINTS[name]}</p>}
      {errors[name] && <p className="field-error" id={`line-${name}-error`}><span className="visually-hidden">Error: </span>{errors[name]}</p>}
      {input}
    </div>
  );
  const describedBy = (name: LineField) => [HINTS[name] ? `line-${name}-hint` : '', errors[name] ? `line-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  const bind = (name: LineField) => ({
    id: `line-${name}`,
    value: values[name],
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': describedBy(name),
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  const errorList = Object.entries(errors) as [LineField, string][];

  return (
    <form className="panel line-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="line-form-title">
      <h2 id="line-form-title">{title}</h2>
      {errorList.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
          <h3>There {errorList.length === 1 ? 'is a problem' : `are ${errorList.length} problems`}; nothing has been saved</h3>
          <ul>
            {errorList.map(([name, message]) => (
              <li key={name}><a href={`#line-${name}`} onClick={(e) => { e.preventDefault(); document.getElementById(`line-${name}`)?.focus(); }}>{LINE_LABELS[name]}: {message}</a></li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-grid">
        {TEXT_FIELDS.map((name) => field(name, <input {...bind(name)} ref={name === 'schemeId' ? firstRef : undefined} autoComplete="off" />))}
        {MONEY_FIELDS.map((name) => field(name, <input {...bind(name)} inputMode="decimal" autoComplete="off" className="money" />))}
        {field('newOrExisting', (
          <select {...bind('newOrExisting')}>
            <option value="">(not given)</option>
            <option value="New">New</option>
            <option value="Existing">Existing</option>
          </select>
        ))}
      </div>
      {field('schemeUpdate', <textarea {...bind('schemeUpdate')} rows={3} />)}
      <div className="actions">
        <button type="submit" disabled={busy}>Save line</button>
        <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
