import { ApiError } from '../../../shared/api';
import {
  type ReturnColumn,
  type ReturnEntry,
  type ReturnFieldName,
  type ReturnFixed,
  type ReturnLine,
} from '../../../shared/returns/line';
import { extraKeyOf, type ExtraValues } from '../../../shared/templates/fields';
import { PERIODS, returnLabel, type Period } from '../../../shared/returns/period';
import { isLocked, STATE_LABELS, type ReturnState } from '../../../shared/returns/signoff';
import type { Approver } from '../../../shared/signoff/approval';
import { formatDate } from '../../../shared/dates/iso-date';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { SourceRef } from '../../../shared/plans/line';
import { all, insert, one, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';

/** A return's own row: which plan, year and period; its scope, template and sign-off. */
export interface ReturnRecord {
  id: number;
  planId: number;
  year: YearLabel;
  period: Period;
  template: string;
  sources: string[];
  state: ReturnState;
  delegatedAuthority: string;
  deadline: string | null;
  submittedOn: string | null;
  ratifiedOn: string | null;
  ratifiedAt: string;
  createdAt: string;
}

interface ReturnRow {
  id: number;
  plan_id: number;
  year_label: string;
  period: Period;
  template: string;
  sources: string;
  state: ReturnState;
  delegated_authority: string;
  deadline: string | null;
  submitted_on: string | null;
  ratified_on: string | null;
  ratified_at: string;
  created_at: string;
}

function toRecord(r: ReturnRow): ReturnRecord {
  return {
    id: r.id,
    planId: r.plan_id,
    year: r.year_label,
    period: r.period,
    template: r.template,
    sources: JSON.parse(r.sources) as string[],
    state: r.state,
    delegatedAuthority: r.delegated_authority,
    deadline: r.deadline,
    submittedOn: r.submitted_on,
    ratifiedOn: r.ratified_on,
    ratifiedAt: r.ratified_at,
    createdAt: r.created_at,
  };
}

export function findReturn(ctx: ServiceContext, year: YearLabel, period: Period): ReturnRecord | null {
  const row = one<ReturnRow>(
    ctx.db,
    'SELECT * FROM bcf_return WHERE year_label = ? AND period = ? ORDER BY id LIMIT 1',
    year,
    period,
  );
  return row ? toRecord(row) : null;
}

export function requireReturn(ctx: ServiceContext, year: YearLabel, period: Period): ReturnRecord {
  const found = findReturn(ctx, year, period);
  if (!found)
    throw new ApiError(
      'not_found',
      `There is no ${returnLabel(year, period)} return yet: create it first (bcf return create --year ${year} --period ${period}).`,
      'period',
    );
  return found;
}

export function returnById(ctx: ServiceContext, id: number): ReturnRecord {
  const row = one<ReturnRow>(ctx.db, 'SELECT * FROM bcf_return WHERE id = ?', id);
  if (!row) throw new ApiError('not_found', `There is no return ${id}.`);
  return toRecord(row);
}

export function listReturnRecords(ctx: ServiceContext): ReturnRecord[] {
  const rows = all<ReturnRow>(ctx.db, 'SELECT * FROM bcf_return');
  return rows
    .map(toRecord)
    .sort((a, b) => a.year.localeCompare(b.year) || PERIODS.indexOf(a.period) - PERIODS.indexOf(b.period));
}

/** The year's return before this one (Q1 before Q2, …), whose actuals this one's are compared with. */
export function previousReturn(ctx: ServiceContext, r: Pick<ReturnRecord, 'year' | 'period'>): ReturnRecord | null {
  const earlier = PERIODS.slice(0, PERIODS.indexOf(r.period)).reverse();
  for (const p of earlier) {
    const found = findReturn(ctx, r.year, p);
    if (found) return found;
  }
  return null;
}

/** Refuses any change to figures once the return is approved. */
export function assertUnlocked(r: ReturnRecord, what = 'its figures'): void {
  if (!isLocked(r.state)) return;
  throw new ApiError(
    'refused',
    `The ${returnLabel(r.year, r.period)} return is ${STATE_LABELS[r.state].toLowerCase()}${r.submittedOn ? ` (submitted ${formatDate(r.submittedOn)})` : ''}, so ${what} are locked. Reopen it with a reason to change them.`,
  );
}

/** Sets the return's state, auditing old → new with the reason. */
export function setState(ctx: ServiceContext, r: ReturnRecord, state: ReturnState, reason: string | null = null): void {
  if (r.state === state) return;
  run(ctx.db, 'UPDATE bcf_return SET state = ?, updated_at = ? WHERE id = ?', state, ctx.now().toISOString(), r.id);
  recordAudit(ctx, {
    action: 'state',
    entity: 'bcf_return',
    entityId: r.id,
    field: 'state',
    oldValue: r.state,
    newValue: state,
    reason,
  });
  r.state = state;
}

/** Sets other columns of the return's row, auditing each change. */
export function setReturnFields(
  ctx: ServiceContext,
  r: ReturnRecord,
  changes: Partial<
    Record<'delegated_authority' | 'deadline' | 'submitted_on' | 'ratified_on' | 'ratified_at', string | null>
  >,
  reason: string | null = null,
): void {
  const current = one<Record<string, unknown>>(ctx.db, 'SELECT * FROM bcf_return WHERE id = ?', r.id)!;
  for (const [column, value] of Object.entries(changes)) {
    if (current[column] === value) continue;
    run(
      ctx.db,
      `UPDATE bcf_return SET ${column} = ?, updated_at = ? WHERE id = ?`,
      value,
      ctx.now().toISOString(),
      r.id,
    );
    recordAudit(ctx, {
      action: 'update',
      entity: 'bcf_return',
      entityId: r.id,
      field: column,
      oldValue: current[column],
      newValue: value,
      reason,
    });
  }
}

export function listApprovers(ctx: ServiceContext, returnId: number): Approver[] {
  return all<Approver>(
    ctx.db,
    'SELECT name, role, approved_on AS approvedOn FROM return_approval WHERE return_id = ? ORDER BY position',
    returnId,
  );
}

/* Lines */

export const COLUMN: Record<ReturnFieldName, string> = {
  schemeId: 'scheme_code',
  schemeName: 'scheme_name',
  briefDescription: 'brief_description',
  schemeType: 'scheme_type',
  subType: 'sub_type',
  sourceOfFunding: 'source_of_funding',
  plannedPence: 'planned_pence',
  plannedOutputs: 'planned_outputs',
  outputUnit: 'output_unit',
  actualPence: 'actual_pence',
  outputsDelivered: 'outputs_delivered',
  issues: 'issues',
  issueDescription: 'issue_description',
  forecastPence: 'forecast_pence',
  note: 'note',
};

type LineRow = Record<string, unknown> & {
  id: number;
  return_id: number;
  position: number;
  plan_line_id: number | null;
  previous_line_id: number | null;
  unlocked_reason: string | null;
  source_file: string | null;
  source_row: number | null;
  previous_actual: number | null;
};

export function listReturnLines(ctx: ServiceContext, returnId: number): ReturnLine[] {
  const rows = all<LineRow>(
    ctx.db,
    'SELECT l.*, p.actual_pence AS previous_actual FROM return_line l LEFT JOIN return_line p ON p.id = l.previous_line_id WHERE l.return_id = ? ORDER BY l.position, l.id',
    returnId,
  );
  return rows.map(toLine);
}

function toLine(r: LineRow): ReturnLine {
  const line: Record<string, unknown> = {
    id: r.id,
    position: r.position,
    planLineId: r.plan_line_id,
    unlockedReason: r.unlocked_reason,
  };
  for (const [field, column] of Object.entries(COLUMN)) line[field] = r[column];
  line.source =
    r.source_file !== null && r.source_row !== null
      ? ({ file: r.source_file, row: r.source_row } satisfies SourceRef)
      : null;
  if (typeof r.extra === 'string' && r.extra !== '{}') line.extra = JSON.parse(r.extra) as ExtraValues;
  line.previousActualPence = r.previous_line_id === null ? null : r.previous_actual;
  line.movementPence =
    line.previousActualPence !== null && r.actual_pence !== null
      ? (r.actual_pence as number) - (r.previous_actual as number)
      : null;
  return line as unknown as ReturnLine;
}

export function getReturnLine(ctx: ServiceContext, id: number): ReturnLine & { returnId: number } {
  const row = one<LineRow>(
    ctx.db,
    'SELECT l.*, p.actual_pence AS previous_actual FROM return_line l LEFT JOIN return_line p ON p.id = l.previous_line_id WHERE l.id = ?',
    id,
  );
  if (!row) throw new ApiError('not_found', `There is no return line ${id}.`, 'lineId');
  return { ...toLine(row), returnId: row.return_id };
}

export function insertReturnLine(
  ctx: ServiceContext,
  returnId: number,
  position: number,
  fixed: ReturnFixed,
  entry: ReturnEntry,
  links: { planLineId: number | null; previousLineId: number | null },
): number {
  const fields = Object.keys(COLUMN) as ReturnFieldName[];
  const values = { ...fixed, ...entry } as Record<ReturnFieldName, unknown>;
  const columns = [
    'return_id',
    'position',
    'plan_line_id',
    'previous_line_id',
    ...fields.map((f) => COLUMN[f]),
    'extra',
    'updated_at',
  ];
  const args = [
    returnId,
    position,
    links.planLineId,
    links.previousLineId,
    ...fields.map((f) => values[f]),
    writeExtra(entry.extra),
    ctx.now().toISOString(),
  ];
  const id = insert(
    ctx.db,
    `INSERT INTO return_line (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    ...args,
  );
  recordAudit(ctx, {
    action: 'create',
    entity: 'return_line',
    entityId: id,
    newValue: {
      ...values,
      ...(entry.extra && Object.keys(entry.extra).length ? { extra: entry.extra } : {}),
      position,
      planLineId: links.planLineId,
    },
  });
  return id;
}

/** The extra values as stored: blank ones left out, keys in order. */
export function writeExtra(extra: ExtraValues | undefined): string {
  if (!extra) return '{}';
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(extra)
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  );
}

/**
 * Changes a line's fields, one audit row per changed field (old → new); a
 * template year's own field is given as "extra.<key>" and audited so. Returns
 * the columns changed.
 */
export function changeReturnLine(
  ctx: ServiceContext,
  id: number,
  changes: Partial<Record<ReturnColumn, unknown>>,
  extra: { source?: SourceRef | null; reason?: string | null } = {},
): ReturnColumn[] {
  const before = getReturnLine(ctx, id);
  const changed = (Object.keys(changes) as ReturnColumn[]).filter(
    (f) => extraKeyOf(f) === null && before[f as ReturnFieldName] !== changes[f],
  ) as ReturnFieldName[];
  const extras = (Object.keys(changes) as ReturnColumn[]).filter(
    (f) => extraKeyOf(f) !== null && (before.extra?.[extraKeyOf(f)!] ?? null) !== (changes[f] ?? null),
  );
  if (changed.length === 0 && extras.length === 0) return [];
  const sets = changed.map((f) => `${COLUMN[f]} = ?`);
  const args = changed.map((f) => changes[f]);
  if (extras.length > 0) {
    const next: ExtraValues = { ...(before.extra ?? {}) };
    for (const f of extras) {
      const v = changes[f] as ExtraValues[string] | null | undefined;
      if (v === null || v === undefined || v === '') delete next[extraKeyOf(f)!];
      else next[extraKeyOf(f)!] = v;
    }
    sets.push('extra = ?');
    args.push(writeExtra(next));
  }
  if (extra.source !== undefined) {
    sets.push('source_file = ?', 'source_row = ?');
    args.push(extra.source?.file ?? null, extra.source?.row ?? null);
  }
  run(
    ctx.db,
    `UPDATE return_line SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`,
    ...args,
    ctx.now().toISOString(),
    id,
  );
  for (const f of changed)
    recordAudit(ctx, {
      action: 'update',
      entity: 'return_line',
      entityId: id,
      field: f,
      oldValue: before[f],
      newValue: changes[f],
      reason: extra.reason ?? null,
    });
  for (const f of extras)
    recordAudit(ctx, {
      action: 'update',
      entity: 'return_line',
      entityId: id,
      field: f,
      oldValue: before.extra?.[extraKeyOf(f)!] ?? null,
      newValue: changes[f] ?? null,
      reason: extra.reason ?? null,
    });
  return [...changed, ...extras];
}
