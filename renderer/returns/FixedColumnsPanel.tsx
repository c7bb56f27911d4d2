import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ReturnView } from '../../shared/api';
import { FIXED_FIELDS, RETURN_FIELD_SPECS, type ReturnLine } from '../../shared/returns/line';
import { ReasonField } from '../forms/Field';
import { call } from '../api/client';
import { useReturns } from './store';

/**
 * The fixed columns of one line are copied from the plan and read-only; this
 * panel unlocks them for a stated reason (kept in the history), edits them,
 * and locks them again.
 */
export function FixedColumnsPanel({
  view,
  line,
  onClose,
}: {
  view: ReturnView;
  line: ReturnLine;
  onClose: () => void;
}) {
  const persist = useReturns((s) => s.persist);
  const which = { year: view.year, period: view.period };
  const [reason, setReason] = useState('');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIXED_FIELDS.map((f) => [f, RETURN_FIELD_SPECS[f].format(line[f])])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [line.unlockedReason]);
  const title = `line ${line.position}, scheme ${line.schemeId} ${line.schemeName}`;

  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') return setErrors({ reason: 'Give the reason for unlocking: it is kept in the history.' });
    setErrors({});
    await persist(`Unlocked the fixed columns of ${title}`, () =>
      call('return.unlockLine', { ...which, lineId: line.id, reason: reason.trim() }),
    );
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    for (const f of FIXED_FIELDS) {
      const parsed = RETURN_FIELD_SPECS[f].parse(values[f] ?? '');
      if (!parsed.ok) next[f] = parsed.message;
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const edits = FIXED_FIELDS.filter((f) => values[f] !== RETURN_FIELD_SPECS[f].format(line[f])).map((f) => ({
      lineId: line.id,
      field: f,
      text: values[f] ?? '',
    }));
    if (edits.length === 0) return onClose();
    if (await persist(`Saved the fixed columns of ${title}`, () => call('return.applyEdits', { ...which, edits })))
      onClose();
  };
  const lock = async () => {
    if (
      await persist(`Locked the fixed columns of ${title}`, () =>
        call('return.lockLine', { ...which, lineId: line.id }),
      )
    )
      onClose();
  };

  if (line.unlockedReason === null) {
    return (
      <form className="panel" onSubmit={(e) => void unlock(e)} noValidate aria-labelledby="unlock-title">
        <h2 id="unlock-title" tabIndex={-1} ref={headingRef}>
          Unlock the fixed columns of {title}
        </h2>
        <p className="hint">
          These columns are copied from the plan and should match it. Unlock them only to correct the return, and say
          why.
        </p>
        <ReasonField id="unlock-reason" value={reason} onChange={setReason} error={errors.reason} />
        <div className="actions">
          <button type="submit">Unlock</button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    );
  }
  return (
    <form className="panel" onSubmit={(e) => void save(e)} noValidate aria-labelledby="fixed-title">
      <h2 id="fixed-title" tabIndex={-1} ref={headingRef}>
        Fixed columns of {title}
      </h2>
      <p className="hint">Unlocked: {line.unlockedReason}</p>
      <div className="form-grid">
        {FIXED_FIELDS.map((f) => (
          <div className={`field${errors[f] ? ' has-error' : ''}`} key={f}>
            <label htmlFor={`fixed-${f}`}>{RETURN_FIELD_SPECS[f].label}</label>
            {errors[f] && (
              <p className="field-error" id={`fixed-${f}-error`}>
                {errors[f]}
              </p>
            )}
            <input
              id={`fixed-${f}`}
              value={values[f] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
              aria-invalid={errors[f] ? true : undefined}
              aria-describedby={errors[f] ? `fixed-${f}-error` : undefined}
            />
          </div>
        ))}
      </div>
      <div className="actions">
        <button type="submit">Save the fixed columns</button>
        <button type="button" className="secondary" onClick={() => void lock()}>
          Lock them again
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
