import { useState, type FormEvent } from 'react';
import type { PlanView } from '../../shared/api';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { useApp } from '../app/store';
import { usePlan } from './store';

/**
 * Two plans that cover the same year (made before one plan per year was
 * enforced): said plainly, with each plan's lines, and resolved by deleting
 * the one made by mistake, with a reason, after a question; its lines and
 * income go to the history with their figures.
 */
export function OverlapNotice({ overlap }: { overlap: PlanView['overlaps'][number] }) {
  const open = usePlan((s) => s.open);
  const [deleting, setDeleting] = useState<{ year: string; label: string } | null>(null);
  const [reason, setReason] = useState('');
  const { error: problem, run, setError: setProblem } = useAction();
  const [a, b] = overlap.plans;
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (!deleting) return;
    await run(async () => {
      await call('plan.delete', { year: deleting.year, reason });
      const kept = overlap.plans.find((p) => p.year !== deleting.year)!;
      setDeleting(null);
      useApp.getState().dataChanged();
      await open(kept.year);
    });
  };
  return (
    <div className="notice template-notice warn" role="status">
      <p>
        The {a!.label} plan ({a!.lines} lines) and the {b!.label} plan ({b!.lines} lines) both cover{' '}
        {overlap.years.join(' and ')}. There is one plan per year: keep the right one and delete the other (its lines go
        to the history with their figures).
      </p>
      {!deleting && (
        <div className="actions">
          {overlap.plans.map((p) => (
            <button
              key={p.year}
              type="button"
              className="secondary"
              onClick={() => {
                setDeleting(p);
                setProblem(null);
              }}
            >
              Delete the {p.label} plan…
            </button>
          ))}
        </div>
      )}
      {deleting && (
        <form onSubmit={(e) => void confirm(e)} noValidate aria-label={`Delete the ${deleting.label} plan`}>
          <label htmlFor="delete-plan-reason">Why the {deleting.label} plan is deleted (kept in the history)</label>
          <input
            id="delete-plan-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'delete-plan-problem' : undefined}
          />
          {problem && (
            <p className="field-error" id="delete-plan-problem" role="alert">
              {problem}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="danger">
              Delete the {deleting.label} plan
            </button>
            <button type="button" className="secondary" onClick={() => setDeleting(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
