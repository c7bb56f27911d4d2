import type { ReactNode } from 'react';

/** A figure column of a totals table: its heading and what each row shows in it. */
export interface TotalsColumn<R> {
  heading: string;
  cell: (row: R) => ReactNode;
}

/**
 * Totals by one grouping (Source of Funding, Scheme Type): a row per group,
 * headed by its name, figure columns right-aligned, the total in the footer.
 */
export function TotalsTable<R extends { key: string }>({
  id,
  title,
  columns,
  rows,
  total,
  heading = title.replace(/^By /, ''),
  note,
}: {
  id: string;
  title: string;
  columns: TotalsColumn<R>[];
  rows: R[];
  total?: R;
  /** The grouping's column heading, where the title does not say it after "By". */
  heading?: string;
  /** Said after the title in the caption: what the figures leave out. */
  note?: ReactNode;
}) {
  const cells = (r: R, head: string) => (
    <>
      <th scope="row">{head}</th>
      {columns.map((c) => (
        <td key={c.heading} className="num">
          {c.cell(r)}
        </td>
      ))}
    </>
  );
  return (
    <table className="totals" aria-labelledby={id}>
      <caption id={id}>
        {title}
        {note}
      </caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          {columns.map((c) => (
            <th key={c.heading} scope="col" className="num">
              {c.heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>{cells(r, r.key)}</tr>
        ))}
      </tbody>
      {total && (
        <tfoot>
          <tr>{cells(total, 'Total')}</tr>
        </tfoot>
      )}
    </table>
  );
}
