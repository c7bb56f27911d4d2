import { useState, type FormEvent } from 'react';
import type { ReturnView } from '../../shared/api';
import {
  metricNumberSchema,
  ON_TRACK_ANSWERS,
  withNumbers,
  type MetricAssessment,
  type OnTrack,
} from '../../shared/returns/metrics';
import { call } from '../api/client';
import { useReturns } from './store';

/** The year's metrics with their targets, and this return's assessment of each. */
export function MetricsSection({ view }: { view: ReturnView }) {
  return (
    <section aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics</h2>
      <p className="hint">
        A metric with a target needs an assessment each quarter; when it is not on track, describe the challenges.
      </p>
      {view.metrics.map((m) => (
        <AssessmentForm
          key={`${m.metricId}-${m.target}-${m.onTrack}-${m.challenges}-${m.achievements}`}
          view={view}
          metric={m}
        />
      ))}
      <TargetsForm
        key={view.metrics.map((m) => `${m.name}=${m.target}:${m.numerator}/${m.denominator}`).join('|')}
        view={view}
      />
    </section>
  );
}

function AssessmentForm({ view, metric }: { view: ReturnView; metric: MetricAssessment }) {
  const persist = useReturns((s) => s.persist);
  const [onTrack, setOnTrack] = useState<OnTrack>(metric.onTrack);
  const [challenges, setChallenges] = useState(metric.challenges);
  const [achievements, setAchievements] = useState(metric.achievements);
  const id = `metric-${metric.metricId}`;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    await persist(`Saved the assessment of ${metric.name}`, () =>
      call('return.setAssessment', {
        year: view.year,
        period: view.period,
        metricId: metric.metricId,
        assessment: { onTrack, challenges: challenges.trim(), achievements: achievements.trim() },
      }),
    );
  };
  const locked = view.locked;
  return (
    <>
      {assessment(locked)}
      {/* Its own form, so that Enter in a revision field revises and never saves the assessment. */}
      {!locked && metric.target !== '' && <ReviseTarget year={view.year} metric={metric} />}
    </>
  );

  function assessment(locked: boolean) {
    return (
      <form className="panel metric" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{metric.name}</h3>
        <p>Target: {metric.target ? withNumbers(metric.target, metric) : 'none set for this year'}</p>
        {metric.revisions.length > 0 && (
          <ul className="hint" aria-label={`Earlier targets for ${metric.name}`}>
            {metric.revisions.map((r, i) => (
              <li key={i}>
                Revised on {r.revisedOn} from {withNumbers(r.target, r)}: {r.reason}
              </li>
            ))}
          </ul>
        )}
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-on-track`}>Assessment</label>
            <select
              id={`${id}-on-track`}
              value={onTrack}
              disabled={locked}
              onChange={(e) => setOnTrack(e.target.value as OnTrack)}
            >
              <option value="">(not assessed)</option>
              {ON_TRACK_ANSWERS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-challenges`}>Challenges</label>
            <textarea
              id={`${id}-challenges`}
              rows={2}
              value={challenges}
              readOnly={locked}
              onChange={(e) => setChallenges(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-achievements`}>Achievements</label>
            <textarea
              id={`${id}-achievements`}
              rows={2}
              value={achievements}
              readOnly={locked}
              onChange={(e) => setAchievements(e.target.value)}
            />
          </div>
        </div>
        {!locked && (
          <button type="submit" className="secondary">
            Save the assessment of {metric.name}
          </button>
        )}
      </form>
    );
  }
}

/** Revises a metric's target in the year: the one it replaces is kept and shown. A disclosure, so Tab skips it until opened. */
function ReviseTarget({ year, metric }: { year: string; metric: MetricAssessment }) {
  const persist = useReturns((s) => s.persist);
  const [target, setTarget] = useState('');
  const [numerator, setNumerator] = useState('');
  const [denominator, setDenominator] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = `revise-${metric.metricId}`;
  const revise = async (e: FormEvent) => {
    e.preventDefault();
    if (target.trim() === '') return setError('Give the revised target.');
    if (reason.trim() === '') return setError('Say why the target is revised.');
    const bad = [numerator, denominator].find((n) => !metricNumberSchema.safeParse(n).success);
    if (bad !== undefined) return setError(`"${bad}" is not a number such as 50,000 or 12.5.`);
    setError(null);
    await persist(`Revised the target of ${metric.name}`, () =>
      call('metrics.revise', {
        year,
        metricId: metric.metricId,
        revision: { target: target.trim(), numerator: numerator.trim(), denominator: denominator.trim(), reason },
      }),
    );
  };
  return (
    <form className="panel revise-target" onSubmit={(e) => void revise(e)} noValidate>
      <details>
        <summary>Revise the target of {metric.name}</summary>
        <p className="hint">
          The current target ({withNumbers(metric.target, metric)}) is kept and shown beside the new one.
        </p>
        {error && (
          <p role="alert" className="error-banner">
            {error}
          </p>
        )}
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-target`}>Revised target</label>
            <input id={`${id}-target`} value={target} size={30} onChange={(e) => setTarget(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-numerator`}>Number (numerator)</label>
            <input
              id={`${id}-numerator`}
              inputMode="decimal"
              value={numerator}
              onChange={(e) => setNumerator(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-denominator`}>Out of (denominator)</label>
            <input
              id={`${id}-denominator`}
              inputMode="decimal"
              value={denominator}
              onChange={(e) => setDenominator(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Why it is revised</label>
            <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="secondary">
          Revise the target of {metric.name}
        </button>
      </details>
    </form>
  );
}

function TargetsForm({ view }: { view: ReturnView }) {
  const persist = useReturns((s) => s.persist);
  const [rows, setRows] = useState(() =>
    view.metrics.map((m) => ({ name: m.name, target: m.target, numerator: m.numerator, denominator: m.denominator })),
  );
  const [error, setError] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const cleaned = rows
      .map((r) => ({
        name: r.name.trim(),
        target: r.target.trim(),
        numerator: r.numerator.trim(),
        denominator: r.denominator.trim(),
      }))
      .filter((r) => r.name !== '' || r.target !== '');
    if (cleaned.some((r) => r.name === '')) return setError('Every metric with a target needs a name.');
    const bad = cleaned.find(
      (r) => !metricNumberSchema.safeParse(r.numerator).success || !metricNumberSchema.safeParse(r.denominator).success,
    );
    if (bad) return setError(`The numbers for ${bad.name} should be numbers such as 825 and 50,000.`);
    setError(null);
    await persist(`Saved the metrics for ${view.year}`, () =>
      call('metrics.set', { year: view.year, metrics: cleaned }),
    );
  };
  return (
    <form className="panel" onSubmit={(e) => void save(e)} noValidate aria-labelledby="targets-title">
      <h3 id="targets-title">Metrics and targets for {view.year}</h3>
      <p className="hint">
        The year's metrics and their targets, with the absolute numbers behind each rate (825 admissions out of 50,000
        people) where the board asks for them; the year's returns report against them. A metric left without a target is
        not assessed. Changing a target here corrects it; to revise it in the year keeping the old one, use "Revise the
        target" above. An approved plan's workbook keeps the targets the plan was approved with.
      </p>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      <div className="table-scroll" role="region" aria-labelledby="targets-caption" tabIndex={0}>
        <table>
          <caption id="targets-caption" className="visually-hidden">
            Metrics and targets
          </caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Target</th>
              <th scope="col">Number (numerator)</th>
              <th scope="col">Out of (denominator)</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>
                  <input
                    aria-label={`Metric ${i + 1} name`}
                    // The year's metric names run to a hundred characters: wide enough to read them, the target narrower.
                    size={40}
                    value={r.name}
                    onChange={(e) => setRows((x) => x.map((y, j) => (j === i ? { ...y, name: e.target.value } : y)))}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Target for ${r.name || `metric ${i + 1}`}`}
                    size={20}
                    value={r.target}
                    onChange={(e) => setRows((x) => x.map((y, j) => (j === i ? { ...y, target: e.target.value } : y)))}
                  />
                </td>
                {(['numerator', 'denominator'] as const).map((k) => (
                  <td key={k}>
                    <input
                      aria-label={`${k === 'numerator' ? 'Number (numerator)' : 'Out of (denominator)'} for ${r.name || `metric ${i + 1}`}`}
                      inputMode="decimal"
                      size={10}
                      value={r[k]}
                      onChange={(e) => setRows((x) => x.map((y, j) => (j === i ? { ...y, [k]: e.target.value } : y)))}
                    />
                  </td>
                ))}
                <td>
                  {/* "Remove" is what shows; the name that screen readers and voice control use starts with it (WCAG 2.5.3). */}
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Remove ${r.name || `metric ${i + 1}`}`}
                    onClick={() => setRows((x) => x.filter((_, j) => j !== i))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => setRows((x) => [...x, { name: '', target: '', numerator: '', denominator: '' }])}
        >
          Add a metric
        </button>
        <button type="submit">Save the metrics and targets</button>
      </div>
    </form>
  );
}
