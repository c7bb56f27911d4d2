import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../shared/api';
import { call, errorMessage } from '../api/client';
import { useApp } from '../app/store';
import { download } from '../files/files';
import { fieldLabel as label, showAuditValue as show } from '../plan/LineHistory';

/** Every change, newest first: who, when, what, old → new, why. */
export function HistoryView() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const changed = useApp((s) => s.changed);
  useEffect(() => {
    call('history.list', { limit: 500 }).then(setEntries, (err: unknown) => setError(errorMessage(err)));
  }, [changed]);

  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title" tabIndex={-1}>History</h1>
      <p>Every change to this area's data, newest first, as recorded in the same transaction as the change itself.</p>
      <button type="button" className="secondary" onClick={() => void call('history.exportCsv', {}).then(({ fileName, csv }) => download(fileName, csv))}>Export all history as CSV</button>
      {error && <p role="alert" className="error-banner">{error}</p>}
      {entries && entries.length === 0 && <p>Nothing has changed yet.</p>}
      {entries && entries.length > 0 && (
        <div className="table-scroll" role="region" aria-labelledby="history-caption" tabIndex={0}>
          <table>
            <caption id="history-caption">Last {entries.length} changes</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Field</th>
                <th scope="col">Was</th>
                <th scope="col">Now</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{new Date(e.at).toLocaleString('en-GB')}</td>
                  <td>{e.actor}</td>
                  <td>{e.action} {e.entity.replace(/_/g, ' ')}{e.entityId !== null ? ` ${e.entityId}` : ''}</td>
                  <td>{label(e.field)}</td>
                  <td>{show(e.field, e.oldValue)}</td>
                  <td>{show(e.field, e.newValue)}</td>
                  <td>{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
