/** Form pieces the sign-off forms of returns and plans share. */

/** Today as an ISO date, in the user's own time zone: the default for a date just done. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A labelled text field with its hint and error, the way every form here lays them out. */
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
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
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
      <input
        id={id}
        inputMode={inputMode}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
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
