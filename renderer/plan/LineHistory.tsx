import type { HistoryRow } from '../../shared/audit/describe';
import type { PlanLine } from '../../shared/plans/line';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { useLoaded } from '../data/useLoaded';
import { download } from '../files/files';
import { HistoryTable } from '../history/HistoryTable';

/** One line's trail: who changed which figure, when, from what to what, and why. */
export function LineHistory({ line, onClose }: { line: PlanLine; onClose: () => void }) {
  const which = { entity: 'scheme_line', entityId: line.id };
  // Read again when the line changes (saved here or elsewhere), so its newest change shows.
  const loaded = useLoaded(() => call('history.view', which), [line]);
  const rows: HistoryRow[] | null = loaded.data?.rows ?? null;
  const exporting = useAction();
  const error = exporting.error ?? loaded.error;
  const exportCsv = () =>
    exporting.run(async () => {
      const { fileName, csv } = await call('history.exportCsv', which);
      download(fileName, csv);
    });
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
