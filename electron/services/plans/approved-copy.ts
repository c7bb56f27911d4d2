import { z } from 'zod';
import { ApiError } from '../../../shared/api';
import { referenceSetSchema, type ReferenceSet } from '../../../shared/reference/reference-set';
import type { MetricNumbers } from '../../../shared/returns/metrics';
import { keptCopyReader } from '../../../shared/signoff/kept-copy';
import { profileSchema, type Profile } from '../../../shared/workbooks/profile';
import { all, one, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { referenceSet } from '../reference/reference';
import { planLabelOf, type PlanRecord } from './plan-store';

/**
 * What an approved plan reads from elsewhere, kept as it was at its first approval (`plan.approved_copy`,
 * migration 018), so that what the partners signed does not change while the plan is locked:
 * - its year's metric targets: metrics belong to the year, whose returns report against them and which
 *   revises them (DOMAIN §9), so they stay open while the plan is locked;
 * - its template year (lists, fields, national conditions), which bringing NHS England's next workbook
 *   for the year saves again;
 * - its workbook's layout (the profile its export uses), which can be saved again.
 * Reopening the plan lets go of the copy. The approved return's counterpart is returns/approved-plan.ts.
 */
export type PlanMetric = { name: string; target: string } & MetricNumbers;

const approvedCopySchema = z.object({
  metrics: z.array(z.object({ name: z.string(), target: z.string(), numerator: z.string(), denominator: z.string() })),
  // Absent for a plan approved before the copy kept them (it follows them as they are now). A copy a later
  // version's stricter schema no longer reads is let go of, not allowed to stop the plan being shown.
  template: referenceSetSchema.optional().catch(undefined),
  layout: profileSchema.optional().catch(undefined),
});
export type ApprovedCopy = z.infer<typeof approvedCopySchema>;

// Read here rather than through returns/metrics.ts, which reads the plans' side: no import cycle.
const yearMetrics = (ctx: ServiceContext, plan: PlanRecord): PlanMetric[] =>
  all<PlanMetric>(
    ctx.db,
    'SELECT name, target, numerator, denominator FROM metric WHERE year_label = ? ORDER BY position, id',
    plan.year,
  );

/** At the plan's first approval: its year's metrics, its template year and its layout as they stand. */
export function keepApprovedCopy(ctx: ServiceContext, plan: PlanRecord, layout: Profile | null): void {
  const kept: ApprovedCopy = {
    metrics: yearMetrics(ctx, plan),
    template: referenceSet(ctx, plan.template),
    // Kept only if it reads back as a profile: what is kept must never stop the plan being shown.
    ...(layout && profileSchema.safeParse(layout).success ? { layout } : {}),
  };
  run(ctx.db, 'UPDATE plan SET approved_copy = ? WHERE id = ?', JSON.stringify(kept), plan.id);
}

/** On reopening: the plan follows its year's metrics, its template year and the layout again. */
export function releaseApprovedCopy(ctx: ServiceContext, planId: number): void {
  run(ctx.db, 'UPDATE plan SET approved_copy = NULL WHERE id = ?', planId);
}

const readApprovedCopy = keptCopyReader(approvedCopySchema);

/** What the plan was approved with; null while no partner has approved it. */
export function approvedCopyOf(ctx: ServiceContext, plan: PlanRecord): ApprovedCopy | null {
  const text = one<{ kept: string | null }>(
    ctx.db,
    'SELECT approved_copy AS kept FROM plan WHERE id = ?',
    plan.id,
  )?.kept;
  if (!text) return null;
  const read = readApprovedCopy(text);
  if (!read.ok)
    throw new ApiError(
      'internal',
      `The ${planLabelOf(plan.years)} plan's copy of what it was approved with cannot be read (${read.why}); nothing was changed. Reopen the plan with a reason to have it follow its year's metrics and template year again.`,
    );
  return read.copy;
}

/** The plan's metrics: as approved once a partner has approved it, the year's as they are otherwise. */
export function planMetrics(ctx: ServiceContext, plan: PlanRecord): readonly PlanMetric[] {
  return approvedCopyOf(ctx, plan)?.metrics ?? yearMetrics(ctx, plan);
}

/** The template year the plan follows: as approved once a partner has approved it, as it is now otherwise. */
export function planTemplate(ctx: ServiceContext, plan: PlanRecord): ReferenceSet {
  return approvedCopyOf(ctx, plan)?.template ?? referenceSet(ctx, plan.template);
}
