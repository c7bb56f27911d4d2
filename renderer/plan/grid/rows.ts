import { formatPence, sumPence } from '../../../shared/money';
import { columnSpec, columnText, type LineField, type PlanColumn, type PlanLine } from '../../../shared/plans/line';
import type { ExtraField } from '../../../shared/templates/fields';
import { BLANK_KEY } from '../../../shared/plans/totals';
import { groupBy } from '../../../shared/values/arrays';
import type { Finding } from '../../../shared/rules/types';
import { previousYear, slashLabel } from '../../../shared/years/financial-year';

export type GroupBy = 'none' | 'scheme' | 'schemeType' | 'sourceOfFunding';

export const GROUP_LABELS: Record<GroupBy, string> = {
  none: 'No grouping',
  scheme: 'Scheme',
  schemeType: 'Scheme Type',
  sourceOfFunding: 'Source of Funding',
};

/** What the grid shows, top to bottom: lines, and with grouping a header and a subtotal per group. */
export type GridItem =
  | { kind: 'line'; key: string; line: PlanLine; lineIndex: number }
  | { kind: 'group'; key: string; label: string; count: number }
  | { kind: 'subtotal'; key: string; label: string; totals: Partial<Record<LineField, string>> };

const MONEY: LineField[] = ['priorYearPence', 'virementPence', 'expenditurePence', 'expenditureYear2Pence'];

function groupKey(line: PlanLine, by: GroupBy): string {
  if (by === 'scheme') return `${line.schemeId}`;
  if (by === 'schemeType') return line.schemeType.trim() || BLANK_KEY;
  return line.sourceOfFunding.trim() || BLANK_KEY;
}

export function buildItems(lines: readonly PlanLine[], by: GroupBy): { items: GridItem[]; lineRows: PlanLine[] } {
  if (by === 'none')
    return {
      items: lines.map((line, i) => ({ kind: 'line', key: `l${line.id}`, line, lineIndex: i })),
      lineRows: [...lines],
    };
  const groups = groupBy(lines, (line) => groupKey(line, by));
  const keys = [...groups.keys()].sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true }));
  const items: GridItem[] = [];
  const lineRows: PlanLine[] = [];
  for (const k of keys) {
    const g = groups.get(k)!;
    const label = by === 'scheme' ? `Scheme ${k}: ${g[0]!.schemeName}` : `${GROUP_LABELS[by]}: ${k}`;
    items.push({ kind: 'group', key: `g${k}`, label, count: g.length });
    for (const line of g) {
      items.push({ kind: 'line', key: `l${line.id}`, line, lineIndex: lineRows.length });
      lineRows.push(line);
    }
    const totals: Partial<Record<LineField, string>> = {};
    for (const f of MONEY)
      totals[f] = formatPence(sumPence(g.map((l) => (l[f] as number | null) ?? 0)), { pence: 'auto' });
    items.push({
      kind: 'subtotal',
      key: `s${k}`,
      label: `Subtotal (${g.length} line${g.length === 1 ? '' : 's'})`,
      totals,
    });
  }
  return { items, lineRows };
}

/** The text a cell shows (a template year's own field too, given the year's fields). */
export function cellText(line: PlanLine, column: PlanColumn, fields: readonly ExtraField[] = []): string {
  return columnText(line, column, fields);
}

/** The column heading, with the plan's years where the 2019/20 plan prints them. */
export function columnLabel(column: PlanColumn, years: readonly string[], fields: readonly ExtraField[] = []): string {
  if (column === 'expenditurePence') return `${slashLabel(years[0]!)} Expenditure £`;
  if (column === 'expenditureYear2Pence') return `${slashLabel(years[1] ?? '')} Expenditure £`;
  if (column === 'priorYearPence') return `${slashLabel(previousYear(years[0]!))} Expenditure £`;
  return columnSpec(column, fields)?.label ?? column;
}

export function isNumeric(column: PlanColumn, fields: readonly ExtraField[] = []): boolean {
  const kind = columnSpec(column, fields)?.kind;
  return kind === 'money' || kind === 'optional-money' || kind === 'percent' || kind === 'quantity';
}

// Sized so that on a 1366-wide laptop the frozen columns, the three text
// columns the workbook puts first and the first £ column are all in view.
export function columnWidth(column: PlanColumn, fields: readonly ExtraField[] = []): number {
  if (column === 'schemeId') return 72;
  if (column === 'schemeName' || column === 'briefDescription' || column === 'schemeUpdate') return 230;
  if (isNumeric(column, fields)) return 124;
  return 160;
}

/** Scheme ID and Name stay on the left while the rest scrolls, as frozen panes do in Excel. */
export const FROZEN: readonly PlanColumn[] = ['schemeId', 'schemeName'];

/** How many leading columns are frozen, and each one's left offset. */
export function frozenColumns(
  columns: readonly PlanColumn[],
  fields: readonly ExtraField[] = [],
): { count: number; lefts: number[]; width: number } {
  const lefts: number[] = [];
  let width = 0;
  for (const c of columns) {
    if (!FROZEN.includes(c)) break;
    lefts.push(width);
    width += columnWidth(c, fields);
  }
  return { count: lefts.length, lefts, width };
}

/** Findings by cell ("lineId:field"), worst first, for marking cells. */
export function findingsByCell(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = groupBy(
    findings.filter((f) => f.lineId !== undefined),
    (f) => `${f.lineId}:${f.field ?? 'schemeName'}`,
  );
  for (const list of map.values())
    list.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return map;
}

/** Lines matching the search text in any shown column. */
export function filterLines(
  lines: readonly PlanLine[],
  columns: readonly PlanColumn[],
  search: string,
  onlyIds: ReadonlySet<number> | null,
  fields: readonly ExtraField[] = [],
): PlanLine[] {
  const q = search.trim().toLowerCase();
  return lines.filter(
    (l) =>
      (onlyIds ? onlyIds.has(l.id) : true) &&
      (q === '' || columns.some((f) => cellText(l, f, fields).toLowerCase().includes(q))),
  );
}
