import { sha256Hex } from './sha256';
import type { ResponseBody, ReviewFigures } from './model';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code unit), no white space,
 * arrays in their order (a plan's lines are in the plan's order), numbers
 * only as safe integers (money is integer pence), and null kept. Anything
 * else (a fraction, NaN, undefined, a function) is refused rather than
 * silently written another way.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`canonical JSON holds whole numbers only, not ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

/**
 * SHA-256 of a string as 64 lower-case hex digits. The portable one (sha256Hex) runs anywhere; the
 * Node side passes Node's own crypto, the same digest some twenty times faster on a large package.
 */
export type Sha256 = (text: string) => string;

/** The fingerprint of the figures being agreed. */
export function figuresFingerprint(figures: ReviewFigures, hash: Sha256 = sha256Hex): string {
  return hash(canonicalJson(figures));
}

/** A response's own fingerprint: over everything in it but that fingerprint. */
export function responseFingerprint(body: ResponseBody, hash: Sha256 = sha256Hex): string {
  return hash(canonicalJson(body));
}

/** "a1b2c3d4…" — enough of a fingerprint for a person to compare by eye. */
export function shortFingerprint(fp: string): string {
  return fp.slice(0, 12);
}
