import { ApiError, type ReturnView } from '../../../shared/api';
import { EMPTY_ENTRY, type ReturnEntry, type ReturnFixed, type ReturnLine } from '../../../shared/returns/line';
import { PERIOD_LABELS, returnLabel, type Period } from '../../../shared/returns/period';
import type { YearLabel } from '../../../shared/years/financial-year';
import { insert } from '../../db/statements';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { listLines } from '../plans/lines';
import { findPlan } from '../plans/plan-store';
import { planLabel } from '../plans/plan-view';
import { ensureMetrics } from './metrics';
import { metricsForYear } from '../../../shared/reference/reference-set';
import { referenceSet } from '../reference/reference';
import { findReturn, insertReturnLine, listReturnLines, previousReturn } from './store';
import { viewOf } from './view';
import { plannedFor, planYearIndex } from '../../../shared/plans/line';
import { nameKey } from '../../../shared/values/text';

const norm = nameKey;
const keyOf = (l: ReturnFixed) =>
  [l.schemeId, l.schemeName, l.briefDescription, l.schemeType, l.subType, l.sourceOfFunding].map(norm).join('\u0001') +
  `\u0001${l.plannedPence}`;

/**
 * Creates a return from the plan covering its year: the plan's lines funded
 * by the sources in scope, their fixed columns copied as they stand (a
 * snapshot), Planned Expenditure taken from the plan year the return is for.
 * A later quarter starts from the previous return's figures, line by line.
 */
export function createReturn(
  ctx: ServiceContext,
  args: { year: YearLabel; period: Period; sources?: string[] | undefined; template?: string | undefined },
): ReturnView {
  return write(ctx, (w) => {
    const plan = findPlan(ctx, args.year);
    if (!plan)
      throw new ApiError(
        'not_found',
        `There is no plan covering ${args.year}: import or enter the plan first.`,
        'year',
      );
    const label = returnLabel(args.year, args.period);
    if (findReturn(ctx, args.year, args.period))
      throw new ApiError('conflict', `The ${label} return already exists.`, 'period');

    const previous = previousReturn(ctx, { year: args.year, period: args.period });
    const planLines = listLines(ctx, plan.id);
    const planSources = [
      ...new Map(
        planLines
          .filter((l) => l.sourceOfFunding.trim() !== '')
          .map((l) => [norm(l.sourceOfFunding), l.sourceOfFunding.trim()]),
      ).values(),
    ];
    const wanted = args.sources && args.sources.length > 0 ? args.sources : (previous?.sources ?? planSources);
    const sources = wanted.map((s) => {
      const hit = planSources.find((p) => norm(p) === norm(s));
      if (!hit)
        throw new ApiError(
          'invalid_request',
          `No line of the ${planLabel(plan.years)} plan is funded by "${s.trim()}"; its sources are ${planSources.map((p) => `"${p}"`).join(', ') || 'none yet'}.`,
          'sources',
        );
      return hit;
    });
    const inScope = new Set(sources.map(norm));
    const lines = planLines.filter((l) => inScope.has(norm(l.sourceOfFunding)));
    if (lines.length === 0)
      throw new ApiError(
        'refused',
        `The ${planLabel(plan.years)} plan has no lines to return on${sources.length ? ` for ${sources.join(', ')}` : ''}.`,
        'sources',
      );

    const template = args.template?.trim() || `BCF ${args.year} ${PERIOD_LABELS[args.period]} return`;
    const now = ctx.now().toISOString();
    const id = insert(
      ctx.db,
      'INSERT INTO bcf_return (plan_id, year_label, period, template, sources, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      plan.id,
      args.year,
      args.period,
      template,
      JSON.stringify(sources),
      now,
      now,
    );
    w.audit({
      action: 'create',
      entity: 'bcf_return',
      entityId: id,
      newValue: { year: args.year, period: args.period, plan: planLabel(plan.years), template, sources },
    });

    const before: ReturnLine[] = previous ? listReturnLines(ctx, previous.id) : [];
    const byPlanLine = new Map(before.filter((l) => l.planLineId !== null).map((l) => [l.planLineId!, l]));
    const byKey = new Map<string, ReturnLine | null>();
    for (const l of before) byKey.set(keyOf(l), byKey.has(keyOf(l)) ? null : l); // alike lines are never paired by guesswork

    const i = planYearIndex(plan.years, args.year);
    lines.forEach((pl, n) => {
      const fixed: ReturnFixed = {
        schemeId: pl.schemeId,
        schemeName: pl.schemeName,
        briefDescription: pl.briefDescription,
        schemeType: pl.schemeType,
        subType: pl.subType,
        sourceOfFunding: pl.sourceOfFunding,
        plannedPence: plannedFor(pl, i),
        plannedOutputs: pl.plannedOutputs,
        outputUnit: pl.outputUnit,
      };
      const prior = byPlanLine.get(pl.id) ?? byKey.get(keyOf(fixed)) ?? null;
      const entry: ReturnEntry = prior
        ? {
            actualPence: prior.actualPence,
            outputsDelivered: prior.outputsDelivered,
            issues: prior.issues,
            issueDescription: prior.issueDescription,
            forecastPence: prior.forecastPence,
            note: '',
            ...(prior.extra ? { extra: prior.extra } : {}),
          }
        : EMPTY_ENTRY;
      insertReturnLine(ctx, id, n + 1, fixed, entry, { planLineId: pl.id, previousLineId: prior?.id ?? null });
    });
    ensureMetrics(ctx, args.year, metricsForYear(referenceSet(ctx, plan.template), args.year));
    return viewOf(ctx, {
      id,
      planId: plan.id,
      year: args.year,
      period: args.period,
      template,
      sources,
      state: 'draft',
      delegatedAuthority: '',
      deadline: null,
      submittedOn: null,
      ratifiedOn: null,
      ratifiedAt: '',
      createdAt: now,
    });
  });
}
