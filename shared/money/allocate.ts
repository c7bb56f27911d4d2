import { Decimal, type DecimalLike } from './decimal';
import { assertPence, type Pence } from './pence';

/**
 * Splits `total` pence into parts proportional to `weights` so that the parts
 * always add up exactly to the total (largest remainder method).
 *
 * Each part first gets its exact share rounded towards zero; the pennies left
 * over go one each to the parts with the largest fractional remainders. Ties
 * go to the part that comes first in `weights` (the agreed order of partners),
 * so the result is deterministic. A negative total (an underspend) is split
 * the same way and every part is negative.
 */
export function allocate(total: Pence, weights: readonly DecimalLike[]): Pence[] {
  assertPence(total, 'total');
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  const ws = weights.map((w) => new Decimal(w));
  if (ws.some((w) => w.isNegative() || !w.isFinite())) throw new RangeError('weights must be zero or more');
  const sum = ws.reduce((a, b) => a.plus(b), new Decimal(0));
  if (sum.isZero()) throw new RangeError('at least one weight must be above zero');

  const sign = total < 0 ? -1 : 1;
  const whole = new Decimal(Math.abs(total));
  const exact = ws.map((w) => whole.times(w).dividedBy(sum));
  const parts = exact.map((e) => e.floor().toNumber());
  let left = Math.abs(total) - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e.minus(e.floor()) }))
    .sort((a, b) => b.frac.comparedTo(a.frac) || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts.map((p) => (p === 0 ? 0 : sign * p));
}
