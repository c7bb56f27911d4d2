import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { strFromU8 } from 'fflate';
import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { LIMITS } from '../../../shared/files/limits';
import { openXlsx, type StoredPart } from '../files/xlsx-zip';
import { cellFormula, readCell, scanSheet, SheetXmlError, sheetGrid, type SheetXml } from './sheet-xml';
import { attr, parseAttrs, stringItemText } from './xml';
import { maxOf } from '../../../shared/values/arrays';
import { printable } from '../../../shared/values/text';
import { serialToIso } from '../../../shared/workbooks/values';
import { GridBuilder } from '../files/grid';

/**
 * An xlsx file opened as its parts: the workbook's sheets (name, part,
 * state), its defined names, shared strings and the protection and number
 * format of each cell style. Used to fill a template in place, to derive a
 * profile, and to read a workbook back. Every file goes through the xlsx
 * guard first (truncated, password-protected, zip bombs, huge sheets).
 */
export interface SheetInfo {
  name: string;
  part: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  index: number;
}

export interface DefinedName {
  name: string;
  /** The sheet index it belongs to, for a sheet-scoped name. */
  localSheetId: number | null;
  value: string;
}

export interface StyleInfo {
  locked: boolean;
  percent: boolean;
  numFmt: string;
  /** Whether it shows a number as a date (a built-in date format, or a code with day, month or year). */
  date: boolean;
  /** The solid fill's colour as RRGGBB ("FFFF99": NHS England's yellow input), or null for none or a theme colour. */
  fill: string | null;
}

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function parseXml(file: string, part: string, text: string): Document {
  const errors: string[] = [];
  let doc: Document | null = null;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') errors.push(msg);
      },
    }).parseFromString(text, 'text/xml');
  } catch (err) {
    // xmldom throws on a fatal error (an unclosed tag), having reported it first.
    if (errors.length === 0) errors.push((err as Error).message);
  }
  if (errors.length > 0 || !doc) throw unreadable(file, `its part ${part} is not well-formed XML: ${errors[0]!}`);
  return doc;
}

/** A workbook the reader cannot make sense of: what to do first, the reader's words after, labelled. */
function unreadable(file: string, said: string): ApiError {
  return new ApiError(
    'refused',
    `${file} cannot be read as a workbook: it is damaged, or written in a way Excel itself would not. Open it in Excel, save it again as an Excel Workbook (.xlsx) and import it again. (The reader said: ${printable(said.split('\n')[0]!).slice(0, 200)}.)`,
  );
}

function elements(doc: Document | Element, local: string): Element[] {
  return Array.from(doc.getElementsByTagNameNS('*', local));
}

/** Resolves a relationship target against the part that owns the relationships. */
function resolveTarget(owner: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return path.posix.normalize(path.posix.join(path.posix.dirname(owner), target));
}

const BUILTIN_PERCENT = new Set([9, 10]);
const BUILTIN_DATE = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

export class XlsxPackage {
  readonly file: string;
  readonly names: string[];
  readonly parts: Map<string, Uint8Array>;
  /** Each part as the file stores it, to carry unchanged parts into a filled copy byte for byte. */
  readonly stored: Map<string, StoredPart>;
  readonly workbookPart: string;
  readonly sheets: SheetInfo[];
  readonly definedNames: DefinedName[];
  private sst: string[] | null = null;
  private styleList: StyleInfo[] | null = null;
  private scans = new Map<string, SheetXml>();
  private texts = new Map<string, string>();

  constructor(file: string, bytes: Uint8Array) {
    this.file = file;
    const { names, parts, stored } = openXlsx(file, bytes);
    this.names = names;
    this.parts = parts;
    this.stored = stored;
    const rels = this.text('_rels/.rels');
    const officeDoc = rels
      ? elements(parseXml(file, '_rels/.rels', rels), 'Relationship').find((r) =>
          (r.getAttribute('Type') ?? '').endsWith('/officeDocument'),
        )
      : undefined;
    this.workbookPart = officeDoc ? resolveTarget('', officeDoc.getAttribute('Target') ?? '') : 'xl/workbook.xml';
    const workbookXml = this.text(this.workbookPart);
    if (workbookXml === null)
      throw new ApiError(
        'refused',
        `${file} has no workbook part (${this.workbookPart}); it is not an Excel workbook.`,
      );
    const book = parseXml(file, this.workbookPart, workbookXml);
    const relsPart = path.posix.join(
      path.posix.dirname(this.workbookPart),
      '_rels',
      `${path.posix.basename(this.workbookPart)}.rels`,
    );
    const bookRels = this.text(relsPart);
    const targets = new Map<string, string>();
    if (bookRels) {
      for (const r of elements(parseXml(file, relsPart, bookRels), 'Relationship'))
        targets.set(r.getAttribute('Id') ?? '', resolveTarget(this.workbookPart, r.getAttribute('Target') ?? ''));
    }
    this.sheets = elements(book, 'sheet').flatMap((s, index) => {
      const id = s.getAttributeNS(REL_NS, 'id') || s.getAttribute('r:id') || '';
      const part = targets.get(id);
      if (!part || !this.parts.has(part)) return []; // a chart sheet or a dangling entry: not a worksheet to read
      const state = s.getAttribute('state');
      return [
        {
          name: s.getAttribute('name') ?? '',
          part,
          state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
          index,
        } satisfies SheetInfo,
      ];
    });
    this.definedNames = elements(book, 'definedName').map((d) => {
      const local = d.getAttribute('localSheetId');
      return {
        name: d.getAttribute('name') ?? '',
        localSheetId: local === null || local === '' ? null : Number(local),
        value: d.textContent ?? '',
      };
    });
  }

  text(part: string): string | null {
    const cached = this.texts.get(part);
    if (cached !== undefined) return cached;
    const bytes = this.parts.get(part);
    if (!bytes) return null;
    const text = strFromU8(bytes);
    this.texts.set(part, text);
    return text;
  }

  sheet(name: string): SheetInfo | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** The worksheet's XML, scanned once. */
  scan(sheet: SheetInfo): SheetXml {
    const found = this.scans.get(sheet.part);
    if (found) return found;
    let scanned: SheetXml;
    try {
      scanned = scanSheet(this.text(sheet.part) ?? '');
    } catch (err) {
      if (err instanceof SheetXmlError)
        throw new ApiError('refused', `${this.file}, sheet "${sheet.name}", cannot be read: ${err.message}.`);
      throw err;
    }
    // Rows may come in any order: a row numbered 9,999,999 written first is still the sheet's last.
    const last = maxOf(
      scanned.rows.map((r) => r.r),
      0,
    );
    if (last > LIMITS.rows)
      throw new ApiError(
        'refused',
        `${this.file}, sheet "${sheet.name}", has ${last.toLocaleString('en-GB')} rows; the most this app reads is ${LIMITS.rows.toLocaleString('en-GB')}.`,
      );
    this.scans.set(sheet.part, scanned);
    return scanned;
  }

  /** The sheet as rows of the text each cell holds (numbers as Excel shows them; formulas by their saved results). */
  grid(sheet: SheetInfo, maxRows = Infinity): string[][] {
    return this.cellsRead(sheet, () =>
      sheetGrid(this.scan(sheet), this.sharedStrings(), maxRows, `${this.file}, sheet "${sheet.name}",`),
    );
  }

  /**
   * The sheet as an importer reads a table: rows of the text each cell shows,
   * as grid() gives them, except that a number shown as a date is its date
   * (2024-04-01) and a formula saved without a result is its formula ("=…",
   * which no field parser takes for a value). Rows stay as sparse as the
   * sheet: the layout is counted against the cells bound as it is built.
   */
  table(sheet: SheetInfo): string[][] {
    return this.cellsRead(sheet, () => {
      const scan = this.scan(sheet);
      const sst = this.sharedStrings();
      const grid = new GridBuilder(`${this.file}, sheet "${sheet.name}",`);
      for (const row of scan.rows) {
        for (const c of row.cells) {
          const v = readCell(scan, c, sst);
          let text = v.text;
          if (v.type === 'blank') {
            if (!v.formula) continue;
            text = `=${cellFormula(scan, c) ?? ''}`;
          } else if (v.type === 'number' && this.style(v.style).date && /^\d+(\.\d+)?$/.test(text))
            text = serialToIso(String(Math.trunc(Number(text)))) ?? text;
          grid.set(row.r - 1, c.col, text);
        }
      }
      return grid.done();
    });
  }

  private cellsRead<T>(sheet: SheetInfo, read: () => T): T {
    try {
      return read();
    } catch (err) {
      if (err instanceof SheetXmlError)
        throw new ApiError('refused', `${this.file}, sheet "${sheet.name}", cannot be read: ${err.message}.`);
      throw err;
    }
  }

  sharedStrings(): string[] {
    if (this.sst) return this.sst;
    const part = this.relatedPart('sharedStrings') ?? 'xl/sharedStrings.xml';
    const xml = this.text(part);
    const out: string[] = [];
    if (xml) {
      for (const m of xml.matchAll(/<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g))
        out.push(m[1] === undefined ? '' : stringItemText(m[1]));
    }
    this.sst = out;
    return out;
  }

  /** Each cell style (cellXfs index): locked or not, and whether it shows a percentage. */
  styles(): StyleInfo[] {
    if (this.styleList) return this.styleList;
    const part = this.relatedPart('styles') ?? 'xl/styles.xml';
    const xml = this.text(part);
    const out: StyleInfo[] = [];
    if (xml) {
      const doc = parseXml(this.file, part, xml);
      const formats = new Map(
        elements(doc, 'numFmt').map((f) => [Number(f.getAttribute('numFmtId')), f.getAttribute('formatCode') ?? '']),
      );
      const fillList = elements(doc, 'fills')[0];
      const fills = (fillList ? elements(fillList, 'fill').filter((f) => f.parentNode === fillList) : []).map((f) => {
        const pattern = elements(f, 'patternFill')[0];
        if (!pattern || (pattern.getAttribute('patternType') ?? 'none') === 'none') return null;
        const rgb = elements(pattern, 'fgColor')[0]?.getAttribute('rgb') ?? '';
        return /^[0-9A-Fa-f]{6,8}$/.test(rgb) ? rgb.slice(-6).toUpperCase() : null;
      });
      const cellXfs = elements(doc, 'cellXfs')[0];
      const xfs = cellXfs ? elements(cellXfs, 'xf').filter((x) => x.parentNode === cellXfs) : [];
      for (const xf of xfs) {
        const protection = elements(xf, 'protection')[0];
        const locked = protection?.getAttribute('locked');
        const id = Number(xf.getAttribute('numFmtId') ?? 0);
        const code = formats.get(id) ?? '';
        out.push({
          locked: !(locked === '0' || locked === 'false'),
          percent: BUILTIN_PERCENT.has(id) || /%/.test(code.replace(/"[^"]*"|\\./g, '')),
          date: BUILTIN_DATE.has(id) || /[dmy]/i.test(code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '')),
          numFmt: code || String(id),
          fill: fills[Number(xf.getAttribute('fillId') ?? 0)] ?? null,
        });
      }
    }
    this.styleList = out;
    return out;
  }

  style(index: number): StyleInfo {
    return this.styles()[index] ?? { locked: true, percent: false, numFmt: '0', date: false, fill: null };
  }

  private relatedPart(kind: 'sharedStrings' | 'styles'): string | null {
    const relsPart = path.posix.join(
      path.posix.dirname(this.workbookPart),
      '_rels',
      `${path.posix.basename(this.workbookPart)}.rels`,
    );
    const rels = this.text(relsPart);
    if (!rels) return null;
    for (const m of rels.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
      const a = parseAttrs(m[1]!);
      if ((attr(a, 'Type') ?? '').endsWith(`/${kind}`))
        return resolveTarget(this.workbookPart, attr(a, 'Target') ?? '');
    }
    return null;
  }
}
