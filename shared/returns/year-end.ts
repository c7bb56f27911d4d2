import { z } from 'zod';
import { Decimal, sumPence, type Pence } from '../money';
import { boundedPence, safeText } from '../values/schemas';
import type { ReturnSettings } from './settings';
import { nameKey } from '../values/text';

/**
 * The year-end return's income side (issue 13 point 4): for each funding
 * source, the income the plan expected for the year beside the income
 * actually received, and the explanation of a variance. Expenditure by line
 * is the return's lines, as in every quarter; income is by source because
 * that is how the plan and NHS England's year-end template hold it.
 */

/** What the user enters for one source: the actual income for the year (null: not yet entered) and the explanation. */
export const incomeActualInputSchema = z
  .object({
    sourceOfFunding: safeText(200).min(1, 'Source of Funding is required'),
    actualPence: boundedPence({ label: 'Actual income' }).nullable(),
    note: safeText(5000),
  })
  .strict();
export type IncomeActualInput = z.infer<typeof incomeActualInputSchema>;

/** One funding source at year end: planned (the plan's income for the year), actual, and the variance. */
export interface YearEndIncomeRow {
  sourceOfFunding: string;
  plannedPence: Pence;
  /** Null until entered. */
  actualPence: Pence | null;
  /** Actual − planned (null until the actual is entered). */
  variancePence: Pence | null;
  note: string;
}

/** Plan, actual and variance by funding source, for income and for expenditure, with the totals. */
export interface YearEndTotalRow {
  sourceOfFunding: string;
  plannedPence: Pence;
  actualPence: Pence;
  variancePence: Pence;
}

export interface YearEndPicture {
  income: YearEndIncomeRow[];
  incomeTotal: YearEndTotalRow;
  /** Expenditure from the return's lines, by their funding source (an actual not entered counts as £0). */
  expenditure: YearEndTotalRow[];
  expenditureTotal: YearEndTotalRow;
}

/** How funding sources are matched: as every name is (case and spacing ignored). */
export const sourceKey = nameKey;

/**
 * The plan's income for the year (several lines of a source, one per
 * partner, add up) joined to the actuals entered: every planned source, then
 * any source with an actual the plan did not expect, in the plan's order.
 */
export function yearEndIncome(
  planned: readonly { sourceOfFunding: string; pence: Pence }[],
  actuals: readonly IncomeActualInput[],
): YearEndIncomeRow[] {
  const rows = new Map<string, YearEndIncomeRow>();
  for (const p of planned) {
    const key = sourceKey(p.sourceOfFunding);
    if (key === '') continue;
    const row = rows.get(key);
    if (row) row.plannedPence += p.pence;
    else
      rows.set(key, {
        sourceOfFunding: p.sourceOfFunding.trim(),
        plannedPence: p.pence,
        actualPence: null,
        variancePence: null,
        note: '',
      });
  }
  for (const a of actuals) {
    const key = sourceKey(a.sourceOfFunding);
    const row = rows.get(key) ?? {
      sourceOfFunding: a.sourceOfFunding.trim(),
      plannedPence: 0,
      actualPence: null,
      variancePence: null,
      note: '',
    };
    row.actualPence = a.actualPence;
    row.note = a.note;
    rows.set(key, row);
  }
  for (const row of rows.values())
    row.variancePence = row.actualPence === null ? null : row.actualPence - row.plannedPence;
  return [...rows.values()];
}

function total(key: string, rows: readonly { plannedPence: Pence; actualPence: Pence | null }[]): YearEndTotalRow {
  const plannedPence = sumPence(rows.map((r) => r.plannedPence));
  const actualPence = sumPence(rows.map((r) => r.actualPence ?? 0));
  return { sourceOfFunding: key, plannedPence, actualPence, variancePence: actualPence - plannedPence };
}

type SpendLine = { sourceOfFunding: string; plannedPence: Pence; actualPence: Pence | null };

export function yearEndPicture(income: YearEndIncomeRow[], lines: readonly SpendLine[]): YearEndPicture {
  const bySource = new Map<string, { name: string; rows: SpendLine[] }>();
  for (const l of lines) {
    const key = sourceKey(l.sourceOfFunding);
    const g = bySource.get(key) ?? { name: l.sourceOfFunding.trim() || '(blank)', rows: [] };
    g.rows.push(l);
    bySource.set(key, g);
  }
  const expenditure = [...bySource.values()]
    .map((g) => total(g.name, g.rows))
    .sort((a, b) => a.sourceOfFunding.localeCompare(b.sourceOfFunding, 'en-GB'));
  return {
    income,
    incomeTotal: total('Total', income),
    expenditure,
    expenditureTotal: total('Total', lines),
  };
}

/**
 * Whether a difference from plan is over the variance thresholds the
 * quarterly forecast check uses (return.variance-explanation): more than the
 * set percentage of the plan, or more than the set amount. Compared in whole
 * pence and exact decimals, so a penny over is over and the threshold itself is not.
 */
export function beyondVariance(diffPence: Pence, plannedPence: Pence, settings: ReturnSettings): boolean {
  if (diffPence === 0) return false;
  const size = Math.abs(diffPence);
  const byPercent = new Decimal(size).times(100).greaterThan(new Decimal(settings.variancePercent).times(plannedPence));
  return byPercent || size > settings.varianceAmountPence;
}
