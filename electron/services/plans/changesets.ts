import { ApiError, type StepDone } from '../../../shared/api';
import type { IncomeInput, RequirementKind } from '../../../shared/plans/income';
import { LINE_FIELDS, type LineField, type LineInput, type SourceRef } from '../../../shared/plans/line';
import { inTransaction, type ServiceContext } from '../context';
import type { AuditRow } from '../audit/audit';
import { setCoverField } from './cover';
import {
  changeIncome,
  insertIncome,
  insertPrintedTotal,
  removeIncome,
  removePrintedTotal,
  setRequirement,
} from './income';
import { batchIds, changeLine, getLine, insertLine, planFields, putBackLines, removeLine, removeLines } from './lines';
import { LINE_BATCH_FIELD, type LineBatch } from '../../../shared/audit/line-batch';
import { extraKeyOf } from '../../../shared/templates/fields';
import type { ConditionAnswerValue } from '../../../shared/templates/conditions';
import { referenceSet } from '../reference/reference';
import { listConditionAnswers, writeConditionAnswer } from '../templates/conditions';
import { planById } from './plan-store';
import { all, insert, one, run } from '../../db/statements';
import { assertPlanOpen } from './signoff-state';
import {
  isLinkRow,
  linkedByHandSince,
  linkNow,
  lostLinks,
  relinkLost,
  replayLink,
  takenByStep,
  unlinkedByStep,
  type LostLink,
} from './line-links';

/**
 * Undo and redo, built on the audit log so that they survive a restart.
 * Every user action on a plan runs as a changeset: one transaction whose
 * audit rows carry the changeset's id. Undo replays those rows backwards
 * (old values back), redo forwards; both are audited in their turn, and any
 * new action discards what could still be redone.
 */
export interface UndoState {
  undo: string | null;
  redo: string | null;
  /**
   * Which step each is ("<changeset id>@<when>"): a window sends it back with Undo or Redo, and the
   * step is refused if the database's next step is another one (the data changed since it looked).
   */
  undoStep: string | null;
  redoStep: string | null;
}

export function planAction<T>(ctx: ServiceContext, planId: number, label: string, fn: (c: ServiceContext) => T): T {
  // Not write(): a step that changes nothing is added and taken away again, bookkeeping with no
  // history row; the action's parts record theirs (with this changeset's id) through recordAudit.
  return inTransaction(ctx, () => {
    // Once a partner has approved the plan, nothing in it changes until it is reopened with a reason.
    assertPlanOpen(ctx, planId, label);
    const id = insert(
      ctx.db,
      'INSERT INTO changeset (plan_id, label, at, actor) VALUES (?, ?, ?, ?)',
      planId,
      label,
      ctx.now().toISOString(),
      ctx.actor,
    );
    const result = fn({ ...ctx, changesetId: id });
    const { n } = one<{ n: number }>(ctx.db, 'SELECT count(*) AS n FROM audit_log WHERE changeset_id = ?', id)!;
    // Nothing changed: nothing to undo, and what could be redone still can be.
    if (n === 0) run(ctx.db, 'DELETE FROM changeset WHERE id = ?', id);
    else run(ctx.db, "UPDATE changeset SET state = 'discarded' WHERE plan_id = ? AND state = 'undone'", planId);
    return result;
  });
}

interface StepRow {
  id: number;
  label: string;
  at: string;
}

const NEXT_UNDO = "SELECT id, label, at FROM changeset WHERE plan_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1";
const NEXT_REDO = "SELECT id, label, at FROM changeset WHERE plan_id = ? AND state = 'undone' ORDER BY id ASC LIMIT 1";
const stepOf = (r: StepRow | undefined) => (r ? `${r.id}@${r.at}` : null);

export function undoState(ctx: ServiceContext, planId: number): UndoState {
  const undo = one<StepRow>(ctx.db, NEXT_UNDO, planId);
  const redo = one<StepRow>(ctx.db, NEXT_REDO, planId);
  return { undo: undo?.label ?? null, redo: redo?.label ?? null, undoStep: stepOf(undo), redoStep: stepOf(redo) };
}

type ChangeRow = Pick<AuditRow, 'action' | 'entity' | 'entity_id' | 'field' | 'old_value' | 'new_value'>;

/** Audit values are text; the field says what type the value had. */
function decodeLineValue(field: LineField, text: string | null): unknown {
  const kind = LINE_FIELDS[field].kind;
  if (kind === 'money' || kind === 'optional-money') return text === null ? null : Number(text);
  if (kind === 'percent' || kind === 'quantity') return text;
  return text ?? '';
}

function decodeIncomeValue(field: keyof IncomeInput, text: string | null): unknown {
  if (field === 'amountPence' || field === 'amountYear2Pence') return text === null ? null : Number(text);
  return text ?? '';
}

type Snapshot = LineInput & { position: number; source: SourceRef | null };

/** Where a link row moves a link, replayed in `direction`. */
function linkMove(row: ChangeRow, direction: 'undo' | 'redo'): { from: number | null; to: number | null } {
  const [from, to] = direction === 'redo' ? [row.old_value, row.new_value] : [row.new_value, row.old_value];
  return { from: from === null ? null : Number(from), to: to === null ? null : Number(to) };
}

/**
 * Applies one audit row forwards (redo) or backwards (undo); a link the user changed since is left alone, and
 * named. The ids of plan lines it puts back are added to `putBack`, for the step to link them again.
 */
function replay(
  ctx: ServiceContext,
  planId: number,
  row: ChangeRow,
  direction: 'undo' | 'redo',
  reason: string,
  putBack: number[],
): string | null {
  const id = row.entity_id!;
  const forwards = direction === 'redo';
  const created = (value: string | null) => JSON.parse(value!) as Record<string, unknown>;
  if (row.entity === 'scheme_line' && row.field === LINE_BATCH_FIELD) {
    // Many lines in one row (an import, a replace): all put back, or all taken away, as they were.
    const adds = row.action !== 'delete';
    const batch = created(adds ? row.new_value : row.old_value) as unknown as LineBatch;
    if (adds !== forwards) removeLines(ctx, planId, batchIds(batch), reason, takenByStep(reason));
    else {
      putBackLines(ctx, planId, batch, reason);
      for (const lineId of batchIds(batch)) putBack.push(lineId);
    }
  } else if (row.entity === 'scheme_line') {
    const key = row.action === 'update' ? extraKeyOf(row.field ?? '') : null;
    if (key !== null) {
      // A template year's own field: money comes back as pence, anything else as the text it was.
      const text = forwards ? row.new_value : row.old_value;
      const kind = planFields(ctx, planId).find((f) => f.key === key)?.kind;
      const extra = { ...(getLine(ctx, id).extra ?? {}) };
      if (text === null) delete extra[key];
      else extra[key] = kind === 'money' ? Number(text) : text;
      changeLine(ctx, id, { extra }, reason);
    } else if (row.action === 'update') {
      const field = row.field as LineField;
      changeLine(ctx, id, { [field]: decodeLineValue(field, forwards ? row.new_value : row.old_value) }, reason);
    } else if ((row.action === 'create') === forwards) {
      const snap = created(forwards ? row.new_value : row.old_value) as unknown as Snapshot;
      const { position, source, ...line } = snap;
      insertLine(ctx, planId, line, source, { id, position });
      putBack.push(id);
    } else {
      removeLine(ctx, id, reason, takenByStep(reason));
    }
  } else if (row.entity === 'income_line') {
    if (row.action === 'update') {
      const field = row.field as keyof IncomeInput;
      changeIncome(ctx, id, { [field]: decodeIncomeValue(field, forwards ? row.new_value : row.old_value) }, reason);
    } else if ((row.action === 'create') === forwards) {
      const { position, source, ...input } = created(
        forwards ? row.new_value : row.old_value,
      ) as unknown as IncomeInput & { position: number; source: SourceRef | null };
      insertIncome(ctx, planId, input, source, { id, position });
    } else {
      removeIncome(ctx, id, reason);
    }
  } else if (row.entity === 'plan_requirement') {
    const [year, kind] = row.field!.split(' ') as [string, RequirementKind];
    const value = forwards ? row.new_value : row.old_value;
    setRequirement(ctx, planId, year, kind, value === null ? null : Number(value), reason);
  } else if (isLinkRow(row.entity, row.field)) {
    // A pool's or a return's link to a plan line: moved when an import replaced the line, cleared when it was deleted.
    const { from, to } = linkMove(row, direction);
    return replayLink(ctx, row.entity, id, from, to, reason);
  } else if (row.entity === 'plan_condition') {
    // "National condition 1: answer": the other half of the answer stays as it is now.
    const m = /^National condition (.+): (answer|explanation)$/.exec(row.field ?? '');
    if (m) {
      const conditions = referenceSet(ctx, planById(ctx, planId).template).nationalConditions;
      const now = listConditionAnswers(ctx, { planId }, conditions).find((c) => c.key === m[1]);
      if (now) {
        const value = (forwards ? row.new_value : row.old_value) ?? '';
        writeConditionAnswer(
          ctx,
          { planId },
          conditions,
          m[1]!,
          {
            answer: m[2] === 'answer' ? (value as ConditionAnswerValue) : now.answer,
            explanation: m[2] === 'explanation' ? value : now.explanation,
          },
          reason,
        );
      }
    }
  } else if (row.entity === 'plan_cover') {
    setCoverField(ctx, planId, row.field!, (forwards ? row.new_value : row.old_value) ?? '', reason);
  } else if (row.entity === 'printed_total') {
    if ((row.action === 'create') === forwards)
      insertPrintedTotal(ctx, planId, created(forwards ? row.new_value : row.old_value) as never, { id });
    else removePrintedTotal(ctx, id);
  }
  return null;
}

function step(ctx: ServiceContext, planId: number, direction: 'undo' | 'redo', expected?: string): StepDone | null {
  // Not write(): undo and redo replay history rather than make it.
  return inTransaction(ctx, () => {
    const cs = one<StepRow>(ctx.db, direction === 'undo' ? NEXT_UNDO : NEXT_REDO, planId);
    if (cs) assertPlanOpen(ctx, planId, `${direction === 'undo' ? 'Undo' : 'Redo'} ${cs.label}`);
    // The window asked to undo (or redo) a step it showed; if the database's next step is another, the data changed under it.
    if (expected !== undefined && stepOf(cs) !== expected) {
      throw new ApiError(
        'conflict',
        `The plan changed since this screen showed it${cs ? `: the next ${direction} is now "${cs.label}"` : `: there is nothing to ${direction} now`}. Nothing was ${direction === 'undo' ? 'undone' : 'redone'}; the screen now shows the plan as it is.`,
        'expected',
      );
    }
    if (!cs) return null;
    const rows = all<ChangeRow>(
      ctx.db,
      `SELECT action, entity, entity_id, field, old_value, new_value FROM audit_log WHERE changeset_id = ? ORDER BY id ${direction === 'undo' ? 'DESC' : 'ASC'}`,
      cs.id,
    );
    // Rows are replayed one by one; a link may point at a line that the next row puts back.
    ctx.db.pragma('defer_foreign_keys = ON');
    const plain = { ...ctx, changesetId: undefined };
    const reason = `${direction === 'undo' ? 'Undo' : 'Redo'}: ${cs.label}`;
    const before = one<{ id: number }>(ctx.db, 'SELECT coalesce(max(id), 0) AS id FROM audit_log')!.id;
    // Each link is judged once, where its first row in this step expects it: found anywhere else, the user
    // moved it since, it is theirs, and none of its rows is replayed. Named unless it is already where the
    // step would leave it.
    const moves = new Map<string, { from: number | null; to: number | null }>();
    for (const row of rows)
      if (isLinkRow(row.entity, row.field)) {
        const key = `${row.entity} ${row.entity_id}`;
        const move = linkMove(row, direction);
        moves.set(key, { from: moves.has(key) ? moves.get(key)!.from : move.from, to: move.to });
      }
    // Judged by where each link is before anything is replayed (a line the step takes away first unlinks
    // it, which could make a link the user moved look as the step left it), and by whether it was changed
    // by hand since the step was made.
    const atStart = new Map(
      [...moves.keys()].map((key) => {
        const [entity, id] = key.split(' ') as [string, string];
        return [key, linkNow(plain, entity, Number(id))] as const;
      }),
    );
    // Hand changes count from the step's own newest row, not from its latest undo or redo: a link the user
    // changed at any time since the step was made is theirs, whatever value it holds.
    const made = one<{ id: number }>(
      ctx.db,
      'SELECT coalesce(max(id), 0) AS id FROM audit_log WHERE changeset_id = ?',
      cs.id,
    )!.id;
    const byHand = moves.size > 0 ? linkedByHandSince(ctx, made) : new Set<string>();
    const judged = new Set<string>();
    const theirs = new Set<string>();
    const leftAlone = new Map<string, { entity: string; id: number; label: string; wasLinked: boolean }>();
    const leave = (row: ChangeRow, key: string, label: string, wasLinked: boolean) =>
      leftAlone.set(key, { entity: row.entity, id: row.entity_id!, label, wasLinked });
    const putBack: number[] = [];
    // Links lost to the opposite step, read once at the first line put back; each linked again as soon as its line is back.
    let lost: Map<number, LostLink[]> | undefined;
    const relinked = new Set<string>();
    for (const row of rows) {
      const key = `${row.entity} ${row.entity_id}`;
      if (isLinkRow(row.entity, row.field)) {
        if (theirs.has(key) || leftAlone.has(key)) continue;
        // Already back where it was before the opposite step took its line: none of its rows is replayed, nothing said.
        if (relinked.has(key)) {
          theirs.add(key);
          continue;
        }
        if (!judged.has(key)) {
          judged.add(key);
          const now = atStart.get(key);
          const move = moves.get(key)!;
          if (!now || now.lineId !== move.from || byHand.has(key)) {
            theirs.add(key);
            if (now && now.lineId !== move.to) leave(row, key, now.label, now.lineId !== null);
            continue;
          }
        }
      }
      const kept = replay(plain, planId, row, direction, reason, putBack);
      if (kept !== null) leave(row, key, kept, true);
      if (putBack.length > 0) {
        lost ??= lostLinks(plain);
        for (const k of relinkLost(plain, lost, putBack.splice(0), reason)) relinked.add(k);
      }
    }
    // A link linked again is back where it was before the opposite step took its line: nothing to name.
    for (const key of relinked) leftAlone.delete(key);
    run(ctx.db, 'UPDATE changeset SET state = ? WHERE id = ?', direction === 'undo' ? 'undone' : 'done', cs.id);
    return {
      label: cs.label,
      // One the user had linked to a line this step took away has lost its link all the same (with its own history row).
      leftAlone: [...leftAlone.values()].map((l) =>
        l.wasLinked && linkNow(ctx, l.entity, l.id)?.lineId === null
          ? `${l.label} (now unlinked: its line was taken away)`
          : l.label,
      ),
      // Linked, not by this step, to a line it took away: the opposite step links them again.
      unlinked: unlinkedByStep(ctx, before, takenByStep(reason), new Set(leftAlone.keys())),
    };
  });
}

export function undo(ctx: ServiceContext, planId: number, expected?: string): StepDone {
  const done = step(ctx, planId, 'undo', expected);
  if (done === null) throw new ApiError('refused', 'There is nothing to undo.');
  return done;
}

export function redo(ctx: ServiceContext, planId: number, expected?: string): StepDone {
  const done = step(ctx, planId, 'redo', expected);
  if (done === null) throw new ApiError('refused', 'There is nothing to redo.');
  return done;
}
