import type { PoolDetail, PoolList, PoolSummary, PoolTrend } from '../../../shared/api/pools';
import { consolidate, type Consolidated } from '../../../shared/pools/consolidate';
import type { Basis } from '../../../shared/pools/model';
import {
  buildStatement,
  lineFigure,
  poolBudget,
  type PoolData,
  type PoolStatement,
} from '../../../shared/pools/statement';
import { sumPence } from '../../../shared/money';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { listLines } from '../plans/lines';
import { findPlan } from '../plans/plan-store';
import { plannedFor, planYearIndex } from '../../../shared/plans/line';
import { listPoolYears, loadPool, poolIdsForYear } from './store';

/** Reading pools: the list, one pool's statement, the statements for a year, the trend, and money between pools. */

export function statementsFor(ctx: ServiceContext, year: YearLabel, basis: Basis, poolId?: number): PoolStatement[] {
  const ids = poolId !== undefined ? [poolId] : poolIdsForYear(ctx, year);
  return ids.map((id) => buildStatement(loadPool(ctx, id), basis));
}

/** Pool-level figure on a basis, or the lines' total when any line has one. */
function figure(pool: PoolData, basis: Basis): number | null {
  if (pool.lines.length === 0) return basis === 'outturn' ? pool.outturnPence : pool.forecastPence;
  if (pool.lines.every((l) => lineFigure(l, basis) === null)) return null;
  return sumPence(pool.lines.map((l) => lineFigure(l, basis) ?? l.budgetPence));
}

/** The outturn once one is recorded, the forecast before: what a partner is exposed to now. */
export function latestBasis(pool: PoolData): Basis | null {
  if (figure(pool, 'outturn') !== null) return 'outturn';
  if (figure(pool, 'forecast') !== null) return 'forecast';
  return null;
}

export function summarise(pool: PoolData): PoolSummary {
  const basis = latestBasis(pool);
  const s = buildStatement(pool, basis ?? 'forecast');
  return {
    id: pool.id,
    name: pool.name,
    year: pool.year,
    legalBasis: pool.legalBasis,
    host: s.host,
    partners: pool.partners.map((p) => ({ name: p.name, kind: p.kind, ratio: p.ratio })),
    budget: poolBudget(pool),
    forecast: figure(pool, 'forecast'),
    outturn: figure(pool, 'outturn'),
    basis,
    variance: basis === null ? null : s.variance,
    exposure: basis === null ? [] : s.shares,
    problem: basis === null ? null : s.problem,
    methods: { overspend: s.methods.overspend.description, underspend: s.methods.underspend.description },
    lines: pool.lines.length,
    agreements: pool.agreements.length,
  };
}

/**
 * The BCF plan's lines for the year, as pools link to them (no checks run), each with its planned
 * expenditure in that year: 2024-25 of a 2023-25 plan is the plan's second expenditure column.
 */
function bcfLinesFor(ctx: ServiceContext, year: YearLabel) {
  const plan = findPlan(ctx, year);
  if (!plan) return [];
  const index = planYearIndex(plan.years, year);
  return listLines(ctx, plan.id).map((l) => ({
    id: l.id,
    schemeId: l.schemeId,
    schemeName: l.schemeName,
    sourceOfFunding: l.sourceOfFunding,
    expenditurePence: plannedFor(l, index),
  }));
}

export function listPools(ctx: ServiceContext, year: YearLabel): PoolList {
  return {
    year,
    pools: poolIdsForYear(ctx, year).map((id) => summarise(loadPool(ctx, id))),
    years: listPoolYears(ctx),
  };
}

export function poolDetail(ctx: ServiceContext, id: number, basis?: Basis): PoolDetail {
  const pool = loadPool(ctx, id);
  const statement = buildStatement(pool, basis ?? latestBasis(pool) ?? 'outturn');
  const bcfLines = bcfLinesFor(ctx, pool.year);
  return { pool, statement, bcfLines };
}

/** Each pool's shares year by year (by name), on the outturn where there is one, else the forecast. */
export function poolTrend(ctx: ServiceContext, name?: string): PoolTrend[] {
  const byName = new Map<string, PoolTrend>();
  for (const year of listPoolYears(ctx)) {
    for (const id of poolIdsForYear(ctx, year)) {
      const pool = loadPool(ctx, id);
      if (name !== undefined && pool.name.toLowerCase() !== name.toLowerCase()) continue;
      const basis = latestBasis(pool);
      if (basis === null) continue;
      const s = buildStatement(pool, basis);
      if (s.variance === null || s.problem !== null) continue;
      const key = pool.name.toLowerCase();
      const trend = byName.get(key) ?? { name: pool.name, points: [] };
      trend.points.push({ year, basis, variance: s.variance, shares: s.shares });
      byName.set(key, trend);
    }
  }
  return [...byName.values()];
}

export function consolidated(ctx: ServiceContext, year: YearLabel): Consolidated {
  const plan = bcfLinesFor(ctx, year);
  const pools = poolIdsForYear(ctx, year).map((id) => loadPool(ctx, id));
  const links = pools.flatMap((p) =>
    p.contributions
      .filter((c) => c.schemeLineId !== null)
      .map((c) => ({
        contributionId: c.id,
        pool: p.name,
        partner: c.partner,
        label: c.label,
        amountPence: c.amountPence,
        schemeLineId: c.schemeLineId!,
      })),
  );
  return consolidate(
    plan,
    pools.map((p) => ({ pool: p.name, contributionsPence: sumPence(p.contributions.map((c) => c.amountPence)) })),
    links,
  );
}
