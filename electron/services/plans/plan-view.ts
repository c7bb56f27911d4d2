import type { PlanView } from '../../../shared/api';
import { computePrintedTotals, type PrintedTotal } from '../../../shared/plans/import-lines';
import { validatePlan } from '../../../shared/plans/rules';
import type { PlanSubject } from '../../../shared/plans/subject';
import { planTotals } from '../../../shared/plans/totals';
import { planYears, templateForYear } from '../../../shared/reference/reference-set';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { referenceSet, referenceSets } from '../reference/reference';
import { undoState } from './changesets';
import { listIncome, listPrintedTotals, listRequirements } from './income';
import { listLines } from './lines';
import { findPlan, type PlanRecord } from './plan-store';

/** Everything the rules look at for a stored plan. */
export function planSubject(ctx: ServiceContext, plan: PlanRecord): PlanSubject {
  const lines = listLines(ctx, plan.id);
  const printed: PrintedTotal[] = listPrintedTotals(ctx, plan.id).map(({ id: _id, ...t }) => ({ ...t, computedPence: 0 }));
  computePrintedTotals({ lines, printedTotals: printed });
  return {
    years: plan.years,
    template: referenceSet(ctx, plan.template),
    lines,
    income: listIncome(ctx, plan.id),
    printedTotals: printed,
    requirements: listRequirements(ctx, plan.id),
  };
}

/**
 * The plan screen's whole state in one answer: lines, income, totals, every
 * rule's result and what undo/redo would do. A year without a plan gets an
 * empty view laid out by the template it would follow.
 */
export function getPlanView(ctx: ServiceContext, year: YearLabel): PlanView {
  const plan = findPlan(ctx, year);
  if (!plan) {
    const template = templateForYear(referenceSets(ctx), year);
    const years = planYears(template, year);
    const subject: PlanSubject = { years, template, lines: [], income: [], printedTotals: [], requirements: [] };
    return {
      year, years, label: planLabel(years), exists: false, template: template.template, columns: template.columns,
      lines: [], income: [], requirements: [], printedTotals: [], totals: planTotals([], years.length > 1),
      validation: validatePlan(subject), undo: { undo: null, redo: null },
    };
  }
  const subject = planSubject(ctx, plan);
  return {
    year: plan.year,
    years: plan.years,
    label: planLabel(plan.years),
    exists: true,
    template: plan.template,
    columns: subject.template.columns,
    lines: subject.lines as PlanView['lines'],
    income: [...subject.income],
    requirements: [...subject.requirements],
    printedTotals: [...subject.printedTotals],
    totals: planTotals(subject.lines, plan.years.length > 1),
    validation: validatePlan(subject),
    undo: undoState(ctx, plan.id),
  };
}

/** "2019-20", or "2023-25" for a two-year plan. */
export function planLabel(years: readonly YearLabel[]): string {
  return years.length > 1 ? `${years[0]!.slice(0, 5)}${years[years.length - 1]!.slice(5)}` : years[0]!;
}
