import type { ReactNode } from 'react';

/** Form pieces every form here shares: a field with its label, hint and error; a reason; the buttons. */

/** Today as an ISO date, in the user's own time zone: the default for a date just done. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The props that tie an input to its error message (and its hint, if any). */
export function describedBy(
  id: string,
  error: string | undefined,
  hint?: string,
): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const ids = [hint, error ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return { ...(error ? { 'aria-invalid': true as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}

/** What a field hands its control: its id and the props that tie it to its hint and error. */
export type Aria = ReturnType<typeof describedBy> & { id: string };

/**
 * A labelled field with its hint and its error beside it, the way every form here lays them out; the
 * control (an input, a select, a money box) is the caller's, handed the ids that tie them together.
 */
export function FieldFrame({
  id,
  label,
  error,
  hint,
  wide,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  wide?: boolean | undefined;
  children: (aria: Aria) => ReactNode;
}) {
  return (
    <div className={`field${error ? ' has-error' : ''}${wide ? ' wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {children({ id, ...describedBy(id, error, hint ? `${id}-hint` : undefined) })}
    </div>
  );
}

/** A labelled text field with its hint and error. */
export function Field({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  wide,
  inputMode,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange: (v: string) => void;
  wide?: boolean;
  /** `decimal` for an amount: a phone or tablet offers its number keys. */
  inputMode?: 'decimal';
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} wide={wide}>
      {(aria) => <input {...aria} inputMode={inputMode} value={value} onChange={(e) => onChange(e.target.value)} />}
    </FieldFrame>
  );
}

export const DATE_HINT = 'For example 2024-08-29 or 29/08/2024';

/** The reason a change asks for (unlocking, reopening): a labelled two-line box with its error above it. */
export function ReasonField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>Reason</label>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <textarea
        id={id}
        rows={2}
        cols={60}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </div>
  );
}

/** A form's two buttons: the one that saves it (held while it saves) and Cancel. */
export function SubmitOrCancel({ label, busy, onCancel }: { label: string; busy?: boolean; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="submit" disabled={busy}>
        {label}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** A panel's own way out, last in it. */
export function CloseActions({ onClose }: { onClose: () => void }) {
  return (
    <div className="actions">
      <button type="button" className="secondary" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
