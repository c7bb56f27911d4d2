import type { ImportProblem, Row } from '../imports/table';
import { RETURN_FIELD_SPECS, RETURN_FIELDS, isReturnField, type ReturnEntry, type ReturnFieldName, type ReturnFixed } from '../returns/line';
import { parsePeriod, type Period } from '../returns/period';
import type { WorkbookData, WorkbookRead } from './data';
import type { Profile } from './profile';
import type { WorkbookRecord } from './values';

/**
 * The return adapter: a quarterly return as the workbook engine's records
 * (to fill NHS England's copy or generate one), and a workbook read back as
 * the rows the returns importer matches to the return's lines (by Scheme ID,
 * the describing columns, then Planned Expenditure; never by guesswork).
 * The quarterly profile's columns are named as the return's fields, so a
 * record is a return line as it stands: money in pence, outputs as the text
 * the return keeps ("120", "NA"), the Yes/No as typed.
 */
export const RETURN_TABLE = 'spendActivity';

/** The names the first quarterly profile used (a profile saved then still uses them). */
const LEGACY_FIELDS: Record<string, ReturnFieldName> = { actualToDatePence: 'actualPence', outputsToDate: 'outputsDelivered', implementationIssues: 'issues' };

/** A return profile with any field named as the first quarterly profile named it renamed to the return's field. */
export function withReturnFieldNames(p: Profile): Profile {
  if (p.kind !== 'return' || !JSON.stringify(p).match(/actualToDatePence|outputsToDate|implementationIssues/)) return p;
  const text = JSON.stringify(p).replace(/"(actualToDatePence|outputsToDate|implementationIssues)"/g, (_m, f: string) => `"${LEGACY_FIELDS[f]}"`);
  return JSON.parse(text) as Profile;
}

export type ReturnLineValues = ReturnFixed & ReturnEntry;

/** One return line as a record: every field of the return, whichever the profile uses. */
export function returnRecord(line: ReturnLineValues): WorkbookRecord {
  const out: WorkbookRecord = {};
  for (const f of RETURN_FIELDS) {
    const v = line[f];
    out[f] = v === undefined || v === '' ? null : v;
  }
  return out;
}

export interface ReturnForWorkbook {
  area: string;
  /** "Q1 2024-25". */
  label: string;
  lines: readonly ReturnLineValues[];
  /** The cover details, by key (the Health and Wellbeing Board is the area). */
  cover: Record<string, string>;
}

export function returnWorkbookData(r: ReturnForWorkbook, lists: Record<string, string[]>): WorkbookData {
  return {
    subject: `${r.area}, ${r.label} return`,
    cover: { ...r.cover, hwb: r.area },
    tables: { [RETURN_TABLE]: r.lines.map(returnRecord) },
    lists,
  };
}

export interface ReturnFromWorkbook {
  /** "book.xlsx [5. Spend and activity]": where the figures came from, as the return's lines remember it. */
  file: string;
  sheet: string | null;
  headerRow: number;
  /**
   * The table as rows of cell text for the returns importer, each at the
   * row and column the sheet shows (so every problem names the workbook's
   * own row and column letter); header texts are the return's column names.
   */
  rows: Row[];
  cover: Record<string, string>;
  /** Cells that could not be read (an error value such as #REF!), or no table at all. */
  problems: ImportProblem[];
}

export function returnFromWorkbook(read: WorkbookRead): ReturnFromWorkbook {
  const problems: ImportProblem[] = read.problems.map((p) => ({ ...p }));
  const cover: Record<string, string> = {};
  for (const [key, v] of Object.entries(read.cover)) if (v.value.trim() !== '') cover[key] = v.value.trim();
  const table = read.tables[RETURN_TABLE];
  if (!table) {
    problems.push({ file: read.file, message: 'no spend and activity table was found (a header row with "Scheme ID", "Scheme Name" and "Actual Expenditure to date")' });
    return { file: read.file, sheet: null, headerRow: 0, rows: [], cover, problems };
  }
  const columns = table.columns.filter((c) => isReturnField(c.field)).map((c) => ({ field: c.field as ReturnFieldName, index: letterIndex(c.letter) }));
  const width = Math.max(0, ...columns.map((c) => c.index + 1));
  const rowOf = (cells: (field: ReturnFieldName) => string): string[] => {
    const row = new Array<string>(width).fill('');
    for (const c of columns) row[c.index] = cells(c.field);
    return row;
  };
  const rows: string[][] = [];
  const put = (n: number, row: string[]) => {
    while (rows.length < n - 1) rows.push([]);
    rows[n - 1] = row;
  };
  put(table.headerRow, rowOf((f) => RETURN_FIELD_SPECS[f].label));
  // A cell holding an error value is already a problem of its own: it is passed on blank, so it is not reported twice.
  for (const r of table.rows) put(r.row, rowOf((f) => (r.errors?.includes(f) ? '' : (r.cells[f] ?? ''))));
  return { file: `${read.file} [${table.sheet}]`, sheet: table.sheet, headerRow: table.headerRow, rows, cover, problems };
}

function letterIndex(letter: string): number {
  return [...letter].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

const PERIOD_WORDS = /\b(Q[1-4])\b|\bQuarter\s*([1-4])\b|\b(year[\s-]?end|end[\s-]of[\s-]year)\b/gi;

/** The return periods a workbook's cover names ("Q1 2024-25", "Quarter 2", "Year end"), each once, in the order of the year. */
export function periodsNamed(texts: readonly string[]): Period[] {
  const found = new Set<Period>();
  for (const text of texts) {
    for (const m of text.matchAll(PERIOD_WORDS)) {
      const parsed = parsePeriod(m[1] ?? (m[2] ? `Q${m[2]}` : 'YE'));
      if (parsed.ok) found.add(parsed.period);
    }
  }
  return (['Q1', 'Q2', 'Q3', 'YE'] as const).filter((p) => found.has(p));
}
