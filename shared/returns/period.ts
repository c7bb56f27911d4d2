import { startYearOf, type YearLabel } from '../years/financial-year';
import type { IsoDate } from '../dates/iso-date';

/**
 * The periods a year's returns cover: three quarters and the end-of-year
 * return. A Q2 return reports spend to date, that is, for April to September.
 */
export const PERIODS = ['Q1', 'Q2', 'Q3', 'YE'] as const;
export type Period = (typeof PERIODS)[number];

export const PERIOD_LABELS: Record<Period, string> = { Q1: 'Q1', Q2: 'Q2', Q3: 'Q3', YE: 'Year end' };

export type PeriodParse = { ok: true; period: Period } | { ok: false; message: string };

const SYNONYMS: Record<string, Period> = {
  q1: 'Q1',
  q2: 'Q2',
  q3: 'Q3',
  q4: 'YE',
  ye: 'YE',
  'year end': 'YE',
  yearend: 'YE',
  'end of year': 'YE',
  eoy: 'YE',
  'quarter 1': 'Q1',
  'quarter 2': 'Q2',
  'quarter 3': 'Q3',
  'quarter 4': 'YE',
};

export function parsePeriod(raw: string): PeriodParse {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  const hit = SYNONYMS[key] ?? SYNONYMS[key.replace(/ /g, '')];
  if (hit) return { ok: true, period: hit };
  return { ok: false, message: `${JSON.stringify(raw)} is not a return period: expected Q1, Q2, Q3 or YE (year end)` };
}

/** How many quarters of the year a return covers: 1 for Q1 … 4 at year end. */
export function quartersElapsed(period: Period): 1 | 2 | 3 | 4 {
  return (PERIODS.indexOf(period) + 1) as 1 | 2 | 3 | 4;
}

/** The last day the return reports on: 30 June, 30 September, 31 December, 31 March. */
export function periodEnds(year: YearLabel, period: Period): IsoDate {
  const y = startYearOf(year);
  return { Q1: `${y}-06-30`, Q2: `${y}-09-30`, Q3: `${y}-12-31`, YE: `${y + 1}-03-31` }[period];
}

/** "Q1 2024-25", "Year end 2024-25". */
export function returnLabel(year: YearLabel, period: Period): string {
  return `${PERIOD_LABELS[period]} ${year}`;
}
