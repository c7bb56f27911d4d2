import { parseMoney, sumPence } from '../money';
import { columnRef, isBlankRow, normaliseHeader, type ImportProblem, type Row } from '../imports/table';
import { parseYear, type YearLabel } from '../years/financial-year';
import type { IncomeInput } from './income';
import type { SourceRef } from './line';

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

/**
 * Reads a plan's income: one row per funding source (and partner), with an
 * amount per plan year, like the funding-sources table of the 2019/20 paper.
 */
export function importIncome(file: string, rows: readonly Row[], years: YearLabel[]): IncomeImport {
  const out: IncomeImport = { file, lines: [], totals: [], problems: [] };
  const headerIndex = rows.findIndex((r) => r.map(normaliseHeader).some((h) => h === 'source of funding' || h === 'funding source'));
  if (headerIndex < 0) {
    out.problems.push({ file, message: 'no header row found: expected a heading "Source of Funding" (or "Funding Source")' });
    return out;
  }
  const header = rows[headerIndex]!;
  let sourceCol = -1;
  let partnerCol = -1;
  const amountCols: number[] = [];
  header.forEach((h, i) => {
    const n = normaliseHeader(h);
    if (n === 'source of funding' || n === 'funding source') sourceCol = i;
    else if (n === 'partner' || n === 'provided by' || n === 'contributor') partnerCol = i;
    else {
      const y = yearOfHeader(h, years);
      if (typeof y === 'number') amountCols[y] = i;
      else if (y === null && (n === 'amount' || n === 'income' || n === '')) amountCols[0] ??= h.trim() === '' ? -1 : i;
      else if (y === null && n !== '') out.problems.push({ file, row: headerIndex + 1, column: columnRef(h, i), message: 'this heading is not one the income layout knows (Source of Funding, Partner, an amount per year)' });
    }
  });
  if (amountCols[0] === undefined || amountCols[0] < 0) {
    out.problems.push({ file, row: headerIndex + 1, message: `no amount column for ${years[0]} (e.g. "${years[0]!.slice(2, 4)}/${years[0]!.slice(5)} £")` });
    return out;
  }
  if (out.problems.length > 0) return out;

  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (isBlankRow(row)) continue;
    const rowNumber = r + 1;
    const name = (row[sourceCol] ?? '').trim();
    const amounts = amountCols.map((c) => (c === undefined ? null : parseMoney(row[c] ?? '')));
    if (/\btotals?\b/i.test(name)) {
      const first = amounts[0];
      if (first && first.ok) out.totals.push({ row: rowNumber, label: name, printedPence: first.pence, computedPence: sumPence(out.lines.map((l) => l.amountPence)) });
      continue;
    }
    if (name === '') out.problems.push({ file, row: rowNumber, column: columnRef(header[sourceCol]!, sourceCol), message: 'the source of funding is empty' });
    amounts.forEach((a, y) => {
      if (a && !a.ok) out.problems.push({ file, row: rowNumber, column: columnRef(header[amountCols[y]!]!, amountCols[y]!), message: a.message });
    });
    if (name === '' || amounts.some((a) => a && !a.ok)) continue;
    const pence = (y: number) => {
      const a = amounts[y];
      return a && a.ok ? a.pence : null;
    };
    out.lines.push({
      sourceOfFunding: name.slice(0, 200),
      partner: partnerCol >= 0 ? (row[partnerCol] ?? '').trim().slice(0, 200) : '',
      amountPence: pence(0)!,
      amountYear2Pence: years.length > 1 ? pence(1) : null,
      source: { file, row: rowNumber },
    });
  }
  return out;
}
