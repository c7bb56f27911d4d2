import type { PlanView, TemplateNotice } from '../../../shared/api';
import type { PlanColumn } from '../../../shared/plans/line';
import { extraColumn } from '../../../shared/templates/fields';
import { computePrintedTotals, type PrintedTotal } from '../../../shared/plans/import-lines';
import { validatePlan } from '../../../shared/plans/rules';
import type { PlanSubject } from '../../../shared/plans/subject';
import { planTotals } from '../../../shared/plans/totals';
import {
  extraFields,
  latestTemplateBefore,
  templateForYear,
  referenceSetSchema,
  type ReferenceSet,
} from '../../../shared/reference/reference-set';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { referenceSets } from '../reference/reference';
import { undoState } from './changesets';
import { listIncome, listPrintedTotals, listRequirements } from './income';
import { countLines, listLines } from './lines';
import { findPlan, noTemplateMessage, planLabelOf, planOverlaps, planStart, type PlanRecord } from './plan-store';
import { listConditionAnswers } from '../templates/conditions';
import { planCoverDetails } from './cover';
import { getPlanSignOff } from './signoff-state';
import { approvedCopyOf, planTemplate } from './approved-copy';
import { planSignOff } from '../../../shared/plans/signoff';
import { withAnswers } from '../../../shared/templates/conditions';

/** Everything the rules look at for a stored plan. */
export function planSubject(ctx: ServiceContext, plan: PlanRecord): PlanSubject {
  const lines = listLines(ctx, plan.id);
  const printed: PrintedTotal[] = listPrintedTotals(ctx, plan.id).map(({ id: _id, ...t }) => ({
    ...t,
    computedPence: 0,
  }));
  computePrintedTotals({ lines, printedTotals: printed });
  const template = planTemplate(ctx, plan);
  return {
    years: plan.years,
    template,
    conditions: listConditionAnswers(ctx, { planId: plan.id }, template.nationalConditions),
    cover: planCoverDetails(ctx, plan.id),
    lines,
    income: listIncome(ctx, plan.id),
    printedTotals: printed,
    requirements: listRequirements(ctx, plan.id),
  };
}

/** The grid's columns: the template year's layout, then the year's own fields on plan lines. */
export function planColumns(set: ReferenceSet): PlanColumn[] {
  return [...set.columns, ...extraFields(set, 'plan').map((f) => extraColumn(f.key) as PlanColumn)];
}

/** What to say when a plan's template year is not its own year's: none, another year's, or a provisional copy. */
export function templateNotice(
  sets: readonly ReferenceSet[],
  year: YearLabel,
  template: ReferenceSet | null,
): TemplateNotice | null {
  const own = templateForYear(sets, year);
  const latest = latestTemplateBefore(sets, year)?.template ?? null;
  if (!own) {
    return template
      ? {
          kind: 'another-year',
          year,
          latest,
          message: `This ${year} plan follows the ${template.template} template year: ${year} has none of its own. Bring NHS England's ${year} workbook, or start a provisional ${year} copy, to give it its own layout and lists.`,
        }
      : { kind: 'none', year, latest, message: noTemplateMessage(year, latest) };
  }
  if (own.confidence === 'provisional' && (!template || template.template === own.template)) {
    return {
      kind: 'provisional',
      year,
      latest,
      message: `The ${own.template} template year is provisional: a copy of ${own.copiedFrom ?? 'an earlier year'} until NHS England's ${own.template} workbook is brought. Its lists and layout may not be this year's.`,
    };
  }
  return null;
}

/**
 * The plan screen's whole state in one answer: lines, income, totals, every
 * rule's result and what undo/redo would do. A year without a plan gets an
 * empty view laid out by the template year it would follow; a year with no
 * template year of its own is shown with the latest one's layout and a notice
 * saying so, and nothing can be added to it until one is brought or copied.
 */
export function getPlanView(ctx: ServiceContext, year: YearLabel): PlanView {
  const plan = findPlan(ctx, year);
  const sets = referenceSets(ctx);
  if (!plan) {
    const own = templateForYear(sets, year);
    const template = own ?? latestTemplateBefore(sets, year)!;
    // A year of a two-year template year shows that template's plan, which starts in its first year.
    const { start, years } = own ? planStart(own, year) : { start: year, years: [year] };
    if (start !== year && findPlan(ctx, start)) return getPlanView(ctx, start);
    const subject: PlanSubject = { years, template, lines: [], income: [], printedTotals: [], requirements: [] };
    return {
      year: start,
      years,
      label: planLabel(years),
      overlaps: [],
      exists: false,
      template: template.template,
      templateLabel: template.label,
      reference: template,
      ascUpliftPercent: template.ascUpliftPercent ?? null,
      confidence: template.confidence,
      notice: templateNotice(sets, year, own ?? null),
      columns: planColumns(template),
      fields: extraFields(template, 'plan'),
      conditions: withAnswers(own?.nationalConditions ?? [], new Map()),
      lines: [],
      income: [],
      requirements: [],
      printedTotals: [],
      totals: planTotals([], years.length > 1),
      validation: validatePlan(subject),
      undo: { undo: null, redo: null, undoStep: null, redoStep: null },
      signOff: planSignOff([], null, ''),
    };
  }
  const subject = planSubject(ctx, plan);
  return {
    year: plan.year,
    years: plan.years,
    label: planLabel(plan.years),
    overlaps: planOverlaps(ctx)
      .filter((o) => o.plans.some((p) => p.id === plan.id))
      .map((o) => ({
        years: o.years,
        plans: o.plans.map((p) => ({ year: p.year, label: planLabel(p.years), lines: countLines(ctx, p.id) })),
      })),
    exists: true,
    template: plan.template,
    templateLabel: subject.template.label,
    reference: subject.template,
    ascUpliftPercent: subject.template.ascUpliftPercent ?? null,
    confidence: subject.template.confidence,
    notice: approvedTemplateNotice(ctx, plan, sets) ?? templateNotice(sets, plan.year, subject.template),
    columns: planColumns(subject.template),
    fields: extraFields(subject.template, 'plan'),
    conditions: [...(subject.conditions ?? [])],
    lines: subject.lines as PlanView['lines'],
    income: [...subject.income],
    requirements: [...subject.requirements],
    printedTotals: [...subject.printedTotals],
    totals: planTotals(subject.lines, plan.years.length > 1),
    validation: validatePlan(subject),
    undo: undoState(ctx, plan.id),
    signOff: getPlanSignOff(ctx, plan.id),
  };
}

/**
 * An approved plan is shown, checked and exported with the template year it was approved on (approved-copy.ts).
 * When that template year has been saved again since, or the year has been given one of its own, it says so,
 * and how to follow it: silence would leave a BCF manager wondering why the new lists or conditions do not show.
 */
function approvedTemplateNotice(
  ctx: ServiceContext,
  plan: PlanRecord,
  sets: readonly ReferenceSet[],
): TemplateNotice | null {
  const kept = approvedCopyOf(ctx, plan)?.template;
  if (!kept) return null;
  const own = templateForYear(sets, plan.year);
  const now = own && own.years.length === plan.years.length ? own : sets.find((t) => t.template === plan.template);
  // Compared as the copy was kept: read through the same schema, as JSON.
  if (!now || JSON.stringify(referenceSetSchema.parse(now)) === JSON.stringify(kept)) return null;
  const what =
    now.template === kept.template
      ? `The ${kept.template} template year has been saved again`
      : `${plan.year} has been given a template year of its own, ${now.template},`;
  return {
    kind: 'approved',
    year: plan.year,
    latest: now.template,
    message: `${what} since this plan was approved. The plan is shown, checked and exported with the ${kept.template} template year as it was approved; reopen it (Sign-off) to follow the template year as it is now.`,
  };
}

/** "2019-20", or "2023-25" for a two-year plan. */
export const planLabel = planLabelOf;
