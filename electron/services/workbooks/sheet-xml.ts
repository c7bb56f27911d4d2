import { columnLetter } from '../../../shared/imports/table';
import { asExcelShows, type SheetValue } from '../../../shared/workbooks/values';
import { attr, elementText, escapeText, formatAttrs, parseAttrs, stringItemText, unescapeXml, type Attr } from './xml';
import { maxOf, minOf } from '../../../shared/values/arrays';
import { GridBuilder } from '../files/grid';

/**
 * A worksheet's XML, read in place. The scanner records where every row and
 * cell element sits in the text, so that filling a template changes exactly
 * the cell elements written and copies every other byte of the sheet as it
 * was: formulas, styles, validations, conditional formats, extension lists,
 * even the writer's spacing. Nothing here builds a document tree, so a sheet
 * of 5,000 lines is scanned in tens of milliseconds.
 */
export interface CellToken {
  row: number;
  /** 0-based column. */
  col: number;
  start: number;
  end: number;
  /** The start tag's attributes as written; read them with cellAttrs(). */
  attrText: string;
  hasRef: boolean;
  /** The element's content; null when it is self-closing (<c r="A1" s="3"/>). */
  inner: string | null;
}

export interface RowToken {
  r: number;
  start: number;
  openEnd: number;
  end: number;
  attrs: Attr[];
  hasRef: boolean;
  selfClosing: boolean;
  cells: CellToken[];
}

export interface SheetXml {
  xml: string;
  /** The namespace prefix the sheet's elements carry ("" or e.g. "x:"). */
  prefix: string;
  data: { start: number; openEnd: number; closeStart: number; end: number; selfClosing: boolean };
  rows: RowToken[];
  rowIndex: Map<number, RowToken>;
  dimension: { start: number; end: number; ref: string } | null;
  protected: boolean;
  merged: Range[];
  cols: { min: number; max: number; style: number | null }[];
}

export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export class SheetXmlError extends Error {}

/** Where a start tag ends (the index after ">"), quotes respected; and whether it closes itself. */
function tagEnd(xml: string, from: number): { end: number; selfClosing: boolean } {
  // Fast path: the first ">" ends the tag unless it sits inside a quoted value (an odd number of quotes before it).
  const gt = xml.indexOf('>', from);
  if (gt >= 0) {
    let quotes = 0;
    let apostrophes = 0;
    for (let i = from; i < gt; i++) {
      const ch = xml.charCodeAt(i);
      if (ch === 34) quotes++;
      else if (ch === 39) apostrophes++;
    }
    if (quotes % 2 === 0 && apostrophes === 0) return { end: gt + 1, selfClosing: xml.charCodeAt(gt - 1) === 47 };
  }
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const ch = xml[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '>') {
      return { end: i + 1, selfClosing: xml[i - 1] === '/' };
    }
  }
  throw new SheetXmlError('a start tag is not closed');
}

/** Skips a comment, CDATA section or processing instruction starting at `at`; returns the index after it, or -1 if there is none there. */
function skipSpecial(xml: string, at: number): number {
  // Called at every "<" of a sheet: nearly all are elements, told apart by the one character after it.
  const next = xml.charCodeAt(at + 1);
  if (next !== 33 && next !== 63) return -1; // neither "!" nor "?"
  if (xml.startsWith('<!--', at)) return need(xml.indexOf('-->', at + 4), 'a comment') + 3;
  if (xml.startsWith('<![CDATA[', at)) return need(xml.indexOf(']]>', at + 9), 'a CDATA section') + 3;
  if (xml.startsWith('<?', at)) return need(xml.indexOf('?>', at + 2), 'a processing instruction') + 2;
  return -1;
}

function need(i: number, what: string): number {
  if (i < 0) throw new SheetXmlError(`${what} is not closed`);
  return i;
}

/** XML's white space (space, tab, line feed, carriage return), by character code: tested at every cell, so no regular expression. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Whether the character at `at` ends a start tag's name: white space, "/" or ">". */
function endsName(xml: string, at: number): boolean {
  const c = xml.charCodeAt(at);
  return c === 62 || c === 47 || isSpace(c);
}

function isTag(xml: string, at: number, qname: string): boolean {
  return xml.startsWith(qname, at) && endsName(xml, at + qname.length);
}

/** Finds the close tag </qname> from `from`, skipping comments and CDATA; returns [start, end]. */
function findClose(xml: string, from: number, qname: string): [number, number] {
  const close = `</${qname}`;
  let i = from;
  for (;;) {
    const lt = need(xml.indexOf('<', i), `the element ${qname}`);
    const skipped = skipSpecial(xml, lt);
    if (skipped >= 0) {
      i = skipped;
      continue;
    }
    const after = xml.charCodeAt(lt + close.length);
    if (xml.startsWith(close, lt) && (after === 62 || isSpace(after))) {
      return [lt, need(xml.indexOf('>', lt), `the element ${qname}`) + 1];
    }
    i = lt + 1;
  }
}

/** "AB12" → { col: 27, row: 12 }. */
export function parseRef(ref: string): { col: number; row: number } | null {
  // By hand rather than by a regular expression: it runs for every cell of a sheet.
  let i = 0;
  const n = ref.length;
  if (ref.charCodeAt(i) === 36) i++; // $
  let col = 0;
  let letters = 0;
  while (i < n) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    letters++;
    i++;
  }
  if (letters === 0 || letters > 3) return null;
  if (ref.charCodeAt(i) === 36) i++;
  let row = 0;
  let digits = 0;
  while (i < n) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) break;
    row = row * 10 + (c - 48);
    digits++;
    i++;
  }
  if (digits === 0 || digits > 7 || i !== n) return null;
  return { col: col - 1, row };
}

export function parseRange(ref: string): Range | null {
  const [a, b = a] = ref.split(':');
  const p = parseRef(a!);
  const q = parseRef(b!);
  if (!p || !q) return null;
  return {
    top: Math.min(p.row, q.row),
    bottom: Math.max(p.row, q.row),
    left: Math.min(p.col, q.col),
    right: Math.max(p.col, q.col),
  };
}

export function scanSheet(xml: string): SheetXml {
  const open = /<((?:[A-Za-z_][\w.-]*:)?)sheetData\b/.exec(xml);
  if (!open) throw new SheetXmlError('the sheet has no sheetData element');
  const prefix = open[1]!;
  const start = open.index;
  const head = tagEnd(xml, start);
  const rows: RowToken[] = [];
  let closeStart = head.end;
  let end = head.end;
  if (!head.selfClosing) {
    let i = head.end;
    let lastRow = 0;
    for (;;) {
      const lt = need(xml.indexOf('<', i), 'sheetData');
      const skipped = skipSpecial(xml, lt);
      if (skipped >= 0) {
        i = skipped;
        continue;
      }
      if (xml.startsWith(`</${prefix}sheetData`, lt)) {
        closeStart = lt;
        end = need(xml.indexOf('>', lt), 'sheetData') + 1;
        break;
      }
      if (!isTag(xml, lt + 1, `${prefix}row`)) throw new SheetXmlError(`unexpected element in sheetData at ${lt}`);
      const row = scanRow(xml, lt, prefix, lastRow);
      lastRow = row.r;
      rows.push(row);
      i = row.end;
    }
  }
  const rowIndex = new Map(rows.map((r) => [r.r, r]));
  const dim = new RegExp(`<${prefix}dimension\\b[^>]*>`).exec(xml.slice(0, start));
  const tail = xml.slice(end);
  const protection = new RegExp(`<${prefix}sheetProtection\\b([^>]*)>`).exec(tail);
  const sheetFlag = protection ? attr(parseAttrs(protection[1]!), 'sheet') : undefined;
  const merged: Range[] = [];
  for (const m of tail.matchAll(new RegExp(`<${prefix}mergeCell\\b([^>]*)>`, 'g'))) {
    const range = parseRange(attr(parseAttrs(m[1]!), 'ref') ?? '');
    if (range) merged.push(range);
  }
  const colsBlock = new RegExp(`<${prefix}cols\\b[\\s\\S]*?</${prefix}cols>`).exec(xml.slice(0, start))?.[0] ?? '';
  const cols = [...colsBlock.matchAll(new RegExp(`<${prefix}col\\b([^>]*)>`, 'g'))].map((m) => {
    const a = parseAttrs(m[1]!);
    const style = attr(a, 'style');
    return {
      min: Number(attr(a, 'min')),
      max: Number(attr(a, 'max')),
      style: style === undefined ? null : Number(style),
    };
  });
  return {
    xml,
    prefix,
    data: { start, openEnd: head.end, closeStart, end, selfClosing: head.selfClosing },
    rows,
    rowIndex,
    dimension: dim
      ? { start: dim.index, end: dim.index + dim[0].length, ref: attr(parseAttrs(dim[0]), 'ref') ?? '' }
      : null,
    protected: sheetFlag === '1' || sheetFlag === 'true',
    merged,
    cols,
  };
}

const QUICK = new Map<string, RegExp>();

/** One attribute's value from a start tag's text, without parsing the rest (r, s and t are read for every cell). */
function quickAttr(text: string, name: string): string | undefined {
  // Nearly every writer puts r first: ` r="A1"`.
  if (name === 'r' && text.startsWith(' r="')) {
    const close = text.indexOf('"', 4);
    if (close > 4) {
      const v = text.slice(4, close);
      if (!v.includes('&')) return v;
    }
  }
  let re = QUICK.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    QUICK.set(name, re);
  }
  const m = re.exec(text);
  if (!m) return undefined;
  const v = m[1] ?? m[2]!;
  return v.includes('&') ? parseAttrs(`${name}="${v}"`)[0]!.value : v;
}

export function cellAttrs(cell: CellToken): Attr[] {
  return parseAttrs(cell.attrText);
}

function scanRow(xml: string, at: number, prefix: string, previous: number): RowToken {
  const nameEnd = at + 1 + prefix.length + 3;
  const head = tagEnd(xml, nameEnd);
  const attrs = parseAttrs(xml.slice(nameEnd, head.end - (head.selfClosing ? 2 : 1)));
  const rAttr = attr(attrs, 'r');
  const r = rAttr === undefined ? previous + 1 : Number(rAttr);
  if (!Number.isInteger(r) || r < 1) throw new SheetXmlError(`a row has the number ${rAttr}`);
  const row: RowToken = {
    r,
    start: at,
    openEnd: head.end,
    end: head.end,
    attrs,
    hasRef: rAttr !== undefined,
    selfClosing: head.selfClosing,
    cells: [],
  };
  if (head.selfClosing) return row;
  const rowClose = `</${prefix}row`;
  const cellName = `${prefix}c`;
  let i = head.end;
  let lastCol = -1;
  for (;;) {
    const lt = need(xml.indexOf('<', i), 'a row');
    const skipped = skipSpecial(xml, lt);
    if (skipped >= 0) {
      i = skipped;
      continue;
    }
    if (xml.startsWith(rowClose, lt)) {
      row.end = need(xml.indexOf('>', lt), 'a row') + 1;
      return row;
    }
    if (isTag(xml, lt + 1, cellName)) {
      const cellNameEnd = lt + 1 + prefix.length + 1;
      const cellHead = tagEnd(xml, cellNameEnd);
      const attrText = xml.slice(cellNameEnd, cellHead.end - (cellHead.selfClosing ? 2 : 1));
      const ref = quickAttr(attrText, 'r');
      const parsed = ref === undefined ? null : parseRef(ref);
      if (ref !== undefined && !parsed) throw new SheetXmlError(`a cell has the reference ${ref}`);
      const col = parsed ? parsed.col : lastCol + 1;
      lastCol = col;
      let cellEnd = cellHead.end;
      let inner: string | null = null;
      if (!cellHead.selfClosing) {
        const [cs, ce] = findClose(xml, cellHead.end, `${prefix}c`);
        inner = xml.slice(cellHead.end, cs);
        cellEnd = ce;
      }
      row.cells.push({ row: r, col, start: lt, end: cellEnd, attrText, hasRef: ref !== undefined, inner });
      i = cellEnd;
      continue;
    }
    // Anything else in a row (an extension list) ends the cells; it is kept as it is.
    const [, closeEnd] = findClose(xml, lt, `${prefix}row`);
    row.end = closeEnd;
    return row;
  }
}

// ---------------------------------------------------------------------------
// Reading cell values

export type CellType = 'string' | 'number' | 'boolean' | 'error' | 'date' | 'blank';

export interface CellValue {
  type: CellType;
  /** The value as Excel shows it without formatting: the string, the number's digits, TRUE/FALSE, #REF!. */
  text: string;
  /** The cell holds a formula (its value is the one last calculated). */
  formula: boolean;
  style: number;
}

const CHILD = new Map<string, RegExp>();
const FORMULA = new Map<string, RegExp>();

function formulaTag(prefix: string): RegExp {
  let re = FORMULA.get(prefix);
  if (!re) {
    re = new RegExp(`<${prefix}f[\\s/>]`);
    FORMULA.set(prefix, re);
  }
  return re;
}

function childText(inner: string, prefix: string, name: string): string | null {
  if (!inner.includes(`<${prefix}${name}`)) return null;
  let re = CHILD.get(prefix + name);
  if (!re) {
    re = new RegExp(`<${prefix}${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${prefix}${name}>)`);
    CHILD.set(prefix + name, re);
  }
  const m = re.exec(inner);
  if (!m) return null;
  return m[1] === undefined ? '' : m[1];
}

export function readCell(sheet: SheetXml, cell: CellToken, sharedStrings: readonly string[]): CellValue {
  const style = Number(quickAttr(cell.attrText, 's') ?? 0);
  const type = quickAttr(cell.attrText, 't') ?? 'n';
  const inner = cell.inner ?? '';
  const formula = inner.includes(`<${sheet.prefix}f`) && formulaTag(sheet.prefix).test(inner);
  const v = childText(inner, sheet.prefix, 'v');
  const value = v === null ? null : elementText(v);
  switch (type) {
    case 's': {
      if (value === null) return { type: 'blank', text: '', formula, style };
      const s = sharedStrings[Number(value)];
      if (s === undefined)
        throw new SheetXmlError(
          `cell ${columnLetter(cell.col)}${cell.row} refers to shared string ${value}, which does not exist`,
        );
      return { type: 'string', text: s, formula, style };
    }
    case 'inlineStr': {
      const is = childText(inner, sheet.prefix, 'is');
      return { type: is === null ? 'blank' : 'string', text: is === null ? '' : stringItemText(is), formula, style };
    }
    case 'str':
      return { type: 'string', text: value ?? '', formula, style };
    case 'b':
      return value === null
        ? { type: 'blank', text: '', formula, style }
        : { type: 'boolean', text: value.trim() === '1' || value.trim() === 'true' ? 'TRUE' : 'FALSE', formula, style };
    case 'e':
      return { type: 'error', text: value ?? '#N/A', formula, style };
    case 'd':
      return { type: value === null ? 'blank' : 'date', text: value ?? '', formula, style };
    default:
      return value === null || value.trim() === ''
        ? { type: 'blank', text: '', formula, style }
        : { type: 'number', text: asExcelShows(value.trim()), formula, style };
  }
}

/** A cell's formula as written (without "="), or null for none; "" for a shared formula's follower. */
export function cellFormula(sheet: SheetXml, cell: CellToken): string | null {
  const f = childText(cell.inner ?? '', sheet.prefix, 'f');
  return f === null ? null : unescapeXml(f);
}

/** The style a cell that is not in the XML shows: its row's (if the row is formatted), else its column's, else the default. */
export function impliedStyle(sheet: SheetXml, row: number, col: number): number {
  const r = sheet.rowIndex.get(row);
  if (r) {
    const custom = attr(r.attrs, 'customFormat');
    const s = attr(r.attrs, 's');
    if ((custom === '1' || custom === 'true') && s !== undefined) return Number(s);
  }
  return sheet.cols.find((c) => col + 1 >= c.min && col + 1 <= c.max)?.style ?? 0;
}

export function findCell(sheet: SheetXml, row: number, col: number): CellToken | undefined {
  const r = sheet.rowIndex.get(row);
  if (!r) return undefined;
  // Cells are in column order; a binary search keeps wide rows fast.
  let lo = 0;
  let hi = r.cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = r.cells[mid]!;
    if (c.col === col) return c;
    if (c.col < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The sheet as rows of text (row i is the sheet's row i + 1), for finding headers and labels. */
export function sheetGrid(
  sheet: SheetXml,
  sharedStrings: readonly string[],
  maxRows = Infinity,
  where = 'The sheet',
): string[][] {
  const grid = new GridBuilder(where);
  for (const row of sheet.rows) {
    if (row.r > maxRows) continue;
    for (const c of row.cells) {
      const v = readCell(sheet, c, sharedStrings);
      if (v.type !== 'blank') grid.set(row.r - 1, c.col, v.text);
    }
  }
  return grid.done();
}

// ---------------------------------------------------------------------------
// Writing cells

/** Writes by row (1-based) and column (0-based). */
export type Writes = Map<number, Map<number, SheetValue>>;

export interface WriteOptions {
  /** The style a cell that does not exist yet takes: the column's, if the template gives one. */
  styleForNew?: (row: number, col: number) => number | null;
}

function cellXml(prefix: string, ref: string, attrs: readonly Attr[], value: SheetValue): string {
  const kept = attrs.filter((a) => a.name !== 'r' && a.name !== 't' && a.name !== 'cm' && a.name !== 'vm');
  const head = `<${prefix}c r="${ref}"${formatAttrs(kept)}`;
  if (value.type === 'blank') return `${head}/>`;
  if (value.type === 'number') return `${head}><${prefix}v>${value.text}</${prefix}v></${prefix}c>`;
  const space = /^\s|\s$/.test(value.text) ? ' xml:space="preserve"' : '';
  return `${head} t="inlineStr"><${prefix}is><${prefix}t${space}>${escapeText(value.text)}</${prefix}t></${prefix}is></${prefix}c>`;
}

function widenSpans(attrs: readonly Attr[], cols: number[]): Attr[] | null {
  const spans = attr(attrs, 'spans');
  if (spans === undefined) return null;
  const bounds = spans
    .split(/\s+/)
    .flatMap((s) => s.split(':').map(Number))
    .filter((n) => Number.isFinite(n));
  if (bounds.length === 0) return null;
  const lo = minOf(
    cols.map((c) => c + 1),
    minOf(bounds),
  );
  const hi = maxOf(
    cols.map((c) => c + 1),
    maxOf(bounds),
  );
  if (lo === minOf(bounds) && hi === maxOf(bounds)) return null;
  return attrs.map((a) => (a.name === 'spans' ? { name: 'spans', value: `${lo}:${hi}` } : a));
}

function rowXml(sheet: SheetXml, row: RowToken, writes: Map<number, SheetValue>, options: WriteOptions): string {
  const { xml, prefix } = sheet;
  const existing = new Set(row.cells.map((c) => c.col));
  const inserted = [...writes.keys()].filter((c) => !existing.has(c)).sort((a, b) => a - b);
  const addRefs = inserted.length > 0 && row.cells.some((c) => !c.hasRef);
  const newCell = (col: number) => {
    const value = writes.get(col)!;
    const style = options.styleForNew?.(row.r, col) ?? null;
    if (value.type === 'blank' && style === null) return '';
    return cellXml(
      prefix,
      `${columnLetter(col)}${row.r}`,
      style === null ? [] : [{ name: 's', value: String(style) }],
      value,
    );
  };
  const widened = widenSpans(row.attrs, inserted);
  const startTag =
    widened || row.selfClosing
      ? `<${prefix}row${formatAttrs(widened ?? row.attrs)}>`
      : xml.slice(row.start, row.openEnd);
  const out: string[] = [startTag];
  let cursor = row.openEnd;
  let next = 0;
  for (const cell of row.cells) {
    out.push(xml.slice(cursor, cell.start));
    while (next < inserted.length && inserted[next]! < cell.col) out.push(newCell(inserted[next++]!));
    const value = writes.get(cell.col);
    const ref = `${columnLetter(cell.col)}${row.r}`;
    if (value) {
      const attrs = cellAttrs(cell);
      out.push(value.type === 'blank' && !attrs.some((a) => a.name === 's') ? '' : cellXml(prefix, ref, attrs, value));
    } else if (addRefs && !cell.hasRef) {
      const original = xml.slice(cell.start, cell.end);
      out.push(`<${prefix}c r="${ref}"${original.slice(prefix.length + 2)}`);
    } else {
      out.push(xml.slice(cell.start, cell.end));
    }
    cursor = cell.end;
  }
  while (next < inserted.length) out.push(newCell(inserted[next++]!));
  if (row.selfClosing) out.push(`</${prefix}row>`);
  else out.push(xml.slice(cursor, row.end));
  return out.join('');
}

/**
 * The sheet's XML with the writes applied: each written cell element is
 * replaced (keeping its style) or inserted in column order; rows that do not
 * exist are inserted in row order; every other byte is copied as it was.
 */
export function applyWrites(sheet: SheetXml, writes: Writes, options: WriteOptions = {}): string {
  const { xml, prefix, data } = sheet;
  const targetRows = [...writes.keys()].sort((a, b) => a - b);
  if (targetRows.length === 0) return xml;
  const missingRows = targetRows.filter((r) => !sheet.rowIndex.has(r));
  if (missingRows.length > 0 && sheet.rows.some((r) => !r.hasRef)) {
    throw new SheetXmlError('rows without numbers cannot have rows inserted between them');
  }
  const out: string[] = [];
  // The <dimension> before sheetData grows to cover what is written.
  let cursor = 0;
  if (sheet.dimension) {
    const grown = growDimension(sheet.dimension.ref, writes);
    if (grown !== sheet.dimension.ref) {
      out.push(xml.slice(0, sheet.dimension.start), `<${prefix}dimension ref="${grown}"/>`);
      cursor = sheet.dimension.end;
    }
  }
  if (data.selfClosing) {
    out.push(xml.slice(cursor, data.start), `<${prefix}sheetData>`);
    for (const r of targetRows) out.push(rowXml(sheet, emptyRow(r), writes.get(r)!, options));
    out.push(`</${prefix}sheetData>`, xml.slice(data.end));
    return out.join('');
  }
  let ri = 0;
  for (const r of targetRows) {
    const existing = sheet.rowIndex.get(r);
    if (existing) {
      out.push(xml.slice(cursor, existing.start), rowXml(sheet, existing, writes.get(r)!, options));
      cursor = existing.end;
      continue;
    }
    while (ri < sheet.rows.length && sheet.rows[ri]!.r < r) ri++;
    const at = ri < sheet.rows.length ? sheet.rows[ri]!.start : data.closeStart;
    out.push(xml.slice(cursor, at), rowXml(sheet, emptyRow(r), writes.get(r)!, options));
    cursor = at;
  }
  out.push(xml.slice(cursor));
  return out.join('');
}

function emptyRow(r: number): RowToken {
  return {
    r,
    start: 0,
    openEnd: 0,
    end: 0,
    attrs: [{ name: 'r', value: String(r) }],
    hasRef: true,
    selfClosing: true,
    cells: [],
  };
}

function growDimension(ref: string, writes: Writes): string {
  const range = parseRange(ref);
  if (!range) return ref;
  let { top, bottom, left, right } = range;
  for (const [r, cols] of writes) {
    top = Math.min(top, r);
    bottom = Math.max(bottom, r);
    for (const c of cols.keys()) {
      left = Math.min(left, c);
      right = Math.max(right, c);
    }
  }
  if (top === range.top && bottom === range.bottom && left === range.left && right === range.right) return ref;
  return `${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`;
}

// ---------------------------------------------------------------------------
// Cached results of formulas

/** A formula's result as the file stores it; null to store none (the formula is left for Excel to calculate). */
export type CachedResult = { type: 'number' | 'string' | 'boolean' | 'error'; text: string } | null;

/** The cell element with its formula kept as written and its cached result (<v> and t) replaced. */
function cachedCellXml(sheet: SheetXml, cell: CellToken, result: CachedResult): string {
  const { prefix } = sheet;
  const attrs = cellAttrs(cell).filter((a) => a.name !== 't' && a.name !== 'vm');
  const t = result && { string: 'str', boolean: 'b', error: 'e', number: null }[result.type];
  const head = `<${prefix}c${formatAttrs(attrs)}${t ? ` t="${t}"` : ''}>`;
  const inner = (cell.inner ?? '')
    .replace(new RegExp(`<${prefix}v(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</${prefix}v>)`), '')
    .replace(new RegExp(`<${prefix}is(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</${prefix}is>)`), '');
  const v = result ? `<${prefix}v>${escapeText(result.text)}</${prefix}v>` : '';
  // <v> follows <f> (the schema's order: f, v, is, extLst).
  const f = new RegExp(`<${prefix}f(?:\\s[^>]*?)?(?:/>|>[\\s\\S]*?</${prefix}f>)`).exec(inner);
  const at = f ? f.index + f[0].length : 0;
  return `${head}${inner.slice(0, at)}${v}${inner.slice(at)}</${prefix}c>`;
}

/** The sheet's XML with the given formula cells' cached results replaced; every other byte as it was. */
export function setCachedResults(sheet: SheetXml, results: Map<number, Map<number, CachedResult>>): string {
  const out: string[] = [];
  let cursor = 0;
  for (const row of sheet.rows) {
    const cols = results.get(row.r);
    if (!cols) continue;
    for (const cell of row.cells) {
      if (!cols.has(cell.col)) continue;
      out.push(sheet.xml.slice(cursor, cell.start), cachedCellXml(sheet, cell, cols.get(cell.col)!));
      cursor = cell.end;
    }
  }
  out.push(sheet.xml.slice(cursor));
  return out.join('');
}
