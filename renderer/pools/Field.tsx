import type { ReactNode, Ref } from 'react';
import type { Aria } from '../forms/Field';

/** A refusal that names no field, with every problem when there are several. */
export function ProblemBanner({ id, message, details }: { id: string; message: string; details?: string[] }) {
  return (
    <div className="error-banner" id={id} tabIndex={-1} role="alert">
      <p>{message}</p>
      {details && details.length > 1 && (
        <ul>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A table to import (TSV or CSV) with its hint: what columns it needs, and that nothing is saved unseen. */
export function TableFileField({
  id,
  label,
  hint,
  onFile,
  inputRef,
}: {
  id: string;
  label: string;
  hint: ReactNode;
  onFile: (file: File | undefined) => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <input
        id={id}
        ref={inputRef}
        type="file"
        accept=".tsv,.csv,.txt"
        aria-describedby={`${id}-hint`}
        onChange={(e) => onFile(e.target.files?.[0])}
      />
    </div>
  );
}

/** The input of an amount in a Field, typed as the user writes it (£970,000, 1234.56) and parsed on saving. */
export const moneyInput = (value: string, onChange: (v: string) => void) => (aria: Aria) => (
  <input
    {...aria}
    className="money"
    inputMode="decimal"
    autoComplete="off"
    value={value}
    onChange={(e) => onChange(e.target.value)}
  />
);
