import { ApiError } from '../../../shared/api';
import type { IncomeInput, IncomeLine, RequirementKind, Requirement } from '../../../shared/plans/income';
import type { SourceRef } from '../../../shared/plans/line';
import type { PrintedTotal } from '../../../shared/plans/import-lines';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { one, all, run, insert } from '../../db/statements';

/** The plan's income by funding source, its required minimums and the totals printed in imported files. */
interface IncomeRow {
  id: number;
  plan_id: number;
  position: number;
  source_of_funding: string;
  partner: string;
  amount_pence: number;
  amount_y2_pence: number | null;
  source_file: string | null;
  source_row: number | null;
}

const INCOME_COLUMN: Record<keyof IncomeInput, string> = {
  sourceOfFunding: 'source_of_funding',
  partner: 'partner',
  amountPence: 'amount_pence',
  amountYear2Pence: 'amount_y2_pence',
};

function toIncome(r: IncomeRow): IncomeLine {
  return {
    id: r.id,
    sourceOfFunding: r.source_of_funding,
    partner: r.partner,
    amountPence: r.amount_pence,
    amountYear2Pence: r.amount_y2_pence,
    source: r.source_file !== null && r.source_row !== null ? { file: r.source_file, row: r.source_row } : null,
  };
}

export function listIncome(ctx: ServiceContext, planId: number): IncomeLine[] {
  return all<IncomeRow>(ctx.db, 'SELECT * FROM income_line WHERE plan_id = ? ORDER BY position, id', planId).map(
    toIncome,
  );
}

export function getIncome(ctx: ServiceContext, id: number): IncomeLine & { planId: number; position: number } {
  const row = one<IncomeRow>(ctx.db, 'SELECT * FROM income_line WHERE id = ?', id);
  if (!row) throw new ApiError('not_found', `There is no income line ${id}; it may have been deleted.`, 'id');
  return { ...toIncome(row), planId: row.plan_id, position: row.position };
}

export function insertIncome(
  ctx: ServiceContext,
  planId: number,
  input: IncomeInput,
  source: SourceRef | null,
  at?: { id: number; position: number },
): number {
  const position =
    at?.position ??
    one<{ next: number }>(
      ctx.db,
      'SELECT coalesce(max(position), 0) + 1 AS next FROM income_line WHERE plan_id = ?',
      planId,
    )!.next;
  const id = insert(
    ctx.db,
    `INSERT INTO income_line (id, plan_id, position, source_of_funding, partner, amount_pence, amount_y2_pence, source_file, source_row)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    at?.id ?? null,
    planId,
    position,
    input.sourceOfFunding,
    input.partner,
    input.amountPence,
    input.amountYear2Pence,
    source?.file ?? null,
    source?.row ?? null,
  );
  recordAudit(ctx, { action: 'create', entity: 'income_line', entityId: id, newValue: { ...input, position, source } });
  return id;
}

export function changeIncome(
  ctx: ServiceContext,
  id: number,
  changes: Partial<IncomeInput>,
  reason?: string | null,
): void {
  const before = getIncome(ctx, id);
  for (const field of Object.keys(changes) as (keyof IncomeInput)[]) {
    if (before[field] === changes[field]) continue;
    run(ctx.db, `UPDATE income_line SET ${INCOME_COLUMN[field]} = ? WHERE id = ?`, changes[field], id);
    recordAudit(ctx, {
      action: 'update',
      entity: 'income_line',
      entityId: id,
      field,
      oldValue: before[field],
      newValue: changes[field],
      reason: reason ?? null,
    });
  }
}

export function removeIncome(ctx: ServiceContext, id: number, reason?: string | null): void {
  const before = getIncome(ctx, id);
  run(ctx.db, 'DELETE FROM income_line WHERE id = ?', id);
  const { planId: _p, id: _i, ...rest } = before;
  recordAudit(ctx, {
    action: 'delete',
    entity: 'income_line',
    entityId: id,
    oldValue: rest,
    reason: reason ?? null,
    scope: { kind: 'plan', id: before.planId },
  });
}

export function listRequirements(ctx: ServiceContext, planId: number): Requirement[] {
  return all<Requirement>(
    ctx.db,
    'SELECT year_label AS year, kind, pence FROM plan_requirement WHERE plan_id = ? ORDER BY year_label, kind',
    planId,
  );
}

/** Sets (or with null, clears) a year's required minimum. */
export function setRequirement(
  ctx: ServiceContext,
  planId: number,
  year: string,
  kind: RequirementKind,
  pence: number | null,
  reason?: string | null,
): void {
  const before =
    one<{ pence: number }>(
      ctx.db,
      'SELECT pence FROM plan_requirement WHERE plan_id = ? AND year_label = ? AND kind = ?',
      planId,
      year,
      kind,
    )?.pence ?? null;
  if (before === pence) return;
  if (pence === null)
    run(ctx.db, 'DELETE FROM plan_requirement WHERE plan_id = ? AND year_label = ? AND kind = ?', planId, year, kind);
  else
    run(
      ctx.db,
      'INSERT INTO plan_requirement (plan_id, year_label, kind, pence) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET pence = excluded.pence',
      planId,
      year,
      kind,
      pence,
    );
  recordAudit(ctx, {
    action: 'update',
    entity: 'plan_requirement',
    entityId: planId,
    field: `${year} ${kind}`,
    oldValue: before,
    newValue: pence,
    reason: reason ?? null,
  });
}

type StoredTotal = Omit<PrintedTotal, 'computedPence'>;

export function listPrintedTotals(ctx: ServiceContext, planId: number): (StoredTotal & { id: number })[] {
  return all<StoredTotal & { id: number }>(
    ctx.db,
    'SELECT id, file, row, label, field, column_label AS column, printed_pence AS printedPence FROM printed_total WHERE plan_id = ? ORDER BY id',
    planId,
  );
}

export function insertPrintedTotal(ctx: ServiceContext, planId: number, t: StoredTotal, at?: { id: number }): void {
  const id = insert(
    ctx.db,
    'INSERT INTO printed_total (id, plan_id, file, row, label, field, column_label, printed_pence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    at?.id ?? null,
    planId,
    t.file,
    t.row,
    t.label,
    t.field,
    t.column,
    t.printedPence,
  );
  recordAudit(ctx, { action: 'create', entity: 'printed_total', entityId: id, newValue: t });
}

export function removePrintedTotal(ctx: ServiceContext, id: number): void {
  const found = one<StoredTotal & { planId: number }>(
    ctx.db,
    'SELECT plan_id AS planId, file, row, label, field, column_label AS column, printed_pence AS printedPence FROM printed_total WHERE id = ?',
    id,
  );
  if (!found) return;
  const { planId, ...row } = found;
  run(ctx.db, 'DELETE FROM printed_total WHERE id = ?', id);
  recordAudit(ctx, {
    action: 'delete',
    entity: 'printed_total',
    entityId: id,
    oldValue: row,
    scope: { kind: 'plan', id: planId },
  });
}
