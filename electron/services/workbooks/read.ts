import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { checkHeader, checkRows, onePerCell, tableWidth } from '../../../shared/imports/hygiene';
import { columnLetter, normaliseHeader, type ImportProblem } from '../../../shared/imports/table';
import type { ReadTable, WorkbookRead } from '../../../shared/workbooks/data';
import {
  cellRef,
  findSheet,
  locateCover,
  locateTable,
  missingKeyMessage,
  type LocatedTable,
} from '../../../shared/workbooks/locate';
import { formatPence, parseMoney } from '../../../shared/money';
import {
  headerKeys,
  hasYearTokens,
  instantiateProfile,
  keyColumns,
  type Profile,
  type ProfileTable,
} from '../../../shared/workbooks/profile';
import { comparable, serialToIso, shiftDecimal } from '../../../shared/workbooks/values';
import { XlsxPackage, type SheetInfo } from './package';
import { findCell, readCell, type SheetXml } from './sheet-xml';
import { appendAll } from '../../../shared/values/arrays';
import { GridBuilder } from '../files/grid';

/**
 * Reads a workbook back through a profile: a filled official template, a
 * workbook the app generated, or a previous year's submission. The profile
 * (and, for a profile with year placeholders, the years) is the one whose
 * tables the workbook matches best, unless the user names one. Each table's
 * rows come back as the text each cell shows (the value Excel saved with a
 * formula; a percentage cell as the number of per cent), for an adapter to
 * parse as strictly as any import.
 */
export interface ReadOptions {
  /** Profiles to try, as stored (with year placeholders). */
  candidates: readonly Profile[];
  /** Use this profile and no other. */
  profile?: Profile;
}

export interface ReadResult {
  read: WorkbookRead;
  profile: Profile;
}

interface Match {
  profile: Profile;
  score: number;
  tables: Map<string, { sheet: SheetInfo; located: LocatedTable; byName: boolean }>;
}

/** The financial years the workbook's text names ("2019/20", "2023-24", "19/20"), by their first calendar year. */
function yearsNamed(grids: Iterable<string[][]>): number[] {
  const starts = new Set<number>();
  for (const grid of grids) {
    for (const row of grid.slice(0, 60)) {
      for (const cell of row) {
        if (!cell) continue;
        for (const m of cell.matchAll(/\b(20\d{2})\s*[-/]\s*(\d{2})\b|\b(\d{2})\/(\d{2})\b/g)) {
          const start = m[1] ? Number(m[1]) : 2000 + Number(m[3]);
          const end = Number(m[2] ?? m[4]);
          if ((start + 1) % 100 === end) starts.add(start);
        }
      }
    }
  }
  return [...starts].sort();
}

/** The years a profile with placeholders might be for: those the workbook names, as many as the profile has. */
function yearCandidates(p: Profile, named: number[]): string[][] {
  if (!hasYearTokens(p) || named.length === 0) return [p.years];
  const label = (s: number) => `${s}-${String((s + 1) % 100).padStart(2, '0')}`;
  return named.map((y) => (p.years.length > 1 ? [label(y), label(y + 1)] : [label(y)]));
}

function match(pkg: XlsxPackage, grids: Map<string, string[][]>, profile: Profile): Match {
  const tables = new Map<string, { sheet: SheetInfo; located: LocatedTable; byName: boolean }>();
  let score = 0;
  for (const t of profile.tables) {
    const named = findSheet(pkg.sheets, t);
    const order = named ? [named, ...pkg.sheets.filter((s) => s !== named)] : pkg.sheets;
    for (const sheet of order) {
      if (sheet.state === 'veryHidden') continue;
      const located = locateTable(grids.get(sheet.part)!, t);
      if (!located || missingKeyMessage(t, located, '') !== null) continue;
      tables.set(t.id, { sheet, located, byName: sheet === named });
      score += 10 * located.columns.size + (sheet === named ? 5 : 0) - located.missing.length;
      break;
    }
  }
  return { profile, score, tables };
}

/**
 * The table hygiene every importer applies (shared/imports/hygiene.ts), on
 * the sheet itself from the header row down, every column and not only the
 * ones the profile reads: over-long or unsafe headings, a heading the
 * profile reads given twice (which column is meant?), over-long cells,
 * control characters and direction overrides, and a value typed beyond the
 * last heading or under a blank one. A formula out there is the template's
 * own working (a checker), not a figure that would be lost, and is let be.
 * Rows above the header (title, checklist) are not the table's.
 */
function tableHygiene(
  file: string,
  scan: SheetXml,
  sst: readonly string[],
  table: ProfileTable,
  headerIndex: number,
): ImportProblem[] {
  const grid = new GridBuilder(`${file}, sheet "${table.sheet}",`);
  const formulas = new Set<string>();
  for (const row of scan.rows) {
    if (row.r - 1 < headerIndex) continue;
    for (const c of row.cells) {
      const v = readCell(scan, c, sst);
      if (v.type === 'blank' || v.type === 'error') continue;
      grid.set(row.r - 1, c.col, v.text);
      if (v.formula) formulas.add(`${row.r - 1}:${c.col}`);
    }
  }
  const dense = grid.done();
  const header = dense[headerIndex] ?? [];
  const width = tableWidth(header);
  for (const key of formulas) {
    const [r, c] = key.split(':').map(Number) as [number, number];
    if (r > headerIndex && (c >= width || (header[c] ?? '').trim() === '')) dense[r]![c] = '';
  }
  const read = new Set(table.columns.flatMap(headerKeys));
  const headings = checkHeader(file, header, headerIndex).filter(
    (p) => !/^a second column/.test(p.message) || read.has(normaliseHeader(header[letterIndex(p.column ?? '')] ?? '')),
  );
  return [...headings, ...checkRows(file, dense, headerIndex)];
}

/** "B" or '"Scheme Name" (B)' → 1. */
function letterIndex(column: string): number {
  const letters = /\(([A-Z]+)\)$/.exec(column)?.[1] ?? column;
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

function readTable(
  pkg: XlsxPackage,
  table: ProfileTable,
  sheet: SheetInfo,
  located: LocatedTable,
  problems: WorkbookRead['problems'],
): ReadTable {
  const scan = pkg.scan(sheet);
  const sst = pkg.sharedStrings();
  const columns = [...located.columns.entries()].sort((a, b) => a[1] - b[1]);
  const headerRow = located.headerRow + 1;
  const out: ReadTable = {
    table: table.id,
    sheet: sheet.name,
    headerRow,
    columns: columns.map(([field, i]) => ({
      field,
      header: table.columns.find((c) => c.field === field)!.header,
      letter: columnLetter(i),
    })),
    rows: [],
  };
  const file = `${pkg.file} (sheet "${sheet.name}")`;
  const found = tableHygiene(file, scan, sst, table, located.headerRow);
  const missing = table.columns.filter((c) => c.required && !located.columns.has(c.field));
  if (missing.length > 0) {
    const names = missing.map((c) => `"${c.header}"`);
    found.push({
      file,
      row: headerRow,
      message: `${names.length === 1 ? `the column ${names[0]} is` : `the columns ${names.slice(0, -1).join(', ')} and ${names.at(-1)!} are`} missing: every line needs ${names.length === 1 ? 'it' : 'them'}`,
    });
  }
  // A cell the table check objects to is reported once, there, and not again by the adapter.
  const reported = new Set(
    found.filter((p) => p.row !== undefined && p.column !== undefined).map((p) => `${p.row}:${letterIndex(p.column!)}`),
  );
  const keys = keyColumns(table)
    .map((c) => located.columns.get(c.field))
    .filter((i): i is number => i !== undefined);
  for (const row of scan.rows) {
    if (row.r <= headerRow) continue;
    if (formulaRow(scan, sst, row.r, columns, keys)) {
      // A total or checker row under the lines (the template's own working): never a line, whether or not
      // a result was saved; a saved total that disagrees with the lines it adds up is stale, and is said so.
      for (const [field, i] of columns) {
        const column = table.columns.find((c) => c.field === field)!;
        const stale = column.kind === 'money' ? staleTotal(scan, sst, row.r, i, out.rows, field) : null;
        if (stale) found.push({ file, row: row.r, column: `"${column.header}" (${columnLetter(i)})`, message: stale });
      }
      continue;
    }
    const cells: Record<string, string> = {};
    const errors: string[] = [];
    let any = false;
    for (const [field, i] of columns) {
      const cell = findCell(scan, row.r, i);
      if (!cell) continue;
      const v = readCell(scan, cell, sst);
      const column = table.columns.find((c) => c.field === field)!;
      const where = `"${column.header}" (${columnLetter(i)})`;
      if (reported.has(`${row.r}:${i}`)) {
        errors.push(field);
        any = true;
        continue;
      }
      if (v.type === 'blank' && v.formula) {
        // A formula whose value was never saved (a file written by a program that does not calculate): what it comes to is unknown.
        found.push({
          file,
          row: row.r,
          column: where,
          message:
            'it is a formula with no value saved in the file; open the workbook in Excel, let it calculate, and save it',
        });
        errors.push(field);
        any = true;
        continue;
      }
      if (v.type === 'blank') continue;
      if (v.type === 'error') {
        found.push({
          file,
          row: row.r,
          column: where,
          message: `the cell holds the spreadsheet error ${v.text}; fix it in the workbook`,
        });
        errors.push(field);
        cells[field] = v.text;
        any = true;
        continue;
      }
      let text = v.text;
      if (
        v.type === 'number' &&
        column.kind === 'percent' &&
        pkg.style(v.style).percent &&
        /^-?\d+(\.\d+)?$/.test(text)
      )
        text = shiftDecimal(text, 2);
      if (v.type === 'number' && column.kind === 'date') text = serialToIso(text) ?? text;
      if (text.trim() !== '') any = true;
      cells[field] = text;
    }
    if (any) out.rows.push({ row: row.r, cells, ...(errors.length ? { errors } : {}) });
  }
  appendAll(problems, onePerCell(found));
  return out;
}

/**
 * Whether a row under the header is the template's own working rather than a line: its key cells are
 * empty, at least one cell the profile reads holds a formula, and no cell it reads holds a number typed in.
 */
function formulaRow(
  scan: SheetXml,
  sst: readonly string[],
  r: number,
  columns: readonly [string, number][],
  keys: readonly number[],
): boolean {
  if (keys.length === 0) return false;
  for (const i of keys) {
    const cell = findCell(scan, r, i);
    if (cell && (readCell(scan, cell, sst).formula || readCell(scan, cell, sst).type !== 'blank')) return false;
  }
  let formulas = 0;
  for (const [, i] of columns) {
    const cell = findCell(scan, r, i);
    if (!cell) continue;
    const v = readCell(scan, cell, sst);
    if (v.formula) formulas++;
    else if (v.type === 'number') return false;
  }
  return formulas > 0;
}

/** The formula text of a cell (without "="), or null for none or a shared formula's follower. */
function formulaText(scan: SheetXml, r: number, col: number): string | null {
  const cell = findCell(scan, r, col);
  if (!cell) return null;
  const m = /<(?:[\w.-]+:)?f\b[^>]*>([^<]*)<\/(?:[\w.-]+:)?f>/.exec(scan.xml.slice(cell.start, cell.end));
  return m
    ? m[1]!
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
    : null;
}

/**
 * A total (SUM of a range of its own column) whose saved result is not what the lines it covers add up to:
 * the file was changed by a program that does not recalculate, and a reader of saved results would be misled.
 */
function staleTotal(
  scan: SheetXml,
  sst: readonly string[],
  r: number,
  col: number,
  rows: ReadTable['rows'],
  field: string,
): string | null {
  const f = formulaText(scan, r, col);
  const m = f ? /^\s*SUM\(\s*\$?([A-Z]{1,3})\$?(\d+)\s*:\s*\$?([A-Z]{1,3})\$?(\d+)\s*\)\s*$/i.exec(f) : null;
  if (!m || m[1]!.toUpperCase() !== columnLetter(col) || m[3]!.toUpperCase() !== columnLetter(col)) return null;
  const cell = findCell(scan, r, col)!;
  const saved = readCell(scan, cell, sst);
  if (saved.type !== 'number') return null; // no result saved: nothing to be misled by
  const [from, to] = [Number(m[2]), Number(m[4])];
  let total = 0;
  for (const line of rows) {
    if (line.row < from || line.row > to) continue;
    const text = line.cells[field] ?? '';
    if (text.trim() === '') continue;
    const p = parseMoney(text);
    if (!p.ok) return null; // that line's own problem is reported where it is
    total += p.pence;
  }
  const shown = parseMoney(saved.text);
  if (!shown.ok || shown.pence === total) return null;
  return `the total saved in the file (=${f!.trim()}) is ${formatPence(shown.pence)}, but the lines it adds up come to ${formatPence(total)}: the saved results are out of date; open the workbook in Excel (or LibreOffice), let it calculate, and save it`;
}

export function readWorkbook(file: string, bytes: Uint8Array, options: ReadOptions): ReadResult {
  const name = path.basename(file);
  const pkg = new XlsxPackage(name, bytes);
  const grids = new Map(pkg.sheets.map((s) => [s.part, pkg.grid(s)]));
  const tried = options.profile ? [options.profile] : options.candidates;
  const named = yearsNamed(grids.values());
  let best: Match | null = null;
  for (const raw of tried) {
    for (const years of yearCandidates(raw, named)) {
      const m = match(pkg, grids, hasYearTokens(raw) ? instantiateProfile(raw, years) : raw);
      if (m.tables.size > 0 && (!best || m.score > best.score)) best = m;
    }
  }
  if (!best) {
    const which = options.profile
      ? `the profile "${options.profile.label}"`
      : `any known template (${tried.map((p) => p.id).join(', ')})`;
    const wanted =
      (options.profile ?? tried[0])?.tables.flatMap((t) =>
        t.columns.filter((c) => c.key).map((c) => `"${c.header}"`),
      ) ?? [];
    throw new ApiError(
      'refused',
      `${name} does not match ${which}: no sheet has a header row with ${[...new Set(wanted)].join(' and ')}.`,
    );
  }
  const profile = best.profile;
  const read: WorkbookRead = {
    file: name,
    profile: profile.id,
    tables: {},
    cover: {},
    coverTexts: [],
    problems: [],
    notes: [],
  };
  for (const t of profile.tables) {
    const found = best.tables.get(t.id);
    if (!found) {
      read.notes.push(`No ${t.title.toLowerCase()} table was found (sheet "${t.sheet}"); nothing is read for it.`);
      continue;
    }
    if (!found.byName)
      read.notes.push(
        `The ${t.title.toLowerCase()} table was found on sheet "${found.sheet.name}" rather than "${t.sheet}".`,
      );
    const missing = found.located.missing
      .filter((c) => c.role !== 'ignored' && !c.required)
      .map((c) => `"${c.header}"`);
    if (missing.length > 0)
      read.notes.push(
        `Sheet "${found.sheet.name}" has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}; ${missing.length > 1 ? 'they are' : 'it is'} left blank.`,
      );
    read.tables[t.id] = readTable(pkg, t, found.sheet, found.located, read.problems);
  }
  const coverSheet =
    pkg.sheet(profile.cover.sheet) ?? pkg.sheets.find((s) => comparable(s.name) === comparable(profile.cover.sheet));
  if (coverSheet) {
    const grid = grids.get(coverSheet.part)!;
    read.coverTexts = grid.slice(0, 60).flatMap((row) => row.filter((t): t is string => Boolean(t && t.trim())));
    const located = locateCover(grid, profile.cover.fields);
    const scan = pkg.scan(coverSheet);
    for (const [key, at] of located.cells) {
      const cell = findCell(scan, at.row + 1, at.column);
      const v = cell ? readCell(scan, cell, pkg.sharedStrings()) : null;
      if (v && v.type !== 'blank' && v.type !== 'error')
        read.cover[key] = { value: v.text, cell: `${coverSheet.name}!${cellRef(at.row, at.column)}` };
    }
  }
  return { read, profile };
}
