import { checkHeader, checkRows, onePerCell } from '../imports/hygiene';
import { parseBoundedMoney, parseMoney, sumPence, type AmountBounds } from '../money';
import { columnRef, isBlankRow, normaliseHeader, type ImportProblem, type Row } from '../imports/table';
import { textProblem } from '../values/text';
import { parseYear, type YearLabel } from '../years/financial-year';
import type { IncomeInput } from './income';
import type { SourceRef } from './line';
import { appendAll } from '../values/arrays';

export interface IncomeImport {
  file: string;
  lines: (IncomeInput & { source: SourceRef })[];
  /** A printed total row, compared with the lines above it. */
  totals: { row: number; label: string; printedPence: number; computedPence: number }[];
  problems: ImportProblem[];
}

/** "19/20 £", "2019/20", "Income 2023-24 (£)": the plan year an amount column is for, if it says. */
function yearOfHeader(header: string, years: YearLabel[]): number | 'other' | null {
  const m = /(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4})/.exec(header);
  if (!m) return null;
  const start = m[1]!.length === 2 ? `20${m[1]}` : m[1]!;
  const parsed = parseYear(`${start}-${m[2]!.slice(-2)}`);
  if (!parsed.ok) return null;
  const i = years.indexOf(parsed.year);
  return i < 0 ? 'other' : i;
}

/** An income line's bounds: £0 to £1,000,000,000 (a file's, a form's and a workbook's alike). */
export const INCOME: AmountBounds = { label: 'Income' };
const TEXT_MAX = 200;

/** "19/20 £": how the published table heads a year's amounts. */
function amountHeading(year: YearLabel): string {
  return `${year.slice(2, 4)}/${year.slice(5)} £`;
}

/**
 * Reads a plan's income: one row per funding source (and partner), with an
 * amount per plan year, like the funding-sources table of the 2019/20 paper.
 * The table is checked whole (shared/imports/hygiene.ts) and every amount is
 * £0 to £1,000,000,000; every problem is collected and the caller writes
 * nothing unless there are none.
 */
export function importIncome(file: string, rows: readonly Row[], years: YearLabel[]): IncomeImport {
  const out = readIncome(file, rows, years);
  out.problems = onePerCell(out.problems);
  return out;
}

function readIncome(file: string, rows: readonly Row[], years: YearLabel[]): IncomeImport {
  const out: IncomeImport = { file, lines: [], totals: [], problems: [] };
  const headerIndex = rows.findIndex((r) =>
    r.map(normaliseHeader).some((h) => h === 'source of funding' || h === 'funding source'),
  );
  if (headerIndex < 0) {
    out.problems.push({
      file,
      message: 'no header row found: expected a heading "Source of Funding" (or "Funding Source")',
    });
    return out;
  }
  const header = rows[headerIndex]!;
  appendAll(out.problems, checkHeader(file, header, headerIndex));
  let sourceCol = -1;
  let partnerCol = -1;
  const amountCols: number[] = [];
  const otherYears: string[] = [];
  header.forEach((h, i) => {
    const n = normaliseHeader(h);
    if (h.trim() === '') return;
    if (n === 'source of funding' || n === 'funding source') sourceCol = i;
    else if (n === 'partner' || n === 'provided by' || n === 'contributor') partnerCol = i;
    else {
      const y = yearOfHeader(h, years);
      if (typeof y === 'number') amountCols[y] = i;
      else if (y === 'other') otherYears.push(h.trim());
      else if (n === 'amount' || n === 'income' || n === '') amountCols[0] ??= i;
      else
        out.problems.push({
          file,
          row: headerIndex + 1,
          column: columnRef(h, i),
          message: 'this heading is not one the income layout knows (Source of Funding, Partner, an amount per year)',
        });
    }
  });
  if (amountCols[0] === undefined) {
    const found =
      otherYears.length > 0
        ? `; the file has ${otherYears.map((h) => JSON.stringify(h)).join(', ')}: check --year`
        : '';
    out.problems.push({
      file,
      row: headerIndex + 1,
      message: `the column "${amountHeading(years[0]!)}" (the income for ${years[0]}) is missing${found}`,
    });
  }
  if (out.problems.length > 0) return out;
  appendAll(out.problems, checkRows(file, rows, headerIndex));

  const at = (i: number) => columnRef(header[i]!, i);
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (isBlankRow(row)) continue;
    const rowNumber = r + 1;
    const problem = (col: number, message: string) =>
      out.problems.push({ file, row: rowNumber, column: at(col), message });
    const name = (row[sourceCol] ?? '').trim();
    if (/\btotals?\b/i.test(name)) {
      // A printed total is checked against the lines above it, never imported.
      const printed = row[amountCols[0]!] ?? '';
      const first = parseMoney(printed);
      if (first.ok)
        out.totals.push({
          row: rowNumber,
          label: name,
          printedPence: first.pence,
          computedPence: sumPence(out.lines.map((l) => l.amountPence)),
        });
      else if (printed.trim() !== '') problem(amountCols[0]!, `total row: ${first.message}`);
      continue;
    }
    const before = out.problems.length;
    if (name === '') problem(sourceCol, 'the source of funding is empty');
    else {
      const why = textProblem(name, TEXT_MAX, 'a source of funding');
      if (why !== null) problem(sourceCol, why);
    }
    const partner = partnerCol >= 0 ? (row[partnerCol] ?? '').trim() : '';
    const partnerWhy = textProblem(partner, TEXT_MAX, 'a partner');
    if (partnerWhy !== null) problem(partnerCol, partnerWhy);
    const amounts = amountCols.map((c) => {
      if (c === undefined) return null;
      const a = parseBoundedMoney(row[c] ?? '', INCOME);
      if (!a.ok) problem(c, a.message);
      return a.ok ? a.pence : null;
    });
    if (out.problems.length > before) continue;
    out.lines.push({
      sourceOfFunding: name,
      partner,
      amountPence: amounts[0]!,
      amountYear2Pence: years.length > 1 ? (amounts[1] ?? null) : null,
      source: { file, row: rowNumber },
    });
  }
  return out;
}
