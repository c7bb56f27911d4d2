import { columnLetter } from '../../../../shared/imports/table';
import type { DefinedName, SheetInfo } from '../package';
import { findCell, readCell, type CellToken, type SheetXml } from '../sheet-xml';
import { attr, elementText, parseAttrs } from '../xml';
import { evaluateFormula, type Book } from './evaluate';
import { FormulaSyntax, parseFormula, type Node } from './parse';
import { Unsupported } from './unsupported';
import { XlError, type Scalar } from './values';

/**
 * Calculates every formula of a workbook from its sheets' XML (after a fill
 * has written its cells), so that the file can carry true cached results for
 * readers that do not calculate (openpyxl data_only, pandas). A formula the
 * engine cannot calculate exactly is left for Excel: its result is null here
 * (the cached value is removed) and it is listed under its reason.
 */
export interface Recalculation {
  /** sheet part → row → column (0-based) → the result; null where the formula is left for Excel. */
  results: Map<string, Map<number, Map<number, Scalar | null>>>;
  calculated: number;
  /** Formulas left for Excel, by reason ("the function VLOOKUP"), each with its cells as Sheet!A1. */
  left: { reason: string; cells: string[] }[];
}

interface Formula {
  node: Node | Unsupported;
  dr: number;
  dc: number;
}

interface Sheet {
  info: SheetInfo;
  scan: SheetXml;
  rows: number;
  cols: number;
  shared: Map<string, { node: Node | Unsupported; row: number; col: number }>;
  /** Values already read or calculated, by row * 16384 + column. */
  values: Map<number, Scalar>;
}

type Memo = { busy: true } | { busy: false; value: Scalar } | { busy: false; failed: Unsupported };

const F = new Map<string, RegExp>();

/** The cell's <f> element: its attributes and text, or null when the cell has no formula. */
function formulaElement(scan: SheetXml, cell: CellToken): { attrs: string; text: string } | null {
  if (!cell.inner || !cell.inner.includes(`<${scan.prefix}f`)) return null;
  let re = F.get(scan.prefix);
  if (!re) {
    re = new RegExp(`<${scan.prefix}f(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</${scan.prefix}f>)`);
    F.set(scan.prefix, re);
  }
  const m = re.exec(cell.inner);
  return m ? { attrs: m[1] ?? '', text: elementText(m[2] ?? '') } : null;
}

function parse(text: string): Node | Unsupported {
  try {
    return parseFormula(text);
  } catch (err) {
    if (err instanceof FormulaSyntax) return new Unsupported(`a formula the engine cannot read (${err.message})`);
    throw err;
  }
}

function formulaOf(sheet: Sheet, cell: CellToken): Formula | null {
  const f = formulaElement(sheet.scan, cell);
  if (!f) return null;
  const a = parseAttrs(f.attrs);
  const type = attr(a, 't') ?? 'normal';
  if (type === 'array') return { node: new Unsupported('an array formula'), dr: 0, dc: 0 };
  if (type === 'dataTable') return { node: new Unsupported('a data table'), dr: 0, dc: 0 };
  if (type === 'shared') {
    const master = sheet.shared.get(attr(a, 'si') ?? '');
    if (!master) return { node: new Unsupported('a shared formula without its first cell'), dr: 0, dc: 0 };
    // A shared formula's copy is the first cell's formula with its relative references moved.
    return { node: master.node, dr: cell.row - master.row, dc: cell.col - master.col };
  }
  return { node: parse(f.text), dr: 0, dc: 0 };
}

function indexSheet(info: SheetInfo, scan: SheetXml): Sheet {
  const sheet: Sheet = { info, scan, rows: 0, cols: 0, shared: new Map(), values: new Map() };
  for (const row of scan.rows) {
    if (row.cells.length > 0) sheet.rows = Math.max(sheet.rows, row.r);
    for (const c of row.cells) {
      sheet.cols = Math.max(sheet.cols, c.col + 1);
      const f = formulaElement(scan, c);
      if (!f || f.text.trim() === '') continue;
      const a = parseAttrs(f.attrs);
      if (attr(a, 't') === 'shared')
        sheet.shared.set(attr(a, 'si') ?? '', { node: parse(f.text), row: c.row, col: c.col });
    }
  }
  return sheet;
}

function plainValue(sheet: Sheet, cell: CellToken, sst: readonly string[]): Scalar {
  const v = readCell(sheet.scan, cell, sst);
  switch (v.type) {
    case 'blank':
      return null;
    case 'string':
      return v.text;
    case 'number':
      return Number(v.text);
    case 'boolean':
      return v.text === 'TRUE';
    case 'error':
      return new XlError(v.text);
    default:
      throw new Unsupported('a cell holding an ISO date (t="d")');
  }
}

export function recalculate(
  sheets: { info: SheetInfo; scan: SheetXml }[],
  definedNames: readonly DefinedName[],
  sst: readonly string[],
): Recalculation {
  const bySheet = new Map(sheets.map((s) => [s.info.name.toLowerCase(), indexSheet(s.info, s.scan)]));
  const memo = new Map<string, Memo>();
  const find = (name: string) => bySheet.get(name.toLowerCase());

  const book: Book = {
    cell(name, row, col) {
      const sheet = find(name)!;
      // Every checker reads the same key column: each cell's value is worked out once.
      const key = row * 16384 + col;
      if (sheet.values.has(key)) return sheet.values.get(key)!;
      const cell = findCell(sheet.scan, row, col - 1);
      if (!cell) return null;
      const formula = formulaOf(sheet, cell);
      const value = formula ? formulaValue(sheet, cell, formula) : plainValue(sheet, cell, sst);
      sheet.values.set(key, value);
      return value;
    },
    extent(name) {
      const sheet = find(name);
      return sheet ? { rows: sheet.rows, cols: sheet.cols } : null;
    },
    name(name, sheetName) {
      const local = find(sheetName)?.info.index;
      const lower = name.toLowerCase();
      const d =
        definedNames.find((n) => n.name.toLowerCase() === lower && n.localSheetId === local) ??
        definedNames.find((n) => n.name.toLowerCase() === lower && n.localSheetId === null);
      if (!d) return null;
      const node = parse(d.value);
      return node instanceof Unsupported || node.kind !== 'ref' || !node.sheet ? null : node;
    },
  };

  function formulaValue(sheet: Sheet, cell: CellToken, formula: Formula): Scalar {
    const key = `${sheet.info.part}!${cell.row}:${cell.col}`;
    const seen = memo.get(key);
    if (seen) {
      if (seen.busy) throw new Unsupported('a circular reference');
      if ('failed' in seen) throw seen.failed;
      return seen.value;
    }
    if (formula.node instanceof Unsupported) {
      memo.set(key, { busy: false, failed: formula.node });
      throw formula.node;
    }
    memo.set(key, { busy: true });
    try {
      const value = evaluateFormula(formula.node, { sheet: sheet.info.name, dr: formula.dr, dc: formula.dc }, book);
      memo.set(key, { busy: false, value });
      return value;
    } catch (err) {
      // A chain of formulas deeper than the stack is left for Excel like any other formula the engine cannot follow.
      // A fault of the engine itself leaves that formula for Excel too, named, rather than stopping the fill.
      const failed =
        err instanceof Unsupported
          ? err
          : err instanceof RangeError
            ? new Unsupported('a chain of formulas too long to follow')
            : new Unsupported(`a formula the engine failed on (${(err as Error).message})`);
      memo.set(key, { busy: false, failed });
      throw failed;
    }
  }

  const out: Recalculation = { results: new Map(), calculated: 0, left: [] };
  const left = new Map<string, string[]>();
  for (const sheet of bySheet.values()) {
    const results = new Map<number, Map<number, Scalar | null>>();
    // Top to bottom, so that a formula's inputs above it are usually known before it is reached.
    for (const row of sheet.scan.rows) {
      for (const cell of row.cells) {
        const formula = formulaOf(sheet, cell);
        if (!formula) continue;
        let value: Scalar | null;
        try {
          value = formulaValue(sheet, cell, formula);
          out.calculated++;
        } catch (err) {
          if (!(err instanceof Unsupported)) throw err;
          value = null;
          const cells = left.get(err.reason) ?? [];
          cells.push(`${sheet.info.name}!${columnLetter(cell.col)}${cell.row}`);
          left.set(err.reason, cells);
        }
        let cols = results.get(cell.row);
        if (!cols) results.set(cell.row, (cols = new Map()));
        cols.set(cell.col, value);
      }
    }
    if (results.size > 0) out.results.set(sheet.info.part, results);
  }
  out.left = [...left].map(([reason, cells]) => ({ reason, cells }));
  return out;
}
