import { parseMoney, parseOptionalMoney, sumPence, type Pence } from '../money';
import { columnRef, isBlankRow, normaliseHeader, type ImportProblem, type Row } from '../imports/table';
import { previousYear, slashLabel, type YearLabel } from '../years/financial-year';
import { lineInputSchema, LINE_LABELS, type LineField, type LineInput, type SourceRef } from './line';

export interface ImportedLine extends LineInput {
  source: SourceRef;
}

/** A printed total row ("Total BCF & IBCF"), kept to check against the lines, never imported. */
export interface PrintedTotal {
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
  lines: ImportedLine[];
  printedTotals: PrintedTotal[];
  problems: ImportProblem[];
}

type TextField = Exclude<LineField, 'priorYearPence' | 'virementPence' | 'expenditurePence'>;
export type MoneyField = 'priorYearPence' | 'virementPence' | 'expenditurePence';
const MONEY_FIELDS: readonly MoneyField[] = ['priorYearPence', 'virementPence', 'expenditurePence'];

const TEXT_HEADERS: Record<TextField, string[]> = {
  schemeId: ['scheme id'],
  schemeName: ['scheme name'],
  schemeType: ['scheme type'],
  areaOfSpend: ['area of spend'],
  sourceOfFunding: ['source of funding', 'funding source'],
  newOrExisting: ['new/existing scheme', 'new/existing', 'new or existing'],
  schemeUpdate: ['scheme update', 'update'],
};
const REQUIRED: LineField[] = ['schemeId', 'schemeName', 'sourceOfFunding', 'expenditurePence'];

/** Which field a header names, given the plan year ("2019/20 Expenditure £" is this year's spend). */
function fieldForHeader(header: string, year: YearLabel): LineField | 'other-year' | null {
  const h = normaliseHeader(header);
  for (const [field, names] of Object.entries(TEXT_HEADERS)) if (names.includes(h)) return field as TextField;
  if (h === 'virement') return 'virementPence';
  if (h === 'expenditure') return 'expenditurePence';
  const m = /^(\d{4}\/\d{2}) expenditure$/.exec(h) ?? /^expenditure (\d{4}\/\d{2})$/.exec(h);
  if (m) {
    if (m[1] === slashLabel(year)) return 'expenditurePence';
    if (m[1] === slashLabel(previousYear(year))) return 'priorYearPence';
    return 'other-year';
  }
  return null;
}

function findHeaderRow(rows: readonly Row[]): number {
  return rows.findIndex((row) => {
    const cells = row.map(normaliseHeader);
    return cells.includes('scheme id') && cells.includes('scheme name');
  });
}

const TOTAL_LABEL = /\btotal\b/i;

/**
 * Reads scheme lines from a table laid out like the published 2019/20 plan.
 * The header is found by its text wherever it sits; repeated header rows and
 * blank rows are skipped; a printed total row is checked, not imported. Every
 * problem is collected (file, row, column, what was expected) so the user can
 * fix the file in one pass; the caller writes nothing unless there are none.
 */
export function importPlanLines(file: string, rows: readonly Row[], year: YearLabel): LineImport {
  const problems: ImportProblem[] = [];
  const result: LineImport = { file, headerRow: 0, lines: [], printedTotals: [], problems };
  const headerIndex = findHeaderRow(rows);
  if (headerIndex < 0) {
    problems.push({ file, message: 'no header row found: expected a row with the headings "Scheme ID" and "Scheme Name"' });
    return result;
  }
  result.headerRow = headerIndex + 1;
  const header = rows[headerIndex]!;
  const columns = new Map<LineField, number>();
  const otherYears: string[] = [];
  header.forEach((cell, i) => {
    if (cell.trim() === '') return;
    const field = fieldForHeader(cell, year);
    if (/\d{4}\/\d{2}/.test(cell) && field !== null) otherYears.push(cell.trim());
    if (field === 'other-year') return;
    else if (field === null) problems.push({ file, row: headerIndex + 1, column: columnRef(cell, i), message: 'this heading is not one the plan layout knows; rename or remove the column' });
    else if (columns.has(field)) problems.push({ file, row: headerIndex + 1, column: columnRef(cell, i), message: `a second "${LINE_LABELS[field]}" column; keep one` });
    else columns.set(field, i);
  });
  for (const field of REQUIRED) {
    if (columns.has(field)) continue;
    const hint = field === 'expenditurePence' && otherYears.length > 0
      ? `no "${slashLabel(year)} Expenditure £" column for ${year} (the file has ${otherYears.map((h) => `"${h}"`).join(', ')}); check --year`
      : `the column "${field === 'expenditurePence' ? `${slashLabel(year)} Expenditure £` : LINE_LABELS[field]}" is missing`;
    problems.push({ file, row: headerIndex + 1, message: hint });
  }
  if (problems.length > 0) return result;

  const normalisedHeader = header.map(normaliseHeader).join('\t');
  const width = header.length;
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const rowNumber = r + 1;
    if (isBlankRow(row)) continue;
    if (row.map(normaliseHeader).join('\t') === normalisedHeader) continue;
    const cell = (field: LineField) => (columns.has(field) ? (row[columns.get(field)!] ?? '') : '');
    const at = (field: LineField) => columnRef(header[columns.get(field)!]!, columns.get(field)!);

    row.forEach((value, i) => {
      if (i >= width && value.trim() !== '') problems.push({ file, row: rowNumber, column: `(${i + 1})`, message: `a value beyond the last heading: ${JSON.stringify(value.slice(0, 40))}` });
    });

    const label = [cell('schemeId'), cell('schemeName')].find((t) => TOTAL_LABEL.test(t));
    if (label !== undefined && !/^[A-Za-z0-9][A-Za-z0-9./-]*$/.test(cell('schemeId').trim())) {
      readTotalRow(result, rowNumber, label.trim(), row, header, columns);
      continue;
    }

    const money: Partial<Record<MoneyField, Pence | null>> = {};
    for (const field of MONEY_FIELDS) {
      if (!columns.has(field)) { money[field] = null; continue; }
      const parsed = field === 'expenditurePence' ? parseMoney(cell(field)) : parseOptionalMoney(cell(field));
      if (parsed.ok) money[field] = parsed.pence;
      else problems.push({ file, row: rowNumber, column: at(field), message: parsed.message });
    }
    const newOrExisting = normaliseNewOrExisting(cell('newOrExisting'));
    if (newOrExisting === null) {
      problems.push({ file, row: rowNumber, column: at('newOrExisting'), message: `${JSON.stringify(cell('newOrExisting').length > 40 ? `${cell('newOrExisting').slice(0, 40)}…` : cell('newOrExisting'))} should be "New", "Existing" or blank` });
    }
    const candidate = {
      schemeId: cell('schemeId'),
      schemeName: cell('schemeName'),
      schemeType: cell('schemeType'),
      areaOfSpend: cell('areaOfSpend'),
      sourceOfFunding: cell('sourceOfFunding'),
      priorYearPence: money.priorYearPence ?? null,
      virementPence: money.virementPence ?? null,
      expenditurePence: money.expenditurePence ?? 0,
      newOrExisting: newOrExisting ?? '',
      schemeUpdate: cell('schemeUpdate'),
    };
    const parsed = lineInputSchema.safeParse(candidate);
    if (!parsed.success) {
      const seen = new Set<LineField>();
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as LineField;
        if (seen.has(field)) continue; // one message per cell is enough
        seen.add(field);
        problems.push({ file, row: rowNumber, column: columns.has(field) ? at(field) : LINE_LABELS[field], message: issue.message });
      }
      continue;
    }
    result.lines.push({ ...parsed.data, source: { file, row: rowNumber } });
  }
  computePrintedTotals(result);
  return result;
}

function normaliseNewOrExisting(value: string): LineInput['newOrExisting'] | null {
  const v = value.trim().toLowerCase();
  if (v === '') return '';
  if (v === 'new') return 'New';
  if (v === 'existing') return 'Existing';
  return null;
}

function readTotalRow(result: LineImport, rowNumber: number, label: string, row: Row, header: Row, columns: Map<LineField, number>) {
  for (const field of MONEY_FIELDS) {
    const i = columns.get(field);
    if (i === undefined || (row[i] ?? '').trim() === '') continue;
    const parsed = parseMoney(row[i]!);
    if (!parsed.ok) {
      result.problems.push({ file: result.file, row: rowNumber, column: columnRef(header[i]!, i), message: `total row: ${parsed.message}` });
      continue;
    }
    result.printedTotals.push({ row: rowNumber, label, field, column: header[i]!.trim(), printedPence: parsed.pence, computedPence: 0 });
  }
}

/** A printed total covers every line above it (the way council papers print them). */
function computePrintedTotals(result: LineImport) {
  for (const total of result.printedTotals) {
    total.computedPence = sumPence(
      result.lines.filter((l) => l.source.row < total.row).map((l) => l[total.field] ?? 0),
    );
  }
}
