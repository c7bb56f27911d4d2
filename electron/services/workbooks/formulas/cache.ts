import type { XlsxPackage } from '../package';
import { findCell, readCell, scanSheet, setCachedResults, type CachedResult, type SheetXml } from '../sheet-xml';
import { recalculate } from './recalc';
import { XlError, type Scalar } from './values';

/**
 * Gives every formula of a workbook the result it will recalculate to, as
 * the file's cached value: the sheets' XML (those a fill changed, the rest as
 * in the package) goes through the engine, and only the formula cells whose
 * saved result differs are rewritten, so a sheet whose results were already
 * true keeps every byte.
 */
export interface CachedWorkbook {
  /** sheet part → its new XML, for each sheet with a result changed. */
  xml: Map<string, string>;
  /** sheet part → row → column → the result now stored (null: none, left for Excel). */
  written: Map<string, Map<number, Map<number, CachedResult>>>;
  calculated: number;
  left: { reason: string; cells: string[] }[];
}

export function cachedResult(v: Scalar | null): CachedResult {
  if (v === null) return null;
  if (v instanceof XlError) return { type: 'error', text: v.code };
  if (typeof v === 'number') return { type: 'number', text: String(v) };
  if (typeof v === 'boolean') return { type: 'boolean', text: v ? '1' : '0' };
  return { type: 'string', text: v };
}

/** Whether the cell's saved result already is this one (so it need not be rewritten). */
function alreadyCached(scan: SheetXml, row: number, col: number, want: CachedResult, sst: readonly string[]): boolean {
  const cell = findCell(scan, row, col)!;
  const has = readCell(scan, cell, sst);
  const hasValue = (cell.inner ?? '').includes(`<${scan.prefix}v`);
  if (want === null) return !hasValue;
  if (!hasValue) return false;
  switch (want.type) {
    case 'number':
      return has.type === 'number' && Number(has.text) === Number(want.text);
    case 'boolean':
      return has.type === 'boolean' && has.text === (want.text === '1' ? 'TRUE' : 'FALSE');
    default:
      return has.type === want.type && has.text === want.text;
  }
}

export function cacheResults(pkg: XlsxPackage, changed: ReadonlyMap<string, string>): CachedWorkbook {
  const sst = pkg.sharedStrings();
  const sheets = pkg.sheets.map((info) => {
    const text = changed.get(info.part);
    return { info, scan: text === undefined ? pkg.scan(info) : scanSheet(text) };
  });
  const rec = recalculate(sheets, pkg.definedNames, sst);
  const out: CachedWorkbook = { xml: new Map(), written: new Map(), calculated: rec.calculated, left: rec.left };
  for (const { info, scan } of sheets) {
    const results = rec.results.get(info.part);
    if (!results) continue;
    const writes = new Map<number, Map<number, CachedResult>>();
    for (const [row, cols] of results)
      for (const [col, value] of cols) {
        const want = cachedResult(value);
        if (alreadyCached(scan, row, col, want, sst)) continue;
        let w = writes.get(row);
        if (!w) writes.set(row, (w = new Map()));
        w.set(col, want);
      }
    if (writes.size === 0) continue;
    out.xml.set(info.part, setCachedResults(scan, writes));
    out.written.set(info.part, writes);
  }
  return out;
}
