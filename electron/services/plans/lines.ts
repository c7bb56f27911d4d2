import { ApiError } from '../../../shared/api';
import type { Pence } from '../../../shared/money';
import {
  ALL_FIELDS,
  lineValues,
  type LineField,
  type LineInput,
  type PlanLine,
  type SourceRef,
} from '../../../shared/plans/line';
import { extraColumn, type ExtraValues } from '../../../shared/templates/fields';
import { recordAudit } from '../audit/audit';
import { unlinkLines } from './line-links';
import type { ServiceContext } from '../context';
import { addSchemes, dropEmptySchemes, dropSchemeIfEmpty, ensureSchemeId, planById, schemeIdsOf } from './plan-store';
import { extraFields, type ExtraField } from '../../../shared/reference/reference-set';
import { planTemplate } from './approved-copy';
import { all, insert, one, run } from '../../db/statements';
import { LINE_BATCH_FIELD, type LineBatch } from '../../../shared/audit/line-batch';

/**
 * Scheme lines in SQLite. These functions write one line's change and its
 * audit rows; callers wrap them in a plan action (changesets.ts), which makes
 * the transaction and the undo step.
 */
const COLUMN: Record<Exclude<LineField, 'schemeId'>, string> = {
  schemeName: 'scheme_name',
  briefDescription: 'brief_description',
  schemeType: 'scheme_type',
  subType: 'sub_type',
  schemeTypeOther: 'scheme_type_other',
  areaOfSpend: 'area_of_spend',
  areaOfSpendOther: 'area_of_spend_other',
  commissioner: 'commissioner',
  jointNhsPercent: 'joint_nhs_percent',
  jointLaPercent: 'joint_la_percent',
  provider: 'provider',
  sourceOfFunding: 'source_of_funding',
  plannedOutputs: 'planned_outputs',
  outputUnit: 'output_unit',
  priorYearPence: 'prior_year_pence',
  virementPence: 'virement_pence',
  expenditurePence: 'expenditure_pence',
  expenditureYear2Pence: 'expenditure_y2_pence',
  newOrExisting: 'new_or_existing',
  recurrence: 'recurrence',
  schemeUpdate: 'scheme_update',
};
const DATA_FIELDS = Object.keys(COLUMN) as Exclude<LineField, 'schemeId'>[];
// writeLines binds lineValues() past its Scheme ID in the columns' place: the two orders must agree.
if (DATA_FIELDS.some((f, i) => ALL_FIELDS[i + 1] !== f))
  throw new Error('scheme_line columns out of step with ALL_FIELDS');

type LineRow = Record<string, unknown> & {
  id: number;
  plan_id: number;
  position: number;
  code: string;
  source_file: string | null;
  source_row: number | null;
  updated_at: string;
};

const SELECT_LINES = `SELECT l.id, l.plan_id, l.position, s.code, ${DATA_FIELDS.map((f) => `l.${COLUMN[f]}`).join(', ')}, l.extra, l.source_file, l.source_row, l.updated_at
  FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id`;

/** The template year's own fields, as the line keeps them (blank fields absent); '{}' — most lines — costs no parsing. */
function readExtra(text: unknown): ExtraValues | undefined {
  if (typeof text !== 'string' || text === '{}') return undefined;
  const value = JSON.parse(text) as ExtraValues;
  return Object.keys(value).length > 0 ? value : undefined;
}

function writeExtra(extra: ExtraValues | undefined): string {
  if (!extra) return '{}';
  const kept = Object.fromEntries(
    Object.entries(extra)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify(kept);
}

/** Written out field by field: this runs for every line on every reload of the plan. */
function toLine(r: LineRow): PlanLine {
  return {
    id: r.id,
    position: r.position,
    schemeId: r.code,
    schemeName: r.scheme_name as string,
    briefDescription: r.brief_description as string,
    schemeType: r.scheme_type as string,
    subType: r.sub_type as string,
    schemeTypeOther: r.scheme_type_other as string,
    areaOfSpend: r.area_of_spend as string,
    areaOfSpendOther: r.area_of_spend_other as string,
    commissioner: r.commissioner as string,
    jointNhsPercent: r.joint_nhs_percent as string | null,
    jointLaPercent: r.joint_la_percent as string | null,
    provider: r.provider as string,
    sourceOfFunding: r.source_of_funding as string,
    plannedOutputs: r.planned_outputs as string | null,
    outputUnit: r.output_unit as string,
    priorYearPence: r.prior_year_pence as number | null,
    virementPence: r.virement_pence as number | null,
    expenditurePence: r.expenditure_pence as number,
    expenditureYear2Pence: r.expenditure_y2_pence as number | null,
    newOrExisting: r.new_or_existing as PlanLine['newOrExisting'],
    recurrence: r.recurrence as PlanLine['recurrence'],
    schemeUpdate: r.scheme_update as string,
    ...(r.extra !== '{}' ? { extra: readExtra(r.extra) } : {}),
    source: r.source_file !== null && r.source_row !== null ? { file: r.source_file, row: r.source_row } : null,
    updatedAt: r.updated_at,
  };
}

/** The template year's own fields on the plan's lines. */
export function planFields(ctx: ServiceContext, planId: number): ExtraField[] {
  return extraFields(planTemplate(ctx, planById(ctx, planId)), 'plan');
}

export function listLines(ctx: ServiceContext, planId: number): PlanLine[] {
  return all<LineRow>(ctx.db, `${SELECT_LINES} WHERE l.plan_id = ? ORDER BY l.position, l.id`, planId).map(toLine);
}

/** What a return compares its snapshot with: each line's identity and expenditure, and nothing else (it runs on every load of an open return). */
export function listLineFigures(
  ctx: ServiceContext,
  planId: number,
): {
  id: number;
  schemeId: string;
  schemeName: string;
  sourceOfFunding: string;
  expenditurePence: Pence;
  expenditureYear2Pence: Pence | null;
}[] {
  return all<ReturnType<typeof listLineFigures>[number]>(
    ctx.db,
    `SELECT l.id, s.code AS schemeId, l.scheme_name AS schemeName, l.source_of_funding AS sourceOfFunding,
    l.expenditure_pence AS expenditurePence, l.expenditure_y2_pence AS expenditureYear2Pence
    FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id WHERE l.plan_id = ? ORDER BY l.position, l.id`,
    planId,
  );
}

export function countLines(ctx: ServiceContext, planId: number): number {
  return one<{ n: number }>(ctx.db, 'SELECT count(*) AS n FROM scheme_line WHERE plan_id = ?', planId)!.n;
}

export function getLine(ctx: ServiceContext, id: number): PlanLine & { planId: number } {
  const row = one<LineRow>(ctx.db, `${SELECT_LINES} WHERE l.id = ?`, id);
  if (!row) throw new ApiError('not_found', `There is no scheme line ${id}; it may have been deleted.`, 'id');
  return { ...toLine(row), planId: row.plan_id };
}

/** The line's data as the audit log keeps it, enough to put it back exactly. */
export function lineSnapshot(line: PlanLine): Record<string, unknown> {
  const snap: Record<string, unknown> = { position: line.position, source: line.source };
  for (const f of ALL_FIELDS) snap[f] = line[f];
  if (line.extra) snap.extra = line.extra;
  return snap;
}

/** scheme_line's columns as a new line fills them, in the order writeLines binds them (the bench's second baseline uses them too). */
export const INSERT_COLUMNS = [
  'plan_id',
  'scheme_id',
  'position',
  ...DATA_FIELDS.map((f) => COLUMN[f]),
  'extra',
  'source_file',
  'source_row',
  'created_at',
  'updated_at',
];
// Built once: an import runs these for every line, and building the text each time showed in the profile.
const ONE_ROW = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
const INSERT_LINE = `INSERT INTO scheme_line (${INSERT_COLUMNS.join(', ')}) VALUES ${ONE_ROW}`;
/**
 * Lines per INSERT when many are written: SQLite's work per statement (its AUTOINCREMENT counter,
 * the foreign keys' set-up, a call across from JavaScript) is then done once for all of them.
 * 32 rows of 29 values stay far below SQLite's limit of 32,766 values a statement.
 */
const ROWS_PER_INSERT = 32;
const insertRows = (n: number) =>
  `INSERT INTO scheme_line (${INSERT_COLUMNS.join(', ')}) VALUES ${Array<string>(n).fill(ONE_ROW).join(', ')}`;
const INSERT_MANY = insertRows(ROWS_PER_INSERT);
const INSERT_LINE_WITH_ID = `INSERT INTO scheme_line (id, ${INSERT_COLUMNS.join(', ')}) VALUES (?, ${INSERT_COLUMNS.map(() => '?').join(', ')})`;

function nextPosition(ctx: ServiceContext, planId: number): number {
  return one<{ next: number }>(
    ctx.db,
    'SELECT coalesce(max(position), 0) + 1 AS next FROM scheme_line WHERE plan_id = ?',
    planId,
  )!.next;
}

/**
 * Inserts a line (at the end, or at `at.position` with `at.id` when undo puts
 * a deleted line back) and audits it.
 */
export function insertLine(
  ctx: ServiceContext,
  planId: number,
  line: LineInput,
  source: SourceRef | null,
  at?: { id?: number; position: number },
  schemeIds?: Map<string, number>,
): number {
  let schemeId = schemeIds?.get(line.schemeId);
  if (schemeId === undefined) {
    schemeId = ensureSchemeId(ctx, planId, line.schemeId, line.schemeName);
    schemeIds?.set(line.schemeId, schemeId);
  }
  const position = at?.position ?? nextPosition(ctx, planId);
  const now = ctx.now().toISOString();
  const values = [
    planId,
    schemeId,
    position,
    ...DATA_FIELDS.map((f) => line[f]),
    writeExtra(line.extra),
    source?.file ?? null,
    source?.row ?? null,
    now,
    now,
  ];
  const id =
    at?.id === undefined
      ? insert(ctx.db, INSERT_LINE, ...values)
      : insert(ctx.db, INSERT_LINE_WITH_ID, at.id, ...values);
  recordAudit(ctx, {
    action: 'create',
    entity: 'scheme_line',
    entityId: id,
    newValue: { ...line, position, source },
    scope: { kind: 'plan', id: planId },
  });
  return id;
}

/** A line as a batch audit row keeps it: enough to put it back exactly (see shared/audit/line-batch.ts). */
const BATCH_COLUMNS = ['id', 'position', 'sourceFile', 'sourceRow', ...ALL_FIELDS, 'extra'];

interface PlacedLine {
  id?: number;
  position: number;
  line: LineInput;
  source: SourceRef | null;
}

/**
 * Writes many lines with ONE audit row for them all (not one per line: that row,
 * its JSON, its scope look-up and its index entries cost more than the line).
 * The time and the schemes are looked up once; the statement comes from the cache.
 */
function writeLines(
  ctx: ServiceContext,
  planId: number,
  lines: readonly PlacedLine[],
  audit: { action: 'import' | 'create'; file: string | null; reason?: string | null },
): number[] {
  // The plan's schemes in one query; those it does not have yet are added first, named by the first line that has each.
  let schemeIds = schemeIdsOf(ctx, planId);
  const missing = new Map<string, string>();
  for (const { line } of lines)
    if (!schemeIds.has(line.schemeId) && !missing.has(line.schemeId)) missing.set(line.schemeId, line.schemeName);
  if (missing.size > 0) {
    addSchemes(ctx, planId, missing);
    schemeIds = schemeIdsOf(ctx, planId);
  }
  const now = ctx.now().toISOString();
  // New lines go in ROWS_PER_INSERT at a time; a line put back with its own id goes in alone.
  const values: unknown[] = [];
  const waiting: unknown[][] = [];
  const rows: unknown[][] = [];
  const ids: number[] = [];
  const flush = () => {
    const n = waiting.length;
    if (n === 0) return;
    const result = run(ctx.db, n === ROWS_PER_INSERT ? INSERT_MANY : insertRows(n), ...values);
    if (result.changes !== n) throw new Error(`Expected ${n} scheme lines written, not ${result.changes}.`);
    // One statement's rows take consecutive ids in the order of its VALUES (AUTOINCREMENT, one writer).
    const first = Number(result.lastInsertRowid) - n + 1;
    waiting.forEach((row, k) => ids.push((row[0] = first + k)));
    values.length = 0;
    waiting.length = 0;
  };
  for (const { id: given, position, line, source } of lines) {
    const schemeId = schemeIds.get(line.schemeId)!;
    const file = source?.file ?? null;
    const sourceRow = source?.row ?? null;
    const fields = lineValues(line);
    const row: unknown[] = [given ?? null, position, file, sourceRow, ...fields, line.extra ?? null];
    rows.push(row);
    if (given !== undefined) flush();
    values.push(planId, schemeId, position);
    // Every field but the Scheme ID (the scheme's own column), in DATA_FIELDS' order.
    for (let k = 1; k < fields.length; k++) values.push(fields[k]);
    values.push(writeExtra(line.extra), file, sourceRow, now, now);
    if (given === undefined) {
      waiting.push(row);
      if (waiting.length === ROWS_PER_INSERT) flush();
    } else {
      run(ctx.db, INSERT_LINE_WITH_ID, given, ...values);
      values.length = 0;
      ids.push(given);
    }
  }
  flush();
  if (ids.length > 0)
    recordAudit(ctx, {
      action: audit.action,
      entity: 'scheme_line',
      field: LINE_BATCH_FIELD,
      newValue: { file: audit.file, columns: BATCH_COLUMNS, rows } satisfies LineBatch,
      reason: audit.reason ?? null,
      scope: { kind: 'plan', id: planId },
    });
  return ids;
}

/** Many lines after the plan's last one, as an import writes them, audited as one "import" row naming the file. */
export function insertLines(
  ctx: ServiceContext,
  planId: number,
  lines: readonly (LineInput & { source: SourceRef | null })[],
  file: string,
): number[] {
  const first = nextPosition(ctx, planId);
  return writeLines(
    ctx,
    planId,
    lines.map(({ source, ...line }, i) => ({ position: first + i, line, source })),
    { action: 'import', file },
  );
}

/** Puts lines back from a batch audit row (redo of an import, undo of a replace): same ids, positions, every field. */
export function putBackLines(ctx: ServiceContext, planId: number, batch: LineBatch, reason: string): void {
  const col = new Map(batch.columns.map((c, i) => [c, i]));
  const placed = batch.rows.map((r): PlacedLine => {
    const line = {} as Record<string, unknown>;
    for (const f of ALL_FIELDS) line[f] = r[col.get(f)!];
    const extra = r[col.get('extra')!];
    if (extra !== null && extra !== undefined) line.extra = extra;
    const file = r[col.get('sourceFile')!] as string | null;
    const row = r[col.get('sourceRow')!] as number | null;
    return {
      id: r[col.get('id')!] as number,
      position: r[col.get('position')!] as number,
      line: line as unknown as LineInput,
      source: file !== null && row !== null ? { file, row } : null,
    };
  });
  writeLines(ctx, planId, placed, { action: 'create', file: batch.file, reason });
}

/**
 * Deletes many lines of a plan (all of them, or those with the given ids) with
 * one audit row that keeps them whole, so that undo can put them back; `linkWhy` as for removeLine.
 */
export function removeLines(
  ctx: ServiceContext,
  planId: number,
  which: ReadonlySet<number> | 'all',
  reason?: string | null,
  linkWhy?: string,
): void {
  const lines = listLines(ctx, planId).filter((l) => which === 'all' || which.has(l.id));
  if (lines.length === 0) return;
  unlinkLines(
    ctx,
    lines.map((l) => l.id),
    linkWhy,
  );
  const rows: unknown[][] = [];
  for (const l of lines) {
    run(ctx.db, 'DELETE FROM scheme_line WHERE id = ?', l.id);
    const row: unknown[] = [l.id, l.position, l.source?.file ?? null, l.source?.row ?? null];
    for (const f of ALL_FIELDS) row.push(l[f]);
    row.push(l.extra ?? null);
    rows.push(row);
  }
  // Once, not per line: each pass looks at every scheme of the plan.
  dropEmptySchemes(ctx, planId);
  recordAudit(ctx, {
    action: 'delete',
    entity: 'scheme_line',
    field: LINE_BATCH_FIELD,
    oldValue: { file: null, columns: BATCH_COLUMNS, rows } satisfies LineBatch,
    reason: reason ?? null,
    scope: { kind: 'plan', id: planId },
  });
}

/** The ids of a batch's lines. */
export function batchIds(batch: LineBatch): Set<number> {
  const at = batch.columns.indexOf('id');
  return new Set(batch.rows.map((r) => r[at] as number));
}

/**
 * Changes the given fields of a line; each changed field gets its own audit
 * row (old → new), a template year's own field as "extra.<key>". `extra`, when
 * given, is the line's whole set of extra values. Returns the columns changed.
 */
export function changeLine(
  ctx: ServiceContext,
  id: number,
  changes: Partial<LineInput>,
  reason?: string | null,
): string[] {
  const before = getLine(ctx, id);
  const changed = (Object.keys(changes) as (LineField | 'extra')[]).filter(
    (f) => f !== 'extra' && before[f] !== changes[f],
  ) as LineField[];
  const extraChanged: string[] = [];
  if (changes.extra !== undefined) {
    const was = before.extra ?? {};
    const now = changes.extra;
    for (const key of new Set([...Object.keys(was), ...Object.keys(now)]))
      if ((was[key] ?? null) !== (now[key] ?? null)) extraChanged.push(key);
  }
  if (changed.length === 0 && extraChanged.length === 0) return [];
  const sets: string[] = [];
  const args: unknown[] = [];
  if (extraChanged.length > 0) {
    sets.push('extra = ?');
    args.push(writeExtra(changes.extra));
    for (const key of extraChanged) {
      recordAudit(ctx, {
        action: 'update',
        entity: 'scheme_line',
        entityId: id,
        field: extraColumn(key),
        oldValue: before.extra?.[key] ?? null,
        newValue: changes.extra![key] ?? null,
        reason: reason ?? null,
      });
    }
  }
  for (const field of changed) {
    if (field === 'schemeId') {
      sets.push('scheme_id = ?');
      args.push(ensureSchemeId(ctx, before.planId, changes.schemeId!, changes.schemeName ?? before.schemeName));
    } else {
      sets.push(`${COLUMN[field]} = ?`);
      args.push(changes[field]);
    }
    recordAudit(ctx, {
      action: 'update',
      entity: 'scheme_line',
      entityId: id,
      field,
      oldValue: before[field],
      newValue: changes[field],
      reason: reason ?? null,
    });
  }
  // The scheme the line leaves may be left empty, and only that one (a pasted column changes thousands).
  const left = changed.includes('schemeId') ? schemeOfLine(ctx, id) : null;
  run(
    ctx.db,
    `UPDATE scheme_line SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`,
    ...args,
    ctx.now().toISOString(),
    id,
  );
  if (left !== null) dropSchemeIfEmpty(ctx, left);
  return [...changed, ...extraChanged.map(extraColumn)];
}

/** The row id of the scheme a line belongs to. */
function schemeOfLine(ctx: ServiceContext, lineId: number): number {
  return one<{ schemeId: number }>(ctx.db, 'SELECT scheme_id AS schemeId FROM scheme_line WHERE id = ?', lineId)!
    .schemeId;
}

/**
 * Deletes a line, keeping everything about it in the audit row so that undo can restore it. `linkWhy`:
 * why what links to it loses the link, when that is not simply a deletion (an undo or redo taking it away).
 */
export function removeLine(ctx: ServiceContext, id: number, reason?: string | null, linkWhy?: string): void {
  const before = getLine(ctx, id);
  unlinkLines(ctx, [id], linkWhy);
  const schemeId = schemeOfLine(ctx, id);
  run(ctx.db, 'DELETE FROM scheme_line WHERE id = ?', id);
  // Only this line's scheme can have become empty: not every scheme of the plan, once per line.
  dropSchemeIfEmpty(ctx, schemeId);
  recordAudit(ctx, {
    action: 'delete',
    entity: 'scheme_line',
    entityId: id,
    oldValue: lineSnapshot(before),
    reason: reason ?? null,
    scope: { kind: 'plan', id: before.planId },
  });
}
