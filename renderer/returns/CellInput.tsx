import { useState, type KeyboardEvent } from 'react';
import type { ValueParse } from '../../shared/values/parse';

interface Props {
  id: string;
  /** The column's parser, the one the server uses. */
  parse: (raw: string) => ValueParse<unknown>;
  /** The stored value, as text. */
  value: string;
  label: string;
  onCommit: (text: string) => Promise<boolean>;
  /** Where Enter moves (the same column on the next line), if anywhere. */
  nextId?: string | undefined;
  numeric?: boolean;
  long?: boolean;
}

/**
 * One editable cell of the return. It saves when the user leaves it (Tab, a
 * click elsewhere, or Enter, which moves down a line as in Excel); what was
 * typed is checked first with the same parser the server uses, and a bad
 * value is kept in the cell with its message, saving nothing. Escape puts
 * the stored value back.
 */
export function CellInput({ id, parse, value, label, onCommit, nextId, numeric, long }: Props) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);

  const commit = async () => {
    if (text === value) return setError(null);
    const parsed = parse(text);
    if (!parsed.ok) return setError(parsed.message);
    setError(null);
    if (!(await onCommit(text))) setError('Not saved: see the message above the table.');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      setText(value);
      setError(null);
    } else if (e.key === 'Enter' && (!long || e.ctrlKey)) {
      e.preventDefault();
      const next = nextId ? document.getElementById(nextId) : null;
      if (next) next.focus();
      else void commit();
    }
  };
  const common = {
    id,
    value: text,
    'aria-label': label,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onBlur: () => void commit(),
    onKeyDown,
  };
  return (
    <>
      {long ? (
        <textarea {...common} rows={1} className="cell-text" onChange={(e) => setText(e.target.value)} />
      ) : (
        <input
          {...common}
          className={`cell-field${numeric ? ' num' : ''}`}
          inputMode={numeric ? 'decimal' : undefined}
          onChange={(e) => setText(e.target.value)}
        />
      )}
      {error && (
        <span className="field-error cell-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </>
  );
}

/**
 * A drop-down cell ("Implementation issues?", a Yes/No or a list of the
 * template year's own): saved as soon as it is chosen. The element is never
 * replaced while it has the focus (a keyboard user answers and Tabs on to
 * the next cell at once); a refused save puts the stored answer back.
 */
export function ChoiceSelect({
  id,
  label,
  value,
  options = ['Yes', 'No'],
  onCommit,
}: {
  id: string;
  label: string;
  value: string;
  options?: readonly string[];
  onCommit: (text: string) => Promise<boolean>;
}) {
  // The answer being saved shows until the save is done; then the stored one (the same, or the old one if refused).
  const [saving, setSaving] = useState<string | null>(null);
  const choose = async (text: string) => {
    setSaving(text);
    await onCommit(text);
    setSaving(null);
  };
  return (
    <select id={id} aria-label={label} value={saving ?? value} onChange={(e) => void choose(e.target.value)}>
      <option value="">(not answered)</option>
      {value !== '' && !options.includes(value) && <option value={value}>{value} (not in the list)</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}
