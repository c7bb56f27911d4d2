/**
 * The tick an approval asks for when the checks find warnings (a plan's or a
 * return's): warnings do not stop an approval, but the approver says they saw
 * them. The count goes to the API, which refuses it if the checks have since
 * changed.
 */

/** The error shown beside the tick when the approver sends the form without it. */
export function acceptWarningsProblem(count: number, what: 'plan' | 'return'): string {
  return `Tick to approve the ${what} with its ${count === 1 ? 'warning' : `${count} warnings`}, or deal with ${count === 1 ? 'it' : 'them'} first.`;
}

export function AcceptWarnings({
  id,
  count,
  what,
  where,
  checked,
  onChange,
  error,
}: {
  id: string;
  count: number;
  what: 'plan' | 'return';
  /** Where on the screen the warnings are listed, e.g. "Checks". */
  where: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
}) {
  if (count === 0) return null;
  return (
    <div className={`field checkbox${error ? ' has-error' : ''}`}>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label htmlFor={id}>
        The checks find {count === 1 ? 'a warning' : `${count} warnings`} (see "{where}"): approve the {what} with{' '}
        {count === 1 ? 'it' : 'them'}
      </label>
    </div>
  );
}
