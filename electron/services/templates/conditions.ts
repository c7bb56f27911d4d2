import { ApiError } from '../../../shared/api';
import { withAnswers, type ConditionAnswer, type ConditionInput } from '../../../shared/templates/conditions';
import type { NationalCondition } from '../../../shared/reference/reference-set';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { all, run } from '../../db/statements';

/**
 * The answers a plan or a return gives to its template year's national
 * conditions, one row per condition answered, each change with its history
 * row. Callers check the owner may change (a locked return refuses) and run
 * inside their own transaction.
 */
export type ConditionOwner = { planId: number } | { returnId: number };

function ownerColumn(owner: ConditionOwner): ['plan_id' | 'return_id', number] {
  return 'planId' in owner ? ['plan_id', owner.planId] : ['return_id', owner.returnId];
}

export function listConditionAnswers(
  ctx: ServiceContext,
  owner: ConditionOwner,
  conditions: readonly NationalCondition[],
): ConditionAnswer[] {
  if (conditions.length === 0) return [];
  const [column, id] = ownerColumn(owner);
  const rows = all<ConditionInput & { key: string }>(
    ctx.db,
    `SELECT condition_key AS key, answer, explanation FROM condition_answer WHERE ${column} = ?`,
    id,
  );
  return withAnswers(conditions, new Map(rows.map((r) => [r.key, r])));
}

/** Sets one condition's answer; whether anything changed. */
export function writeConditionAnswer(
  ctx: ServiceContext,
  owner: ConditionOwner,
  conditions: readonly NationalCondition[],
  key: string,
  input: ConditionInput,
  reason?: string,
): boolean {
  const condition = conditions.find((c) => c.key === key);
  if (!condition)
    throw new ApiError(
      'not_found',
      `There is no national condition ${key} in this template year; its conditions are ${conditions.map((c) => c.key).join(', ') || 'none'}.`,
      'key',
    );
  const before = listConditionAnswers(ctx, owner, conditions).find((c) => c.key === key)!;
  const explanation = input.explanation.trim();
  if (before.answer === input.answer && before.explanation === explanation) return false;
  const [column, id] = ownerColumn(owner);
  run(
    ctx.db,
    `INSERT INTO condition_answer (${column}, condition_key, answer, explanation, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (${column}, condition_key) DO UPDATE SET answer = excluded.answer, explanation = excluded.explanation, updated_at = excluded.updated_at`,
    id,
    key,
    input.answer,
    explanation,
    ctx.now().toISOString(),
  );
  const entity = 'planId' in owner ? 'plan_condition' : 'return_condition';
  for (const f of ['answer', 'explanation'] as const) {
    const now = f === 'answer' ? input.answer : explanation;
    if (before[f] !== now)
      recordAudit(ctx, {
        action: 'update',
        entity,
        entityId: id,
        field: `National condition ${key}: ${f}`,
        oldValue: before[f],
        newValue: now,
        ...(reason ? { reason } : {}),
      });
  }
  return true;
}
