/**
 * Money is integer pence everywhere: in SQLite, across every API, in every sum.
 * A `Pence` is a plain number so it crosses IPC and JSON unchanged; the helpers
 * here refuse anything that is not a safe integer so that a float never hides in it.
 */
export type Pence = number;

/** The largest amount a user may type or import: £999,999,999,999.99. */
export const MAX_INPUT_PENCE = 99_999_999_999_999;

export function isPence(value: unknown): value is Pence {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertPence(value: unknown, what = 'amount'): Pence {
  if (!isPence(value)) throw new RangeError(`${what} must be a whole number of pence, got ${String(value)}`);
  return value;
}

/** Sums pence exactly; throws rather than lose a penny past 2^53. */
export function sumPence(values: Iterable<Pence>): Pence {
  let total = 0;
  for (const v of values) {
    total += assertPence(v);
    if (!Number.isSafeInteger(total)) throw new RangeError('sum of amounts is too large to hold exactly');
  }
  return total;
}
