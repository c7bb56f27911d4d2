/**
 * Excel's values and the rules by which it compares and converts them, as the
 * evaluator needs them. A blank cell is null: it reads as 0 in arithmetic, ""
 * in text and comparisons with text, FALSE beside a boolean.
 */
import { Unsupported } from './unsupported';

export class XlError {
  constructor(readonly code: string) {}
}

export type Scalar = number | string | boolean | null | XlError;

/** A rectangle of values: a range read from a sheet, or the element-wise result of an operation on ranges. */
export interface Grid {
  grid: Scalar[][];
}

export type Value = Scalar | Grid;

export const VALUE = new XlError('#VALUE!');
export const DIV0 = new XlError('#DIV/0!');
export const NUM = new XlError('#NUM!');

export function isGrid(v: Value): v is Grid {
  return typeof v === 'object' && v !== null && !(v instanceof XlError);
}

/** A number as Excel turns it into text (at most 15 significant digits, no trailing zeros). */
export function numberText(n: number): string {
  if (n === 0) return '0';
  const s = String(Number(n.toPrecision(15)));
  return s.includes('e') ? s.toUpperCase().replace(/E\+?/, 'E+').replace('E+-', 'E-') : s;
}

export function toNumber(v: Scalar): number | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const t = v.trim();
  // Text that reads as a number counts as one in arithmetic ("1"+1 is 2); text without a digit is #VALUE!.
  if (t !== '' && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/.test(t))
    return t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  // Excel also reads "1,000", "£5" and "1/4/2024" as numbers, by locale: not guessed here.
  if (/\d/.test(t)) throw new Unsupported('arithmetic on text that Excel may read as a number');
  return VALUE;
}

export function toText(v: Scalar): string | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    const text = numberText(v);
    // Excel writes 1E-07 where JavaScript writes 1e-7: such numbers are left for Excel.
    if (/e/i.test(text)) throw new Unsupported('the text of a very large or very small number');
    return text;
  }
  return v;
}

export function toBoolean(v: Scalar): boolean | XlError {
  if (v instanceof XlError) return v;
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const t = v.toUpperCase();
  if (t === 'TRUE') return true;
  if (t === 'FALSE') return false;
  return VALUE;
}

const RANK = { number: 1, string: 2, boolean: 3 } as const;

/** Excel's ordering: numbers < text < booleans; text compared without regard to case. −1, 0 or 1. */
export function compare(a: Exclude<Scalar, XlError>, b: Exclude<Scalar, XlError>): number {
  // A blank takes the other side's kind: 0, "" or FALSE.
  const x = a === null ? (typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0) : a;
  const y = b === null ? (typeof x === 'string' ? '' : typeof x === 'boolean' ? false : 0) : b;
  const tx = typeof x as keyof typeof RANK;
  const ty = typeof y as keyof typeof RANK;
  if (tx !== ty) return RANK[tx] < RANK[ty] ? -1 : 1;
  if (typeof x === 'string') {
    const p = x.toLowerCase();
    const q = (y as string).toLowerCase();
    return p < q ? -1 : p > q ? 1 : 0;
  }
  // Numbers equal to 15 significant digits are equal, as in Excel and LibreOffice (0.1+0.2=0.3 is TRUE).
  const p = Number(Number(x).toPrecision(15));
  const q = Number(Number(y).toPrecision(15));
  return p < q ? -1 : p > q ? 1 : 0;
}
