import { penceToPlain, isPence } from '../money';
import type { ColumnKind } from './profile';

/**
 * The values that cross between the app's data and a workbook. A record is
 * one line of a table, by field: text as text; money as integer pence;
 * decimals (outputs, percentages) as the decimal text the user typed; a
 * quantity as decimal text or a word ("NA"). A cell
 * value is what goes into the sheet XML: text (always the string type, so a
 * scheme name starting with "=" stays text), or a number written as its
 * exact decimal text — the pence never pass through a float on the way.
 */
export type CellInput = string | number | null;
export type WorkbookRecord = Record<string, CellInput>;

export type SheetValue = { type: 'string'; text: string } | { type: 'number'; text: string } | { type: 'blank' };

const DECIMAL = /^-?\d{1,15}(\.\d{1,10})?$/;

/** The sheet value for a record's value in a column of this kind; throws on a value of the wrong type (a bug in an adapter, not a user error). */
export function sheetValue(kind: ColumnKind, value: CellInput, field = 'value'): SheetValue {
  if (value === null || value === undefined) return { type: 'blank' };
  if (kind === 'money') {
    if (!isPence(value)) throw new TypeError(`${field}: money must be integer pence, got ${JSON.stringify(value)}`);
    return { type: 'number', text: penceToPlain(value) };
  }
  if (kind === 'date') {
    const text = String(value).trim();
    if (text === '') return { type: 'blank' };
    const serial = isoToSerial(text);
    if (serial === null)
      throw new TypeError(`${field}: expected a date such as 2026-09-30, got ${JSON.stringify(value)}`);
    return { type: 'number', text: String(serial) };
  }
  if (kind === 'decimal' || kind === 'percent') {
    const text = String(value).trim();
    if (text === '') return { type: 'blank' };
    if (!DECIMAL.test(text))
      throw new TypeError(`${field}: expected decimal text such as 62.5, got ${JSON.stringify(value)}`);
    return { type: 'number', text: trimDecimal(text) };
  }
  const text = String(value);
  if (text.trim() === '') return { type: 'blank' };
  // A quantity is a number when it is one ("120"), and text otherwise ("NA", "-").
  if (kind === 'quantity' && DECIMAL.test(text.trim())) return { type: 'number', text: trimDecimal(text.trim()) };
  return { type: 'string', text };
}

/**
 * A number kept as the user wrote it ("50,000", "12.5") as a record's decimal
 * text for a cell ("50000"); blank as null. For a metric's numerator and
 * denominator, written only where a template maps a column to them.
 */
export function numberCell(text: string | undefined): string | null {
  const plain = (text ?? '').replace(/,/g, '').trim();
  return plain === '' ? null : plain;
}

/** "60.50" → "60.5", "-0" → "0": one spelling per number, for comparing. */
export function trimDecimal(text: string): string {
  let [whole = '0', frac = ''] = text.split('.');
  const negative = whole.startsWith('-');
  whole = whole.replace(/^-/, '').replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${whole}.${frac}` : whole;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/**
 * Moves the decimal point: shiftDecimal("62.5", -2) = "0.625". Exact, on the
 * digits, for a percentage kept as 62.5 in the app and as 0.625 in a cell
 * formatted as a percentage.
 */
export function shiftDecimal(text: string, places: number): string {
  const negative = text.trim().startsWith('-');
  const [whole = '0', frac = ''] = text.trim().replace(/^[-+]/, '').split('.');
  let digits = whole + frac;
  let point = whole.length + places;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  const out = trimDecimal(`${digits.slice(0, point) || '0'}.${digits.slice(point)}`);
  return negative && out !== '0' ? `-${out}` : out;
}

/** Two texts that a person would call the same: case, surrounding and repeated spaces ignored. */
export function sameText(a: string, b: string): boolean {
  return comparable(a) === comparable(b);
}

export function comparable(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function isBlankInput(value: CellInput): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A record's value as a person reads it in a message. */
export function describeInput(kind: ColumnKind, value: CellInput): string {
  const v = sheetValue(kind, value);
  return v.type === 'blank' ? '(blank)' : JSON.stringify(v.text);
}

/**
 * Dates cross into a sheet as Excel's date serial (days since 30 December
 * 1899, the 1900 date system), so a date-formatted cell shows a date and a
 * formula can compare it; they come back the same way. Whole days only.
 */
const EPOCH = Date.UTC(1899, 11, 30);

export function isoToSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(t);
  if (
    back.getUTCFullYear() !== Number(m[1]) ||
    back.getUTCMonth() !== Number(m[2]) - 1 ||
    back.getUTCDate() !== Number(m[3])
  )
    return null;
  return Math.round((t - EPOCH) / 86_400_000);
}

export function serialToIso(serial: string): string | null {
  if (!/^\d{1,6}(\.0+)?$/.test(serial.trim())) return null;
  const d = new Date(EPOCH + Math.trunc(Number(serial)) * 86_400_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/**
 * A number as Excel shows it: to 15 significant digits, the precision Excel
 * keeps, so that a value a program stored as 987654.3199999999 (the nearest
 * double to 987654.32) or 26750.000000000004 (a computed cell) reads as the
 * 987654.32 and 26750 a person sees. Text that is not a plain number is left
 * as it is, for the caller to refuse.
 */
export function asExcelShows(text: string): string {
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return text;
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const digits = text
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  if (digits.length <= 15 && !/[eE]/.test(text)) return text;
  const rounded = Number(n.toPrecision(15));
  if (Math.abs(rounded) >= 1e21 || (rounded !== 0 && Math.abs(rounded) < 1e-6)) return text;
  return String(rounded);
}
