import type { ReturnOptions, ReturnSummary, ReturnView } from '../../../shared/api';
import { sumPence } from '../../../shared/money';
import { returnLabel } from '../../../shared/returns/period';
import { validateReturn } from '../../../shared/returns/rules';
import { isLocked } from '../../../shared/returns/signoff';
import { ratifiedWhen } from '../../../shared/signoff/approval';
import type { PlanNow, ReturnSubject } from '../../../shared/returns/subject';
import { returnTotals } from '../../../shared/returns/totals';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { listLineFigures, listLines } from '../plans/lines';
import { plannedFor, planYearIndex } from '../../../shared/plans/line';
import { findPlan, listPlans, planById } from '../plans/plan-store';
import { planLabel, templateNotice } from '../plans/plan-view';
import { referenceSets } from '../reference/reference';
import { returnTemplate } from './approved-plan';
import { extraFields } from '../../../shared/reference/reference-set';
import { listConditionAnswers } from '../templates/conditions';
import { effectiveCover } from './cover';
import { deadlineFor } from './deadlines';
import { listAssessments } from './metrics';
import { getReturnSettings } from './settings';
import { returnIncome } from './year-end';
import { yearEndPicture } from '../../../shared/returns/year-end';
import {
  listApprovers,
  listReturnLines,
  listReturnRecords,
  previousReturn,
  requireReturn,
  type ReturnRecord,
} from './store';
import type { Period } from '../../../shared/returns/period';

/** Everything the return rules look at for a stored return. */
export function returnSubject(ctx: ServiceContext, r: ReturnRecord): ReturnSubject {
  const plan = planById(ctx, r.planId);
  const template = returnTemplate(ctx, r);
  return {
    year: r.year,
    period: r.period,
    previousPeriod: previousReturn(ctx, r)?.period ?? null,
    template,
    lines: listReturnLines(ctx, r.id),
    metrics: listAssessments(ctx, r.id, r.year, isLocked(r.state)),
    conditions: listConditionAnswers(ctx, { returnId: r.id }, template.nationalConditions),
    cover: effectiveCover(ctx, r),
    approved: isLocked(r.state),
    settings: getReturnSettings(ctx),
    income: returnIncome(ctx, r),
    ...(isLocked(r.state) ? {} : { planNow: planNow(ctx, r, plan.years) }),
  };
}

/** The plan's lines as they stand now, with the expenditure for the return's year. */
function planNow(ctx: ServiceContext, r: ReturnRecord, years: readonly YearLabel[]): PlanNow {
  const i = planYearIndex(years, r.year);
  return {
    sources: r.sources,
    lines: listLineFigures(ctx, r.planId).map((l) => ({
      id: l.id,
      schemeId: l.schemeId,
      schemeName: l.schemeName,
      sourceOfFunding: l.sourceOfFunding,
      plannedPence: plannedFor(l, i),
    })),
  };
}

export function viewOf(ctx: ServiceContext, r: ReturnRecord): ReturnView {
  const plan = planById(ctx, r.planId);
  const subject = returnSubject(ctx, r);
  const lines = subject.lines as ReturnView['lines'];
  const deadline = r.submittedOn ? r.deadline : deadlineFor(ctx, r.year, r.period);
  return {
    id: r.id,
    year: r.year,
    period: r.period,
    label: returnLabel(r.year, r.period),
    planYear: plan.year,
    planLabel: planLabel(plan.years),
    template: r.template,
    sources: r.sources,
    locked: isLocked(r.state),
    previousPeriod: subject.previousPeriod,
    createdAt: r.createdAt,
    state: r.state,
    approvers: listApprovers(ctx, r.id),
    delegatedAuthority: r.delegatedAuthority,
    deadline,
    submittedOn: r.submittedOn,
    deadlineMet: r.submittedOn && deadline ? r.submittedOn <= deadline : null,
    ratifiedOn: r.ratifiedOn,
    ratifiedAt: r.ratifiedAt,
    ratifiedWhen: ratifiedWhen(r.submittedOn, r.ratifiedOn),
    lines,
    notice: templateNotice(referenceSets(ctx), r.year, subject.template),
    fields: subject.template ? extraFields(subject.template, 'return') : [],
    lists: subject.template ? subject.template.customLists : {},
    totals: returnTotals(lines),
    yearEnd: r.period === 'YE' ? yearEndPicture([...(subject.income ?? [])], lines) : null,
    metrics: [...subject.metrics],
    conditions: [...(subject.conditions ?? [])],
    validation: validateReturn(subject),
    settings: subject.settings,
  };
}

export function getReturnView(ctx: ServiceContext, year: YearLabel, period: Period): ReturnView {
  return viewOf(ctx, requireReturn(ctx, year, period));
}

export function summaryOf(view: ReturnView): ReturnSummary {
  const errors = view.validation.findings.filter((f) => f.severity === 'error').length;
  return {
    id: view.id,
    year: view.year,
    period: view.period,
    label: view.label,
    state: view.state,
    sources: view.sources,
    plannedPence: view.totals.plannedPence,
    actualPence: view.totals.actualPence,
    errors,
    warnings: view.validation.findings.length - errors,
    deadline: view.deadline,
    submittedOn: view.submittedOn,
    ratifiedOn: view.ratifiedOn,
  };
}

export function returnSummaries(ctx: ServiceContext): ReturnSummary[] {
  return listReturnRecords(ctx).map((r) => summaryOf(viewOf(ctx, r)));
}

/** What the create form needs: the plan's funding sources for the year and the returns already made. */
export function returnOptions(ctx: ServiceContext, year: YearLabel): ReturnOptions {
  const years = [...new Set(listPlans(ctx).flatMap((p) => p.years))].sort();
  const plan = findPlan(ctx, year);
  const returns = returnSummaries(ctx).filter((r) => r.year === year);
  if (!plan) return { year, planLabel: null, sources: [], returns, years };
  const i = planYearIndex(plan.years, year);
  const bySource = new Map<string, { name: string; amounts: number[] }>();
  for (const l of listLines(ctx, plan.id)) {
    const name = l.sourceOfFunding.trim();
    if (name === '') continue;
    const key = name.toLowerCase();
    const e = bySource.get(key) ?? { name, amounts: [] };
    e.amounts.push(plannedFor(l, i));
    bySource.set(key, e);
  }
  const sources = [...bySource.values()]
    .map((e) => ({ name: e.name, lines: e.amounts.length, plannedPence: sumPence(e.amounts) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return { year, planLabel: planLabel(plan.years), sources, returns, years };
}
