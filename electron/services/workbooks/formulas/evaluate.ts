import { criterion, type Match } from './criteria';
import type { Cell, Node } from './parse';
import { Unsupported } from './unsupported';
import {
  compare,
  DIV0,
  isGrid,
  NUM,
  toBoolean,
  toNumber,
  toText,
  VALUE,
  XlError,
  type Grid,
  type Scalar,
  type Value,
} from './values';

/**
 * Evaluates a parsed formula with Excel's semantics, for the functions on
 * ALLOWED only. Each one is checked against LibreOffice's and Gnumeric's
 * recalculation in test/integration/formula-engine.test.ts; anything whose
 * meaning differs between Excel's legacy and dynamic-array evaluation (IF
 * over a range, SUM of a computed array, a formula whose result is a range)
 * is refused with Unsupported rather than guessed.
 */
export const ALLOWED = new Set([
  'ABS',
  'AND',
  'COUNTBLANK',
  'COUNTIF',
  'COUNTIFS',
  'IF',
  'ISBLANK',
  'ISNUMBER',
  'ISTEXT',
  'NOT',
  'OR',
  'ROUND',
  'SUM',
  'SUMIF',
  'SUMIFS',
  'SUMPRODUCT',
]);

/** What the evaluator asks of the workbook. */
export interface Book {
  /** A cell's value; a formula cell is evaluated first. Throws Unsupported for a cell that cannot be. */
  cell(sheet: string, row: number, col: number): Scalar;
  /** The last row and column of a sheet that hold anything (to bound A:A); null when there is no such sheet. */
  extent(sheet: string): { rows: number; cols: number } | null;
  /** A defined name as a reference, or null when it is not one (a constant, a formula). */
  name(name: string, sheet: string): Extract<Node, { kind: 'ref' }> | null;
}

/** Where the formula sits; dr/dc shift its relative references (a shared formula's copy). */
export interface Place {
  sheet: string;
  dr: number;
  dc: number;
}

/** A range read from a sheet, told apart from an array computed from one (SUM and the *IF functions want the former). */
interface RangeGrid extends Grid {
  ref: true;
  /** A whole column or row (A:A): read only as far as the sheet's last cell, so its blanks are not all there. */
  whole: boolean;
}

/** Refuses a whole column where its missing blank cells would change the answer (anything but summing). */
function partOfWhole(v: Value, what: string): void {
  if (isRange(v) && v.whole) throw new Unsupported(`${what} over a whole column or row`);
}

const isRange = (v: Value): v is RangeGrid => isGrid(v) && (v as RangeGrid).ref === true;

export function evaluateFormula(node: Node, at: Place, book: Book): Scalar {
  const v = evaluate(node, at, book);
  if (!isGrid(v)) return v === null ? 0 : v;
  if (v.grid.length === 1 && v.grid[0]!.length === 1) return v.grid[0]![0] ?? 0;
  throw new Unsupported('a formula whose result is a range');
}

function shifted(c: Cell, at: Place): { row: number; col: number } {
  return { row: c.row === 0 || c.rowAbs ? c.row : c.row + at.dr, col: c.col === 0 || c.colAbs ? c.col : c.col + at.dc };
}

function readRef(node: Extract<Node, { kind: 'ref' }>, at: Place, book: Book): Value {
  const sheet = node.sheet ?? at.sheet;
  const extent = book.extent(sheet);
  // Excel would have written #REF! into the formula itself; a name it still has may be a sheet the app does not read.
  if (!extent) throw new Unsupported('a reference to a sheet that is not a worksheet of this workbook');
  const a = shifted(node.from, at);
  if (!node.to) {
    if (a.row < 1 || a.col < 1) return new XlError('#REF!');
    return book.cell(sheet, a.row, a.col);
  }
  const b = shifted(node.to, at);
  // A whole column or row stops at the last cell that holds anything: the rest is blank.
  const top = a.row === 0 ? 1 : Math.min(a.row, b.row);
  const bottom = a.row === 0 ? extent.rows : Math.max(a.row, b.row);
  const left = a.col === 0 ? 1 : Math.min(a.col, b.col);
  const right = a.col === 0 ? extent.cols : Math.max(a.col, b.col);
  if (top < 1 || left < 1) return new XlError('#REF!');
  const grid: Scalar[][] = [];
  for (let r = top; r <= bottom; r++) {
    const row: Scalar[] = [];
    for (let c = left; c <= right; c++) row.push(book.cell(sheet, r, c));
    grid.push(row);
  }
  return { grid, ref: true, whole: a.row === 0 || a.col === 0 } as RangeGrid;
}

/** Applies f to a value, element by element when it is a grid. */
function map(v: Value, f: (s: Scalar) => Scalar): Value {
  partOfWhole(v, 'an operation');
  return isGrid(v) ? { grid: v.grid.map((row) => row.map(f)) } : f(v);
}

function zip(a: Value, b: Value, f: (x: Scalar, y: Scalar) => Scalar): Value {
  if (!isGrid(a) && !isGrid(b)) return f(a, b);
  partOfWhole(a, 'an operation');
  partOfWhole(b, 'an operation');
  if (!isGrid(a)) return map(b, (y) => f(a, y));
  if (!isGrid(b)) return map(a, (x) => f(x, b));
  if (a.grid.length !== b.grid.length || a.grid[0]!.length !== b.grid[0]!.length)
    throw new Unsupported('an operation on ranges of different sizes');
  return { grid: a.grid.map((row, i) => row.map((x, j) => f(x, b.grid[i]![j]!))) };
}

function arithmetic(op: string, x: Scalar, y: Scalar): Scalar {
  const a = toNumber(x);
  if (a instanceof XlError) return a;
  const b = toNumber(y);
  if (b instanceof XlError) return b;
  let r: number;
  if (op === '+') r = a + b;
  else if (op === '-') r = a - b;
  else if (op === '*') r = a * b;
  else if (op === '/') {
    if (b === 0) return DIV0;
    r = a / b;
  } else r = a ** b;
  return Number.isFinite(r) ? r : NUM;
}

function binary(op: string, x: Scalar, y: Scalar): Scalar {
  if (x instanceof XlError) return x;
  if (y instanceof XlError) return y;
  if (op === '&') return (toText(x) as string) + (toText(y) as string);
  if ('+-*/^'.includes(op)) return arithmetic(op, x, y);
  // Excel orders text by a collation (punctuation, accents) that is not reproduced here; equality needs none.
  if (op !== '=' && op !== '<>' && typeof x === 'string' && typeof y === 'string' && !/^[a-z0-9 ]*$/i.test(x + y))
    throw new Unsupported('ordering text with punctuation or accents');
  const c = compare(x, y);
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

function evaluate(node: Node, at: Place, book: Book): Value {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'boolean':
      return node.value;
    case 'error':
      return new XlError(node.value);
    case 'ref':
      return readRef(node, at, book);
    case 'name': {
      const ref = book.name(node.name, at.sheet);
      if (!ref) throw new Unsupported(`the name ${node.name}`);
      // A defined name's references are absolute to the workbook, not shifted with a shared formula.
      return readRef(ref, { sheet: ref.sheet ?? at.sheet, dr: 0, dc: 0 }, book);
    }
    case 'unary': {
      const v = evaluate(node.arg, at, book);
      if (node.op === '+') return v;
      return map(v, (s) => arithmetic(node.op === '%' ? '/' : '*', s, node.op === '%' ? 100 : -1));
    }
    case 'binary':
      return zip(evaluate(node.left, at, book), evaluate(node.right, at, book), (x, y) => binary(node.op, x, y));
    case 'call':
      return call(node.name, node.args, at, book);
  }
}

function scalarArg(v: Value, fn: string): Scalar {
  if (isGrid(v)) throw new Unsupported(`${fn} over a range`);
  return v;
}

function rangeArg(v: Value, fn: string): RangeGrid {
  if (!isRange(v)) throw new Unsupported(`${fn} over something that is not a range`);
  return v;
}

function cells(v: Value): Scalar[] {
  return isGrid(v) ? v.grid.flat() : [v];
}

function round(x: Scalar, digits: Scalar): Scalar {
  const n = toNumber(x);
  if (n instanceof XlError) return n;
  const d = toNumber(digits);
  if (d instanceof XlError) return d;
  const places = Math.trunc(d);
  // Half away from zero on the decimal the cell shows (15 digits), so ROUND(1.005,2) is 1.01 as in Excel.
  const shown = Math.abs(Number(n.toPrecision(15)));
  const r = Number(`${Math.round(Number(`${shown}e${places}`))}e${-places}`);
  return Math.sign(n) * r;
}

/** The *IF functions: cells of the first range where every (range, criterion) pair matches. */
function matching(pairs: [RangeGrid, Match][], fn: string): boolean[][] {
  // Over a whole column, a criterion that a blank cell meets would count the blanks past the sheet's last cell.
  for (const [r, m] of pairs) if (r.whole && m(null)) partOfWhole(r, `${fn} with a criterion that blank cells meet`);
  const [first] = pairs;
  const rows = first![0].grid.length;
  const cols = first![0].grid[0]!.length;
  for (const [r] of pairs)
    if (r.grid.length !== rows || r.grid[0]!.length !== cols)
      throw new Unsupported(`${fn} over ranges of different sizes`);
  return first![0].grid.map((row, i) => row.map((_, j) => pairs.every(([r, m]) => m(r.grid[i]![j]!))));
}

function sumWhere(sum: RangeGrid, hit: boolean[][], fn: string): Scalar {
  if (sum.grid.length !== hit.length || sum.grid[0]!.length !== hit[0]!.length)
    throw new Unsupported(`${fn} with a sum range of another size`);
  let total = 0;
  for (let i = 0; i < hit.length; i++)
    for (let j = 0; j < hit[i]!.length; j++) {
      if (!hit[i]![j]) continue;
      const v = sum.grid[i]![j]!;
      if (v instanceof XlError) return v;
      if (typeof v === 'number') total += v;
    }
  return total;
}

function criteriaPairs(args: Value[], fn: string): [RangeGrid, Match][] {
  const pairs: [RangeGrid, Match][] = [];
  for (let i = 0; i + 1 < args.length; i += 2)
    pairs.push([rangeArg(args[i]!, fn), criterion(scalarArg(args[i + 1]!, fn))]);
  return pairs;
}

function logical(args: Value[], fn: 'AND' | 'OR'): Scalar {
  const seen: boolean[] = [];
  for (const a of args) {
    // Legacy Excel reads a computed array here by implicit intersection, Excel 365 as an array: not guessed.
    if (isGrid(a) && !isRange(a)) throw new Unsupported(`${fn} over a computed array`);
    for (const v of cells(a)) {
      if (v instanceof XlError) return v;
      // Within a range, text and blanks are skipped; a direct argument is converted.
      if (isGrid(a) && (v === null || typeof v === 'string')) continue;
      const b = toBoolean(v);
      if (b instanceof XlError) return b;
      seen.push(b);
    }
  }
  if (seen.length === 0) return VALUE;
  return fn === 'AND' ? seen.every(Boolean) : seen.some(Boolean);
}

function call(name: string, argNodes: Node[], at: Place, book: Book): Value {
  if (!ALLOWED.has(name)) throw new Unsupported(`the function ${name.replace(/^_xl(fn|ws)\./i, '')}`);
  const arity = (min: number, max: number) => {
    if (argNodes.length < min || argNodes.length > max)
      throw new Unsupported(`${name} with ${argNodes.length} arguments`);
  };
  if (name === 'IF') {
    arity(2, 3);
    // Only the branch taken is evaluated, as in Excel; IF over a range differs between Excel's versions.
    const cond = toBoolean(scalarArg(evaluate(argNodes[0]!, at, book), 'IF'));
    if (cond instanceof XlError) return cond;
    if (cond) return evaluate(argNodes[1]!, at, book);
    return argNodes[2] ? evaluate(argNodes[2], at, book) : false;
  }
  const args = argNodes.map((a) => evaluate(a, at, book));
  switch (name) {
    case 'ABS':
      arity(1, 1);
      return map(args[0]!, (s) => {
        const n = toNumber(s);
        return n instanceof XlError ? n : Math.abs(n);
      });
    case 'ROUND':
      arity(2, 2);
      return zip(args[0]!, args[1]!, round);
    case 'NOT': {
      arity(1, 1);
      return map(args[0]!, (s) => {
        const b = toBoolean(s);
        return b instanceof XlError ? b : !b;
      });
    }
    case 'ISBLANK':
      arity(1, 1);
      return map(args[0]!, (s) => s === null);
    case 'ISNUMBER':
      arity(1, 1);
      return map(args[0]!, (s) => typeof s === 'number');
    case 'ISTEXT':
      arity(1, 1);
      return map(args[0]!, (s) => typeof s === 'string');
    case 'AND':
    case 'OR':
      arity(1, 255);
      return logical(args, name);
    case 'SUM': {
      arity(1, 255);
      let total = 0;
      for (const a of args) {
        if (isGrid(a) && !isRange(a)) throw new Unsupported('SUM of a computed array');
        for (const v of cells(a)) {
          if (v instanceof XlError) return v;
          // Numbers in a range count; text and booleans there do not. A direct argument is converted.
          if (isGrid(a)) {
            if (typeof v === 'number') total += v;
          } else {
            const n = toNumber(v);
            if (n instanceof XlError) return n;
            total += n;
          }
        }
      }
      return total;
    }
    case 'SUMPRODUCT': {
      arity(1, 255);
      args.forEach((a) => partOfWhole(a, 'SUMPRODUCT'));
      const grids = args.map((a) => (isGrid(a) ? a.grid : [[a]]));
      const rows = grids[0]!.length;
      const cols = grids[0]![0]!.length;
      if (grids.some((g) => g.length !== rows || g[0]!.length !== cols)) return VALUE;
      let total = 0;
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          let product = 1;
          for (const g of grids) {
            const v = g[i]![j]!;
            if (v instanceof XlError) return v;
            // Entries that are not numbers (booleans included) count as zero, as Excel documents.
            product *= typeof v === 'number' ? v : 0;
          }
          total += product;
        }
      return total;
    }
    case 'COUNTBLANK':
      arity(1, 1);
      partOfWhole(args[0]!, name);
      return rangeArg(args[0]!, name)
        .grid.flat()
        .filter((v) => v === null || v === '').length;
    case 'COUNTIF':
    case 'COUNTIFS': {
      if (name === 'COUNTIF') arity(2, 2);
      else if (args.length % 2 !== 0) throw new Unsupported('COUNTIFS with an odd number of arguments');
      return matching(criteriaPairs(args, name), name).flat().filter(Boolean).length;
    }
    case 'SUMIF': {
      arity(2, 3);
      const range = rangeArg(args[0]!, name);
      const hit = matching([[range, criterion(scalarArg(args[1]!, name))]], name);
      return sumWhere(args[2] ? rangeArg(args[2], name) : range, hit, name);
    }
    default: {
      // SUMIFS
      if (args.length < 3 || args.length % 2 !== 1) throw new Unsupported(`${name} with ${args.length} arguments`);
      const sum = rangeArg(args[0]!, name);
      return sumWhere(sum, matching(criteriaPairs(args.slice(1), name), name), name);
    }
  }
}
