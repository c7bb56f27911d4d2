import type { LinksAfterImport } from '../../../shared/api';
import { all, one, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';

const WHY = 'The plan line it was linked to was deleted';
const TAKEN = ': the plan line it was linked to was taken away';

/**
 * Why a link lost its line to an undo or redo that took the line away (the link itself is no part of
 * that step): "Undo: <step>: the plan line …". The opposite step, putting the line back, links it again.
 */
export const takenByStep = (stepReason: string): string => `${stepReason}${TAKEN}`;

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
    ownerLabel: "(SELECT name FROM pool WHERE id = x.pool_id) || ' pool'",
    label: "(SELECT name FROM pool WHERE id = x.pool_id) || ' pool: ' || x.label",
    many: 'contributions',
  },
  {
    table: 'return_line',
    column: 'plan_line_id',
    owner: 'return_id',
    field: 'planLineId',
    kind: 'return',
    ownerLabel: "(SELECT period || ' ' || year_label FROM bcf_return WHERE id = x.return_id) || ' return'",
    many: 'lines',
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
export function unlinkLines(ctx: ServiceContext, lineIds: readonly number[], why: string = WHY): void {
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
          reason: why,
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

/** A link that lost its line to an undo or redo (its newest link row, `auditId`, is a `takenByStep` row). */
export interface LostLink {
  link: (typeof LINKS)[number];
  id: number;
  ownerId: number;
  auditId: number;
}

/**
 * An undo or redo puts lines back: each link that lost one of them to the opposite step (its newest link row
 * is that step's `takenByStep`) and has not been touched since is linked to it again (`relinkLost`), so that
 * undo then redo leaves every link as it was. A link the user changed since is theirs, and stays.
 * Here, every link so lost, by the line it lost: read once per step, not once per line put back.
 */
export function lostLinks(ctx: ServiceContext): Map<number, LostLink[]> {
  const byLine = new Map<number, LostLink[]>();
  for (const link of LINKS) {
    const rows = all<{ id: number; ownerId: number; lineId: string; auditId: number }>(
      ctx.db,
      `SELECT x.id, x.${link.owner} AS ownerId, a.old_value AS lineId, a.id AS auditId FROM ${link.table} x
        JOIN audit_log a ON a.id = (SELECT max(id) FROM audit_log WHERE entity = ? AND entity_id = x.id AND field = ?)
        WHERE x.${link.column} IS NULL AND a.new_value IS NULL AND a.changeset_id IS NULL
          AND (a.reason LIKE 'Undo: %' OR a.reason LIKE 'Redo: %') AND a.reason LIKE ?`,
      link.table,
      link.field,
      `%${TAKEN}`,
    );
    for (const { id, ownerId, lineId, auditId } of rows) {
      const group = byLine.get(Number(lineId));
      const lost = { link, id, ownerId, auditId };
      if (group) group.push(lost);
      else byLine.set(Number(lineId), [lost]);
    }
  }
  return byLine;
}

/** Links again, at once, what `lost` has for lines just put back, if still unlinked and untouched; answers "<table> <id>" each. */
export function relinkLost(
  ctx: ServiceContext,
  lost: Map<number, LostLink[]>,
  lineIds: readonly number[],
  reason: string,
): string[] {
  const relinked: string[] = [];
  for (const lineId of lineIds) {
    for (const { link, id, ownerId, auditId } of lost.get(lineId) ?? []) {
      const now = one<{ lineId: number | null; newest: number }>(
        ctx.db,
        `SELECT ${link.column} AS lineId, (SELECT max(id) FROM audit_log WHERE entity = ? AND entity_id = x.id AND field = ?) AS newest
          FROM ${link.table} x WHERE id = ?`,
        link.table,
        link.field,
        id,
      );
      if (!now || now.lineId !== null || now.newest !== auditId) continue;
      run(ctx.db, `UPDATE ${link.table} SET ${link.column} = ? WHERE id = ?`, lineId, id);
      recordAudit(ctx, {
        action: 'update',
        entity: link.table,
        entityId: id,
        field: link.field,
        oldValue: null,
        newValue: lineId,
        reason,
        scope: { kind: link.kind, id: ownerId },
      });
      relinked.push(`${link.table} ${id}`);
    }
    lost.delete(lineId);
  }
  return relinked;
}

/**
 * The links changed by hand (not by a plan step, nor by an undo or redo replaying one) after history row
 * `afterAuditId`, as "<table> <id>": the user's, which a step must leave where they are.
 */
export function linkedByHandSince(ctx: ServiceContext, afterAuditId: number): Set<string> {
  const keys = new Set<string>();
  for (const link of LINKS)
    for (const { id } of all<{ id: number }>(
      ctx.db,
      // By id from the step's point on (`+entity` keeps SQLite off the entity index: see unlinkedByStep).
      `SELECT DISTINCT entity_id AS id FROM audit_log WHERE id > ? AND +entity = ? AND field = ? AND changeset_id IS NULL
        AND (reason IS NULL OR (reason NOT LIKE 'Undo: %' AND reason NOT LIKE 'Redo: %'))`,
      afterAuditId,
      link.table,
      link.field,
    ))
      keys.add(`${link.table} ${id}`);
  return keys;
}

/**
 * The links an undo or redo unlinked because it took their line away (history rows after `afterAuditId`
 * with `why`) and that are still unlinked, skipping `except`: one name each, or per pool or return with
 * how many when it lost more than one.
 */
export function unlinkedByStep(
  ctx: ServiceContext,
  afterAuditId: number,
  why: string,
  except: ReadonlySet<string>,
): string[] {
  const said: string[] = [];
  for (const link of LINKS) {
    const rows = all<{ id: number; ownerId: number; owner: string; label: string }>(
      ctx.db,
      // This step's rows only, by id (`+entity` keeps SQLite off the entity index, which would read every
      // history row the table's links ever had).
      `WITH step AS MATERIALIZED (
          SELECT DISTINCT entity_id FROM audit_log WHERE id > ? AND +entity = ? AND field = ? AND reason = ?)
        SELECT x.id, x.${link.owner} AS ownerId, ${link.ownerLabel} AS owner, ${link.label} AS label
        FROM step a JOIN ${link.table} x ON x.id = a.entity_id
        WHERE x.${link.column} IS NULL
        ORDER BY x.id`,
      afterAuditId,
      link.table,
      link.field,
      why,
    ).filter((r) => !except.has(`${link.table} ${r.id}`));
    const byOwner = new Map<number, typeof rows>();
    for (const r of rows) {
      const group = byOwner.get(r.ownerId);
      if (group) group.push(r);
      else byOwner.set(r.ownerId, [r]);
    }
    for (const group of byOwner.values())
      said.push(group.length === 1 ? group[0]!.label : `${group[0]!.owner} (${group.length} ${link.many})`);
  }
  return said;
}
