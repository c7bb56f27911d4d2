import DecimalBase from 'decimal.js';
import { assertPence, type Pence } from './pence';

/**
 * The one rounding rule: amounts are rounded to the penny half away from zero
 * (ROUND_HALF_UP in decimal.js, which rounds -0.5p to -1p). Ratios and
 * percentages are carried at 40 significant digits until that single rounding.
 * Splits never round each part on its own: see `allocate`.
 */
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;
export type DecimalLike = Decimal | string | number;

export function roundToPence(value: DecimalLike): Pence {
  const rounded = new Decimal(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return assertPence(rounded.toNumber(), 'rounded amount');
}

/** Applies a percentage (e.g. "5.66" for an uplift of 5.66%) and rounds once. */
export function applyPercent(amount: Pence, percent: DecimalLike): Pence {
  return roundToPence(new Decimal(amount).times(new Decimal(percent)).dividedBy(100));
}
