import { one } from '../db/statements';
import { auditsRecorded, recordAudit, type AuditRecord } from './audit/audit';
import { inTransaction, type ServiceContext } from './context';

/** What a write hands its body: the way to record what it changed, and whether it has yet. */
export interface Write {
  /** Writes one history row inside this write's transaction. */
  audit: (r: AuditRecord) => void;
  /** True once the write has recorded any history row (here or in a function it called). */
  audited: () => boolean;
}

function changesSoFar(ctx: ServiceContext): number {
  return one<{ changes: number }>(ctx.db, 'SELECT total_changes() AS changes')!.changes;
}

/**
 * The normal way a service changes data: one transaction (see `inTransaction`: busy file,
 * Cancel) whose history rows are written in it. A body that changes rows without recording
 * any history row is a bug: it is refused and rolled back, so a change without its history
 * cannot be saved. Undo and redo, which replay history rather than make it, use `inTransaction`.
 */
export function write<T>(ctx: ServiceContext, fn: (w: Write) => T): T {
  return inTransaction(ctx, () => {
    const auditFrom = auditsRecorded(ctx.db);
    const changesFrom = changesSoFar(ctx);
    const w: Write = {
      audit: (r) => recordAudit(ctx, r),
      audited: () => auditsRecorded(ctx.db) > auditFrom,
    };
    const result = fn(w);
    if (!w.audited() && changesSoFar(ctx) !== changesFrom) {
      throw new Error('A write changed rows without recording its history; it was rolled back.');
    }
    return result;
  });
}

/** The fields `after` changes from `before`, in the order asked: saving what is already there changes none. */
export function changedFields<T, K extends keyof T>(before: T, after: Pick<T, K>, fields: readonly K[]): K[] {
  return fields.filter((f) => before[f] !== after[f]);
}

/** One history row per changed field of an updated row: what it was and what it became. */
export function auditUpdates<T, K extends keyof T & string>(
  w: Write,
  row: { entity: string; entityId: number; reason: string | null },
  fields: readonly K[],
  before: T,
  after: Pick<T, K>,
): void {
  for (const field of fields) {
    w.audit({ action: 'update', ...row, field, oldValue: before[field], newValue: after[field] });
  }
}
