import { strFromU8, strToU8 } from 'fflate';
import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { safeFileName, startsLikeFormula } from '../../../shared/exports/csv';
import { columnLetter } from '../../../shared/imports/table';
import { formatPence, parseMoney } from '../../../shared/money';
import { parseOutputs } from '../../../shared/returns/line';
import type { FillSummary, WorkbookData, WrittenTable } from '../../../shared/workbooks/data';
import {
  cellRef,
  findSheet,
  HEADER_SCAN_ROWS,
  locateCover,
  locateTable,
  missingKeyMessage,
} from '../../../shared/workbooks/locate';
import type { Profile, ProfileColumn, ProfileTable } from '../../../shared/workbooks/profile';
import { keyColumns } from '../../../shared/workbooks/profile';
import {
  asExcelShows,
  comparable,
  isoToSerial,
  sameText,
  serialToIso,
  shiftDecimal,
  sheetValue,
  trimDecimal,
  type SheetValue,
  type WorkbookRecord,
} from '../../../shared/workbooks/values';
import { openXlsx } from '../files/xlsx-zip';
import { XlsxPackage, type SheetInfo } from './package';
import {
  applyWrites,
  findCell,
  impliedStyle,
  readCell,
  scanSheet,
  type CachedResult,
  type CellToken,
  type CellValue,
  type SheetXml,
  type Writes,
} from './sheet-xml';
import { attr, formatAttrs, parseAttrs } from './xml';
import { cacheResults } from './formulas/cache';
import { zipParts } from './zip';

/**
 * Fills the copy of NHS England's workbook that the user picked: checks it
 * against the profile first (sheets, header texts, pre-populated lines and
 * cover cells) and, if anything stands in the way, says what and where and
 * writes nothing. Otherwise it writes only the input cells, in the sheet XML
 * itself, and leaves every other part of the file byte for byte as it was;
 * the one change outside the cells is the workbook's calculation flag, set
 * so that Excel recalculates the template's checkers when it opens the file.
 * The result is then read back from the finished bytes and every written
 * cell compared with what the app meant. The user's file is never changed:
 * the filled workbook is new bytes, for a new file.
 */
export interface FillInput {
  file: string;
  bytes: Uint8Array;
  profile: Profile;
  data: WorkbookData;
}

export interface FillResult {
  bytes: Uint8Array;
  summary: FillSummary;
}

interface Target {
  sheet: SheetInfo;
  scan: SheetXml;
  writes: Writes;
  /** What each written cell should read back as. */
  expected: { row: number; col: number; value: SheetValue }[];
}

interface Context {
  pkg: XlsxPackage;
  problems: string[];
  warnings: string[];
  targets: Map<string, Target>;
  formulaLike: number;
}

function target(ctx: Context, sheet: SheetInfo): Target {
  let t = ctx.targets.get(sheet.part);
  if (!t) {
    t = { sheet, scan: ctx.pkg.scan(sheet), writes: new Map(), expected: [] };
    ctx.targets.set(sheet.part, t);
  }
  return t;
}

function where(sheet: SheetInfo, row: number, col: number): string {
  return `sheet "${sheet.name}" cell ${columnLetter(col)}${row}`;
}

function mergedInside(scan: SheetXml, row: number, col: number): boolean {
  return scan.merged.some(
    (m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right && !(row === m.top && col === m.left),
  );
}

/** Queues one write after checking the cell is an input: not a formula, not inside a merged block, not locked on a protected sheet. */
function write(
  ctx: Context,
  sheet: SheetInfo,
  row: number,
  col: number,
  value: SheetValue,
  column?: ProfileColumn,
): 'written' | 'replaced' | 'refused' {
  const t = target(ctx, sheet);
  const cell = findCell(t.scan, row, col);
  const current = cell ? readCell(t.scan, cell, ctx.pkg.sharedStrings()) : null;
  const at = where(sheet, row, col);
  if (current?.formula) {
    ctx.problems.push(
      `${at} holds a formula, so it is not an input cell${column ? ` for "${column.header}"` : ''}; the template may not match the profile.`,
    );
    return 'refused';
  }
  if (mergedInside(t.scan, row, col)) {
    ctx.problems.push(
      `${at} is inside a merged block of cells and cannot be written${column ? ` ("${column.header}")` : ''}.`,
    );
    return 'refused';
  }
  if (t.scan.protected && ctx.pkg.style(current ? current.style : impliedStyle(t.scan, row, col)).locked) {
    ctx.problems.push(
      `${at} is locked on a protected sheet, so it is not an input cell${column ? ` for "${column.header}"` : ''}; the template may not match the profile.`,
    );
    return 'refused';
  }
  if (value.type === 'blank' && (!current || current.type === 'blank')) return 'written'; // already empty: nothing to change
  let v = value;
  if (v.type === 'number' && column?.kind === 'percent' && current && ctx.pkg.style(current.style).percent)
    v = { type: 'number', text: shiftDecimal(v.text, -2) };
  let cols = t.writes.get(row);
  if (!cols) t.writes.set(row, (cols = new Map()));
  cols.set(col, v);
  t.expected.push({ row, col, value: v });
  if (v.type === 'string' && startsLikeFormula(v.text)) ctx.formulaLike++;
  return current && current.type !== 'blank' ? 'replaced' : 'written';
}

/** Whether a cell could be written as an input: no formula, not inside a merged block, not locked on a protected sheet. */
function writable(ctx: Context, sheet: SheetInfo, row: number, col: number): boolean {
  const t = target(ctx, sheet);
  const current = cellValueAt(ctx, sheet, row, col);
  if (current?.formula || mergedInside(t.scan, row, col)) return false;
  return !(t.scan.protected && ctx.pkg.style(current ? current.style : impliedStyle(t.scan, row, col)).locked);
}

function cellValueAt(ctx: Context, sheet: SheetInfo, row: number, col: number): CellValue | null {
  const t = target(ctx, sheet);
  const cell = findCell(t.scan, row, col);
  return cell ? readCell(t.scan, cell, ctx.pkg.sharedStrings()) : null;
}

/** The template's value and the app's, compared as the column's kind says. */
function sameAsTemplate(
  column: ProfileColumn,
  template: CellValue | null,
  mine: WorkbookRecord[string],
): { same: boolean; theirs: string; ours: string } {
  const theirs = template && template.type !== 'blank' ? template.text : '';
  const v = sheetValue(column.kind, mine ?? null, column.field);
  const ours = v.type === 'blank' ? '' : v.text;
  // The usual case, a pre-populated cell exactly as the app has it, needs no parsing (thousands of cells in a large return).
  if (theirs === ours && column.kind !== 'money') return { same: true, theirs, ours };
  if (column.kind === 'money') {
    const a = theirs === '' ? null : parseMoney(theirs);
    const b = mine === null || mine === undefined ? null : (mine as number);
    const same = (a === null && b === null) || (a !== null && a.ok && b !== null && a.pence === b);
    return {
      same,
      theirs: a && a.ok ? formatPence(a.pence) : theirs || '(blank)',
      ours: b === null ? '(blank)' : formatPence(b),
    };
  }
  if (column.kind === 'quantity') {
    // "-", "NA", "N/A" all mean not applicable, as the returns model reads them; numbers compare by value.
    const key = (text: string) => {
      const parsed = parseOutputs(text);
      return parsed.ok ? (parsed.value ?? '') : comparable(text);
    };
    return {
      same: key(theirs) === key(ours),
      theirs: theirs ? JSON.stringify(theirs) : '(blank)',
      ours: ours ? JSON.stringify(ours) : '(blank)',
    };
  }
  if (column.kind === 'date') {
    const iso = (text: string) => serialToIso(text) ?? text.trim();
    return {
      same: iso(theirs) === iso(ours),
      theirs: theirs ? JSON.stringify(iso(theirs)) : '(blank)',
      ours: ours ? JSON.stringify(iso(ours)) : '(blank)',
    };
  }
  if (column.kind === 'decimal' || column.kind === 'percent') {
    const same =
      theirs === ours ||
      (theirs !== '' && ours !== '' && /^-?\d+(\.\d+)?$/.test(theirs) && trimDecimal(theirs) === ours);
    return { same, theirs: theirs || '(blank)', ours: ours || '(blank)' };
  }
  return {
    same: sameText(theirs, ours),
    theirs: theirs ? JSON.stringify(theirs) : '(blank)',
    ours: ours ? JSON.stringify(ours) : '(blank)',
  };
}

function describeLine(table: ProfileTable, record: WorkbookRecord, i: number): string {
  const keys = keyColumns(table)
    .map((c) => String(record[c.field] ?? ''))
    .filter(Boolean);
  return `line ${i + 1}${keys.length ? ` (${keys.join(' ')})` : ''}`;
}

/** The rows under the header that the template keeps for lines: formatted, unlocked (if protected), without formulas. */
function roomForLines(ctx: Context, sheet: SheetInfo, firstRow: number, col: number): number {
  const t = target(ctx, sheet);
  let n = 0;
  for (let r = firstRow; ; r++) {
    const cell = findCell(t.scan, r, col);
    if (!cell) break;
    const v = readCell(t.scan, cell, ctx.pkg.sharedStrings());
    if (v.formula) break;
    if (t.scan.protected && ctx.pkg.style(v.style).locked) break;
    n++;
  }
  return n;
}

function fillTable(ctx: Context, table: ProfileTable, records: readonly WorkbookRecord[]): WrittenTable | null {
  // A table the app has nothing to write into may be missing: that is worth saying, not worth refusing the fill for.
  // Nor is an optional one (a layout known only from recollection): what it would have held is not written, and the
  // warning says so; with nothing to write, an optional table's absence is not worth a word.
  const missing = (message: string) => {
    if (records.length === 0) {
      if (!table.optional) ctx.warnings.push(`${message} Nothing was to be written there.`);
    } else if (table.optional) {
      ctx.warnings.push(
        `${message} The ${records.length} row${records.length === 1 ? '' : 's'} of the ${table.title.toLowerCase()} table ${records.length === 1 ? 'was' : 'were'} not written.`,
      );
    } else {
      ctx.problems.push(message);
    }
  };
  const sheet = findSheet(ctx.pkg.sheets, table);
  if (!sheet) {
    missing(
      `There is no sheet "${table.sheet}"${table.sheetAliases?.length ? ` (or ${table.sheetAliases.map((a) => `"${a}"`).join(', ')})` : ''} for the ${table.title.toLowerCase()} table; the workbook's sheets are ${ctx.pkg.sheets.map((s) => `"${s.name}"`).join(', ')}.`,
    );
    return null;
  }
  const grid = ctx.pkg.grid(sheet, HEADER_SCAN_ROWS);
  const located = locateTable(grid, table);
  if (!located) {
    missing(
      `Sheet "${sheet.name}" has no header row with the headings ${table.columns
        .slice(0, 3)
        .map((c) => `"${c.header}"`)
        .join(', ')}… in its first ${HEADER_SCAN_ROWS} rows.`,
    );
    return null;
  }
  const keyProblem = missingKeyMessage(table, located, `Sheet "${sheet.name}"`);
  if (keyProblem) {
    ctx.problems.push(keyProblem);
    return null;
  }
  const headerRow = located.headerRow + 1;
  for (const c of located.missing) {
    if (c.role === 'input')
      ctx.problems.push(
        `Sheet "${sheet.name}": the header row (row ${headerRow}) has no "${c.header}" column, so that input cannot be written.`,
      );
    else if (c.role === 'prefilled')
      ctx.warnings.push(
        `Sheet "${sheet.name}": the header row (row ${headerRow}) has no "${c.header}" column; it was not checked.`,
      );
  }
  const inputs = table.columns.filter((c) => c.role === 'input' && located.columns.has(c.field));
  const firstRow = headerRow + 1;
  const summary: WrittenTable = {
    table: table.id,
    title: table.title,
    sheet: sheet.name,
    headerRow,
    firstRow,
    lastRow: firstRow + records.length - 1,
    lines: records.length,
    cells: 0,
    replaced: 0,
    cleared: 0,
    columns: inputs.map((c) => ({ header: c.header, letter: columnLetter(located.columns.get(c.field)!) })),
  };
  if (inputs.length === 0) return summary;

  let rows: number[];
  if (table.mode === 'prefilled') {
    rows = prefilledRows(ctx, sheet, table, located.columns, firstRow, records);
  } else {
    const firstInput = located.columns.get(inputs[0]!.field)!;
    const room = roomForLines(ctx, sheet, firstRow, firstInput);
    const t = target(ctx, sheet);
    if (room === 0 && t.scan.protected) {
      ctx.problems.push(
        `Sheet "${sheet.name}" is protected and has no unlocked rows under its header (row ${headerRow}) to write lines into.`,
      );
      return null;
    }
    if (room > 0 && records.length > room) {
      ctx.problems.push(
        `Sheet "${sheet.name}" has room for ${room} lines (rows ${firstRow} to ${firstRow + room - 1}), but there are ${records.length}. Use a template with more rows, or generate a workbook instead.`,
      );
      return null;
    }
    rows = records.map((_, i) => firstRow + i);
    // Rows below the lines that hold values (an earlier fill of this copy) are emptied, input cells only.
    for (let r = firstRow + records.length; r < firstRow + room; r++) {
      for (const c of inputs) {
        const col = located.columns.get(c.field)!;
        const v = cellValueAt(ctx, sheet, r, col);
        if (v && v.type !== 'blank' && write(ctx, sheet, r, col, { type: 'blank' }, c) !== 'refused') summary.cleared++;
      }
    }
  }
  records.forEach((record, i) => {
    const row = rows[i];
    if (row === undefined) return;
    for (const c of inputs) {
      let value: SheetValue;
      try {
        value = sheetValue(c.kind, record[c.field] ?? null, c.field);
      } catch (err) {
        ctx.problems.push(`${describeLine(table, record, i)}, "${c.header}": ${(err as Error).message}`);
        continue;
      }
      const outcome = write(ctx, sheet, row, located.columns.get(c.field)!, value, c);
      if (outcome !== 'refused' && value.type !== 'blank') summary.cells++;
      if (outcome === 'replaced') summary.replaced++;
    }
  });
  return summary;
}

/** Matches the app's lines to the rows NHS England pre-populated, by position, checking every key cell. */
function prefilledRows(
  ctx: Context,
  sheet: SheetInfo,
  table: ProfileTable,
  columns: Map<string, number>,
  firstRow: number,
  records: readonly WorkbookRecord[],
): number[] {
  const keys = keyColumns(table).filter((c) => columns.has(c.field));
  const firstKey = columns.get(keys[0]!.field)!;
  const rows: number[] = [];
  for (let r = firstRow; ; r++) {
    const v = cellValueAt(ctx, sheet, r, firstKey);
    if (!v || v.type === 'blank') break;
    rows.push(r);
  }
  if (rows.length !== records.length) {
    ctx.problems.push(
      `Sheet "${sheet.name}" has ${rows.length} pre-populated lines (${rows.length ? `rows ${rows[0]} to ${rows[rows.length - 1]}` : 'none'}), but there are ${records.length} to fill; the template and the app's lines must match one for one.`,
    );
  }
  const checked = table.columns.filter((c) => c.role === 'prefilled' && columns.has(c.field));
  records.forEach((record, i) => {
    const row = rows[i];
    if (row === undefined) return;
    for (const c of checked) {
      const col = columns.get(c.field)!;
      const cmp = sameAsTemplate(c, cellValueAt(ctx, sheet, row, col), record[c.field] ?? null);
      if (cmp.same) continue;
      const message = `${where(sheet, row, col)} ("${c.header}"): the template has ${cmp.theirs}, the app's ${describeLine(table, record, i)} has ${cmp.ours}.`;
      if (c.key) ctx.problems.push(message);
      else ctx.warnings.push(message);
    }
  });
  return rows;
}

function fillCover(ctx: Context, profile: Profile, data: WorkbookData): FillSummary['cover'] {
  const out: FillSummary['cover'] = [];
  // Every input detail is wanted, blank ones too: a filled copy filled again must lose a detail the app no longer has,
  // or the template's checker keeps reading "Yes" and reading the copy back restores the old value.
  const wanted = profile.cover.fields;
  const given = (f: (typeof wanted)[number]) => (data.cover[f.key] ?? '').trim() !== '' || f.role === 'prefilled';
  const sheet =
    ctx.pkg.sheet(profile.cover.sheet) ??
    ctx.pkg.sheets.find((s) => comparable(s.name) === comparable(profile.cover.sheet));
  if (!sheet) {
    if (wanted.some(given))
      ctx.warnings.push(`There is no sheet "${profile.cover.sheet}", so the cover details were not written.`);
    return out;
  }
  const located = locateCover(ctx.pkg.grid(sheet, HEADER_SCAN_ROWS), profile.cover.fields);
  for (const f of located.missing)
    if (given(f))
      ctx.warnings.push(
        `Sheet "${sheet.name}" has no "${f.label}" label, so ${f.role === 'prefilled' ? 'it was not checked' : 'that detail was not written'}.`,
      );
  for (const f of wanted) {
    const at = located.cells.get(f.key);
    if (!at) continue;
    const mine = (data.cover[f.key] ?? '').trim();
    const row = at.row + 1;
    const current = cellValueAt(ctx, sheet, row, at.column);
    const theirs = current && current.type !== 'blank' ? current.text.trim() : '';
    if (f.role === 'prefilled' && theirs !== '') {
      if (mine !== '' && !sameText(theirs, mine))
        ctx.problems.push(
          `${where(sheet, row, at.column)} ("${f.label}") says ${JSON.stringify(theirs)}, but the app's is ${JSON.stringify(mine)}: is this the right workbook?`,
        );
      continue;
    }
    if (mine === '') {
      if (f.role !== 'input' || !current || current.type === 'blank') continue;
      // A detail the app does not have, left over from an earlier fill: emptied, so the copy says what the app says.
      if (!writable(ctx, sheet, row, at.column)) {
        ctx.warnings.push(
          `${where(sheet, row, at.column)} ("${f.label}") holds ${JSON.stringify(theirs)}, which the app does not have, but it is not an input cell, so it was left as it is.`,
        );
        continue;
      }
      if (write(ctx, sheet, row, at.column, { type: 'blank' }) !== 'refused')
        out.push({ label: f.label, cell: `${sheet.name}!${cellRef(at.row, at.column)}`, value: '' });
      continue;
    }
    if (f.role === 'prefilled' && !writable(ctx, sheet, row, at.column)) {
      ctx.warnings.push(
        `${where(sheet, row, at.column)} ("${f.label}") is empty and locked, so the app's ${JSON.stringify(mine)} was not written there.`,
      );
      continue;
    }
    if (
      write(
        ctx,
        sheet,
        row,
        at.column,
        coverValue(ctx, f.key, mine, current ? current.style : impliedStyle(target(ctx, sheet).scan, row, at.column)),
        undefined,
      ) !== 'refused'
    ) {
      out.push({ label: f.label, cell: `${sheet.name}!${cellRef(at.row, at.column)}`, value: mine });
    }
  }
  return out;
}

/** Excel's built-in date formats (numFmtId 14 to 22, 45 to 47 are times). */
const BUILTIN_DATE = new Set([14, 15, 16, 17, 22]);

function isDateFormat(numFmt: string): boolean {
  if (/^\d+$/.test(numFmt)) return BUILTIN_DATE.has(Number(numFmt));
  return /[dy]/i.test(numFmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, ''));
}

/**
 * A cover detail as the cell wants it. The date signed off (kept as ISO) goes in as a date serial where the
 * cell is formatted as a date, so it shows in the template's own format and its checker can compare it as a date;
 * in a cell formatted as text or general it is written as the UK date a person would type (15/07/2024).
 */
function coverValue(ctx: Context, key: string, mine: string, style: number): SheetValue {
  const serial = key === 'dateSignedOff' ? isoToSerial(mine) : null;
  if (serial === null) return { type: 'string', text: mine };
  if (isDateFormat(ctx.pkg.style(style).numFmt)) return { type: 'number', text: String(serial) };
  const [y, m, d] = mine.split('-');
  return { type: 'string', text: `${d}/${m}/${y}` };
}

/** workbook.xml with <calcPr fullCalcOnLoad="1"/>, so that Excel recalculates the template's own checkers on opening. */
export function withFullCalcOnLoad(xml: string): string {
  const m = /<((?:[\w.-]+:)?)calcPr\b([^>]*?)(\/?)>/.exec(xml);
  if (m) {
    const attrs = parseAttrs(m[2]!);
    const flag = attr(attrs, 'fullCalcOnLoad');
    if (flag === '1' || flag === 'true') return xml;
    const next = [...attrs.filter((a) => a.name !== 'fullCalcOnLoad'), { name: 'fullCalcOnLoad', value: '1' }];
    return `${xml.slice(0, m.index)}<${m[1]}calcPr${formatAttrs(next)}${m[3]}>${xml.slice(m.index + m[0].length)}`;
  }
  const prefix = /<((?:[\w.-]+:)?)workbook\b/.exec(xml)?.[1] ?? '';
  const after = [
    'oleSize',
    'customWorkbookViews',
    'pivotCaches',
    'smartTagPr',
    'smartTagTypes',
    'webPublishing',
    'fileRecoveryPr',
    'webPublishObjects',
    'extLst',
  ];
  const positions = after.map((n) => xml.search(new RegExp(`<${prefix}${n}\\b`))).filter((i) => i >= 0);
  const at = positions.length > 0 ? Math.min(...positions) : xml.lastIndexOf(`</${prefix}workbook`);
  return `${xml.slice(0, at)}<${prefix}calcPr fullCalcOnLoad="1"/>${xml.slice(at)}`;
}

export function filledName(file: string): string {
  const base = path.basename(file).replace(/\.xlsx$/i, '');
  return `${safeFileName(`${base} (filled)`, 'BCF workbook (filled)')}.xlsx`;
}

export function fillWorkbook(input: FillInput): FillResult {
  const { file, profile, data } = input;
  const pkg = new XlsxPackage(file, input.bytes);
  const ctx: Context = { pkg, problems: [], warnings: [], targets: new Map(), formulaLike: 0 };
  const present = new Set(pkg.sheets.map((s) => comparable(s.name)));
  const missingSheets = profile.sheets.filter((s) => !present.has(comparable(s)));
  if (missingSheets.length > 0)
    ctx.warnings.push(
      `The profile "${profile.label}" expects sheets this workbook does not have: ${missingSheets.map((s) => `"${s}"`).join(', ')}.`,
    );

  const tables: WrittenTable[] = [];
  for (const table of profile.tables) {
    const records = data.tables[table.id] ?? [];
    const written = fillTable(ctx, table, records);
    if (written) tables.push(written);
  }
  const cover = fillCover(ctx, profile, data);
  if (ctx.problems.length > 0) {
    const n = ctx.problems.length;
    throw new ApiError(
      'refused',
      `${file} was not filled, and nothing was written: ${ctx.problems[0]}${n > 1 ? ` (and ${n - 1} more problem${n > 2 ? 's' : ''})` : ''}`,
      undefined,
      ctx.problems,
    );
  }

  const written = new Map<string, string>();
  for (const t of ctx.targets.values()) {
    if (t.writes.size === 0) continue;
    const styleForNew = (row: number, col: number) => {
      const style = impliedStyle(t.scan, row, col);
      return style === 0 ? null : style;
    };
    written.set(t.sheet.part, applyWrites(t.scan, t.writes, { styleForNew }));
  }
  // Every formula gets the result it will recalculate to, so readers that only read saved results see the truth.
  const cached = cacheResults(pkg, written);
  const changed = new Map<string, Uint8Array>();
  for (const [part, xml] of written) changed.set(part, strToU8(cached.xml.get(part) ?? xml));
  for (const [part, xml] of cached.xml) if (!changed.has(part)) changed.set(part, strToU8(xml));
  for (const l of cached.left)
    ctx.warnings.push(
      `${l.cells.length} formula${l.cells.length === 1 ? '' : 's'} (${l.cells.slice(0, 5).join(', ')}${l.cells.length > 5 ? ', …' : ''}) use${l.cells.length === 1 ? 's' : ''} ${l.reason}, which the app does not calculate: left for Excel to calculate when it opens the file (no result saved, rather than a guessed one).`,
    );
  const book = pkg.text(pkg.workbookPart)!;
  const flagged = withFullCalcOnLoad(book);
  if (flagged !== book) changed.set(pkg.workbookPart, strToU8(flagged));
  const zipped = zipParts(pkg.names.map((n) => [n, changed.get(n) ?? { stored: pkg.stored.get(n)! }] as const));

  const verification = verifyFill(file, pkg, zipped, ctx, changed, cached.written);
  return {
    bytes: zipped,
    summary: {
      file,
      outputName: filledName(file),
      profile: profile.id,
      tables,
      cover,
      warnings: ctx.warnings,
      formulaLikeTexts: ctx.formulaLike,
      formulas: { calculated: cached.calculated, leftForExcel: cached.left },
      verification,
    },
  };
}

/** A formula cell's <f> element as written. */
function formulaText(cell: CellToken): string {
  return /<(?:[\w.-]+:)?f[\s/>][\s\S]*?(?:<\/(?:[\w.-]+:)?f>|\/>)/.exec(cell.inner ?? '')?.[0] ?? '';
}

function sameResult(got: CellValue, want: CachedResult, cell: CellToken, prefix: string): boolean {
  if (!got.formula) return false;
  if (want === null) return !(cell.inner ?? '').includes(`<${prefix}v`);
  if (want.type === 'number') return got.type === 'number' && Number(got.text) === Number(asExcelShows(want.text));
  if (want.type === 'boolean') return got.type === 'boolean' && got.text === (want.text === '1' ? 'TRUE' : 'FALSE');
  return got.type === want.type && got.text === want.text;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Reads the finished file back, from its bytes: every part not meant to
 * change is byte-for-byte the original; in each filled sheet every written
 * cell holds what was meant and every other cell element, and everything
 * around the cells, is as it was.
 */
function verifyFill(
  file: string,
  before: XlsxPackage,
  bytes: Uint8Array,
  ctx: Context,
  changed: Map<string, Uint8Array>,
  results: Map<string, Map<number, Map<number, CachedResult>>>,
): FillSummary['verification'] {
  // Read afresh through the guard: the changed parts inflated and checked; every other part must be stored
  // exactly as in the original (same compressed bytes, whose checksum the guard checked when the original was opened).
  // The shared strings are never changed by a fill, so the first reading of them serves.
  const after = openXlsx(file, bytes, { inflate: new Set(changed.keys()) });
  const fail = (what: string): never => {
    throw new ApiError(
      'internal',
      `The filled workbook did not read back as written (${what}); it was not saved. Please report this.`,
    );
  };
  if (after.names.join('\n') !== before.names.join('\n')) fail('its parts differ');
  let unchanged = 0;
  for (const name of before.names) {
    if (changed.has(name)) {
      if (!sameBytes(after.parts.get(name)!, changed.get(name)!)) fail(`part ${name} is not what was written`);
      continue;
    }
    const a = after.stored.get(name)!;
    const b = before.stored.get(name)!;
    if (a.crc !== b.crc || a.size !== b.size || a.method !== b.method || !sameBytes(a.data, b.data))
      fail(`part ${name} changed`);
    unchanged++;
  }
  let cells = 0;
  const sst = before.sharedStrings();
  for (const info of before.sheets) {
    if (!changed.has(info.part)) continue;
    const t = ctx.targets.get(info.part);
    const writes = t?.writes ?? new Map<number, Map<number, SheetValue>>();
    const recalculated = results.get(info.part) ?? new Map<number, Map<number, CachedResult>>();
    const scan = scanSheet(strFromU8(after.parts.get(info.part)!));
    const was = before.scan(info);
    const outside = (s: SheetXml) =>
      s.xml.slice(0, s.data.start).replace(/<(?:[\w.-]+:)?dimension\b[^>]*>/, '') + s.xml.slice(s.data.end);
    if (outside(scan) !== outside(was)) fail(`sheet ${info.name} changed outside its cells`);
    for (const row of was.rows) {
      const written = writes.get(row.r);
      const now = scan.rowIndex.get(row.r);
      if (!now) fail(`row ${row.r} of ${info.name} is missing`);
      for (const c of row.cells) {
        if (written?.has(c.col)) continue;
        const other = findCell(scan, row.r, c.col);
        if (!other) fail(`${info.name}!${columnLetter(c.col)}${row.r} is missing`);
        const ref = `${info.name}!${columnLetter(c.col)}${row.r}`;
        const result = recalculated.get(row.r);
        if (result?.has(c.col)) {
          // A formula given its result: the formula exactly as it was, the saved result the one calculated.
          if (formulaText(c) !== formulaText(other!)) fail(`${ref}'s formula changed`);
          if (!sameResult(readCell(scan, other!, sst), result.get(c.col)!, other!, scan.prefix))
            fail(`${ref}'s saved result is not the one calculated`);
          continue;
        }
        const a = was.xml.slice(c.start, c.end);
        const b = scan.xml.slice(other!.start, other!.end);
        if (a !== b && !(c.hasRef === false && b.endsWith(a.slice(was.prefix.length + 2)))) fail(`${ref} changed`);
      }
    }
    if (!t) continue;
    for (const e of t.expected) {
      const cell = findCell(scan, e.row, e.col);
      const got = cell ? readCell(scan, cell, sst) : null;
      const ok =
        e.value.type === 'blank'
          ? !got || got.type === 'blank'
          : got !== null &&
            !got.formula &&
            got.type === e.value.type &&
            (e.value.type === 'number'
              ? trimDecimal(got.text) === trimDecimal(e.value.text)
              : got.text === e.value.text);
      if (!ok) fail(`${info.name}!${columnLetter(e.col)}${e.row} reads ${JSON.stringify(got?.text ?? '')}`);
      cells++;
    }
  }
  return { cells, partsUnchanged: unchanged, partsChanged: [...changed.keys()] };
}
