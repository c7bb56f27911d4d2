import { safeFileName, toCsv, type CsvCell } from '../../../shared/exports/csv';
import { penceToPlain } from '../../../shared/money';
import { LINE_FIELDS, type LineField } from '../../../shared/plans/line';
import type { YearLabel } from '../../../shared/years/financial-year';
import { getArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { planTemplate } from './approved-copy';
import { extraFields } from '../../../shared/reference/reference-set';
import { listLines } from './lines';
import { listPlans, requirePlan, type PlanRecord } from './plan-store';
import { planLabel } from './plan-view';

function cell(field: LineField, value: unknown): CsvCell {
  const kind = LINE_FIELDS[field].kind;
  if (kind === 'money' || kind === 'optional-money') return value === null ? null : penceToPlain(value as number);
  return value === null ? null : String(value);
}

function header(field: LineField, plan: PlanRecord): string {
  if (field === 'expenditurePence') return `Expenditure £ ${plan.years[0]}`;
  if (field === 'expenditureYear2Pence') return `Expenditure £ ${plan.years[1] ?? ''}`.trim();
  return LINE_FIELDS[field].label;
}

/**
 * Scheme lines as CSV in each plan's own columns (one plan, or every plan
 * one after another, each with a Plan column), amounts in pounds and pence.
 * Any text Excel could take for a formula is written as text.
 */
export function exportPlanCsv(ctx: ServiceContext, year?: YearLabel): string {
  const plans = year ? [requirePlan(ctx, year)] : listPlans(ctx);
  const rows: CsvCell[][] = [];
  for (const plan of plans) {
    const set = planTemplate(ctx, plan);
    const columns = set.columns;
    // The template year's own fields follow, headed by their labels (which the plan importer reads back).
    const own = extraFields(set, 'plan');
    rows.push(['Plan', ...columns.map((f) => header(f, plan)), ...own.map((f) => f.label)]);
    for (const l of listLines(ctx, plan.id)) {
      const extra = own.map((f) => {
        const v = l.extra?.[f.key];
        return v === undefined ? null : f.kind === 'money' && typeof v === 'number' ? penceToPlain(v) : String(v);
      });
      rows.push([planLabel(plan.years), ...columns.map((f) => cell(f, l[f])), ...extra]);
    }
  }
  return toCsv(rows);
}

/** "Bath and North East Somerset BCF plan 2019-20.csv", sanitised for every OS. */
export function planCsvName(ctx: ServiceContext, year?: YearLabel): string {
  const area = getArea(ctx)?.name ?? 'BCF';
  return `${safeFileName(`${area} BCF plan ${year ?? 'all years'}`, 'BCF plan')}.csv`;
}
