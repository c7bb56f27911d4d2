import type { ReactNode } from 'react';
import type { AreaMinimum, ConsolidationView, HeadingTotal } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { PERIOD_LABELS } from '../../shared/returns/period';
import { ColumnHeads, type Column } from '../tables/ColumnHeads';
import { TotalsTable, type TotalsColumn } from '../tables/TotalsTable';

/** The consolidation's other totals, each a plain table with a caption saying what it adds up. */

const HEADING_COLUMNS: TotalsColumn<HeadingTotal & { key: string }>[] = [
  { heading: 'Lines', cell: (r) => r.lines.toLocaleString('en-GB') },
  { heading: 'Planned', cell: (r) => formatPence(r.expenditurePence) },
];

function HeadingTable({
  id,
  caption,
  heading,
  rows,
}: {
  id: string;
  caption: string;
  heading: string;
  rows: HeadingTotal[];
}) {
  return (
    <TotalsTable
      id={id}
      title={caption}
      heading={heading}
      columns={HEADING_COLUMNS}
      rows={rows.map((r) => ({ ...r, key: r.heading }))}
    />
  );
}

/** A captioned table, figure columns right-aligned, with a row saying why it is empty when it is. */
function FigureTable<T>({
  caption,
  columns,
  rows,
  empty,
  row,
}: {
  caption: string;
  columns: Column[];
  rows: T[];
  empty: string;
  row: (r: T, i: number) => ReactNode;
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <ColumnHeads columns={columns} />
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        )}
        {rows.map(row)}
      </tbody>
    </table>
  );
}

/** Met, not met by how much, or (for a package made before minimums were carried) not known. */
function metText(x: AreaMinimum) {
  if (x.met === null || x.requiredPence === null || x.plannedPence === null)
    return 'Not known: the package was made before packages carried minimums';
  if (x.met) return 'Met';
  return <strong>Not met: {formatPence(x.requiredPence - x.plannedPence)} short</strong>;
}

export function ConsolidationTables({ view }: { view: ConsolidationView }) {
  return (
    <>
      <div className="consolidation-pair">
        <HeadingTable
          id="consolidation-by-source"
          caption="By funding source"
          heading="Source of funding"
          rows={view.bySource}
        />
        <HeadingTable
          id="consolidation-by-type"
          caption="By scheme type"
          heading="Scheme type"
          rows={view.bySchemeType}
        />
      </div>
      <FigureTable
        caption="Each area's minimums"
        columns={['Area', 'Minimum', ['Required', 'num'], ['Planned', 'num'], 'Met?']}
        rows={view.minimums}
        empty="No plan in these packages has a required minimum entered for the year."
        row={(x, i) => (
          <tr key={`${x.area}:${x.label}:${i}`}>
            <th scope="row">{x.area}</th>
            <td>{x.label}</td>
            <td className="num">{x.requiredPence === null ? '—' : formatPence(x.requiredPence)}</td>
            <td className="num">{x.plannedPence === null ? '—' : formatPence(x.plannedPence)}</td>
            <td>{metText(x)}</td>
          </tr>
        )}
      />
      <FigureTable
        caption="Plan against actual by quarter (actual to date, across the areas that sent that return)"
        columns={['Period', ['Areas', 'num'], ['Planned', 'num'], ['Actual', 'num']]}
        rows={view.quarters}
        empty={`No package here carries a return for ${view.year}.`}
        row={(q) => (
          <tr key={q.period}>
            <th scope="row">{PERIOD_LABELS[q.period]}</th>
            <td className="num">{q.areas}</td>
            <td className="num">{formatPence(q.plannedPence)}</td>
            <td className="num">{formatPence(q.actualPence)}</td>
          </tr>
        )}
      />
      <FigureTable
        caption="Each partner's exposure across its areas' pooled budgets"
        columns={['Partner', 'Areas', ['Pools', 'num'], ['Contributions', 'num'], ['Share of variances', 'num']]}
        rows={view.exposure}
        empty={`No package here carries a pooled budget for ${view.year}.`}
        row={(e) => (
          <tr key={e.partner}>
            <th scope="row">{e.partner}</th>
            <td>{e.areas.join(', ')}</td>
            <td className="num">{e.pools}</td>
            <td className="num">{formatPence(e.contributionPence)}</td>
            <td className="num">{formatPence(e.sharePence)}</td>
          </tr>
        )}
      />
    </>
  );
}
