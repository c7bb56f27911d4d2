import { useEffect, useState } from 'react';
import type { HistoryRow } from '../../shared/audit/describe';
import type { PlanLine } from '../../shared/plans/line';
import { call, errorMessage } from '../api/client';
import { download } from '../files/files';
import { HistoryTable } from '../history/HistoryTable';

/** One line's trail: who changed which figure, when, from what to what, and why. */
export function LineHistory({ line, onClose }: { line: PlanLine; onClose: () => void }) {
  const [rows, setRows] = useState<HistoryRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const which = { entity: 'scheme_line', entityId: line.id };
  useEffect(() => {
    call('history.view', { entity: 'scheme_line', entityId: line.id }).then(
      (h) => setRows(h.rows),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [line]);
  const exportCsv = async () => {
    try {
      const { fileName, csv } = await call('history.exportCsv', which);
      download(fileName, csv);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="line-history-title">
      <h2 id="line-history-title">
        History of line {line.schemeId}: {line.schemeName}
      </h2>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      {rows && (
        <HistoryTable
          rows={rows}
          caption="Changes to this line, newest first"
          captionId="line-history-caption"
          showWhat={false}
        />
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void exportCsv()}>
          Export this history as CSV
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
