import { quoteText, textProblem, unsafeCharacterName, UNSAFE_CHARACTER } from '../values/text';
import { columnLetter, columnRef, normaliseHeader, type ImportProblem, type Row } from './table';

/**
 * Table hygiene: what every importer checks once it has found its header row,
 * before it reads a single figure, whatever the table is for. A file that
 * fails any of it is refused whole, with the row and column of each cell:
 *
 * - a heading longer than MAX_HEADING_CHARACTERS (a pasted paragraph, not a
 *   column's name) or a cell longer than MAX_CELL_CHARACTERS;
 * - an invisible control character, a bidirectional override or mark, a
 *   zero-width or line-separator character, or U+FFFD (a character a decoder
 *   could not read) in any cell
 *   or heading (terminal escapes that can rewrite a screen, text made to read
 *   differently from what it is);
 * - the same heading twice (which of the two columns is meant?);
 * - a value beyond the last heading, or under a blank heading in the middle of
 *   the table (a figure that belongs to no column would be silently lost).
 *
 * Rows above the header (a title, a note) are not part of the table and are
 * not checked. Each importer then applies its own, usually tighter, limits to
 * the columns it reads.
 */

/** The longest cell any importer reads (a plan line's "Scheme update" may hold 10,000 characters). */
export const MAX_CELL_CHARACTERS = 10_000;
/** The longest heading: NHS England's longest is about 110 characters. */
export const MAX_HEADING_CHARACTERS = 300;

/** A heading an importer needs: how it is named to the user, and which header texts (normalised) are it. */
export interface NeededHeading {
  label: string;
  /** Other words for it, shown in a refusal: "Outturn" (or "Actual", "Forecast"). */
  also?: string[];
  matches: (normalised: string) => boolean;
}

export type HeaderSearch = { ok: true; index: number } | { ok: false; problem: ImportProblem };

const listed = (labels: string[]) =>
  labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!}`;

/**
 * Finds the header row: the first row with every needed heading. When no row
 * has them all, the row with the most of them is taken to be the header, and
 * the refusal says, on that row, which columns are missing; when no row has
 * any, that no header row was found and what one looks like.
 */
export function locateHeader(file: string, rows: readonly Row[], needed: readonly NeededHeading[]): HeaderSearch {
  let best = -1;
  let bestFound: boolean[] = [];
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r]!.map(normaliseHeader);
    const found = needed.map((n) => cells.some((c) => n.matches(c)));
    const count = found.filter(Boolean).length;
    if (count === needed.length) return { ok: true, index: r };
    if (count > 0 && count > bestFound.filter(Boolean).length) {
      best = r;
      bestFound = found;
    }
  }
  const quoted = needed.map((n) => `"${n.label}"${n.also ? ` (or ${n.also.map((a) => `"${a}"`).join(', ')})` : ''}`);
  if (best < 0)
    return {
      ok: false,
      problem: { file, message: `no header row found: expected a row with the headings ${listed(quoted)}` },
    };
  const missing = quoted.filter((_, i) => !bestFound[i]);
  return {
    ok: false,
    problem: {
      file,
      row: best + 1,
      message:
        missing.length === 1 ? `the column ${missing[0]} is missing` : `the columns ${listed(missing)} are missing`,
    },
  };
}

/** How an importer reads its headings: which it needs, which field each is, and what to say of the rest. */
export interface ColumnRules<F extends string> {
  needed: readonly NeededHeading[];
  /** The field a heading (as written) is; 'unread' for one the table may have but this importer does not read; null for one the table does not have. */
  fieldFor: (heading: string) => F | 'unread' | null;
  /** Refuses a heading the table does not have, with this message; without it, such a heading is only unread. */
  unknown?: string;
  /** The refusal of a second column for the same field. */
  second: (field: F) => string;
}

/** Found or not, `problems` says what is wrong with the header (no header row at all is one problem). */
export type MappedHeader<F extends string> =
  | { found: false; problems: ImportProblem[] }
  | { found: true; index: number; header: Row; columns: Map<F, number>; unread: number[]; problems: ImportProblem[] };

/**
 * Finds the header row (locateHeader), checks it (checkHeader) and maps each
 * heading to its field, refusing a field's second column; the importer then
 * adds its own rules (a required column, say) before reading any row.
 */
export function mapColumns<F extends string>(
  file: string,
  rows: readonly Row[],
  rules: ColumnRules<F>,
): MappedHeader<F> {
  const located = locateHeader(file, rows, rules.needed);
  if (!located.ok) return { found: false, problems: [located.problem] };
  const index = located.index;
  const header = rows[index]!;
  const problems = checkHeader(file, header, index);
  const columns = new Map<F, number>();
  const unread: number[] = [];
  header.forEach((cell, i) => {
    if (cell.trim() === '') return;
    const field = rules.fieldFor(cell);
    const at = { file, row: index + 1, column: columnRef(cell, i) };
    if (field === 'unread' || (field === null && rules.unknown === undefined)) unread.push(i);
    else if (field === null) problems.push({ ...at, message: rules.unknown! });
    else if (columns.has(field)) problems.push({ ...at, message: rules.second(field) });
    else columns.set(field, i);
  });
  return { found: true, index, header, columns, unread, problems };
}

/** Index of the last non-blank heading, plus one: where the table ends on the right. */
export function tableWidth(header: Row): number {
  let width = header.length;
  while (width > 0 && header[width - 1]!.trim() === '') width -= 1;
  return width;
}

/** The header row's problems: over-long or unsafe headings, and a heading given twice. */
export function checkHeader(file: string, header: Row, headerIndex: number): ImportProblem[] {
  const row = headerIndex + 1;
  const problems: ImportProblem[] = [];
  const firstAt = new Map<string, number>();
  header.forEach((cell, i) => {
    const text = cell.trim();
    if (text === '') return;
    const unsafe = UNSAFE_CHARACTER.exec(text);
    if (unsafe) {
      problems.push({
        file,
        row,
        column: columnLetter(i),
        message: `a heading contains ${unsafeCharacterName(unsafe[0])}; retype it`,
      });
      return;
    }
    if (text.length > MAX_HEADING_CHARACTERS) {
      problems.push({
        file,
        row,
        column: columnLetter(i),
        message: `a heading of ${text.length.toLocaleString('en-GB')} characters (${quoteText(text, 30)}), more than the ${MAX_HEADING_CHARACTERS} a heading may have; a heading names its column in a few words`,
      });
      return;
    }
    const key = normaliseHeader(text);
    if (key === '') return;
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, i);
    else
      problems.push({
        file,
        row,
        column: columnRef(text, i),
        message: `a second column with this heading (the first is column ${columnLetter(first)}); keep one`,
      });
  });
  return problems;
}

/**
 * The data rows' problems (every row below the header): over-long cells,
 * unsafe characters, and values under no heading. One problem per cell.
 */
export function checkRows(file: string, rows: readonly Row[], headerIndex: number): ImportProblem[] {
  const header = rows[headerIndex] ?? [];
  const width = tableWidth(header);
  const problems: ImportProblem[] = [];
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const cells = rows[r]!;
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i]!;
      if (value === '' || value.trim() === '') continue;
      const row = r + 1;
      if (i >= width) {
        problems.push({
          file,
          row,
          column: columnLetter(i),
          message: `a value beyond the last heading: ${quoteText(value.trim())}`,
        });
        continue;
      }
      const heading = header[i] ?? '';
      if (heading.trim() === '') {
        problems.push({
          file,
          row,
          column: columnLetter(i),
          message: `a value under no heading: ${quoteText(value.trim())}; give the column a heading or remove the value`,
        });
        continue;
      }
      const why = textProblem(value, MAX_CELL_CHARACTERS);
      if (why !== null) problems.push({ file, row, column: columnRef(heading, i), message: why });
    }
  }
  return problems;
}

/** Header and rows together. */
export function checkTable(file: string, rows: readonly Row[], headerIndex: number): ImportProblem[] {
  return [...checkHeader(file, rows[headerIndex] ?? [], headerIndex), ...checkRows(file, rows, headerIndex)];
}

/**
 * One problem per cell, top to bottom: where the table check and an
 * importer's own check both object to a cell, the first said is kept.
 */
export function onePerCell(problems: readonly ImportProblem[]): ImportProblem[] {
  const seen = new Set<string>();
  const kept = problems.filter((p) => {
    if (p.row === undefined || p.column === undefined) return true;
    const key = `${p.row}\u0000${cellKey(p.column)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
    .map((x) => x.p);
}

/** '"Scheme Name" (B)' and 'B' are the same cell. */
function cellKey(column: string): string {
  const m = /\(([A-Z]+)\)$/.exec(column);
  return m ? m[1]! : column;
}
