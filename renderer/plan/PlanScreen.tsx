import { useState } from 'react';
import { useFollowChanges } from '../data/useLoaded';
import { IncomeSection } from './IncomeSection';
import { LinesSection } from './LinesSection';
import { ReferenceSection } from './ReferenceSection';
import { SaveStatus } from './SaveStatus';
import { usePlan } from './store';
import { AnotherYearError, AnotherYearForm, useAnotherYear } from '../forms/AnotherYear';
import { ConditionsForm } from '../forms/ConditionsForm';
import { CoverPanel } from '../workbooks/CoverPanel';
import { TemplateNotice } from '../templates/TemplateNotice';
import { OverlapNotice } from './OverlapNotice';
import { Totals } from './Totals';
import { PlanSignOffSection } from './SignOffSection';
import { PLAN_STATE_LABELS } from '../../shared/plans/signoff';

type Part = 'lines' | 'income' | 'conditions' | 'cover' | 'signoff' | 'lists';
const PARTS: { id: Part; label: string }[] = [
  { id: 'lines', label: 'Scheme lines' },
  { id: 'income', label: 'Income and minimums' },
  { id: 'conditions', label: 'National conditions' },
  { id: 'cover', label: 'Cover details' },
  { id: 'signoff', label: 'Sign-off' },
  { id: 'lists', label: 'Reference lists' },
];

/** The Plan screen: pick a year; its lines, income and checks; the year's reference lists. */
export function PlanScreen({ years }: { years: string[] }) {
  const { year, view, loadError, save, open, refresh, setCondition } = usePlan();
  const [part, setPart] = useState<Part>('lines');

  // Read the plan each time the screen opens (the first plan while no year is open; a template year brought
  // on its own screen changes the columns and lists) and whenever the data changed elsewhere (another
  // window, the command line, a restore).
  useFollowChanges(refresh, { now: true });

  // The template year's lists come with the plan: no second request, and never older than the plan shown.
  const reference = view?.reference ?? null;

  const yearsShown = view && !years.includes(view.year) ? [...years, view.year].sort() : years;

  const another = useAnotherYear((y) => void open(y));

  return (
    <section aria-labelledby="plan-title">
      <div className="screen-head">
        <div className="screen-title">
          <h1 id="plan-title" tabIndex={-1}>
            Plan {view?.label ?? year ?? ''}
          </h1>
          <div className="screen-meta">
            {view && view.notice?.kind !== 'none' && (
              <p className="hint">
                Template year {view.template} ({view.confidence})
                {view.years.length > 1 ? `, two years: ${view.years.join(' and ')}` : ''}.
              </p>
            )}
            <SaveStatus save={save} />
          </div>
        </div>
        <div className="year-tools">
          <label htmlFor="plan-year">Plan year</label>
          <select id="plan-year" value={view?.year ?? year ?? ''} onChange={(e) => void open(e.target.value)}>
            {yearsShown.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          <AnotherYearForm entry={another} id="new-year" errorId="year-error" />
        </div>
      </div>
      <AnotherYearError entry={another} errorId="year-error" />
      {view?.notice && <TemplateNotice notice={view.notice} onChanged={() => void refresh()} />}
      {view?.overlaps.map((o) => (
        <OverlapNotice key={o.plans.map((p) => p.year).join()} overlap={o} />
      ))}
      {loadError && (
        <p role="alert" className="error-banner">
          {loadError}
        </p>
      )}
      {view?.signOff.locked && (
        <p className="note" data-testid="plan-locked">
          The plan is {PLAN_STATE_LABELS[view.signOff.state].toLowerCase()} and locked: no change can be made to it
          until it is reopened with a reason (Sign-off).
        </p>
      )}
      <nav aria-label="Parts of the plan" className="subnav">
        {PARTS.filter((p) => p.id !== 'conditions' || (view?.conditions.length ?? 0) > 0).map((p) => (
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
      {view && (
        <>
          {part === 'lines' && <LinesSection view={view} reference={reference} onCover={() => setPart('cover')} />}
          {part === 'income' && <IncomeSection view={view} sources={reference?.lists.sourcesOfFunding ?? []} />}
          {part === 'lists' && <ReferenceSection template={view.template} onChanged={() => void refresh()} />}
          {part === 'conditions' && (
            <section aria-labelledby="plan-conditions-title">
              <h2 id="plan-conditions-title">National conditions</h2>
              <p className="hint">
                The {view.template} template year's national conditions: confirm each for the plan (its assurance
                statement), or say why it is not met and what is being done.
              </p>
              {view.exists ? (
                <ConditionsForm
                  idPrefix="plan-condition"
                  conditions={view.conditions}
                  locked={view.signOff.locked}
                  onSave={setCondition}
                />
              ) : (
                <p>Start the plan (add or import its lines) to answer them.</p>
              )}
            </section>
          )}
          {part === 'cover' &&
            (view.exists ? (
              <CoverPanel
                key={view.year}
                target={{ kind: 'plan', year: view.year, label: view.label }}
                onSaved={() => void refresh()}
              />
            ) : (
              <p>Start the plan (add or import its lines) to give its cover details.</p>
            ))}
          {part === 'signoff' && <PlanSignOffSection key={view.year} view={view} />}
          {part !== 'lists' && part !== 'cover' && view.lines.length > 0 && (
            <Totals totals={view.totals} years={view.years} />
          )}
        </>
      )}
    </section>
  );
}
