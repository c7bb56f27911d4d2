import type { LinesImportOutcome, OutturnImportOutcome, PoolImportOutcome } from '../../../shared/api/pools';
import { ApiError } from '../../../shared/api/errors';
import { describeProblem, type ImportProblem, type Row } from '../../../shared/imports/table';
import { amountOutOfBounds, sumPence, type Pence } from '../../../shared/money';
import { BUDGET, importBudgetLines, importLedger, resolvePartner } from '../../../shared/pools/import-lines';
import { CONTRIBUTION } from '../../../shared/pools/import-published';
import { importPublishedPools } from '../../../shared/pools/import-published';
import { parseDate } from '../../../shared/dates/iso-date';
import {
  methodNeedsRatio,
  ratioText,
  type Basis,
  type LegalBasis,
  type MethodSpec,
  type PartnerKind,
} from '../../../shared/pools/model';
import { agreedFigures, buildStatement, type Agreement, type PoolData } from '../../../shared/pools/statement';
import { nextYear, type YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import { recordAudit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { ensureYear } from '../plans/plan-store';
import { findPool, loadPool, partnerId, poolIdsForYear, touchPool } from './store';

/**
 * Changing pools. Every user action is one transaction with its audit rows;
 * every import reads the whole file first and writes nothing unless it is
 * all good.
 */

const RATIO_METHOD: MethodSpec = { method: 'fixed-ratio' };
const PRO_RATA: MethodSpec = { method: 'pro-rata' };

function refuseProblems(problems: ImportProblem[]): void {
  if (problems.length === 0) return;
  const details = problems.map(describeProblem);
  throw new ApiError(
    'refused',
    `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}; nothing was imported.`,
    undefined,
    details,
  );
}

export interface NewPool {
  year: YearLabel;
  name: string;
  legalBasis: LegalBasis;
  partners: { name: string; kind: PartnerKind; ratio: string | null }[];
  host: string | null;
  contributions?: {
    partner: string | null;
    label: string;
    amountPence: Pence;
    source?: { file: string; row: number };
  }[];
  lines?: { code: string; name: string; partner: string | null; contingency: boolean; budgetPence: Pence }[];
  overspend?: MethodSpec;
  underspend?: MethodSpec;
  printedTotalPence?: Pence | null;
  source?: { file: string; row: number };
  copiedFrom?: number;
}

/** Inserts a pool with its partners, contributions and lines. Call inside a transaction. */
function insertPool(ctx: ServiceContext, p: NewPool): number {
  const area = requireArea(ctx);
  const names = p.partners.map((x) => x.name.toLowerCase());
  if (new Set(names).size !== names.length)
    throw new ApiError('invalid_request', 'Two partners have the same name; each partner once.', 'partners');
  if (p.host !== null && !names.includes(p.host.toLowerCase()))
    throw new ApiError('invalid_request', `The host ${p.host} is not one of the partners.`, 'host');
  const hasRatio = p.partners.every((x) => x.ratio !== null);
  if (!hasRatio && p.partners.some((x) => x.ratio !== null))
    throw new ApiError('invalid_request', 'Give every partner a part of the ratio, or none.', 'partners');
  const yearId = ensureYear(ctx, p.year);
  if (
    ctx.db
      .prepare('SELECT 1 FROM pool WHERE area_id = ? AND year_id = ? AND lower(name) = lower(?)')
      .get(area.id, yearId, p.name)
  ) {
    throw new ApiError('conflict', `${p.year} already has a pool called "${p.name}".`, 'name');
  }
  const now = ctx.now().toISOString();
  const overspend = p.overspend ?? (hasRatio ? RATIO_METHOD : PRO_RATA);
  const underspend = p.underspend ?? (hasRatio ? RATIO_METHOD : PRO_RATA);
  const id = Number(
    ctx.db
      .prepare(
        `INSERT INTO pool (area_id, year_id, name, legal_basis, overspend_method, underspend_method, printed_total_pence, copied_from_pool_id, source_file, source_row, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        area.id,
        yearId,
        p.name,
        p.legalBasis,
        JSON.stringify(overspend),
        JSON.stringify(underspend),
        p.printedTotalPence ?? null,
        p.copiedFrom ?? null,
        p.source?.file ?? null,
        p.source?.row ?? null,
        now,
        now,
      ).lastInsertRowid,
  );
  const addPartner = ctx.db.prepare(
    'INSERT INTO pool_partner (pool_id, position, name, kind, ratio_part, is_host) VALUES (?, ?, ?, ?, ?, ?)',
  );
  p.partners.forEach((x, i) =>
    addPartner.run(
      id,
      i + 1,
      x.name,
      x.kind,
      x.ratio,
      p.host !== null && x.name.toLowerCase() === p.host.toLowerCase() ? 1 : 0,
    ),
  );
  const addContribution = ctx.db.prepare(
    'INSERT INTO pool_contribution (pool_id, partner_id, position, label, amount_pence, source_file, source_row) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  (p.contributions ?? []).forEach((c, i) =>
    addContribution.run(
      id,
      partnerId(ctx, id, c.partner),
      i + 1,
      c.label,
      c.amountPence,
      c.source?.file ?? null,
      c.source?.row ?? null,
    ),
  );
  const addLine = ctx.db.prepare(
    'INSERT INTO pool_budget_line (pool_id, position, code, name, partner_id, contingency, budget_pence) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  (p.lines ?? []).forEach((l, i) =>
    addLine.run(id, i + 1, l.code, l.name, partnerId(ctx, id, l.partner), l.contingency ? 1 : 0, l.budgetPence),
  );
  return id;
}

export function createPool(ctx: ServiceContext, p: NewPool): PoolData {
  return inTransaction(ctx, () => {
    const id = insertPool(ctx, p);
    recordAudit(ctx, {
      action: 'create',
      entity: 'pool',
      entityId: id,
      newValue: { year: p.year, name: p.name, legalBasis: p.legalBasis, partners: p.partners, host: p.host },
    });
    return loadPool(ctx, id);
  });
}

export function updatePool(
  ctx: ServiceContext,
  id: number,
  changes: { legalBasis?: LegalBasis | undefined; host?: string | null | undefined },
  reason?: string,
): PoolData {
  return inTransaction(ctx, () => {
    const before = loadPool(ctx, id);
    if (changes.legalBasis !== undefined && changes.legalBasis !== before.legalBasis) {
      ctx.db.prepare('UPDATE pool SET legal_basis = ? WHERE id = ?').run(changes.legalBasis, id);
      recordAudit(ctx, {
        action: 'update',
        entity: 'pool',
        entityId: id,
        field: 'legalBasis',
        oldValue: before.legalBasis,
        newValue: changes.legalBasis,
        reason: reason ?? null,
      });
    }
    if (changes.host !== undefined) {
      const oldHost = before.partners.find((p) => p.isHost)?.name ?? null;
      const newId = partnerId(ctx, id, changes.host);
      const newHost = newId === null ? null : before.partners.find((p) => p.id === newId)!.name;
      if (newHost !== oldHost) {
        ctx.db.prepare('UPDATE pool_partner SET is_host = (id IS ?) WHERE pool_id = ?').run(newId, id);
        recordAudit(ctx, {
          action: 'update',
          entity: 'pool',
          entityId: id,
          field: 'host',
          oldValue: oldHost,
          newValue: newHost,
          reason: reason ?? null,
        });
      }
    }
    touchPool(ctx, id);
    return loadPool(ctx, id);
  });
}

export function deletePool(ctx: ServiceContext, id: number, reason?: string): { id: number } {
  return inTransaction(ctx, () => {
    const before = loadPool(ctx, id);
    ctx.db.prepare('DELETE FROM pool WHERE id = ?').run(id);
    recordAudit(ctx, { action: 'delete', entity: 'pool', entityId: id, oldValue: before, reason: reason ?? null });
    return { id };
  });
}

// ---------------------------------------------------------------- importing the published table

export function importPoolsTable(
  ctx: ServiceContext,
  args: { file: string; rows: readonly Row[]; year: YearLabel; replace?: boolean; dryRun?: boolean },
): PoolImportOutcome {
  const parsed = importPublishedPools(args.file, args.rows);
  refuseProblems(parsed.problems);
  requireArea(ctx);
  const existing = poolIdsForYear(ctx, args.year).map((id) => ({
    id,
    name: (ctx.db.prepare('SELECT name FROM pool WHERE id = ?').get(id) as { name: string }).name,
  }));
  const clashes = existing.filter((e) => parsed.pools.some((p) => p.name.toLowerCase() === e.name.toLowerCase()));
  if (clashes.length > 0 && !args.replace) {
    throw new ApiError(
      'conflict',
      `${args.year} already has ${clashes.map((c) => `"${c.name}"`).join(', ')}; choose to replace ${clashes.length === 1 ? 'it' : 'them'} (their lines, outturns and agreements go too).`,
    );
  }
  const outcome: PoolImportOutcome = {
    file: args.file,
    year: args.year,
    dryRun: Boolean(args.dryRun),
    pools: parsed.pools.map((p) => ({
      name: p.name,
      ratio: ratioText(p.partners.map((x) => x.ratio)),
      contributionsPence: sumPence(p.contributions.map((c) => c.amountPence)),
    })),
    replaced: clashes.map((c) => c.name),
    totals: parsed.totals,
  };
  if (args.dryRun) return outcome;
  inTransaction(ctx, () => {
    for (const c of clashes) {
      recordAudit(ctx, {
        action: 'delete',
        entity: 'pool',
        entityId: c.id,
        oldValue: loadPool(ctx, c.id),
        reason: `replaced by ${args.file}`,
      });
      ctx.db.prepare('DELETE FROM pool WHERE id = ?').run(c.id);
    }
    for (const p of parsed.pools) {
      const id = insertPool(ctx, {
        year: args.year,
        name: p.name,
        legalBasis: p.legalBasis,
        partners: p.partners,
        host: null,
        contributions: p.contributions.map((c) => ({
          partner: c.partner,
          label: c.label,
          amountPence: c.amountPence,
          source: { file: args.file, row: p.row },
        })),
        overspend: RATIO_METHOD,
        underspend: RATIO_METHOD,
        printedTotalPence: p.printedTotalPence,
        source: { file: args.file, row: p.row },
      });
      recordAudit(ctx, {
        action: 'import',
        entity: 'pool',
        entityId: id,
        newValue: {
          file: args.file,
          row: p.row,
          year: args.year,
          name: p.name,
          ratio: ratioText(p.partners.map((x) => x.ratio)),
        },
      });
    }
  });
  return outcome;
}

// ---------------------------------------------------------------- copying forward

/** Copies a year's pools (or one) to the next year: partners, ratio, methods, contributions and budget lines; no outturns, agreements or BCF links. */
export function copyForward(
  ctx: ServiceContext,
  year: YearLabel,
  poolId?: number,
): { year: YearLabel; copied: string[] } {
  const ids = poolId !== undefined ? [poolId] : poolIdsForYear(ctx, year);
  if (ids.length === 0) throw new ApiError('not_found', `There are no pools in ${year} to copy.`);
  const to = nextYear(year);
  return inTransaction(ctx, () => {
    const copied: string[] = [];
    for (const id of ids) {
      const p = loadPool(ctx, id);
      if (p.year !== year)
        throw new ApiError('invalid_request', `${p.name} is a ${p.year} pool, not ${year}.`, 'poolId');
      const newId = insertPool(ctx, {
        year: to,
        name: p.name,
        legalBasis: p.legalBasis,
        partners: p.partners.map((x) => ({ name: x.name, kind: x.kind, ratio: x.ratio })),
        host: p.partners.find((x) => x.isHost)?.name ?? null,
        contributions: p.contributions.map((c) => ({ partner: c.partner, label: c.label, amountPence: c.amountPence })),
        lines: p.lines.map((l) => ({
          code: l.code,
          name: l.name,
          partner: l.partner,
          contingency: l.contingency,
          budgetPence: l.budgetPence,
        })),
        overspend: p.overspend,
        underspend: p.underspend,
        copiedFrom: p.id,
      });
      recordAudit(ctx, {
        action: 'copy',
        entity: 'pool',
        entityId: newId,
        oldValue: { id: p.id, year },
        newValue: { year: to, name: p.name },
      });
      copied.push(p.name);
    }
    return { year: to, copied };
  });
}

// ---------------------------------------------------------------- methods and ratio

export function setMethods(
  ctx: ServiceContext,
  id: number,
  req: { overspend?: MethodSpec | undefined; underspend?: MethodSpec | undefined; ratio?: string[] | undefined },
  reason?: string,
): PoolData {
  return inTransaction(ctx, () => {
    const before = loadPool(ctx, id);
    if (!req.overspend && !req.underspend && !req.ratio)
      throw new ApiError('invalid_request', 'Give an overspend method, an underspend method or a ratio to change.');
    let partners = before.partners;
    if (req.ratio) {
      if (req.ratio.length !== partners.length) {
        throw new ApiError(
          'invalid_request',
          `The ratio has ${req.ratio.length} part${req.ratio.length === 1 ? '' : 's'} but ${before.name} has ${partners.length} partners (${partners.map((p) => p.name).join(':')}).`,
          'ratio',
        );
      }
      if (req.ratio.every((r) => Number(r) === 0))
        throw new ApiError('invalid_request', 'At least one part of the ratio must be above zero.', 'ratio');
      partners = partners.map((p, i) => ({ ...p, ratio: req.ratio![i]! }));
    }
    const overspend = req.overspend ?? before.overspend;
    const underspend = req.underspend ?? before.underspend;
    for (const [side, spec] of [
      ['overspend', overspend],
      ['underspend', underspend],
    ] as const) {
      if (spec.method === 'contingency-first' && side === 'underspend')
        throw new ApiError(
          'invalid_request',
          'Contingency first absorbs an overspend; choose another method for an underspend.',
          side,
        );
      if (methodNeedsRatio(spec) && partners.some((p) => p.ratio === null)) {
        throw new ApiError(
          'invalid_request',
          `The ${side} method shares by the agreed ratio and ${before.name} has none; give one (e.g. --ratio ${partners.map(() => '1').join(':')}).`,
          'ratio',
        );
      }
      if (spec.method === 'cap') {
        for (const c of spec.caps) partnerId(ctx, id, c.partner);
        spec.caps.forEach(
          (c) => (c.partner = partners.find((p) => p.name.toLowerCase() === c.partner.toLowerCase())!.name),
        );
      }
      if (
        spec.method === 'contingency-first' &&
        !before.lines.some((l) => l.code.toLowerCase() === spec.contingencyLine.toLowerCase())
      ) {
        throw new ApiError(
          'invalid_request',
          before.lines.length === 0
            ? `${before.name} has no budget lines, so no contingency line ${spec.contingencyLine}; add the lines first.`
            : `${before.name} has no budget line ${spec.contingencyLine}; its lines are ${before.lines.map((l) => l.code).join(', ')}.`,
          side,
        );
      }
      if (spec.method === 'contingency-first')
        spec.contingencyLine = before.lines.find(
          (l) => l.code.toLowerCase() === spec.contingencyLine.toLowerCase(),
        )!.code;
    }
    const oldRatio = ratioText(before.partners.map((p) => p.ratio));
    const newRatio = ratioText(partners.map((p) => p.ratio));
    if (newRatio !== oldRatio) {
      const set = ctx.db.prepare('UPDATE pool_partner SET ratio_part = ? WHERE id = ?');
      partners.forEach((p) => set.run(p.ratio, p.id));
      recordAudit(ctx, {
        action: 'update',
        entity: 'pool',
        entityId: id,
        field: 'ratio',
        oldValue: oldRatio,
        newValue: newRatio,
        reason: reason ?? null,
      });
    }
    for (const [field, column, oldSpec, newSpec] of [
      ['overspendMethod', 'overspend_method', before.overspend, overspend],
      ['underspendMethod', 'underspend_method', before.underspend, underspend],
    ] as const) {
      if (JSON.stringify(oldSpec) === JSON.stringify(newSpec)) continue;
      ctx.db.prepare(`UPDATE pool SET ${column} = ? WHERE id = ?`).run(JSON.stringify(newSpec), id);
      recordAudit(ctx, {
        action: 'update',
        entity: 'pool',
        entityId: id,
        field,
        oldValue: oldSpec,
        newValue: newSpec,
        reason: reason ?? null,
      });
    }
    touchPool(ctx, id);
    return loadPool(ctx, id);
  });
}

// ---------------------------------------------------------------- outturn and forecast

const basisColumn = (basis: Basis) => (basis === 'outturn' ? 'outturn_pence' : 'forecast_pence');
const basisField = (basis: Basis) => (basis === 'outturn' ? 'outturnPence' : 'forecastPence');

/** Records a pool-level figure (a pool without lines) or one line's figure; null clears it. */
export function setOutturn(
  ctx: ServiceContext,
  id: number,
  basis: Basis,
  lineId: number | undefined,
  amountPence: Pence | null,
  reason?: string,
): PoolData {
  return inTransaction(ctx, () => {
    const pool = loadPool(ctx, id);
    if (lineId === undefined) {
      if (pool.lines.length > 0) {
        throw new ApiError(
          'invalid_request',
          `${pool.name} has budget lines (${pool.lines.map((l) => l.code).join(', ')}): give the ${basis} of a line, or import a ledger extract.`,
          'lineId',
        );
      }
      const old = basis === 'outturn' ? pool.outturnPence : pool.forecastPence;
      if (old !== amountPence) {
        ctx.db.prepare(`UPDATE pool SET ${basisColumn(basis)} = ? WHERE id = ?`).run(amountPence, id);
        recordAudit(ctx, {
          action: 'update',
          entity: 'pool',
          entityId: id,
          field: basisField(basis),
          oldValue: old,
          newValue: amountPence,
          reason: reason ?? null,
        });
      }
    } else {
      const line = pool.lines.find((l) => l.id === lineId);
      if (!line) throw new ApiError('not_found', `${pool.name} has no budget line ${lineId}.`, 'lineId');
      const old = basis === 'outturn' ? line.outturnPence : line.forecastPence;
      if (old !== amountPence) {
        ctx.db.prepare(`UPDATE pool_budget_line SET ${basisColumn(basis)} = ? WHERE id = ?`).run(amountPence, lineId);
        recordAudit(ctx, {
          action: 'update',
          entity: 'pool_budget_line',
          entityId: lineId,
          field: basisField(basis),
          oldValue: old,
          newValue: amountPence,
          reason: reason ?? null,
        });
      }
    }
    touchPool(ctx, id);
    return loadPool(ctx, id);
  });
}

/** Several lines' figures at once (a form of line outturns): one transaction, one audit row per changed line. */
export function setLineFigures(
  ctx: ServiceContext,
  id: number,
  basis: Basis,
  entries: { lineId: number; amountPence: Pence | null }[],
  reason?: string,
): PoolData {
  return inTransaction(ctx, () => {
    const pool = loadPool(ctx, id);
    for (const e of entries) {
      const line = pool.lines.find((l) => l.id === e.lineId);
      if (!line) throw new ApiError('not_found', `${pool.name} has no budget line ${e.lineId}.`, 'lines');
      const old = basis === 'outturn' ? line.outturnPence : line.forecastPence;
      if (old === e.amountPence) continue;
      ctx.db.prepare(`UPDATE pool_budget_line SET ${basisColumn(basis)} = ? WHERE id = ?`).run(e.amountPence, e.lineId);
      recordAudit(ctx, {
        action: 'update',
        entity: 'pool_budget_line',
        entityId: e.lineId,
        field: basisField(basis),
        oldValue: old,
        newValue: e.amountPence,
        reason: reason ?? null,
      });
    }
    touchPool(ctx, id);
    return loadPool(ctx, id);
  });
}

export function lineIdByCode(pool: PoolData, code: string): number {
  const line = pool.lines.find((l) => l.code.toLowerCase() === code.trim().toLowerCase());
  if (!line) {
    throw new ApiError(
      'not_found',
      pool.lines.length === 0
        ? `${pool.name} has no budget lines; give a pool-level amount instead.`
        : `${pool.name} has no budget line ${code}; its lines are ${pool.lines.map((l) => l.code).join(', ')}.`,
      'line',
    );
  }
  return line.id;
}

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
  inTransaction(ctx, () => {
    for (const c of changes) {
      const lineId = pool.lines.find((l) => l.code === c.code)!.id;
      if (c.oldPence === c.newPence) continue;
      ctx.db.prepare(`UPDATE pool_budget_line SET ${basisColumn(args.basis)} = ? WHERE id = ?`).run(c.newPence, lineId);
      recordAudit(ctx, {
        action: 'update',
        entity: 'pool_budget_line',
        entityId: lineId,
        field: basisField(args.basis),
        oldValue: c.oldPence,
        newValue: c.newPence,
        reason: `imported from ${args.file}`,
      });
    }
    recordAudit(ctx, {
      action: 'import',
      entity: 'pool',
      entityId: pool.id,
      field: basisField(args.basis),
      newValue: { file: args.file, lines: changes.length },
    });
    touchPool(ctx, pool.id);
  });
  return outcome;
}

// ---------------------------------------------------------------- budget lines

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
  inTransaction(ctx, () => {
    if (pool.lines.length > 0) {
      ctx.db.prepare('DELETE FROM pool_budget_line WHERE pool_id = ?').run(pool.id);
      recordAudit(ctx, {
        action: 'delete',
        entity: 'pool_budget_line',
        entityId: null,
        oldValue: pool.lines,
        reason: `replaced by ${args.file}`,
        scope: { kind: 'pool', id: pool.id },
      });
    }
    const add = ctx.db.prepare(
      'INSERT INTO pool_budget_line (pool_id, position, code, name, partner_id, contingency, budget_pence) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    parsed.lines.forEach((l, i) =>
      add.run(pool.id, i + 1, l.code, l.name, partnerId(ctx, pool.id, l.partner), l.contingency ? 1 : 0, l.budgetPence),
    );
    recordAudit(ctx, {
      action: 'import',
      entity: 'pool',
      entityId: pool.id,
      field: 'lines',
      newValue: { file: args.file, lines: parsed.lines.length },
    });
    touchPool(ctx, pool.id);
  });
  return outcome;
}

export function saveLine(
  ctx: ServiceContext,
  req: {
    poolId: number;
    id?: number | undefined;
    code: string;
    name: string;
    partner: string | null;
    contingency: boolean;
    budgetPence: Pence;
  },
  reason?: string,
): PoolData {
  const out = amountOutOfBounds(req.budgetPence, BUDGET);
  if (out !== null) throw new ApiError('invalid_request', `${out}.`, 'budgetPence');
  return inTransaction(ctx, () => {
    const pool = loadPool(ctx, req.poolId);
    // A partner's name, or the kind of cost when one partner is of that kind ("health").
    const resolved = resolvePartner(req.partner ?? '', pool.partners);
    if (!resolved.ok) throw new ApiError('invalid_request', resolved.message, 'partner');
    const pid = partnerId(ctx, pool.id, resolved.value);
    const clash = pool.lines.find((l) => l.code.toLowerCase() === req.code.toLowerCase() && l.id !== req.id);
    if (clash) throw new ApiError('conflict', `${pool.name} already has a line ${clash.code}.`, 'code');
    const value = {
      code: req.code,
      name: req.name,
      partner: req.partner === null ? null : pool.partners.find((p) => p.id === pid)!.name,
      contingency: req.contingency,
      budgetPence: req.budgetPence,
    };
    if (req.id === undefined) {
      const { next } = ctx.db
        .prepare('SELECT coalesce(max(position), 0) + 1 AS next FROM pool_budget_line WHERE pool_id = ?')
        .get(pool.id) as { next: number };
      const id = Number(
        ctx.db
          .prepare(
            'INSERT INTO pool_budget_line (pool_id, position, code, name, partner_id, contingency, budget_pence) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(pool.id, next, req.code, req.name, pid, req.contingency ? 1 : 0, req.budgetPence).lastInsertRowid,
      );
      recordAudit(ctx, {
        action: 'create',
        entity: 'pool_budget_line',
        entityId: id,
        newValue: value,
        reason: reason ?? null,
      });
    } else {
      const before = pool.lines.find((l) => l.id === req.id);
      if (!before) throw new ApiError('not_found', `${pool.name} has no budget line ${req.id}.`, 'id');
      ctx.db
        .prepare(
          'UPDATE pool_budget_line SET code = ?, name = ?, partner_id = ?, contingency = ?, budget_pence = ? WHERE id = ?',
        )
        .run(req.code, req.name, pid, req.contingency ? 1 : 0, req.budgetPence, req.id);
      for (const field of ['code', 'name', 'partner', 'contingency', 'budgetPence'] as const) {
        if (before[field] !== value[field])
          recordAudit(ctx, {
            action: 'update',
            entity: 'pool_budget_line',
            entityId: req.id,
            field,
            oldValue: before[field],
            newValue: value[field],
            reason: reason ?? null,
          });
      }
    }
    touchPool(ctx, pool.id);
    return loadPool(ctx, pool.id);
  });
}

export function deleteLine(ctx: ServiceContext, id: number, reason?: string): PoolData {
  return inTransaction(ctx, () => {
    const row = ctx.db.prepare('SELECT pool_id FROM pool_budget_line WHERE id = ?').get(id) as
      { pool_id: number } | undefined;
    if (!row) throw new ApiError('not_found', `There is no budget line ${id}; it may have been deleted.`, 'id');
    const pool = loadPool(ctx, row.pool_id);
    const line = pool.lines.find((l) => l.id === id)!;
    for (const spec of [pool.overspend]) {
      if (spec.method === 'contingency-first' && spec.contingencyLine === line.code) {
        throw new ApiError(
          'refused',
          `Line ${line.code} is the contingency the overspend method draws on; change the method first.`,
        );
      }
    }
    ctx.db.prepare('DELETE FROM pool_budget_line WHERE id = ?').run(id);
    recordAudit(ctx, {
      action: 'delete',
      entity: 'pool_budget_line',
      entityId: id,
      oldValue: line,
      reason: reason ?? null,
      scope: { kind: 'pool', id: pool.id },
    });
    touchPool(ctx, pool.id);
    return loadPool(ctx, pool.id);
  });
}

// ---------------------------------------------------------------- contributions and BCF links

export function saveContribution(
  ctx: ServiceContext,
  req: { poolId: number; id?: number | undefined; partner: string | null; label: string; amountPence: Pence },
  reason?: string,
): PoolData {
  const out = amountOutOfBounds(req.amountPence, CONTRIBUTION);
  if (out !== null) throw new ApiError('invalid_request', `${out}.`, 'amountPence');
  return inTransaction(ctx, () => {
    const pool = loadPool(ctx, req.poolId);
    const pid = partnerId(ctx, pool.id, req.partner);
    const partner = pid === null ? null : pool.partners.find((p) => p.id === pid)!.name;
    if (req.id === undefined) {
      const { next } = ctx.db
        .prepare('SELECT coalesce(max(position), 0) + 1 AS next FROM pool_contribution WHERE pool_id = ?')
        .get(pool.id) as { next: number };
      const id = Number(
        ctx.db
          .prepare(
            'INSERT INTO pool_contribution (pool_id, partner_id, position, label, amount_pence) VALUES (?, ?, ?, ?, ?)',
          )
          .run(pool.id, pid, next, req.label, req.amountPence).lastInsertRowid,
      );
      recordAudit(ctx, {
        action: 'create',
        entity: 'pool_contribution',
        entityId: id,
        newValue: { pool: pool.name, partner, label: req.label, amountPence: req.amountPence },
        reason: reason ?? null,
      });
    } else {
      const before = pool.contributions.find((c) => c.id === req.id);
      if (!before) throw new ApiError('not_found', `${pool.name} has no contribution ${req.id}.`, 'id');
      ctx.db
        .prepare('UPDATE pool_contribution SET partner_id = ?, label = ?, amount_pence = ? WHERE id = ?')
        .run(pid, req.label, req.amountPence, req.id);
      const after = { partner, label: req.label, amountPence: req.amountPence };
      for (const field of ['partner', 'label', 'amountPence'] as const) {
        if (before[field] !== after[field])
          recordAudit(ctx, {
            action: 'update',
            entity: 'pool_contribution',
            entityId: req.id,
            field,
            oldValue: before[field],
            newValue: after[field],
            reason: reason ?? null,
          });
      }
    }
    touchPool(ctx, pool.id);
    return loadPool(ctx, pool.id);
  });
}

function contributionPool(ctx: ServiceContext, id: number): number {
  const row = ctx.db.prepare('SELECT pool_id FROM pool_contribution WHERE id = ?').get(id) as
    { pool_id: number } | undefined;
  if (!row) throw new ApiError('not_found', `There is no contribution ${id}; it may have been deleted.`, 'id');
  return row.pool_id;
}

export function deleteContribution(ctx: ServiceContext, id: number, reason?: string): PoolData {
  return inTransaction(ctx, () => {
    const pool = loadPool(ctx, contributionPool(ctx, id));
    ctx.db.prepare('DELETE FROM pool_contribution WHERE id = ?').run(id);
    recordAudit(ctx, {
      action: 'delete',
      entity: 'pool_contribution',
      entityId: id,
      oldValue: pool.contributions.find((c) => c.id === id),
      reason: reason ?? null,
      scope: { kind: 'pool', id: pool.id },
    });
    touchPool(ctx, pool.id);
    return loadPool(ctx, pool.id);
  });
}

/** Links a contribution to the BCF plan line (same year) that funds it, or unlinks it (null). */
export function linkContribution(
  ctx: ServiceContext,
  id: number,
  schemeLineId: number | null,
  reason?: string,
): PoolData {
  return inTransaction(ctx, () => {
    const pool = loadPool(ctx, contributionPool(ctx, id));
    const before = pool.contributions.find((c) => c.id === id)!;
    if (schemeLineId !== null) {
      const line = ctx.db
        .prepare(
          `SELECT y.label AS year FROM scheme_line l JOIN plan ON plan.id = l.plan_id JOIN financial_year y ON y.id = plan.year_id WHERE l.id = ?`,
        )
        .get(schemeLineId) as { year: string } | undefined;
      if (!line) throw new ApiError('not_found', `There is no BCF plan line ${schemeLineId}.`, 'schemeLineId');
      if (line.year !== pool.year)
        throw new ApiError(
          'invalid_request',
          `BCF line ${schemeLineId} is in the ${line.year} plan; ${pool.name} is a ${pool.year} pool.`,
          'schemeLineId',
        );
    }
    if (before.schemeLineId !== schemeLineId) {
      ctx.db.prepare('UPDATE pool_contribution SET scheme_line_id = ? WHERE id = ?').run(schemeLineId, id);
      recordAudit(ctx, {
        action: 'update',
        entity: 'pool_contribution',
        entityId: id,
        field: 'schemeLineId',
        oldValue: before.schemeLineId,
        newValue: schemeLineId,
        reason: reason ?? null,
      });
    }
    touchPool(ctx, pool.id);
    return loadPool(ctx, pool.id);
  });
}

// ---------------------------------------------------------------- agreeing the statement

/** Records that a partner's finance lead agreed the year-end (outturn) statement as it stands now. */
export function agreeStatement(
  ctx: ServiceContext,
  req: { id: number; partner: string; agreedBy: string; role: string; agreedOn: string },
): Agreement {
  return inTransaction(ctx, () => {
    const pool = loadPool(ctx, req.id);
    const partner = pool.partners.find((p) => p.name.toLowerCase() === req.partner.trim().toLowerCase());
    if (!partner)
      throw new ApiError(
        'invalid_request',
        `${req.partner} is not a partner in ${pool.name}; the partners are ${pool.partners.map((p) => p.name).join(', ')}.`,
        'partner',
      );
    const statement = buildStatement(pool, 'outturn');
    const figures = agreedFigures(statement);
    if (figures === null)
      throw new ApiError('refused', `The ${pool.name} statement cannot be agreed yet: ${statement.problem}`);
    if (!statement.complete)
      throw new ApiError(
        'refused',
        `The ${pool.name} statement cannot be agreed yet: ${statement.warnings.find((w) => w.startsWith('No outturn')) ?? 'some lines have no outturn.'}`,
      );
    const date = parseDate(req.agreedOn);
    if (!date.ok || date.date !== req.agreedOn)
      throw new ApiError(
        'invalid_request',
        date.ok ? `${req.agreedOn}: write the date YYYY-MM-DD, e.g. 2020-05-14.` : `${date.message}.`,
        'agreedOn',
      );
    if (req.agreedBy.trim() === '') throw new ApiError('invalid_request', 'Say who agreed the statement.', 'agreedBy');
    if (req.agreedOn > ctx.now().toISOString().slice(0, 10))
      throw new ApiError(
        'invalid_request',
        `${req.agreedOn} is in the future; record an agreement once it is given.`,
        'agreedOn',
      );
    const now = ctx.now().toISOString();
    const id = Number(
      ctx.db
        .prepare(
          'INSERT INTO pool_agreement (pool_id, partner_name, agreed_by, role, agreed_on, figures, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(pool.id, partner.name, req.agreedBy, req.role, req.agreedOn, JSON.stringify(figures), now, ctx.actor)
        .lastInsertRowid,
    );
    recordAudit(ctx, {
      action: 'agree',
      entity: 'pool',
      entityId: pool.id,
      newValue: { partner: partner.name, agreedBy: req.agreedBy, role: req.role, agreedOn: req.agreedOn, figures },
    });
    return {
      id,
      partner: partner.name,
      agreedBy: req.agreedBy,
      role: req.role,
      agreedOn: req.agreedOn,
      recordedAt: now,
      recordedBy: ctx.actor,
      figures,
    };
  });
}

export { findPool };
