import { printable } from '../values/text';

/**
 * Helpers for any table a user imports (TSV, CSV, later xlsx): rows are arrays
 * of cell text; row numbers are what a spreadsheet shows (first row = 1).
 */
export type Row = readonly string[];

export interface ImportProblem {
  file: string;
  row?: number;
  column?: string;
  message: string;
}

/** "B", "AA": the column letter Excel shows for a 0-based index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Header text reduced to what matters: case, £, brackets and spacing ignored. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/£/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/[^a-z0-9/%&]+/g, ' ')
    .trim();
}

export function isBlankRow(row: Row): boolean {
  return row.every((cell) => cell.trim() === '');
}

/**
 * One line naming where a problem is, as a finance officer would look for it.
 * Whatever a file held, no control character reaches the screen or a terminal.
 */
export function describeProblem(p: ImportProblem): string {
  const where = [p.row !== undefined ? `row ${p.row}` : '', p.column ? `column ${p.column}` : '']
    .filter(Boolean)
    .join(', ');
  return printable(`${p.file}${where ? ` ${where}` : ''}: ${p.message}`);
}

/** NHS England's longest heading ("If yes, please briefly describe the issue(s) …") is 110 characters. */
const HEADING_SHOWN = 120;

/**
 * Column reference used in problems: the header text and its letter, e.g.
 * "Virement" (G). A real heading is shown whole, however long NHS England
 * made it; only one longer than any real heading is cut short.
 */
export function columnRef(header: string, index: number): string {
  const h = printable(header.trim());
  return `"${h.length > HEADING_SHOWN ? `${h.slice(0, HEADING_SHOWN - 1)}…` : h}" (${columnLetter(index)})`;
}

/**
 * Told every ROWS_PER_REPORT rows how many of a file's rows an importer has checked: long work shows
 * it as a counted bar, and may throw there to stop (the user pressed Cancel; nothing is written yet).
 */
export type RowsChecked = (done: number) => void;
export const ROWS_PER_REPORT = 2000;
