import { useState, type FormEvent } from 'react';
import { parseYear, type YearLabel } from '../../shared/years/financial-year';

/** What a screen's "Another year" form holds: the year being typed and why it was refused. */
export type AnotherYear = {
  text: string;
  setText: (text: string) => void;
  error: string | null;
  submit: (e: FormEvent) => void;
};

/** A typed year opens when it parses; otherwise the form keeps it and says why. */
export function useAnotherYear(open: (year: YearLabel) => void): AnotherYear {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseYear(text);
    if (!parsed.ok) return setError(parsed.message);
    setError(null);
    setText('');
    open(parsed.year);
  };
  return { text, setText, error, submit };
}

/** The small form beside a screen's year picker that opens a year not in the list yet. */
export function AnotherYearForm({
  entry,
  id,
  errorId,
  label,
}: {
  entry: AnotherYear;
  id: string;
  errorId: string;
  /** A name for the form, where the screen has more than one. */
  label?: string;
}) {
  return (
    <form onSubmit={entry.submit} noValidate className="inline-form" aria-label={label}>
      <label htmlFor={id}>Another year</label>
      <input
        id={id}
        value={entry.text}
        onChange={(e) => entry.setText(e.target.value)}
        placeholder="e.g. 2020-21"
        size={9}
        aria-invalid={entry.error ? true : undefined}
        aria-describedby={entry.error ? errorId : undefined}
      />
      <button type="submit" className="secondary">
        Open year
      </button>
    </form>
  );
}

/** Why the typed year was refused, under the screen's head where it is seen. */
export function AnotherYearError({ entry, errorId }: { entry: AnotherYear; errorId: string }) {
  return entry.error ? (
    <p className="field-error" id={errorId} role="alert">
      {entry.error}
    </p>
  ) : null;
}
