import { lazy, Suspense, useEffect, useRef } from 'react';
import { PERIOD_LABELS, PERIODS, returnLabel } from '../../shared/returns/period';
import { STATE_LABELS } from '../../shared/returns/signoff';
import { yearOf } from '../../shared/years/financial-year';
import { SaveStatus } from '../plan/SaveStatus';
import { CalendarSection } from './CalendarSection';
import { CreateReturn } from './CreateReturn';
import { EntrySection } from './EntrySection';
import { MetricsSection } from './MetricsSection';
import { SignOffSection } from './SignOffSection';
import { YearEndSection } from './YearEndSection';
import { useReturns, type ReturnPart } from './store';
import { useFollowChanges } from '../data/useLoaded';
import { call } from '../api/client';
import { ConditionsForm } from '../forms/ConditionsForm';
import { CoverPanel } from '../workbooks/CoverPanel';
import { TemplateNotice } from '../templates/TemplateNotice';

// The chart library is loaded only when the year's picture is opened.
const YearSection = lazy(() => import('./YearSection'));

const PARTS: { id: ReturnPart; label: string }[] = [
  { id: 'entry', label: 'Spend and activity' },
  { id: 'yearEnd', label: 'Year-end income' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'conditions', label: 'National conditions' },
  { id: 'cover', label: 'Cover details' },
  { id: 'signoff', label: 'Sign-off' },
  { id: 'year', label: 'The year' },
  { id: 'calendar', label: 'Calendar' },
];

/** Quarterly returns: pick a year and a period; create the return, fill it, check it, sign it off. */
export function ReturnsScreen({ years }: { years: string[] }) {
  const { year, period, part, options, view, loadError, save, open, setPart, persist, refresh } = useReturns();
  useFollowChanges(refresh, { now: true });

  useEffect(() => {
    if (year === null) void open(years.length ? `${years[years.length - 1]}` : yearOf());
  }, [year, years, open]);

  // A plan's second year is a return year too: at first, open the latest year a plan covers that has begun.
  const settled = useRef(false);
  useEffect(() => {
    if (settled.current || !options || year !== options.year || options.years.length === 0) return;
    settled.current = true;
    const begun = options.years.filter((y) => y <= yearOf());
    const preferred = begun[begun.length - 1] ?? options.years[0]!;
    if (preferred !== year) void open(preferred);
  }, [options, year, open]);

  const yearsShown = options ? [...new Set([...options.years, ...(year ? [year] : [])])].sort() : [];
  const stateOf = (p: (typeof PERIODS)[number]) => options?.returns.find((r) => r.period === p);
  const needsReturn =
    part === 'entry' ||
    part === 'yearEnd' ||
    part === 'metrics' ||
    part === 'conditions' ||
    part === 'cover' ||
    part === 'signoff';

  return (
    <section aria-labelledby="returns-title">
      <div className="screen-head">
        <h1 id="returns-title" tabIndex={-1}>
          Quarterly returns{year ? ` ${year}` : ''}
        </h1>
        <div className="year-tools">
          <label htmlFor="return-year">Year</label>
          <select id="return-year" value={year ?? ''} onChange={(e) => void open(e.target.value)}>
            {yearsShown.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {options && options.planLabel === null && (
        <p className="error-banner" role="status">
          There is no plan covering {year}: a return is made from the plan, so import or enter the plan first.
        </p>
      )}
      {loadError && (
        <p role="alert" className="error-banner">
          {loadError}
        </p>
      )}
      <nav aria-label="Return periods" className="subnav periods">
        {PERIODS.map((p) => {
          const r = stateOf(p);
          return (
            <button
              key={p}
              type="button"
              className="subnav-item"
              aria-current={period === p ? 'true' : undefined}
              onClick={() => year && void open(year, p)}
            >
              {PERIOD_LABELS[p]} <span className="period-state">{r ? STATE_LABELS[r.state] : 'not started'}</span>
            </button>
          );
        })}
      </nav>
      <nav aria-label="Parts of the return" className="subnav">
        {PARTS.filter(
          (p) =>
            (p.id !== 'conditions' || (view?.conditions.length ?? 0) > 0) && (p.id !== 'yearEnd' || period === 'YE'),
        ).map((p) => (
          <button
            key={p.id}
            type="button"
            className="subnav-item"
            aria-current={part === p.id ? 'true' : undefined}
            onClick={() => setPart(p.id)}
          >
            {p.label}
          </button>
        ))}
      </nav>
      <SaveStatus save={save} />
      {year &&
        needsReturn &&
        options &&
        !view &&
        options.planLabel !== null &&
        !options.returns.some((r) => r.period === period) && (
          <CreateReturn key={`${year}-${period}`} year={year} period={period} options={options} />
        )}
      {view && needsReturn && (
        <>
          <p className="return-status">
            <strong>{returnLabel(view.year, view.period)}</strong>: {STATE_LABELS[view.state]}
            {view.locked ? ' — the figures are locked' : ''}. {view.template}; funding in scope:{' '}
            {view.sources.join(', ')}.
          </p>
          {view.notice && <TemplateNotice notice={view.notice} onChanged={() => year && void open(year, period)} />}
          {(part === 'entry' || (part === 'yearEnd' && !view.yearEnd)) && <EntrySection view={view} />}
          {part === 'yearEnd' && view.yearEnd && <YearEndSection view={view} />}
          {part === 'conditions' && (
            <section aria-labelledby="return-conditions-title">
              <h2 id="return-conditions-title">National conditions</h2>
              <p className="hint">
                Confirm each of the year's national conditions for the quarter, or say why it was not met and how it is
                being addressed.{view.locked ? ' The return is locked: reopen it to change them.' : ''}
              </p>
              <ConditionsForm
                idPrefix="return-condition"
                conditions={view.conditions}
                locked={view.locked}
                onSave={(key, answer) =>
                  persist(`Saved national condition ${key}`, () =>
                    call('return.setCondition', { year: view.year, period: view.period, key, answer }),
                  )
                }
              />
            </section>
          )}
          {part === 'metrics' && <MetricsSection view={view} />}
          {part === 'cover' && (
            <CoverPanel
              key={`${view.year}-${view.period}`}
              target={{ kind: 'return', year: view.year, period: view.period, label: view.label }}
              onSaved={() => void refresh()}
            />
          )}
          {part === 'signoff' && <SignOffSection view={view} />}
        </>
      )}
      {year && part === 'year' && (
        <Suspense fallback={<p>Loading the chart…</p>}>
          <YearSection year={year} />
        </Suspense>
      )}
      {part === 'calendar' && <CalendarSection years={yearsShown} />}
    </section>
  );
}
