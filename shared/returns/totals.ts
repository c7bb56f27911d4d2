import { sumPence, type Pence } from '../money';
import { groupBy } from '../values/arrays';
import { BLANK_KEY } from '../plans/totals';
import type { ReturnEntry, ReturnFixed } from './line';

/** The totals NHS England's sheet does not print: planned, actual and forecast, overall and by grouping. */
export interface ReturnTotalRow {
  key: string;
  lines: number;
  plannedPence: Pence;
  actualPence: Pence;
  /** Lines whose actual is not yet entered (counted as £0 above). */
  actualMissing: number;
  /** The forecast outturn, taking plan where a line has no forecast. */
  forecastPence: Pence;
}

export interface ReturnTotals extends ReturnTotalRow {
  bySourceOfFunding: ReturnTotalRow[];
  bySchemeType: ReturnTotalRow[];
}

type Totalled = Pick<ReturnFixed, 'plannedPence' | 'sourceOfFunding' | 'schemeType'> &
  Pick<ReturnEntry, 'actualPence' | 'forecastPence'>;

function row<L extends Totalled>(key: string, lines: readonly L[]): ReturnTotalRow {
  return {
    key,
    lines: lines.length,
    plannedPence: sumPence(lines.map((l) => l.plannedPence)),
    actualPence: sumPence(lines.map((l) => l.actualPence ?? 0)),
    actualMissing: lines.filter((l) => l.actualPence === null).length,
    forecastPence: sumPence(lines.map((l) => l.forecastPence ?? l.plannedPence)),
  };
}

export function groupReturnTotals<L extends Totalled>(lines: readonly L[], key: (l: L) => string): ReturnTotalRow[] {
  return [...groupBy(lines, (l) => key(l).trim() || BLANK_KEY).entries()]
    .map(([k, g]) => row(k, g))
    .sort((a, b) => a.key.localeCompare(b.key, 'en-GB', { numeric: true }));
}

export function returnTotals(lines: readonly Totalled[]): ReturnTotals {
  return {
    ...row('Total', lines),
    bySourceOfFunding: groupReturnTotals(lines, (l) => l.sourceOfFunding),
    bySchemeType: groupReturnTotals(lines, (l) => l.schemeType),
  };
}
