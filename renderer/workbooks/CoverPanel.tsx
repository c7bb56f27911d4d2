import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PlanCover, ReturnCover } from '../../shared/api';
import { call, errorMessage } from '../api/client';
import { useLoaded } from '../data/useLoaded';
import type { ExportTarget } from './ExportPanel';

type Cover = PlanCover | ReturnCover;

const FROM: Record<string, string> = {
  plan: "from the plan's cover details",
  approvers: "from the return's approvers",
};

/**
 * The cover details of a plan or a quarterly return, as the workbook's cover
 * asks for them. A return's detail left blank is taken from the plan (who
 * signed it off, from its approvers once it is approved).
 */
export function CoverPanel({
  target,
  onClose,
  onSaved,
}: {
  target: ExportTarget;
  onClose?: () => void;
  onSaved?: () => void;
}) {
  const [cover, setCover] = useState<Cover | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [saveError, setError] = useState<{ message: string; details: string[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const isReturn = target.kind === 'return';
  const year = target.year;
  const period = target.kind === 'return' ? target.period : null;
  // Read when opened and again when the data changed elsewhere: the fields show what the database holds.
  const loaded = useLoaded<Cover>(
    () => (period ? call('return.cover', { year, period }) : call('plan.cover', { year })),
    [year, period],
  );
  // Each reply fills the form (set while rendering, as React advises for state that follows data): a
  // field the user has not touched since the last fill takes the database's value; one they are
  // typing in keeps their text, so a save made elsewhere never wipes what is being typed here.
  const [filledFrom, setFilledFrom] = useState<Cover | null>(null);
  if (loaded.data && loaded.data !== filledFrom) {
    const c = loaded.data;
    const stored = (x: Cover | null) =>
      Object.fromEntries((x?.fields ?? []).map((f) => [f.key, 'own' in f ? f.own : f.value])) as Record<string, string>;
    const before = stored(filledFrom);
    const now = stored(c);
    setFilledFrom(c);
    setCover(c);
    setValues((typed) =>
      Object.fromEntries(
        Object.entries(now).map(([k, v]) => [k, k in typed && typed[k] !== before[k] ? typed[k]! : v]),
      ),
    );
  }
  const opened = loaded.data !== null;
  useEffect(() => {
    if (opened) requestAnimationFrame(() => headingRef.current?.focus());
  }, [opened]);
  const error = saveError ?? (loaded.error ? { message: loaded.error, details: [] } : null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    try {
      const c: Cover = period
        ? await call('return.setCover', { year, period, cover: values })
        : await call('plan.setCover', { year, cover: values });
      setCover(c);
      setError(null);
      setSaved(true);
      onSaved?.();
    } catch (err) {
      setError({ message: errorMessage(err), details: (err as { details?: string[] }).details ?? [] });
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  };

  const fieldError = (label: string) =>
    (error?.details.length ? error.details : error ? [error.message] : []).find(
      (d) =>
        d.toLowerCase().includes(label.toLowerCase()) ||
        (label === 'E-mail' && d.includes('e-mail')) ||
        (label === 'Contact number' && d.includes('telephone')),
    );
  return (
    <section className="panel" aria-labelledby="cover-title">
      <h2 id="cover-title" tabIndex={-1} ref={headingRef}>
        Cover details of the {target.label} {isReturn ? 'return' : 'plan'}
      </h2>
      {error && !cover && (
        <p role="alert" className="error-banner">
          {error.message}
        </p>
      )}
      {cover && (
        <form onSubmit={(e) => void save(e)} noValidate>
          <p className="hint">
            Health and Wellbeing Board: <strong>{cover.hwb}</strong> (the area's name, on every cover).
            {isReturn
              ? " A detail left blank is taken from the plan's cover details; who signed it off and the date signed off, from the return's approvers once it is approved."
              : ''}
          </p>
          {error && (
            <div className="error-summary" role="alert" tabIndex={-1} ref={errorRef}>
              <h3>The cover details were not saved</h3>
              <ul>
                {(error.details.length ? error.details : [error.message]).map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="form-grid">
            {cover.fields.map((f) => {
              const problem = fieldError(f.label);
              const inherited =
                'from' in f && f.from !== 'return' && f.from !== null
                  ? `On the workbook: “${f.value}”, ${FROM[f.from]}.`
                  : null;
              const described = [problem ? `cover-${f.key}-error` : '', inherited ? `cover-${f.key}-from` : '']
                .filter(Boolean)
                .join(' ');
              return (
                <div
                  key={f.key}
                  className={`field${f.key === 'signedOffBy' ? ' wide' : ''}${problem ? ' has-error' : ''}`}
                >
                  <label htmlFor={`cover-${f.key}`}>{f.label}</label>
                  {problem && (
                    <p className="field-error" id={`cover-${f.key}-error`}>
                      {problem}
                    </p>
                  )}
                  <input
                    id={`cover-${f.key}`}
                    value={values[f.key] ?? ''}
                    onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                    type={
                      f.key === 'email'
                        ? 'email'
                        : f.key === 'phone'
                          ? 'tel'
                          : f.key === 'dateSignedOff'
                            ? 'date'
                            : 'text'
                    }
                    autoComplete={
                      f.key === 'email' ? 'email' : f.key === 'phone' ? 'tel' : f.key === 'completedBy' ? 'name' : 'off'
                    }
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={described || undefined}
                  />
                  {inherited && (
                    <p className="hint" id={`cover-${f.key}-from`}>
                      {inherited}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
          <div className="actions">
            <button type="submit">Save cover details</button>
            {onClose && (
              <button type="button" className="secondary" onClick={onClose}>
                Close
              </button>
            )}
          </div>
          {saved && (
            <p role="status" className="save-status saved">
              Saved the cover details.
            </p>
          )}
        </form>
      )}
    </section>
  );
}
