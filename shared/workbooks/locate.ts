import { columnLetter, normaliseHeader, type Row } from '../imports/table';
import { headerKeys, keyColumns, sheetKeys, type CoverField, type ProfileColumn, type ProfileTable } from './profile';

/**
 * Finding a profile's table and cover cells in a sheet by their text, so a
 * template whose header moved down two rows, or whose columns were
 * reordered, is still understood. Rows and columns here are 0-based indexes
 * into the grid; messages give the numbers and letters Excel shows.
 */
export interface LocatedTable {
  /** 0-based index of the header row. */
  headerRow: number;
  /** field → 0-based column index, for the columns found. */
  columns: Map<string, number>;
  /** Columns of the profile not found in the header row. */
  missing: ProfileColumn[];
  /** Header cells the profile does not know: text and 0-based column. */
  unknown: { header: string; column: number }[];
}

/** How far down a sheet a header row is looked for. */
export const HEADER_SCAN_ROWS = 400;

export function locateTable(grid: readonly Row[], table: ProfileTable): LocatedTable | null {
  const keys = table.columns.map((c) => ({ column: c, keys: new Set(headerKeys(c)) }));
  let best: { row: number; found: Map<string, number>; score: number } | null = null;
  const limit = Math.min(grid.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const row = grid[r];
    if (!row || row.length === 0) continue;
    const found = new Map<string, number>();
    row.forEach((cell, i) => {
      if (!cell) return;
      const n = normaliseHeader(cell);
      if (n === '') return;
      const hit = keys.find((k) => !found.has(k.column.field) && k.keys.has(n));
      if (hit) found.set(hit.column.field, i);
    });
    // Key columns weigh more, so a checklist row or a title that repeats one header never wins.
    const score = [...found.keys()].reduce((s, f) => s + (table.columns.find((c) => c.field === f)?.key ? 3 : 1), 0);
    if (found.size >= Math.min(2, table.columns.length) && (!best || score > best.score))
      best = { row: r, found, score };
  }
  if (!best) return null;
  const row = grid[best.row]!;
  const used = new Set(best.found.values());
  return {
    headerRow: best.row,
    columns: best.found,
    missing: table.columns.filter((c) => !best.found.has(c.field)),
    unknown: row.flatMap((cell, i) =>
      cell && cell.trim() !== '' && !used.has(i) ? [{ header: cell.trim(), column: i }] : [],
    ),
  };
}

/** A sentence naming what a located table lacks, or null when its key columns are all there. */
export function missingKeyMessage(table: ProfileTable, located: LocatedTable, where: string): string | null {
  const missing = keyColumns(table).filter((c) => !located.columns.has(c.field));
  if (missing.length === 0) return null;
  const found = [...located.columns.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([f, i]) => `"${table.columns.find((c) => c.field === f)!.header}" (${columnLetter(i)})`);
  const shown = found.length > 3 ? `${found.slice(0, 3).join(', ')} and ${found.length - 3} more` : found.join(', ');
  return `${where}: the header row (row ${located.headerRow + 1}) has no ${missing.map((c) => `"${c.header}"`).join(' or ')} column, which identifies each line; it has ${shown}.`;
}

export interface LocatedCover {
  /** key → where the value sits (0-based row and column) and the label's place. */
  cells: Map<string, { row: number; column: number; labelColumn: number }>;
  missing: CoverField[];
}

export function locateCover(grid: readonly Row[], fields: readonly CoverField[]): LocatedCover {
  const cells = new Map<string, { row: number; column: number; labelColumn: number }>();
  const wanted = fields.map((f) => ({ f, keys: new Set(headerKeys({ header: f.label, aliases: f.aliases })) }));
  const limit = Math.min(grid.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    grid[r]?.forEach((cell, i) => {
      if (!cell) return;
      const n = normaliseHeader(cell);
      const hit = wanted.find((w) => !cells.has(w.f.key) && w.keys.has(n));
      if (hit) cells.set(hit.f.key, { row: r, column: i + (hit.f.offset ?? 1), labelColumn: i });
    });
  }
  return { cells, missing: fields.filter((f) => !cells.has(f.key)) };
}

/** The sheet a table lives on: its name, then its aliases (case ignored). */
export function findSheet<S extends { name: string }>(
  sheets: readonly S[],
  table: { sheet: string; sheetAliases?: string[] | undefined },
): S | undefined {
  const keys = sheetKeys(table);
  for (const k of keys) {
    const hit = sheets.find((s) => s.name.trim().toLowerCase() === k);
    if (hit) return hit;
  }
  return undefined;
}

/** A1-style reference for 0-based row and column. */
export function cellRef(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}
