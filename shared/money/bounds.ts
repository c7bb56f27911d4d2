import { formatPence } from './format';
import { parseMoney, type MoneyParse } from './parse';
import type { Pence } from './pence';

/**
 * The largest amount one line may hold — a plan line, a line of income, a
 * pool's contribution or budget line, a return's actual or forecast:
 * £1,000,000,000, the bound NHS England's templates put on a money cell
 * (DOMAIN §5). A larger figure in one line is a slip (pence typed as pounds, a
 * pasted total), not a figure a Health and Wellbeing Board area has.
 */
export const LINE_MAX_PENCE: Pence = 100_000_000_000;

export interface AmountBounds {
  /** How the amount is named in a message: "Expenditure £", "A contribution". */
  label: string;
  /**
   * Whether the amount may be below zero: a virement or a ledger's credit may;
   * spend, income, contributions and budgets may not.
   */
  signed?: boolean;
  /** Said after "cannot be negative" (by default ": enter £0 or more"), e.g. ": planned spend is £0 or more (a reduction goes in Virement)". */
  negativeHint?: string;
  /** Defaults to LINE_MAX_PENCE. */
  max?: Pence;
}

const LIMIT = (max: Pence) => formatPence(max, { pence: 'auto' });

/** Why `pence` is outside `bounds`, in the words every importer and form uses; null when it is inside. */
export function amountOutOfBounds(pence: Pence, bounds: AmountBounds): string | null {
  const max = bounds.max ?? LINE_MAX_PENCE;
  if (bounds.signed) {
    return Math.abs(pence) > max
      ? `${bounds.label} is more than ${LIMIT(max)} either way, the most one line may hold; check for pence typed as pounds or a total pasted in`
      : null;
  }
  if (pence < 0) return `${bounds.label} cannot be negative${bounds.negativeHint ?? ': enter £0 or more'}`;
  if (pence > max)
    return `${bounds.label} is more than ${LIMIT(max)}, the most one line may hold; check for pence typed as pounds or a total pasted in`;
  return null;
}

/**
 * parseMoney, then the line's bounds: the one way an amount that must be, say,
 * £0 to £1,000,000,000 is read from a file or a form. The text is refused as
 * parseMoney refuses it ("is not an amount", "larger than
 * £999,999,999,999.99"); a figure outside the bounds with amountOutOfBounds'
 * sentence.
 */
export function parseBoundedMoney(raw: string, bounds: AmountBounds): MoneyParse {
  const parsed = parseMoney(raw);
  if (!parsed.ok) return parsed;
  const out = amountOutOfBounds(parsed.pence, bounds);
  return out === null ? parsed : { ok: false, message: out };
}

/** The same, where a blank cell means "not given". */
export function parseOptionalBoundedMoney(raw: string, bounds: AmountBounds): MoneyParse | { ok: true; pence: null } {
  return raw.trim() === '' ? { ok: true, pence: null } : parseBoundedMoney(raw, bounds);
}
