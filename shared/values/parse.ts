import { Decimal } from '../money';

/**
 * Parsers for the non-money figures a plan holds (percentages of a joint
 * commission, planned outputs). They are kept as normalised decimal strings
 * ("62.5"), never floats, so what the user typed is what is stored.
 */
export type ValueParse<T> = { ok: true; value: T } | { ok: false; message: string };

const DECIMAL = /^[+]?(\d{1,12})(?:\.(\d{1,4}))?$/;

export function parseDecimalText(raw: string, what: string, max?: number): ValueParse<string | null> {
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
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  if (key === '') return { ok: true, value: '' };
  const hit = allowed.find((a) => a.toLowerCase().replace(/[\s_-]+/g, ' ') === key) ?? synonyms[key];
  if (hit) return { ok: true, value: hit };
  return { ok: false, message: `${JSON.stringify(raw)} should be ${allowed.map((a) => `"${a}"`).join(', ')} or blank` };
}
