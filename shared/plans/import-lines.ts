import { parseMoney, sumPence, type Pence } from '../money';
import { checkRows, mapColumns, onePerCell, type NeededHeading } from '../imports/hygiene';
import {
  columnLetter,
  columnRef,
  isBlankRow,
  normaliseHeader,
  ROWS_PER_REPORT,
  type ImportProblem,
  type Row,
  type RowsChecked,
} from '../imports/table';
import { canonicalSource, extraFields, planYears, type ReferenceSet } from '../reference/reference-set';
import { isReturnOnlyHeading } from '../returns/import-actuals';
import { isNotApplicable } from '../returns/line';
import { extraColumn } from '../templates/fields';
import { parseYear, previousYear, slashLabel, type YearLabel } from '../years/financial-year';
import {
  columnLabelOf,
  LINE_LABELS,
  lineLiteral,
  lineReader,
  type LineField,
  type LineInput,
  type PlanColumn,
  type SourceRef,
} from './line';
import { appendAll, groupBy } from '../values/arrays';

export interface ImportedLine extends LineInput {
  source: SourceRef;
}

export type MoneyField = 'priorYearPence' | 'virementPence' | 'expenditurePence' | 'expenditureYear2Pence';
const MONEY_FIELDS: readonly MoneyField[] = [
  'priorYearPence',
  'virementPence',
  'expenditurePence',
  'expenditureYear2Pence',
];

/** A printed total row ("Total BCF & IBCF"), kept to check against the lines, never imported. */
export interface PrintedTotal {
  file: string;
  row: number;
  label: string;
  field: MoneyField;
  column: string;
  printedPence: Pence;
  computedPence: Pence;
}

export interface LineImport {
  file: string;
  headerRow: number;
  /** The columns found, by field (a template year's own as "extra.<key>"), with their header text: shown in the preview. */
  columns: { field: PlanColumn; header: string; letter: string }[];
  lines: ImportedLine[];
  printedTotals: PrintedTotal[];
  /** A filled quarterly return's own columns (actuals, issues, forecast), read past when the return starts a plan. */
  readPast: { header: string; letter: string }[];
  problems: ImportProblem[];
}

/** Header texts each field is known by, in any template (synonyms included). */
export const LINE_HEADERS: Partial<Record<LineField, string[]>> = {
  schemeId: ['Scheme ID'],
  schemeName: ['Scheme Name'],
  briefDescription: ['Brief Description of Scheme', 'Brief Description', 'Description'],
  schemeType: ['Scheme Type'],
  subType: ['Sub Types', 'Sub Type', 'Subtype'],
  schemeTypeOther: ["Please specify if 'Scheme Type' is 'Other'", 'Specify if Other', 'Scheme Type (if Other)'],
  areaOfSpend: ['Area of Spend'],
  areaOfSpendOther: ["Please specify if 'Area of Spend' is 'Other'", 'Area of Spend (if Other)'],
  commissioner: ['Commissioner'],
  jointNhsPercent: ['% NHS (if Joint Commissioner)', '% NHS', 'NHS %'],
  jointLaPercent: ['% LA (if Joint Commissioner)', '% LA', 'LA %'],
  provider: ['Provider'],
  sourceOfFunding: ['Source of Funding', 'Funding Source'],
  plannedOutputs: ['Planned Outputs', 'Planned Output', 'Outputs'],
  outputUnit: ['Units', 'Unit', 'Unit of Measure', 'Planned Output Unit'],
  virementPence: ['Virement'],
  newOrExisting: ['New/ Existing Scheme', 'New/Existing', 'New or Existing', 'New or Existing Scheme'],
  recurrence: ['Recurrent or One-off', 'Recurrent/One-off', 'One-off or Recurrent', 'Recurrent'],
  schemeUpdate: ['Scheme update', 'Update', 'Comments'],
};
const BY_HEADER = new Map<string, LineField>();
for (const [field, names] of Object.entries(LINE_HEADERS))
  for (const n of names) BY_HEADER.set(normaliseHeader(n), field as LineField);

const REQUIRED: LineField[] = ['schemeId', 'schemeName', 'sourceOfFunding', 'expenditurePence'];
const YEAR_IN_HEADER = /(\d{4})\s*[/-]\s*(\d{2,4})/;

/** The label an expenditure column has for a plan year, in the 2019/20 plan's words. */
export function expenditureHeader(year: YearLabel): string {
  return `${slashLabel(year)} Expenditure £`;
}

/** Which field a header names. Expenditure columns are matched by the year they carry. */
function fieldForHeader(header: string, years: YearLabel[]): LineField | 'other-year' | null {
  const h = normaliseHeader(header);
  const known = BY_HEADER.get(h);
  if (known) return known;
  if (!h.includes('expenditure') && !h.includes('spend')) return null;
  const m = YEAR_IN_HEADER.exec(header);
  if (!m) return h === 'expenditure' || h === 'planned expenditure' ? 'expenditurePence' : null;
  const parsed = parseYear(`${m[1]}-${m[2]}`);
  if (!parsed.ok) return null;
  if (parsed.year === years[0]) return 'expenditurePence';
  if (parsed.year === years[1]) return 'expenditureYear2Pence';
  if (parsed.year === previousYear(years[0]!)) return 'priorYearPence';
  return 'other-year';
}

const HEADER: NeededHeading[] = [
  { label: 'Scheme ID', matches: (h) => h === 'scheme id' },
  { label: 'Scheme Name', matches: (h) => h === 'scheme name' },
];

const TOTAL_LABEL = /\btotals?\b/i;
const SCHEME_ID = /^[A-Za-z0-9][A-Za-z0-9./-]*$/;

/**
 * Reads scheme lines from a table in the layout of the published 2019/20 plan
 * or NHS England's 2023-25 expenditure sheet: columns are mapped by their
 * header text wherever the header sits; repeated header rows and blank rows
 * are skipped; a printed total row is checked, not imported. Every problem is
 * collected (file, row, column, what was expected) so the user can fix the
 * file in one pass; the caller writes nothing unless there are none.
 */
export function importPlanLines(
  file: string,
  rows: readonly Row[],
  year: YearLabel,
  template?: ReferenceSet,
  onRows?: RowsChecked,
): LineImport {
  const result = readPlanLines(file, rows, year, template, onRows);
  result.problems = onePerCell(result.problems);
  return result;
}

function readPlanLines(
  file: string,
  rows: readonly Row[],
  year: YearLabel,
  template?: ReferenceSet,
  onRows?: RowsChecked,
): LineImport {
  const years = template ? planYears(template, year) : [year];
  const own = template ? extraFields(template, 'plan') : [];
  const byLabel = new Map(own.map((f) => [normaliseHeader(f.label), extraColumn(f.key) as PlanColumn]));
  const problems: ImportProblem[] = [];
  const result: LineImport = { file, headerRow: 0, columns: [], lines: [], printedTotals: [], readPast: [], problems };
  const mapped = mapColumns<PlanColumn>(file, rows, {
    needed: HEADER,
    // Another year's column of a multi-year plan is known and read no further; a template year's own field by its label.
    fieldFor: (cell) => {
      const field = fieldForHeader(cell, years);
      if (field === 'other-year') return 'unread';
      const known = field ?? byLabel.get(normaliseHeader(cell)) ?? null;
      return known ?? (isReturnOnlyHeading(cell) ? 'unread' : null);
    },
    unknown: 'this heading is not one the plan layout knows; rename or remove the column',
    second: (field) => `a second "${columnLabelOf(field, own)}" column; keep one`,
  });
  appendAll(problems, mapped.problems);
  if (!mapped.found) return result;
  const { index: headerIndex, header, columns } = mapped;
  result.headerRow = headerIndex + 1;
  result.readPast = mapped.unread
    .filter((i) => isReturnOnlyHeading(header[i]!))
    .map((i) => ({ header: header[i]!.trim(), letter: columnLetter(i) }));
  const yearHeaders = header
    .filter((cell) => YEAR_IN_HEADER.test(cell) && fieldForHeader(cell, years) !== null)
    .map((cell) => cell.trim());
  for (const field of REQUIRED) {
    if (columns.has(field)) continue;
    const hint =
      field === 'expenditurePence'
        ? yearHeaders.length > 0
          ? `no "${expenditureHeader(years[0]!)}" column for ${years[0]} (the file has ${yearHeaders.map((h) => `"${h}"`).join(', ')}); check --year`
          : `the column "${expenditureHeader(years[0]!)}" is missing`
        : `the column "${LINE_LABELS[field]}" is missing`;
    problems.push({ file, row: headerIndex + 1, message: hint });
  }
  if (problems.length > 0) return result;
  appendAll(problems, checkRows(file, rows, headerIndex));
  result.columns = [...columns.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([field, i]) => ({ field, header: header[i]!.trim(), letter: columnLetter(i) }));

  const normalisedHeader = header.map(normaliseHeader).join('\t');
  const firstHeading = normaliseHeader(header[0] ?? '');
  // A repeated header row (as printed at the top of each page) is skipped; the first cell tells cheaply.
  const isHeaderAgain = (row: Row) =>
    normaliseHeader(row[0] ?? '') === firstHeading && row.map(normaliseHeader).join('\t') === normalisedHeader;
  // Each column's parser is looked up once; a row's cells are handed over in the columns' order.
  const fields = [...columns.keys()];
  const at = fields.map((field) => columns.get(field)!);
  const read = lineReader(fields, own);
  const outputsAt = fields.indexOf('plannedOutputs');
  const idAt = columns.get('schemeId')!;
  const nameAt = columns.get('schemeName')!;
  const sources = new Map<string, string>();
  const cells: string[] = [];
  for (let r = headerIndex + 1; r < rows.length; r++) {
    if (onRows !== undefined && r % ROWS_PER_REPORT === 0) onRows(r);
    const row = rows[r]!;
    const rowNumber = r + 1;
    if (isBlankRow(row)) continue;
    if (isHeaderAgain(row)) continue;

    const idText = row[idAt] ?? '';
    const nameText = row[nameAt] ?? '';
    const label = TOTAL_LABEL.test(idText) ? idText : TOTAL_LABEL.test(nameText) ? nameText : undefined;
    if (label !== undefined && !SCHEME_ID.test(idText.trim())) {
      readTotalRow(result, rowNumber, label.trim(), row, header, columns);
      continue;
    }

    for (let i = 0; i < at.length; i++) cells[i] = row[at[i]!] ?? '';
    // A return prints "-" or "NA" where outputs do not apply: for the plan, no planned outputs.
    if (outputsAt >= 0 && isNotApplicable(cells[outputsAt]!)) cells[outputsAt] = '';
    const parsed = read(cells);
    if (!parsed.ok) {
      for (const [field, message] of Object.entries(parsed.errors) as [PlanColumn, string][]) {
        const i = columns.get(field);
        problems.push({
          file,
          row: rowNumber,
          column: i !== undefined ? columnRef(header[i]!, i) : columnLabelOf(field, own),
          message,
        });
      }
      continue;
    }
    const input = parsed.input;
    // Another name of one of the year's sources of funding ("Local Authority Better Care Fund Grant") is read as that source.
    if (template) {
      const given = input.sourceOfFunding;
      let source = sources.get(given);
      if (source === undefined) sources.set(given, (source = canonicalSource(template, given)));
      input.sourceOfFunding = source;
    }
    const line = lineLiteral(input) as ImportedLine;
    line.source = { file, row: rowNumber };
    result.lines.push(line);
  }
  computePrintedTotals(result);
  return result;
}

function readTotalRow(
  result: LineImport,
  rowNumber: number,
  label: string,
  row: Row,
  header: Row,
  columns: Map<PlanColumn, number>,
) {
  for (const field of MONEY_FIELDS) {
    const i = columns.get(field);
    if (i === undefined || (row[i] ?? '').trim() === '') continue;
    const parsed = parseMoney(row[i]!);
    if (!parsed.ok) {
      result.problems.push({
        file: result.file,
        row: rowNumber,
        column: columnRef(header[i]!, i),
        message: `total row: ${parsed.message}`,
      });
      continue;
    }
    result.printedTotals.push({
      file: result.file,
      row: rowNumber,
      label,
      field,
      column: header[i]!.trim(),
      printedPence: parsed.pence,
      computedPence: 0,
    });
  }
}

/**
 * What the lines above each printed total add up to, and how many they are. A file printed with a
 * subtotal per page has a total every few dozen lines: filtering every line for every total grew with
 * lines × totals, so the lines of each file are sorted by row once and summed cumulatively.
 */
export function sumsAbove(
  lines: readonly (LineInput & { source?: SourceRef | null })[],
  totals: readonly Pick<PrintedTotal, 'file' | 'row' | 'field'>[],
): { count: number; pence: Pence }[] {
  if (totals.length === 0) return [];
  const byFile = groupBy(
    lines.filter((l) => l.source),
    (l) => l.source!.file,
  );
  for (const list of byFile.values()) list.sort((a, b) => a.source!.row - b.source!.row);
  // Running sums per file and field, made when a total first asks for them: sums[i] covers the first i lines.
  const running = new Map<string, Pence[]>();
  const sumsOf = (file: string, field: MoneyField) => {
    const key = `${file}\u0001${field}`;
    let sums = running.get(key);
    if (!sums) {
      sums = [0];
      for (const l of byFile.get(file) ?? []) sums.push(sumPence([sums[sums.length - 1]!, l[field] ?? 0]));
      running.set(key, sums);
    }
    return sums;
  };
  return totals.map((t) => {
    const list = byFile.get(t.file) ?? [];
    let lo = 0;
    let hi = list.length; // the number of lines with a row above the total's
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.source!.row < t.row) lo = mid + 1;
      else hi = mid;
    }
    return { count: lo, pence: sumsOf(t.file, t.field)[lo]! };
  });
}

/** A printed total covers every line above it (the way council papers print them). */
export function computePrintedTotals(result: {
  lines: readonly (LineInput & { source?: SourceRef | null })[];
  printedTotals: PrintedTotal[];
}): void {
  const sums = sumsAbove(result.lines, result.printedTotals);
  result.printedTotals.forEach((total, i) => (total.computedPence = sums[i]!.pence));
}
