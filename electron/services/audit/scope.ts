import type { ServiceContext } from '../context';
import { one } from '../../db/statements';

/** What a change belongs to: a plan, a quarterly return or a pooled budget (nothing, for area-wide changes). */
export interface AuditScope {
  kind: 'plan' | 'return' | 'pool';
  id: number;
}

/** Entities whose id is the id of what they belong to. */
const OWN_ID: Record<string, AuditScope['kind']> = {
  plan: 'plan',
  plan_cover: 'plan',
  plan_requirement: 'plan',
  plan_condition: 'plan',
  bcf_return: 'return',
  return_cover: 'return',
  return_metric: 'return',
  return_condition: 'return',
  return_income: 'return',
  pool: 'pool',
};

/** Entities found in a table of their own, which names what they belong to. */
const IN_TABLE: Record<string, { kind: AuditScope['kind']; sql: string }> = {
  scheme_line: { kind: 'plan', sql: 'SELECT plan_id AS id FROM scheme_line WHERE id = ?' },
  income_line: { kind: 'plan', sql: 'SELECT plan_id AS id FROM income_line WHERE id = ?' },
  printed_total: { kind: 'plan', sql: 'SELECT plan_id AS id FROM printed_total WHERE id = ?' },
  return_line: { kind: 'return', sql: 'SELECT return_id AS id FROM return_line WHERE id = ?' },
  plan_approval: { kind: 'plan', sql: 'SELECT plan_id AS id FROM plan_approval WHERE id = ?' },
  return_approval: { kind: 'return', sql: 'SELECT return_id AS id FROM return_approval WHERE id = ?' },
  pool_budget_line: { kind: 'pool', sql: 'SELECT pool_id AS id FROM pool_budget_line WHERE id = ?' },
  pool_contribution: { kind: 'pool', sql: 'SELECT pool_id AS id FROM pool_contribution WHERE id = ?' },
};

/**
 * Finds what a change belongs to as it is written: a plan's edits by their
 * undo step, an entity by its own id or its row. A row already deleted is
 * found by the caller, who passes the scope.
 */
export function scopeOf(ctx: ServiceContext, entity: string, entityId: number | null | undefined): AuditScope | null {
  if (ctx.changesetId !== undefined) {
    const row = one<{ id: number }>(ctx.db, 'SELECT plan_id AS id FROM changeset WHERE id = ?', ctx.changesetId);
    if (row) return { kind: 'plan', id: row.id };
  }
  if (entityId === undefined || entityId === null) return null;
  const own = OWN_ID[entity];
  if (own) return { kind: own, id: entityId };
  const table = IN_TABLE[entity];
  if (!table) return null;
  const row = one<{ id: number }>(ctx.db, table.sql, entityId);
  return row ? { kind: table.kind, id: row.id } : null;
}
