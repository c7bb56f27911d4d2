import { useState, type FormEvent } from 'react';
import type { HistoryQuery, HistoryView as History } from '../../shared/api';
import { parseDate } from '../../shared/dates/iso-date';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { useLoaded } from '../data/useLoaded';
import { download } from '../files/files';
import { HistoryTable } from './HistoryTable';

type Filters = { scope: string; line: string; from: string; to: string };
const NONE: Filters = { scope: '', line: '', from: '', to: '' };

/** The filters as the API takes them; the dates checked as typed. */
function toQuery(f: Filters): { query: HistoryQuery; problems: Partial<Record<'from' | 'to', string>> } {
  const query: HistoryQuery = {};
  const problems: Partial<Record<'from' | 'to', string>> = {};
  if (f.scope) {
    const [kind, id] = f.scope.split(':');
    query.scope = { kind: kind as 'plan' | 'return' | 'pool', id: Number(id) };
  }
  if (f.line) {
    const [entity, id] = f.line.split(':');
    query.entity = entity!;
    query.entityId = Number(id);
  }
  for (const k of ['from', 'to'] as const) {
    if (f[k].trim() === '') continue;
    const d = parseDate(f[k]);
    if (d.ok) query[k] = d.date;
    else problems[k] = d.message;
  }
  return { query, problems };
}

/**
 * Every change, newest first, as a finance partner reads it: one row per field
 * changed, was → now, in £ and in the screens' words; filtered by plan,
 * return or pool, by line and by date; the CSV says the same.
 */
export function HistoryView() {
  const [filters, setFilters] = useState<Filters>(NONE);
  const [applied, setApplied] = useState<HistoryQuery>({});
  const [problems, setProblems] = useState<Partial<Record<'from' | 'to', string>>>({});
  // A slow answer to an older filter never replaces a newer one; a change made elsewhere shows.
  const loaded = useLoaded(() => call('history.view', applied), [applied]);
  const history: History | null = loaded.data;
  const exporting = useAction();
  const error = exporting.error ?? loaded.error;

  const apply = (next: Filters) => {
    const { query, problems: p } = toQuery(next);
    setProblems(p);
    if (Object.keys(p).length === 0) setApplied(query);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(filters);
  };
  const choose = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    apply(next);
  };
  const exportCsv = () =>
    exporting.run(async () => {
      const { fileName, csv } = await call('history.exportCsv', applied);
      download(fileName, csv);
    });
  const filtered = Object.keys(applied).length > 0;

  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title" tabIndex={-1}>
        History
      </h1>
      <p>Every change to this area's data, newest first, as recorded in the same transaction as the change itself.</p>
      <form className="filters" onSubmit={submit} noValidate aria-label="Filter the history">
        <div className="field">
          <label htmlFor="history-scope">Changes to</label>
          <select
            id="history-scope"
            value={filters.scope}
            onChange={(e) => choose({ scope: e.target.value, line: '' })}
          >
            <option value="">Everything</option>
            {history?.scopes.map((s) => (
              <option key={`${s.kind}:${s.id}`} value={`${s.kind}:${s.id}`}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        {filters.scope && (
          <div className="field">
            <label htmlFor="history-line">Line</label>
            <select id="history-line" value={filters.line} onChange={(e) => choose({ line: e.target.value })}>
              <option value="">Every line</option>
              {history?.lines.map((l) => (
                <option key={`${l.entity}:${l.entityId}`} value={`${l.entity}:${l.entityId}`}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {(['from', 'to'] as const).map((k) => (
          <div key={k} className={`field${problems[k] ? ' has-error' : ''}`}>
            <label htmlFor={`history-${k}`}>{k === 'from' ? 'From' : 'To'}</label>
            {problems[k] && (
              <p className="field-error" id={`history-${k}-error`}>
                <span className="visually-hidden">Error: </span>
                {problems[k]}
              </p>
            )}
            <input
              id={`history-${k}`}
              size={11}
              placeholder="dd/mm/yyyy"
              value={filters[k]}
              onChange={(e) => setFilters({ ...filters, [k]: e.target.value })}
              aria-invalid={problems[k] ? true : undefined}
              aria-describedby={problems[k] ? `history-${k}-error` : undefined}
            />
          </div>
        ))}
        <div className="actions">
          <button type="submit" className="secondary">
            Show
          </button>
          {filtered && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setFilters(NONE);
                apply(NONE);
              }}
            >
              Clear the filters
            </button>
          )}
          <button type="button" className="secondary" onClick={() => void exportCsv()}>
            {filtered ? 'Export these changes as CSV' : 'Export all history as CSV'}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      {history && history.rows.length === 0 && (
        <p>{filtered ? 'No changes match the filters.' : 'Nothing has changed yet.'}</p>
      )}
      {history && history.rows.length > 0 && (
        <HistoryTable
          rows={history.rows}
          captionId="history-caption"
          caption={`${history.more ? 'The latest' : 'All'} ${new Set(history.rows.map((r) => r.auditId)).size} changes${filtered ? ' that match' : ''}${history.more ? ' (the CSV has every one)' : ''}`}
        />
      )}
    </section>
  );
}
