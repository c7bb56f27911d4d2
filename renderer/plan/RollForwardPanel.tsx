import { useEffect, useRef, useState, type FormEvent } from 'react';
import { nextYear, parseYear } from '../../shared/years/financial-year';
import type { RollForwardOutcome } from '../../shared/api';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { useApp } from '../app/store';
import { usePlan } from './store';

/** Starts a later year's plan from this one, uplifting each funding source by the percentage the user gives. */
export function RollForwardPanel({
  from,
  lastYear,
  sources,
  onClose,
}: {
  from: string;
  lastYear: string;
  sources: string[];
  onClose: () => void;
}) {
  const open = usePlan((s) => s.open);
  const refresh = useApp((s) => s.refresh);
  const [to, setTo] = useState(nextYear(lastYear));
  const [percents, setPercents] = useState<Record<string, string>>({});
  const { busy, error, run, setError } = useAction();
  const [done, setDone] = useState<RollForwardOutcome | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const year = parseYear(to);
    if (!year.ok) return setError(year.message);
    const uplifts = Object.entries(percents)
      .filter(([, p]) => p.trim() !== '')
      .map(([source, percent]) => ({ source, percent: percent.trim().replace(/%$/, '') }));
    const bad = uplifts.find((u) => !/^-?\d{1,3}(\.\d{1,6})?$/.test(u.percent));
    if (bad) return setError(`The uplift for ${bad.source} should be a percentage such as 5.66`);
    await run(async () => {
      const out = await call('plan.rollForward', { from, to: year.year, uplifts });
      await refresh();
      // Where streams moved to the new year's, say how before opening the new plan.
      if (out.streams.length > 0 || out.note) setDone(out);
      else {
        await open(year.year);
        onClose();
      }
    });
  };

  if (done)
    return (
      <section className="panel" aria-labelledby="rollforward-done-title">
        <h2 id="rollforward-done-title" tabIndex={-1} ref={doneRef}>
          Rolled the {done.from} plan forward to {done.to}
        </h2>
        <p role="status">
          {done.lines} lines and {done.income} income lines, laid out as the {done.template} template year.
        </p>
        {done.streams.length > 0 && (
          <>
            <p>
              {done.to} has other sources of funding than {done.from}; these moved to the {done.to} stream that took
              them over:
            </p>
            <ul aria-label="Sources of funding moved">
              {done.streams.map((m) => (
                <li key={`${m.from}→${m.to}`}>
                  {m.from} → {m.to}: {m.lines} line{m.lines === 1 ? '' : 's'}, {m.income} income line
                  {m.income === 1 ? '' : 's'}
                </li>
              ))}
            </ul>
          </>
        )}
        {done.note && <p className="hint">{done.note}</p>}
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              void open(done.to).then(onClose);
            }}
          >
            Open the {done.to} plan
          </button>
        </div>
      </section>
    );

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="rollforward-title">
      <h2 id="rollforward-title" tabIndex={-1} ref={headingRef}>
        Roll the {from} plan forward
      </h2>
      <p className="hint">
        Every line is copied with its Scheme ID; each amount is uplifted by its funding source's percentage (leave blank
        for none) and rounded to the penny.
      </p>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="rollforward-to">New plan year</label>
        <input id="rollforward-to" value={to} onChange={(e) => setTo(e.target.value)} size={9} />
      </div>
      <fieldset>
        <legend>Uplift by Source of Funding (%)</legend>
        <div className="form-grid">
          {sources.map((s, i) => (
            <div className="field" key={s}>
              <label htmlFor={`uplift-${i}`}>{s}</label>
              <input
                id={`uplift-${i}`}
                inputMode="decimal"
                value={percents[s] ?? ''}
                onChange={(e) => setPercents((p) => ({ ...p, [s]: e.target.value }))}
                placeholder="e.g. 5.66"
              />
            </div>
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Roll forward
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
