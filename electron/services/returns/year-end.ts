import { ApiError } from '../../../shared/api';
import { returnLabel, type Period } from '../../../shared/returns/period';
import {
  incomeActualInputSchema,
  sourceKey,
  yearEndIncome,
  type IncomeActualInput,
  type YearEndIncomeRow,
} from '../../../shared/returns/year-end';
import type { YearLabel } from '../../../shared/years/financial-year';
import { all, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { listIncome } from '../plans/income';
import { planById } from '../plans/plan-store';
import { approvedPlanOf } from './approved-plan';
import { touch } from './entry';
import { write } from '../write';
import { assertUnlocked, requireReturn, type ReturnRecord } from './store';

/**
 * The year-end return's income by funding source: the plan's income for the
 * return's year (the first or second plan year) beside the actual income
 * entered on the return. Every source of the plan's income is listed,
 * whichever funding sources the return's lines cover: income is the fund's.
 */

interface IncomeActualRow {
  source_of_funding: string;
  actual_pence: number | null;
  note: string;
}

export function listIncomeActuals(ctx: ServiceContext, returnId: number): IncomeActualInput[] {
  return all<IncomeActualRow>(
    ctx.db,
    'SELECT source_of_funding, actual_pence, note FROM return_income WHERE return_id = ? ORDER BY id',
    returnId,
  ).map((r) => ({ sourceOfFunding: r.source_of_funding, actualPence: r.actual_pence, note: r.note }));
}

/** The year-end income rows of a return; none for a quarterly return (it reports spend only). */
export function returnIncome(ctx: ServiceContext, r: ReturnRecord): YearEndIncomeRow[] {
  if (r.period !== 'YE') return [];
  const plan = planById(ctx, r.planId);
  const second = plan.years.indexOf(r.year) === 1;
  // A locked return keeps the income it was approved against; an open one follows the plan.
  const lines = approvedPlanOf(ctx, r)?.income ?? listIncome(ctx, r.planId);
  const planned = lines.map((l) => ({
    sourceOfFunding: l.sourceOfFunding,
    pence: second ? (l.amountYear2Pence ?? 0) : l.amountPence,
  }));
  return yearEndIncome(planned, listIncomeActuals(ctx, r.id));
}

/**
 * Sets one funding source's actual income for the year and its explanation,
 * with a history entry per field that changes (giving `reason`, e.g. the workbook it came from). Refused on a quarterly return
 * and once the return is approved.
 */
export function setIncomeActual(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  input: IncomeActualInput,
  reason: string | null = null,
): void {
  const checked = incomeActualInputSchema.parse(input);
  write(ctx, (w) => {
    const r = requireReturn(ctx, year, period);
    if (r.period !== 'YE')
      throw new ApiError(
        'refused',
        `The ${returnLabel(year, period)} return reports spend only; actual income is entered on the year-end return.`,
        'period',
      );
    assertUnlocked(r, 'its income');
    const key = sourceKey(checked.sourceOfFunding);
    const row = returnIncome(ctx, r).find((x) => sourceKey(x.sourceOfFunding) === key);
    const name = row?.sourceOfFunding ?? checked.sourceOfFunding;
    const before = { actualPence: row?.actualPence ?? null, note: row?.note ?? '' };
    const fields = (['actualPence', 'note'] as const).filter((f) => before[f] !== checked[f]);
    // Saving what is already there changes nothing, and write() would refuse a change without history.
    if (fields.length === 0) return;
    run(
      ctx.db,
      `INSERT INTO return_income (return_id, source_of_funding, key, actual_pence, note) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (return_id, key) DO UPDATE SET actual_pence = excluded.actual_pence, note = excluded.note`,
      r.id,
      name,
      key,
      checked.actualPence,
      checked.note,
    );
    for (const f of fields) {
      w.audit({
        action: 'update',
        entity: 'return_income',
        entityId: r.id,
        field: `${name}: ${f === 'actualPence' ? 'Actual income (£)' : 'Explanation of variance'}`,
        oldValue: before[f],
        newValue: checked[f],
        reason,
      });
    }
    touch(ctx, r);
  });
}
