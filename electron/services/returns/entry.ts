import { ApiError } from '../../../shared/api';
import {
  isFixedField,
  isReturnField,
  returnColumnSpec,
  RETURN_SHORT_LABELS,
  type ReturnColumn,
} from '../../../shared/returns/line';
import { extraFields, type ExtraField } from '../../../shared/reference/reference-set';
import { conditionInputSchema, type ConditionInput } from '../../../shared/templates/conditions';
import { planById } from '../plans/plan-store';
import { referenceSet } from '../reference/reference';
import { returnTemplate } from './approved-plan';
import { writeConditionAnswer } from '../templates/conditions';
import type { Period } from '../../../shared/returns/period';
import type { YearLabel } from '../../../shared/years/financial-year';
import { run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { assertUnlocked, changeReturnLine, getReturnLine, requireReturn, setState, type ReturnRecord } from './store';

export interface ReturnCellEdit {
  lineId: number;
  field: ReturnColumn;
  text: string;
}

/** The template year's own fields on the return's lines. */
export function returnFields(ctx: ServiceContext, r: ReturnRecord): ExtraField[] {
  return extraFields(returnTemplate(ctx, r), 'return');
}

/** A return marked ready goes back to draft when its figures change: it has to be checked again. */
export function touch(ctx: ServiceContext, r: ReturnRecord): void {
  if (r.state === 'ready') setState(ctx, r, 'draft', 'Figures changed after it was marked ready for approval');
}

/**
 * Applies typed or pasted text to a return's cells, all or nothing. Every
 * value is parsed as strictly as an import; a fixed column is refused unless
 * its line has been unlocked; nothing changes once the return is approved.
 */
export function applyReturnEdits(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  edits: readonly ReturnCellEdit[],
): { changed: number } {
  return write(ctx, () => {
    const r = requireReturn(ctx, year, period);
    assertUnlocked(r);
    const fields = returnFields(ctx, r);
    const problems: string[] = [];
    const byLine = new Map<number, Partial<Record<ReturnColumn, unknown>>>();
    for (const e of edits) {
      const line = getReturnLine(ctx, e.lineId);
      if (line.returnId !== r.id)
        throw new ApiError('invalid_request', `Line ${e.lineId} is not in this return.`, 'edits');
      const spec = returnColumnSpec(e.field, fields);
      if (!spec) {
        problems.push(
          `Scheme ${line.schemeId} "${line.schemeName}": ${e.field} is not a field of this return's template year`,
        );
        continue;
      }
      const where = `Scheme ${line.schemeId} "${line.schemeName}", ${isReturnField(e.field) ? RETURN_SHORT_LABELS[e.field] : spec.label}`;
      if (isReturnField(e.field) && isFixedField(e.field) && line.unlockedReason === null) {
        problems.push(
          `${where}: this column is copied from the plan and is read-only; unlock the line (with a reason) to change it`,
        );
        continue;
      }
      const parsed = spec.parse(e.text);
      if (!parsed.ok) problems.push(`${where}: ${parsed.message}`);
      else byLine.set(e.lineId, { ...byLine.get(e.lineId), [e.field]: parsed.value });
    }
    if (problems.length > 0)
      throw new ApiError(
        'invalid_request',
        `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was changed.`,
        'edits',
        problems,
      );
    let changed = 0;
    for (const [id, changes] of byLine) changed += changeReturnLine(ctx, id, changes).length;
    if (changed > 0) touch(ctx, r);
    return { changed };
  });
}

/** Makes a line's fixed columns editable, for a stated reason (kept in the history). */
export function unlockLine(ctx: ServiceContext, year: YearLabel, period: Period, lineId: number, reason: string): void {
  write(ctx, (w) => {
    const r = requireReturn(ctx, year, period);
    assertUnlocked(r);
    const line = getReturnLine(ctx, lineId);
    if (line.returnId !== r.id)
      throw new ApiError('invalid_request', `Line ${lineId} is not in this return.`, 'lineId');
    if (line.unlockedReason !== null) return;
    run(
      ctx.db,
      'UPDATE return_line SET unlocked_reason = ?, updated_at = ? WHERE id = ?',
      reason,
      ctx.now().toISOString(),
      lineId,
    );
    w.audit({
      action: 'unlock',
      entity: 'return_line',
      entityId: lineId,
      field: 'fixed columns',
      oldValue: 'read-only',
      newValue: 'editable',
      reason,
    });
  });
}

export function lockLine(ctx: ServiceContext, year: YearLabel, period: Period, lineId: number): void {
  write(ctx, (w) => {
    const r = requireReturn(ctx, year, period);
    assertUnlocked(r);
    const line = getReturnLine(ctx, lineId);
    if (line.returnId !== r.id)
      throw new ApiError('invalid_request', `Line ${lineId} is not in this return.`, 'lineId');
    if (line.unlockedReason === null) return;
    run(
      ctx.db,
      'UPDATE return_line SET unlocked_reason = NULL, updated_at = ? WHERE id = ?',
      ctx.now().toISOString(),
      lineId,
    );
    w.audit({
      action: 'lock',
      entity: 'return_line',
      entityId: lineId,
      field: 'fixed columns',
      oldValue: 'editable',
      newValue: 'read-only',
    });
  });
}

/** Answers one of the template year's national conditions for the return (Yes, or No with an explanation). */
export function setReturnCondition(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  key: string,
  input: ConditionInput,
): void {
  const checked = conditionInputSchema.parse(input);
  write(ctx, () => {
    const r = requireReturn(ctx, year, period);
    assertUnlocked(r, 'its national conditions');
    const conditions = referenceSet(ctx, planById(ctx, r.planId).template).nationalConditions;
    if (writeConditionAnswer(ctx, { returnId: r.id }, conditions, key, checked)) touch(ctx, r);
  });
}
