import { z } from 'zod';
import { ApiError } from '../../../shared/api';
import { referenceSetSchema, type ReferenceSet } from '../../../shared/reference/reference-set';
import { returnLabel } from '../../../shared/returns/period';
import { isLocked } from '../../../shared/returns/signoff';
import { keptCopyReader } from '../../../shared/signoff/kept-copy';
import { profileSchema, type Profile } from '../../../shared/workbooks/profile';
import { one, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { listCover } from '../plans/cover';
import { listIncome } from '../plans/income';
import { planById } from '../plans/plan-store';
import { referenceSet } from '../reference/reference';
import type { ReturnRecord } from './store';

/**
 * What a return reads from its plan — the cover details it inherits, the income lines its year-end
 * income is planned against, and the template year it follows (its national conditions, its own fields,
 * its lists and so its checks) — kept at approval (migration 017), so that the plan can go on changing for
 * next quarter while an approved, submitted or ratified return shows and exports what was signed.
 * Reopening the return lets go of the copy.
 */
const approvedPlanSchema = z.object({
  cover: z.record(z.string(), z.string()),
  income: z.array(
    z.object({
      sourceOfFunding: z.string(),
      amountPence: z.number().int(),
      amountYear2Pence: z.number().int().nullable(),
    }),
  ),
  // Absent for a return approved before the copy kept it (it follows the template year as it is now). A
  // copy a later version's stricter schema no longer reads is let go of, not allowed to stop the return
  // being shown: the template year and the layout as they are now stand in.
  template: referenceSetSchema.optional().catch(undefined),
  // The workbook layout its export used when approved (absent when none could be chosen then).
  layout: z.object({ profile: profileSchema, note: z.string().nullable() }).optional().catch(undefined),
});
export type ApprovedPlan = z.infer<typeof approvedPlanSchema>;

/** At approval: the plan's cover, income and template year as they stand, and the layout its export uses. */
export function keepApprovedPlan(
  ctx: ServiceContext,
  r: ReturnRecord,
  layout: { profile: Profile; note: string | null } | null,
): void {
  const kept: ApprovedPlan = {
    cover: listCover(ctx, r.planId),
    income: listIncome(ctx, r.planId).map((l) => ({
      sourceOfFunding: l.sourceOfFunding,
      amountPence: l.amountPence,
      amountYear2Pence: l.amountYear2Pence ?? null,
    })),
    template: referenceSet(ctx, planById(ctx, r.planId).template),
    // Kept only if it reads back as a profile: what is kept must never stop the return being shown.
    ...(layout && profileSchema.safeParse(layout.profile).success ? { layout } : {}),
  };
  run(ctx.db, 'UPDATE bcf_return SET approved_plan = ? WHERE id = ?', JSON.stringify(kept), r.id);
}

/** On reopening: the return follows its plan again. */
export function releaseApprovedPlan(ctx: ServiceContext, returnId: number): void {
  run(ctx.db, 'UPDATE bcf_return SET approved_plan = NULL WHERE id = ?', returnId);
}

const readApprovedPlan = keptCopyReader(approvedPlanSchema);

/** The plan as the return was approved with it; null while the return is open (it follows the plan). */
export function approvedPlanOf(ctx: ServiceContext, r: ReturnRecord): ApprovedPlan | null {
  if (!isLocked(r.state)) return null;
  const text = one<{ kept: string | null }>(
    ctx.db,
    'SELECT approved_plan AS kept FROM bcf_return WHERE id = ?',
    r.id,
  )?.kept;
  if (!text) return null;
  const read = readApprovedPlan(text);
  if (!read.ok)
    throw new ApiError(
      'internal',
      `The ${returnLabel(r.year, r.period)} return's copy of what it was approved with cannot be read (${read.why}); nothing was changed. Reopen the return with a reason to have it follow its plan again.`,
    );
  return read.copy;
}

/** The template year a return follows: as approved while it is locked, else its plan's as it is now. */
export function returnTemplate(ctx: ServiceContext, r: ReturnRecord): ReferenceSet {
  return approvedPlanOf(ctx, r)?.template ?? referenceSet(ctx, planById(ctx, r.planId).template);
}
