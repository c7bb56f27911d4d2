import { penceToPlain } from '../../../shared/money';
import { safeFileName, toCsv, type CsvCell } from '../../../shared/exports/csv';
import { getArea } from '../areas/areas';
import { LINE_LABELS } from '../../../shared/plans/line';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { getPlanView } from './lines';
import { listPlanYears } from './plan-store';

const money = (p: number | null): CsvCell => (p === null ? null : penceToPlain(p));

/** Scheme lines as CSV (one year, or every year with a Year column), amounts in pounds and pence. */
export function exportPlanCsv(ctx: ServiceContext, year?: YearLabel): string {
  const years = year ? [year] : listPlanYears(ctx);
  const rows: CsvCell[][] = [[
    'Year', LINE_LABELS.schemeId, LINE_LABELS.schemeName, LINE_LABELS.schemeType, LINE_LABELS.areaOfSpend, LINE_LABELS.sourceOfFunding,
    LINE_LABELS.priorYearPence, LINE_LABELS.virementPence, LINE_LABELS.expenditurePence, LINE_LABELS.newOrExisting, LINE_LABELS.schemeUpdate,
  ]];
  for (const y of years) {
    for (const l of getPlanView(ctx, y).lines) {
      rows.push([y, l.schemeId, l.schemeName, l.schemeType, l.areaOfSpend, l.sourceOfFunding, money(l.priorYearPence), money(l.virementPence),
        money(l.expenditurePence), l.newOrExisting, l.schemeUpdate]);
    }
  }
  return toCsv(rows);
}

/** "Bath and North East Somerset BCF plan 2019-20.csv", sanitised for every OS. */
export function planCsvName(ctx: ServiceContext, year?: YearLabel): string {
  const area = getArea(ctx)?.name ?? 'BCF';
  return `${safeFileName(`${area} BCF plan ${year ?? 'all years'}`, 'BCF plan')}.csv`;
}
