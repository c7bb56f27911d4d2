import { run } from '../../db/statements';
import type { LinesImportOutcome, OutturnImportOutcome } from '../../../shared/api/pools';
import { ApiError } from '../../../shared/api/errors';
import type { Row } from '../../../shared/imports/table';
import { importBudgetLines, importLedger } from '../../../shared/pools/import-lines';
import type { Basis } from '../../../shared/pools/model';
import { write } from '../write';
import type { ServiceContext } from '../context';
import { loadPool, partnerId, touchPool } from './store';
import { refuseProblems } from './import-pools';
import { basisColumn, basisField } from './figures';

/**
 * A pool's lines from a file: a ledger extract's outturn or forecast, or the budget lines. Each is
 * checked whole and previewed (dry run) before it writes anything.
 */

/** A ledger extract: checked whole, previewed (dry run), then written in one transaction. */
export function importOutturn(
  ctx: ServiceContext,
  args: { id: number; basis: Basis; file: string; rows: readonly Row[]; dryRun?: boolean },
): OutturnImportOutcome {
  const pool = loadPool(ctx, args.id);
  if (pool.lines.length === 0)
    throw new ApiError(
      'refused',
      `${pool.name} has no budget lines to import a ledger extract against; add its lines first, or record a pool-level amount.`,
    );
  const parsed = importLedger(
    args.file,
    args.rows,
    pool.lines.map((l) => l.code),
  );
  refuseProblems(parsed.problems);
  const changes = parsed.amounts.map((a) => {
    const line = pool.lines.find((l) => l.code === a.code)!;
    return {
      code: a.code,
      name: line.name,
      oldPence: args.basis === 'outturn' ? line.outturnPence : line.forecastPence,
      newPence: a.pence,
      rows: a.rows,
    };
  });
  const outcome: OutturnImportOutcome = {
    file: args.file,
    pool: pool.name,
    basis: args.basis,
    dryRun: Boolean(args.dryRun),
    amountColumn: parsed.amountColumn,
    changes,
    untouched: pool.lines.filter((l) => !parsed.amounts.some((a) => a.code === l.code)).map((l) => l.code),
    ignoredColumns: parsed.ignoredColumns,
  };
  if (args.dryRun) return outcome;
  write(ctx, (w) => {
    for (const c of changes) {
      const lineId = pool.lines.find((l) => l.code === c.code)!.id;
      if (c.oldPence === c.newPence) continue;
      run(ctx.db, `UPDATE pool_budget_line SET ${basisColumn(args.basis)} = ? WHERE id = ?`, c.newPence, lineId);
      w.audit({
        action: 'update',
        entity: 'pool_budget_line',
        entityId: lineId,
        field: basisField(args.basis),
        oldValue: c.oldPence,
        newValue: c.newPence,
        reason: `imported from ${args.file}`,
      });
    }
    w.audit({
      action: 'import',
      entity: 'pool',
      entityId: pool.id,
      field: basisField(args.basis),
      newValue: { file: args.file, lines: changes.length },
    });
    touchPool(ctx, w, pool.id);
  });
  return outcome;
}

export function importLines(
  ctx: ServiceContext,
  args: { id: number; file: string; rows: readonly Row[]; replace?: boolean; dryRun?: boolean },
): LinesImportOutcome {
  const pool = loadPool(ctx, args.id);
  const parsed = importBudgetLines(args.file, args.rows, pool.partners);
  refuseProblems(parsed.problems);
  if (pool.lines.length > 0 && !args.replace) {
    throw new ApiError(
      'conflict',
      `${pool.name} already has ${pool.lines.length} budget line${pool.lines.length === 1 ? '' : 's'}; choose to replace them (their forecasts and outturns go too).`,
    );
  }
  const outcome: LinesImportOutcome = {
    file: args.file,
    pool: pool.name,
    dryRun: Boolean(args.dryRun),
    lines: parsed.lines.map(({ row: _row, ...l }) => l),
    replaced: args.replace ? pool.lines.length : 0,
  };
  if (args.dryRun) return outcome;
  write(ctx, (w) => {
    if (pool.lines.length > 0) {
      run(ctx.db, 'DELETE FROM pool_budget_line WHERE pool_id = ?', pool.id);
      w.audit({
        action: 'delete',
        entity: 'pool_budget_line',
        entityId: null,
        oldValue: pool.lines,
        reason: `replaced by ${args.file}`,
        scope: { kind: 'pool', id: pool.id },
      });
    }
    parsed.lines.forEach((l, i) =>
      run(
        ctx.db,
        'INSERT INTO pool_budget_line (pool_id, position, code, name, partner_id, contingency, budget_pence) VALUES (?, ?, ?, ?, ?, ?, ?)',
        pool.id,
        i + 1,
        l.code,
        l.name,
        partnerId(ctx, pool.id, l.partner),
        l.contingency ? 1 : 0,
        l.budgetPence,
      ),
    );
    w.audit({
      action: 'import',
      entity: 'pool',
      entityId: pool.id,
      field: 'lines',
      newValue: { file: args.file, lines: parsed.lines.length },
    });
    touchPool(ctx, w, pool.id);
  });
  return outcome;
}
