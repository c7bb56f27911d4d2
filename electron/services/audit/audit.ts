import type { AuditEntry } from '../../../shared/api';
import type { ServiceContext } from '../context';
import { all, run } from '../../db/statements';
import { LINE_BATCH_FIELD } from '../../../shared/audit/line-batch';
import { scopeOf, type AuditScope } from './scope';

export interface AuditRecord {
  action: 'create' | 'update' | 'delete' | 'import' | string;
  entity: string;
  entityId?: number | null;
  field?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
  /** What the change belongs to, when it can no longer be looked up (the row is already deleted). */
  scope?: AuditScope | null;
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** History rows written on each connection: how `write` knows its body recorded one. */
const recorded = new WeakMap<ServiceContext['db'], number>();

export function auditsRecorded(db: ServiceContext['db']): number {
  return recorded.get(db) ?? 0;
}

/**
 * Writes one audit row. Inside `write` (services/write.ts) call the `audit` it hands you; a step
 * that runs inside another service's write (a plan action's part, an import's relinking) calls this.
 */
export function recordAudit(ctx: ServiceContext, r: AuditRecord): void {
  const scope = r.scope ?? scopeOf(ctx, r.entity, r.entityId);
  run(
    ctx.db,
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value, new_value, reason, changeset_id, scope_kind, scope_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ctx.now().toISOString(),
    ctx.actor,
    r.action,
    r.entity,
    r.entityId ?? null,
    r.field ?? null,
    asText(r.oldValue),
    asText(r.newValue),
    r.reason ?? null,
    ctx.changesetId ?? null,
    scope?.kind ?? null,
    scope?.id ?? null,
  );
  recorded.set(ctx.db, auditsRecorded(ctx.db) + 1);
}

/** A row of the audit table as SQLite returns it. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: number | null;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  scope_kind: AuditScope['kind'] | null;
  scope_id: number | null;
}

export interface AuditFilter {
  entity?: string | undefined;
  entityId?: number | undefined;
  scope?: AuditScope | undefined;
  /** From this instant (inclusive) to that one (exclusive), as ISO timestamps. */
  since?: string | undefined;
  until?: string | undefined;
  limit?: number | undefined;
}

export function listAudit(
  ctx: ServiceContext,
  q: AuditFilter,
): (AuditEntry & { scopeKind: AuditScope['kind'] | null; scopeId: number | null })[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.entity !== undefined) {
    where.push('entity = ?');
    args.push(q.entity);
  }
  if (q.entityId !== undefined && q.entity === 'scheme_line') {
    // A line's trail includes the one row of the import (or batch) that holds it: its rows start "[<id>,".
    where.push(`(entity_id = ? OR (entity_id IS NULL AND field = ? AND instr(coalesce(new_value, old_value), ?) > 0))`);
    args.push(q.entityId, LINE_BATCH_FIELD, `[${q.entityId},`);
  } else if (q.entityId !== undefined) {
    where.push('entity_id = ?');
    args.push(q.entityId);
  }
  if (q.scope !== undefined) {
    where.push('scope_kind = ? AND scope_id = ?');
    args.push(q.scope.kind, q.scope.id);
  }
  if (q.since !== undefined) {
    where.push('at >= ?');
    args.push(q.since);
  }
  if (q.until !== undefined) {
    where.push('at < ?');
    args.push(q.until);
  }
  const rows = all<AuditRow>(
    ctx.db,
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    ...args,
    q.limit ?? -1,
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    reason: r.reason,
    scopeKind: r.scope_kind,
    scopeId: r.scope_id,
  }));
}
