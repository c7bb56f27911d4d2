import { useState, type FormEvent } from 'react';
import type { ReviewQueryRow } from '../../shared/api';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { download } from '../files/files';
import { useLoaded } from '../data/useLoaded';
import { OpenPackage } from './OpenPackage';

const short = (fp: string) => fp.slice(0, 12);

function AnswerForm({ query, onAnswered }: { query: ReviewQueryRow; onAnswered: () => void }) {
  const [answer, setAnswer] = useState('');
  const { error, run } = useAction();
  const id = `answer-${query.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => call('review.answerQuery', { id: query.id, answer }))) onAnswered();
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={id}>Answer to query {query.id}</label>
      <input id={id} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      <button type="submit">Record answer</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

/**
 * Partners' review. The BCF manager sends chosen plans and pools as one
 * package, imports the partner's response, and answers queries; a partner
 * opens a package (in any copy of the app, even one with no area) and writes
 * a response.
 */
export function ReviewScreen({ hasArea }: { hasArea: boolean }) {
  const [plans, setPlans] = useState<string[]>([]);
  const [pools, setPools] = useState<number[]>([]);
  const [returns, setReturns] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const action = useAction();
  const [status, setStatus] = useState<string | null>(null);
  const {
    data: overview,
    error: loadError,
    reload: load,
  } = useLoaded(() => (hasArea ? call('review.overview', {}) : null), [hasArea]);
  const error = action.error ?? loadError;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    await action.run(async () => {
      const sent = await call('review.export', {
        plans,
        returns: overview!.choices.returns
          .filter((r) => returns.includes(`${r.year}:${r.period}`))
          .map((r) => ({ year: r.year, period: r.period })),
        pools,
        note,
      });
      download(sent.fileName, sent.json, 'application/json');
      setStatus(
        `Package written as ${sent.fileName} (fingerprint ${short(sent.fingerprint)}). Send it to the partner.`,
      );
      load();
    });
  };

  const importResponse = async (file: File | undefined) => {
    if (!file) return;
    await action.run(async () => {
      const row = await call('review.importResponse', { text: await file.text() });
      setStatus(
        `Imported: ${row.decision === 'agreed' ? 'agreed' : 'queried'} by ${row.respondent.name} on ${row.decidedOn}.`,
      );
      load();
    });
  };

  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title" tabIndex={-1}>
        Partners' review
      </h1>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      <p role="status">{status}</p>
      {hasArea && overview && (
        <>
          <form className="panel" onSubmit={(e) => void send(e)} noValidate aria-labelledby="send-title">
            <h2 id="send-title">Send figures for review</h2>
            <fieldset>
              <legend>Plans</legend>
              {overview.choices.plans.length === 0 && <p>No plans yet.</p>}
              {overview.choices.plans.map((p) => (
                <label key={p.year}>
                  <input
                    type="checkbox"
                    checked={plans.includes(p.year)}
                    onChange={() => setPlans(toggle(plans, p.year))}
                  />{' '}
                  Plan {p.label}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>Returns</legend>
              {overview.choices.returns.length === 0 && <p>No returns yet.</p>}
              {overview.choices.returns.map((r) => (
                <label key={`${r.year}:${r.period}`}>
                  <input
                    type="checkbox"
                    checked={returns.includes(`${r.year}:${r.period}`)}
                    onChange={() => setReturns(toggle(returns, `${r.year}:${r.period}`))}
                  />{' '}
                  Return {r.label}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>Pooled budgets</legend>
              {overview.choices.pools.length === 0 && <p>No pools yet.</p>}
              {overview.choices.pools.map((p) => (
                <label key={p.id}>
                  <input
                    type="checkbox"
                    checked={pools.includes(p.id)}
                    onChange={() => setPools(toggle(pools, p.id))}
                  />{' '}
                  {p.name} {p.year}
                </label>
              ))}
            </fieldset>
            <label htmlFor="review-note">Note to the partner</label>
            <textarea id="review-note" value={note} onChange={(e) => setNote(e.target.value)} />
            <button type="submit">Write review package</button>
          </form>

          <div className="panel">
            <h2 id="import-title">Import a partner's response</h2>
            <label htmlFor="response-file">Response file (ends in .bcf-response.json)</label>
            <input
              id="response-file"
              type="file"
              accept=".json,application/json"
              onChange={(e) => void importResponse(e.target.files?.[0])}
            />
          </div>

          <section aria-labelledby="sent-title" className="panel">
            <h2 id="sent-title">Packages sent</h2>
            {overview.packages.length === 0 && <p>None yet.</p>}
            {overview.packages.map((p) => (
              <article key={p.packageId} aria-label={`Package sent ${p.createdAt.slice(0, 10)}`}>
                <h3>
                  Sent {p.createdAt.slice(0, 10)}: {p.covers.join(', ')}
                </h3>
                <p>
                  Fingerprint {short(p.fingerprint)}
                  {p.currentFingerprint !== p.fingerprint && ' — the figures have changed since it was sent'}
                </p>
                {p.responses.length === 0 && <p>No response imported yet.</p>}
                <ul>
                  {p.responses.map((r) => (
                    <li key={r.id}>
                      <strong>{r.decision === 'agreed' ? 'Agreed' : 'Queried'}</strong> by {r.respondent.name},{' '}
                      {r.respondent.role}
                      {r.respondent.organisation && ` (${r.respondent.organisation})`} on {r.decidedOn}:{' '}
                      {r.current ? (
                        <span className="proof">current — still today's figures</span>
                      ) : (
                        <strong>not current — a figure has changed since</strong>
                      )}
                      {r.queries.length > 0 && (
                        <ul>
                          {r.queries.map((q) => (
                            <li key={q.id}>
                              Query {q.id} on {q.targetLabel}: {q.text}
                              {q.answer ? <p>Answered: {q.answer}</p> : <AnswerForm query={q} onAnswered={load} />}
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                </ul>
              </article>
            ))}
          </section>
        </>
      )}
      <OpenPackage />
    </section>
  );
}
