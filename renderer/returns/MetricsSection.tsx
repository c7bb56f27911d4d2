import { useState, type FormEvent } from 'react';
import type { ReturnView } from '../../shared/api';
import { ON_TRACK_ANSWERS, type MetricAssessment, type OnTrack } from '../../shared/returns/metrics';
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
        <AssessmentForm key={`${m.metricId}-${m.onTrack}-${m.challenges}-${m.achievements}`} view={view} metric={m} />
      ))}
      <TargetsForm key={view.metrics.map((m) => `${m.name}=${m.target}`).join('|')} view={view} />
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
    <form className="panel metric" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{metric.name}</h3>
      <p>Target: {metric.target || 'none set for this year'}</p>
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

function TargetsForm({ view }: { view: ReturnView }) {
  const persist = useReturns((s) => s.persist);
  const [rows, setRows] = useState(() => view.metrics.map((m) => ({ name: m.name, target: m.target })));
  const [error, setError] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const cleaned = rows
      .map((r) => ({ name: r.name.trim(), target: r.target.trim() }))
      .filter((r) => r.name !== '' || r.target !== '');
    if (cleaned.some((r) => r.name === '')) return setError('Every metric with a target needs a name.');
    setError(null);
    await persist(`Saved the metrics for ${view.year}`, () =>
      call('metrics.set', { year: view.year, metrics: cleaned }),
    );
  };
  return (
    <form className="panel" onSubmit={(e) => void save(e)} noValidate aria-labelledby="targets-title">
      <h3 id="targets-title">Metrics and targets for {view.year}</h3>
      <p className="hint">
        The plan's metrics for the year, as the plan states the targets. A metric left without a target is not assessed.
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
                    value={r.name}
                    onChange={(e) => setRows((x) => x.map((y, j) => (j === i ? { ...y, name: e.target.value } : y)))}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Target for ${r.name || `metric ${i + 1}`}`}
                    size={40}
                    value={r.target}
                    onChange={(e) => setRows((x) => x.map((y, j) => (j === i ? { ...y, target: e.target.value } : y)))}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setRows((x) => x.filter((_, j) => j !== i))}
                  >
                    Remove {r.name || `metric ${i + 1}`}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setRows((x) => [...x, { name: '', target: '' }])}>
          Add a metric
        </button>
        <button type="submit">Save the metrics and targets</button>
      </div>
    </form>
  );
}
