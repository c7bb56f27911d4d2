import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { LINE_LABELS, type LineField, type PlanLine } from '../../shared/plans/line';
import { isReturnField, RETURN_SHORT_LABELS } from '../../shared/returns/line';
import { call, errorMessage } from '../api/client';
import { download } from '../files/files';

export function showAuditValue(field: string | null, value: string | null): string {
  if (value === null) return '';
  if (field?.endsWith('Pence') && /^-?\d+$/.test(value)) return formatPence(Number(value));
  return value.length > 120 ? `${value.slice(0, 119)}…` : value;
}

export const fieldLabel = (field: string | null) => (field ? (LINE_LABELS[field as LineField] ?? (isReturnField(field) ? RETURN_SHORT_LABELS[field] : field)) : '');

/** One line's trail: who changed which figure, when, from what to what, and why. */
export function LineHistory({ line, onClose }: { line: PlanLine; onClose: () => void }) {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('history.list', { entity: 'scheme_line', entityId: line.id }).then(setEntries, (err: unknown) => setError(errorMessage(err)));
  }, [line]);
  const exportCsv = async () => {
    const { fileName, csv } = await call('history.exportCsv', { entity: 'scheme_line', entityId: line.id });
    download(fileName, csv);
  };
  return (
    <section className="panel" aria-labelledby="line-history-title">
      <h2 id="line-history-title">History of line {line.schemeId}: {line.schemeName}</h2>
      {error && <p role="alert" className="error-banner">{error}</p>}
      {entries && (
        <table>
          <caption className="visually-hidden">Changes to this line, newest first</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Field</th><th scope="col">Was</th><th scope="col">Now</th><th scope="col">Why</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString('en-GB')}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{fieldLabel(e.field)}</td>
                <td>{e.action === 'create' ? '' : showAuditValue(e.field, e.oldValue)}</td>
                <td>{e.action === 'create' ? 'line added' : showAuditValue(e.field, e.newValue)}</td>
                <td>{e.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void exportCsv()}>Export this history as CSV</button>
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>
    </section>
  );
}
