import { useState, type FormEvent } from 'react';
import type { ReturnOptions } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { PERIODS, returnLabel, type Period } from '../../shared/returns/period';
import { call } from '../api/client';
import { focusWhenShown } from '../forms/focus';
import { useReturns } from './store';

/** Creates a period's return from the plan: which funding sources are in scope, and which template it follows. */
export function CreateReturn({ year, period, options }: { year: string; period: Period; options: ReturnOptions }) {
  const persist = useReturns((s) => s.persist);
  const previous = [...options.returns].reverse().find((r) => PERIODS.indexOf(r.period) < PERIODS.indexOf(period));
  const [chosen, setChosen] = useState<string[]>(() => previous?.sources ?? options.sources.map((s) => s.name));
  const [template, setTemplate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const label = returnLabel(year, period);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return setError('Choose at least one funding source for the return to cover.');
    setError(null);
    const ok = await persist(`Created the ${label} return`, () =>
      call('return.create', {
        year,
        period,
        sources: chosen,
        ...(template.trim() ? { template: template.trim() } : {}),
      }),
    );
    // The form is gone: carry on in the first field of the new return, once its table is drawn.
    if (ok) focusWhenShown('.return-table input, .return-table select');
  };
  const toggle = (name: string, on: boolean) => setChosen((c) => (on ? [...c, name] : c.filter((x) => x !== name)));

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="create-return-title">
      <h2 id="create-return-title">Create the {label} return</h2>
      <p className="hint">
        Its fixed columns (Scheme ID, name, description, type, sub type, source, Planned Expenditure, planned outputs
        and unit) are copied from the {options.planLabel} plan as it stands today
        {previous ? `; its figures start from the ${returnLabel(year, previous.period)} return's` : ''}.
      </p>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      <fieldset>
        <legend>Funding sources in scope</legend>
        {options.sources.map((s, i) => (
          <label key={s.name} className="checkbox" htmlFor={`scope-${i}`}>
            <input
              id={`scope-${i}`}
              type="checkbox"
              checked={chosen.includes(s.name)}
              onChange={(e) => toggle(s.name, e.target.checked)}
            />
            {s.name} ({s.lines} line{s.lines === 1 ? '' : 's'}, {formatPence(s.plannedPence, { pence: 'auto' })} in{' '}
            {year})
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="return-template">Template it follows</label>
        <p className="hint" id="return-template-hint">
          As NHS England names it, e.g. "2024-25 Q1 (Discharge Fund)". Leave blank for "BCF {year}{' '}
          {period === 'YE' ? 'Year end' : period} return".
        </p>
        <input
          id="return-template"
          value={template}
          onChange={(e) => setTemplate(e.target.value)}
          aria-describedby="return-template-hint"
          size={40}
        />
      </div>
      <div className="actions">
        <button type="submit">Create the {label} return</button>
      </div>
    </form>
  );
}
