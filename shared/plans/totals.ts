import { sumPence, type Pence } from '../money';
import { groupBy } from '../values/arrays';
import type { LineInput } from './line';

export interface TotalRow {
  key: string;
  pence: Pence;
  /** The second plan year's total, for a two-year plan. */
  year2Pence: Pence | null;
  lines: number;
}

export interface PlanTotals {
  expenditurePence: Pence;
  expenditureYear2Pence: Pence | null;
  lines: number;
  bySourceOfFunding: TotalRow[];
  bySchemeType: TotalRow[];
}

export const BLANK_KEY = '(not given)';

type Totalled = Pick<
  LineInput,
  'expenditurePence' | 'expenditureYear2Pence' | 'sourceOfFunding' | 'schemeType' | 'schemeId'
>;

export function groupTotals<L extends Totalled>(
  lines: readonly L[],
  key: (l: L) => string,
  twoYears: boolean,
): TotalRow[] {
  return [...groupBy(lines, (line) => key(line).trim() || BLANK_KEY).entries()]
    .map(([k, g]) => ({
      key: k,
      pence: sumPence(g.map((l) => l.expenditurePence)),
      year2Pence: twoYears ? sumPence(g.map((l) => l.expenditureYear2Pence ?? 0)) : null,
      lines: g.length,
    }))
    .sort((a, b) => a.key.localeCompare(b.key, 'en-GB', { numeric: true }));
}

/** Planned expenditure in total and by the two groupings a BCF manager checks first. */
export function planTotals(lines: readonly Totalled[], twoYears = false): PlanTotals {
  return {
    expenditurePence: sumPence(lines.map((l) => l.expenditurePence)),
    expenditureYear2Pence: twoYears ? sumPence(lines.map((l) => l.expenditureYear2Pence ?? 0)) : null,
    lines: lines.length,
    bySourceOfFunding: groupTotals(lines, (l) => l.sourceOfFunding, twoYears),
    bySchemeType: groupTotals(lines, (l) => l.schemeType, twoYears),
  };
}
