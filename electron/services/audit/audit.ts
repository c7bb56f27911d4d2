import type { AuditEntry } from '../../../shared/api';
import { safeFileName, toCsv } from '../../../shared/exports/csv';
import type { ServiceContext } from '../context';
import { statement } from '../../db/statements';

export interface AuditRecord {
  action: 'create' | 'update' | 'delete' | 'import' | string;
  entity: string;
  entityId?: number | null;
  field?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Writes one audit row. Call it inside the transaction that makes the change. */
export function recordAudit(ctx: ServiceContext, r: AuditRecord): void {
  statement(ctx.db, 
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value, new_value, reason, changeset_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(ctx.now().toISOString(), ctx.actor, r.action, r.entity, r.entityId ?? null, r.field ?? null, asText(r.oldValue), asText(r.newValue), r.reason ?? null, ctx.changesetId ?? null);
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
}

export function listAudit(ctx: ServiceContext, q: { entity?: string | undefined; entityId?: number | undefined; limit?: number | undefined }): AuditEntry[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.entity !== undefined) { where.push('entity = ?'); args.push(q.entity); }
  if (q.entityId !== undefined) { where.push('entity_id = ?'); args.push(q.entityId); }
  const rows = statement(ctx.db, `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
    .all(...args, q.limit ?? -1) as AuditRow[];
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
  }));
}

/** The trail as CSV, oldest first: who, when, what, old → new, why. Text is never written as a formula. */
export function auditCsv(ctx: ServiceContext, q: { entity?: string | undefined; entityId?: number | undefined }): string {
  const rows = listAudit(ctx, q).reverse();
  return toCsv([
    ['When', 'Who', 'Action', 'What', 'Id', 'Field', 'Old value', 'New value', 'Why'],
    ...rows.map((r) => [r.at, r.actor, r.action, r.entity, r.entityId, r.field, r.oldValue, r.newValue, r.reason]),
  ]);
}

export function auditCsvName(_ctx: ServiceContext, q: { entity?: string | undefined; entityId?: number | undefined }): string {
  return `${safeFileName(`BCF history${q.entity ? ` ${q.entity.replace('_', ' ')}` : ''}${q.entityId ? ` ${q.entityId}` : ''}`, 'BCF history')}.csv`;
}
