import type { LinksAfterImport } from '../../../shared/api';
import { all, one, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';

const WHY = 'The plan line it was linked to was deleted';

/**
 * What links to a plan line: a pool's contribution and a return's line, each with its own history.
 * `label` names a linked row for a message, as the user would find it.
 */
const LINKS = [
  {
    table: 'pool_contribution',
    column: 'scheme_line_id',
    owner: 'pool_id',
    field: 'schemeLineId',
    kind: 'pool',
    label: "(SELECT name FROM pool WHERE id = x.pool_id) || ' pool: ' || x.label",
  },
  {
    table: 'return_line',
    column: 'plan_line_id',
    owner: 'return_id',
    field: 'planLineId',
    kind: 'return',
    label:
      "(SELECT period || ' ' || year_label FROM bcf_return WHERE id = x.return_id) || ' return: scheme ' || x.scheme_code || ' ' || x.scheme_name || ' (' || x.source_of_funding || ')'",
  },
] as const;

/**
 * A plan line about to be deleted: the return lines and pool contributions linked to it lose the
 * link here, each with a history row of its own (in the return's or the pool's history), rather
 * than silently through the schema's ON DELETE SET NULL. Written before the line's own deletion row,
 * undo (which replays a step backwards) puts the line back first and then its links; redo the reverse.
 */
export function unlinkLines(ctx: ServiceContext, lineIds: readonly number[]): void {
  for (const lineId of lineIds) {
    for (const link of LINKS) {
      const linked = all<{ id: number; ownerId: number }>(
        ctx.db,
        `SELECT id, ${link.owner} AS ownerId FROM ${link.table} WHERE ${link.column} = ?`,
        lineId,
      );
      for (const { id, ownerId } of linked) {
        run(ctx.db, `UPDATE ${link.table} SET ${link.column} = NULL WHERE id = ?`, id);
        recordAudit(ctx, {
          action: 'update',
          entity: link.table,
          entityId: id,
          field: link.field,
          oldValue: lineId,
          newValue: null,
          reason: WHY,
          scope: { kind: link.kind, id: ownerId },
        });
      }
    }
  }
}

/** A link to one of a plan's lines, noted before an import replaces them, by the line's identity. */
export interface LinkMemory {
  link: (typeof LINKS)[number];
  id: number;
  ownerId: number;
  label: string;
  identity: string;
}

/** Scheme ID, Scheme Name and Source of Funding, as the same line in another file would have them. */
const IDENTITY =
  'lower(trim(s.code)) || char(1) || lower(trim(l.scheme_name)) || char(1) || lower(trim(l.source_of_funding))';

/** Before an import replaces a plan's lines: every pool contribution and return line linked to one of them. */
export function rememberLinks(ctx: ServiceContext, planId: number): LinkMemory[] {
  return LINKS.flatMap((link) =>
    all<Omit<LinkMemory, 'link'>>(
      ctx.db,
      `SELECT x.id, x.${link.owner} AS ownerId, ${link.label} AS label, ${IDENTITY} AS identity
        FROM ${link.table} x JOIN scheme_line l ON l.id = x.${link.column} JOIN scheme s ON s.id = l.scheme_id
        WHERE l.plan_id = ?
        ORDER BY x.id`,
      planId,
    ).map((row) => ({ link, ...row })),
  );
}

/**
 * After the import: each remembered link points at the one new line with the same identity, with a
 * row in its pool's or return's history; with none, or more than one, it stays unlinked and is named
 * in `dropped`, for the user to link by hand.
 */
export function restoreLinks(ctx: ServiceContext, planId: number, links: readonly LinkMemory[]): LinksAfterImport {
  let relinked = 0;
  // Alike rows (the same line twice in a return) are named once, with how many.
  const dropped = new Map<string, number>();
  for (const { link, id, ownerId, label, identity } of links) {
    const now = one<{ lineId: number | null }>(
      ctx.db,
      `SELECT ${link.column} AS lineId FROM ${link.table} WHERE id = ?`,
      id,
    );
    if (!now || now.lineId !== null) continue; // its line was kept, or the row itself is gone
    const matches = all<{ id: number }>(
      ctx.db,
      `SELECT l.id FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id WHERE l.plan_id = ? AND ${IDENTITY} = ?`,
      planId,
      identity,
    );
    if (matches.length !== 1) {
      dropped.set(label, (dropped.get(label) ?? 0) + 1);
      continue;
    }
    run(ctx.db, `UPDATE ${link.table} SET ${link.column} = ? WHERE id = ?`, matches[0]!.id, id);
    recordAudit(ctx, {
      action: 'update',
      entity: link.table,
      entityId: id,
      field: link.field,
      // Null, not the old line: unlinkLines has already taken the link away, in this same step, with its own row.
      oldValue: null,
      newValue: matches[0]!.id,
      reason: 'The plan line it was linked to was replaced by an import: linked to the new line with the same identity',
      scope: { kind: link.kind, id: ownerId },
    });
    relinked += 1;
  }
  return { relinked, dropped: [...dropped].map(([label, n]) => (n === 1 ? label : `${label} (${n} lines)`)) };
}

/** Whether a history row is one of a link's to a plan line (undo and redo replay it with `replayLink`). */
export function isLinkRow(entity: string, field: string | null): boolean {
  return LINKS.some((l) => l.table === entity && l.field === field);
}

/** A pool contribution's or return line's link as it is now, with its owner and its name; undefined when the row is gone. */
export function linkNow(
  ctx: ServiceContext,
  entity: string,
  id: number,
): { lineId: number | null; ownerId: number; label: string } | undefined {
  const link = LINKS.find((l) => l.table === entity)!;
  return one(
    ctx.db,
    `SELECT x.${link.column} AS lineId, x.${link.owner} AS ownerId, ${link.label} AS label FROM ${link.table} x WHERE x.id = ?`,
    id,
  );
}

/**
 * Undo or redo of a link's history row: the link moves `from` one line `to` another, with a row in its
 * pool's or return's history. The step has judged first that the link is where it left it (changesets.ts);
 * one found elsewhere now all the same (nothing should move it in between) is left as it is, and named.
 */
export function replayLink(
  ctx: ServiceContext,
  entity: string,
  id: number,
  from: number | null,
  to: number | null,
  reason: string,
): string | null {
  const link = LINKS.find((l) => l.table === entity)!;
  const now = linkNow(ctx, entity, id);
  if (!now || now.lineId === to) return null;
  if (now.lineId !== from) return now.label;
  run(ctx.db, `UPDATE ${link.table} SET ${link.column} = ? WHERE id = ?`, to, id);
  recordAudit(ctx, {
    action: 'update',
    entity: link.table,
    entityId: id,
    field: link.field,
    oldValue: from,
    newValue: to,
    reason,
    scope: { kind: link.kind, id: now.ownerId },
  });
  return null;
}
