import { allocate, Decimal, formatPence, type DecimalLike, type Pence } from '../money';
import type { Rounding } from './model';

/**
 * Every split in the risk share goes through here: `allocate` (largest
 * remainder, ties to the partner listed first) does the rounding, and this
 * records the exact shares beside the rounded ones so that the working can
 * show where each penny went.
 */
export function split(
  label: string,
  totalPence: Pence,
  partners: readonly string[],
  weights: readonly DecimalLike[],
): Rounding {
  const pence = allocate(totalPence, weights);
  const ws = weights.map((w) => new Decimal(w));
  const sum = ws.reduce((a, b) => a.plus(b), new Decimal(0));
  const whole = new Decimal(Math.abs(totalPence));
  const exactAbs = ws.map((w) => whole.times(w).dividedBy(sum));
  const sign = totalPence < 0 ? -1 : 1;

  // A tie decided a penny when the pennies left over ran out in the middle of
  // a group of equal remainders.
  const left = Math.abs(totalPence) - exactAbs.reduce((n, e) => n + e.floor().toNumber(), 0);
  const fracs = exactAbs.map((e) => e.minus(e.floor())).sort((a, b) => b.comparedTo(a));
  const tieBreak = left > 0 && left < fracs.length && fracs[left - 1]!.eq(fracs[left]!);

  return {
    label,
    totalPence,
    partners: [...partners],
    weights: ws.map((w) => w.toString()),
    exact: exactAbs.map((e) => exactText(e.times(sign))),
    pence,
    tieBreak,
  };
}

/** Pence to four decimal places, with "…" when there is more. */
export function exactText(pence: Decimal): string {
  const shown = pence.toDecimalPlaces(4, Decimal.ROUND_DOWN);
  return shown.eq(pence) ? shown.toString() : `${shown.toFixed(4)}…`;
}

/** The exact share as money for the working: "£14.1414…" (pence shown as pounds). */
export function exactMoney(exactPence: string): string {
  const more = exactPence.endsWith('…');
  const d = new Decimal(exactPence.replace('…', ''));
  if (d.isInteger() && !more) return formatPence(d.toNumber());
  const pounds = d.dividedBy(100).abs();
  const [whole, frac = ''] = pounds.toFixed(6).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${d.isNegative() ? '-' : ''}£${grouped}.${frac.replace(/0+$/, '').padEnd(2, '0')}${more ? '…' : ''}`;
}
