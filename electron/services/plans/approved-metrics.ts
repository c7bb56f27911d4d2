import { z } from 'zod';
import { ApiError } from '../../../shared/api';
import type { MetricNumbers } from '../../../shared/returns/metrics';
import { all, one, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { planLabelOf, type PlanRecord } from './plan-store';

/**
 * The metric targets a plan was approved with. Metrics belong to the year, not to the plan: the year's
 * returns report against them, and targets are revised during the year (DOMAIN §9), so they stay open to
 * change while the plan is locked. What the partners signed does not change with them: from the first
 * approval the plan keeps a copy (`plan.approved_metrics`, migration 018), which its workbook shows, and
 * reopening the plan lets go of it.
 */
export type PlanMetric = { name: string; target: string } & MetricNumbers;

const keptSchema = z.array(
  z.object({ name: z.string(), target: z.string(), numerator: z.string(), denominator: z.string() }),
);

// Read here rather than through returns/metrics.ts, which reads the plans' side: no import cycle.
const yearMetrics = (ctx: ServiceContext, plan: PlanRecord): PlanMetric[] =>
  all<PlanMetric>(
    ctx.db,
    'SELECT name, target, numerator, denominator FROM metric WHERE year_label = ? ORDER BY position, id',
    plan.year,
  );

/** At the plan's first approval: its year's metrics as they stand. */
export function keepApprovedMetrics(ctx: ServiceContext, plan: PlanRecord): void {
  run(ctx.db, 'UPDATE plan SET approved_metrics = ? WHERE id = ?', JSON.stringify(yearMetrics(ctx, plan)), plan.id);
}

/** On reopening: the plan shows its year's metrics again. */
export function releaseApprovedMetrics(ctx: ServiceContext, planId: number): void {
  run(ctx.db, 'UPDATE plan SET approved_metrics = NULL WHERE id = ?', planId);
}

/** The plan's metrics: as approved while a copy is kept, the year's as they are otherwise. */
export function planMetrics(ctx: ServiceContext, plan: PlanRecord): PlanMetric[] {
  const { kept } = one<{ kept: string | null }>(
    ctx.db,
    'SELECT approved_metrics AS kept FROM plan WHERE id = ?',
    plan.id,
  )!;
  if (kept === null) return yearMetrics(ctx, plan);
  const parsed = keptSchema.safeParse(JSON.parse(kept));
  if (!parsed.success)
    throw new ApiError(
      'internal',
      `The ${planLabelOf(plan.years)} plan's approved metric targets cannot be read. Reopen the plan with a reason to show the year's metrics again.`,
    );
  return parsed.data;
}
