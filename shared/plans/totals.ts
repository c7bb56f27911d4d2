import { sumPence, type Pence } from '../money';
import type { LineInput } from './line';

export interface TotalRow {
  key: string;
  pence: Pence;
  lines: number;
}

export interface PlanTotals {
  expenditurePence: Pence;
  lines: number;
  bySourceOfFunding: TotalRow[];
  bySchemeType: TotalRow[];
}

export const BLANK_KEY = '(not given)';

function groupBy(lines: readonly LineInput[], key: (l: LineInput) => string): TotalRow[] {
  const groups = new Map<string, { pence: Pence[]; lines: number }>();
  for (const line of lines) {
    const k = key(line).trim() || BLANK_KEY;
    const g = groups.get(k) ?? { pence: [], lines: 0 };
    g.pence.push(line.expenditurePence);
    g.lines += 1;
    groups.set(k, g);
  }
  return [...groups.entries()]
    .map(([k, g]) => ({ key: k, pence: sumPence(g.pence), lines: g.lines }))
    .sort((a, b) => a.key.localeCompare(b.key, 'en-GB', { numeric: true }));
}

/** Planned expenditure in total and by the two groupings a BCF manager checks first. */
export function planTotals(lines: readonly LineInput[]): PlanTotals {
  return {
    expenditurePence: sumPence(lines.map((l) => l.expenditurePence)),
    lines: lines.length,
    bySourceOfFunding: groupBy(lines, (l) => l.sourceOfFunding),
    bySchemeType: groupBy(lines, (l) => l.schemeType),
  };
}
