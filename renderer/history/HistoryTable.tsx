import type { HistoryRow } from '../../shared/audit/describe';

/** Rows of the history as the screens show them: one per field changed, was → now, in £ and in the screens' words. */
export function HistoryTable({
  rows,
  caption,
  captionId,
  showWhat = true,
}: {
  rows: HistoryRow[];
  caption: string;
  captionId: string;
  showWhat?: boolean;
}) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="history-table">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            {showWhat && <th scope="col">What</th>}
            <th scope="col">Field</th>
            <th scope="col">Was</th>
            <th scope="col">Now</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{new Date(r.at).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })}</td>
              <td>{r.who}</td>
              <td>{r.action}</td>
              {showWhat && <td>{r.what}</td>}
              <td>{r.field}</td>
              <td className="history-value">{r.was}</td>
              <td className="history-value">{r.now}</td>
              <td>{r.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
