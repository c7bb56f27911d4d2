import { Decimal } from '../money';

/**
 * Parsers for the non-money figures a plan holds (percentages of a joint
 * commission, planned outputs). They are kept as normalised decimal strings
 * ("62.5"), never floats, so what the user typed is what is stored.
 */
export type ValueParse<T> = { ok: true; value: T } | { ok: false; message: string };

const DECIMAL = /^[+]?(\d{1,12})(?:\.(\d{1,4}))?$/;
// A whole number with no padding ("60", "0") is already in the form Decimal would give back.
const WHOLE = /^(?:0|[1-9]\d{0,11})$/;

export function parseDecimalText(raw: string, what: string, max?: number): ValueParse<string | null> {
  if (WHOLE.test(raw)) {
    return max !== undefined && Number(raw) > max
      ? { ok: false, message: `${JSON.stringify(raw)} is more than ${max}` }
      : { ok: true, value: raw };
  }
  const text = raw.replace(/,/g, '').replace(/%$/, '').trim();
  if (text === '') return { ok: true, value: null };
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, message: `${JSON.stringify(raw)} is not ${what}: expected a number such as 60 or 62.5` };
  const value = new Decimal(text);
  if (max !== undefined && value.greaterThan(max))
    return { ok: false, message: `${JSON.stringify(raw)} is more than ${max}` };
  return { ok: true, value: value.toString() };
}

export function parsePercentText(raw: string): ValueParse<string | null> {
  return parseDecimalText(raw, 'a percentage', 100);
}

export function parseQuantityText(raw: string): ValueParse<string | null> {
  return parseDecimalText(raw, 'a quantity');
}

/** Case and spacing forgiven; synonyms mapped; anything else refused with the allowed values. */
export function parseChoice<T extends string>(
  raw: string,
  allowed: readonly T[],
  synonyms: Record<string, T> = {},
): ValueParse<T | ''> {
  // Exactly one of the values, as a file exported by the app writes it.
  if ((allowed as readonly string[]).includes(raw) && distinctWhenNormalised(allowed))
    return { ok: true, value: raw as T };
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  if (key === '') return { ok: true, value: '' };
  const hit = allowed.find((a) => a.toLowerCase().replace(/[\s_-]+/g, ' ') === key) ?? synonyms[key];
  if (hit) return { ok: true, value: hit };
  return { ok: false, message: `${JSON.stringify(raw)} should be ${allowed.map((a) => `"${a}"`).join(', ')} or blank` };
}

const normalisedChoice = (value: string) => value.toLowerCase().replace(/[\s_-]+/g, ' ');
const distinct = new WeakMap<readonly string[], boolean>();
/** Whether no two allowed values read alike (then a value given exactly is the one the forgiving match finds). */
function distinctWhenNormalised(allowed: readonly string[]): boolean {
  let known = distinct.get(allowed);
  if (known === undefined) {
    known = new Set(allowed.map(normalisedChoice)).size === allowed.length;
    distinct.set(allowed, known);
  }
  return known;
}
