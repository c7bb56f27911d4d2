import type { ReturnCover } from '../../../shared/api';
import { returnLabel, type Period } from '../../../shared/returns/period';
import { COVER_FIELDS } from '../../../shared/workbooks/fields';
import type { YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import { all, one, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { listCover, parseCover, PLAN_COVER_KEYS } from '../plans/cover';
import { approvedPlanOf } from './approved-plan';
import { assertUnlocked, listApprovers, requireReturn, type ReturnRecord } from './store';

/**
 * A quarterly return's cover details, as the workbook's cover asks for them:
 * who completed it, how to reach them, who signed it off on behalf of the
 * Health and Wellbeing Board. A detail not set on the return is taken from
 * the plan's cover details; who signed it off and the date signed off, from
 * the return's approvers once it is approved (the last approval's date). Changing them is a change to the return: refused once
 * it is approved, and audited.
 */
export function listReturnCover(ctx: ServiceContext, returnId: number): Record<string, string> {
  const rows = all<{ field: string; value: string }>(
    ctx.db,
    'SELECT field, value FROM return_cover WHERE return_id = ? ORDER BY field',
    returnId,
  );
  return Object.fromEntries(rows.map((r) => [r.field, r.value]));
}

function approversText(ctx: ServiceContext, r: ReturnRecord): string {
  return listApprovers(ctx, r.id)
    .map((a) => `${a.name} (${a.role})`)
    .join('; ');
}

/** Each detail's value on the workbook, and where it comes from. */
export function effectiveCover(ctx: ServiceContext, r: ReturnRecord): ReturnCover['fields'] {
  const own = listReturnCover(ctx, r.id);
  // A locked return keeps the plan's details it was approved with; an open one follows the plan.
  const plan = approvedPlanOf(ctx, r)?.cover ?? listCover(ctx, r.planId);
  const approvers = approversText(ctx, r);
  // Signed off when the last approver approved: that is the date the return could first go to NHS England.
  const signedOn =
    listApprovers(ctx, r.id)
      .map((a) => a.approvedOn)
      .sort()
      .at(-1) ?? '';
  return COVER_FIELDS.filter((f) => f.field !== 'hwb').map((f) => {
    const mine = own[f.field] ?? '';
    if (mine !== '') return { key: f.field, label: f.label, value: mine, own: mine, from: 'return' as const };
    if (f.field === 'signedOffBy' && approvers !== '')
      return { key: f.field, label: f.label, value: approvers, own: '', from: 'approvers' as const };
    if (f.field === 'dateSignedOff' && signedOn !== '')
      return { key: f.field, label: f.label, value: signedOn, own: '', from: 'approvers' as const };
    const inherited = plan[f.field] ?? '';
    return {
      key: f.field,
      label: f.label,
      value: inherited,
      own: '',
      from: inherited === '' ? null : ('plan' as const),
    };
  });
}

export function coverValues(ctx: ServiceContext, r: ReturnRecord): Record<string, string> {
  return Object.fromEntries(
    effectiveCover(ctx, r)
      .filter((f) => f.value !== '')
      .map((f) => [f.key, f.value]),
  );
}

export function getReturnCover(ctx: ServiceContext, year: YearLabel, period: Period): ReturnCover {
  const r = requireReturn(ctx, year, period);
  return {
    year: r.year,
    period: r.period,
    label: returnLabel(r.year, r.period),
    hwb: requireArea(ctx).name,
    fields: effectiveCover(ctx, r),
  };
}

/** Sets (or with "" clears, falling back to the plan's) one detail. Call inside a transaction, after checking the return is open. */
export function setReturnCoverField(
  ctx: ServiceContext,
  r: ReturnRecord,
  key: string,
  value: string,
  reason: string | null = null,
): boolean {
  const before =
    one<{ value: string }>(ctx.db, 'SELECT value FROM return_cover WHERE return_id = ? AND field = ?', r.id, key)
      ?.value ?? '';
  if (before === value) return false;
  if (value === '') run(ctx.db, 'DELETE FROM return_cover WHERE return_id = ? AND field = ?', r.id, key);
  else
    run(
      ctx.db,
      'INSERT INTO return_cover (return_id, field, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value',
      r.id,
      key,
      value,
    );
  recordAudit(ctx, {
    action: 'update',
    entity: 'return_cover',
    entityId: r.id,
    field: key,
    oldValue: before || null,
    newValue: value || null,
    reason,
  });
  return true;
}

/** Sets the details given, all of them or none (each checked as typed); refused once the return is approved. */
export function setReturnCover(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  values: Record<string, string>,
): ReturnCover {
  const parsed = parseCover(values);
  write(ctx, () => {
    const r = requireReturn(ctx, year, period);
    assertUnlocked(r, 'its cover details');
    for (const [key, value] of Object.entries(parsed)) setReturnCoverField(ctx, r, key, value);
  });
  return getReturnCover(ctx, year, period);
}

export const RETURN_COVER_KEYS = PLAN_COVER_KEYS;
