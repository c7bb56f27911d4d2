import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  columnSpec,
  EMPTY_LINE,
  formFromLine,
  lineFromForm,
  type LineForm as FormValues,
  type LineInput,
  type PlanColumn,
  type PlanLine,
} from '../../shared/plans/line';
import { extraKeyOf, type ExtraField } from '../../shared/templates/fields';
import { columnLabel, isNumeric } from './grid/rows';

const HINTS: Partial<Record<PlanColumn, string>> = {
  priorYearPence: 'Optional. For example £850,000 or -£14,270',
  virementPence: 'Optional. Negative for money moved out of the line',
  expenditurePence: 'For example £1,234.56',
  jointNhsPercent: 'Only when the commissioner is Joint; with % LA it adds to 100',
  plannedOutputs: 'A number, in the units of the next field',
};

interface Props {
  title: string;
  line: PlanLine | null;
  columns: PlanColumn[];
  /** The template year's own fields among the columns. */
  fields: ExtraField[];
  years: string[];
  datalists: Partial<Record<PlanColumn, string[]>>;
  onSave: (input: LineInput) => Promise<boolean>;
  onCancel: () => void;
}

/**
 * Adds or edits one scheme line with a form: the accessible alternative to
 * editing in the grid. Every value is checked as it would be on the other
 * side of the API; problems are listed at the top and beside each field, and
 * nothing is sent until there are none.
 */
export function LineForm({ title, line, columns, fields, years, datalists, onSave, onCancel }: Props) {
  const [values, setValues] = useState<FormValues>(() =>
    line ? formFromLine(line, fields) : { ...formFromLine(EMPTY_LINE, fields), expenditurePence: '' },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = lineFromForm(values, fields);
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

  const label = (name: PlanColumn) => columnLabel(name, years, fields);
  // An element id for a column ("extra.x" has a dot, which a CSS selector would misread).
  const idOf = (name: PlanColumn) => `line-${name.replace('.', '-')}`;
  const describedBy = (name: PlanColumn) =>
    [HINTS[name] ? `${idOf(name)}-hint` : '', errors[name] ? `${idOf(name)}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  const bind = (name: PlanColumn) => ({
    id: idOf(name),
    value: values[name] ?? '',
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': describedBy(name),
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  const field = (name: PlanColumn, input: ReactNode) => (
    <div
      className={`field ${errors[name] ? 'has-error' : ''}${name === 'schemeUpdate' || name === 'briefDescription' ? ' wide' : ''}`}
      key={name}
    >
      <label htmlFor={idOf(name)}>{label(name)}</label>
      {HINTS[name] && (
        <p className="hint" id={`${idOf(name)}-hint`}>
          {HINTS[name]}
        </p>
      )}
      {errors[name] && (
        <p className="field-error" id={`${idOf(name)}-error`}>
          <span className="visually-hidden">Error: </span>
          {errors[name]}
        </p>
      )}
      {input}
    </div>
  );
  const control = (name: PlanColumn) => {
    const kind = columnSpec(name, fields)?.kind ?? 'text';
    const own = fields.find((f) => f.key === extraKeyOf(name));
    if (name === 'newOrExisting' || name === 'recurrence' || own?.kind === 'yesNo') {
      const options =
        name === 'newOrExisting'
          ? ['New', 'Existing']
          : name === 'recurrence'
            ? ['Recurrent', 'One-off']
            : ['Yes', 'No'];
      return (
        <select {...bind(name)}>
          <option value="">(not given)</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    }
    if (name === 'schemeUpdate' || name === 'briefDescription') return <textarea {...bind(name)} rows={2} />;
    return (
      <input
        {...bind(name)}
        autoComplete="off"
        inputMode={isNumeric(name, fields) ? 'decimal' : undefined}
        className={kind === 'text' || kind === 'choice' ? undefined : 'money'}
        list={datalists[name] ? `form-dl-${name.replace('.', '-')}` : undefined}
      />
    );
  };
  const errorList = Object.entries(errors) as [PlanColumn, string][];

  return (
    <form
      ref={formRef}
      className="panel line-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="line-form-title"
    >
      <h2 id="line-form-title">{title}</h2>
      {errorList.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
          <h3>
            There {errorList.length === 1 ? 'is a problem' : `are ${errorList.length} problems`}; nothing has been saved
          </h3>
          <ul>
            {errorList.map(([name, message]) => (
              <li key={name}>
                <a
                  href={`#${idOf(name)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(idOf(name))?.focus();
                  }}
                >
                  {label(name)}: {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-grid">{columns.map((name) => field(name, control(name)))}</div>
      {Object.entries(datalists).map(([name, values]) => (
        <datalist id={`form-dl-${name.replace('.', '-')}`} key={name}>
          {values!.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      ))}
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save line
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
