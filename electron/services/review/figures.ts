import { ApiError } from '../../../shared/api';
import { planTotals } from '../../../shared/plans/totals';
import { buildStatement } from '../../../shared/pools/statement';
import type { ReviewFigures, ReviewPlan, ReviewPool, ReviewReturn } from '../../../shared/review/model';
import { MAX_PLANS, MAX_POOLS, MAX_RETURNS } from '../../../shared/review/model';
import { sumPence } from '../../../shared/money';
import { PERIOD_LABELS, type Period } from '../../../shared/returns/period';
import { findReturn, listReturnLines } from '../returns/store';
import type { YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { listLines } from '../plans/lines';
import { findPlan, planLabelOf } from '../plans/plan-store';
import { planSubject } from '../plans/plan-view';
import { planMinimums } from '../../../shared/plans/rules';
import { latestBasis } from '../pools/statements';
import { loadPool } from '../pools/store';

/** What a package covers: plans by year, pools by id. */
export interface ReviewScope {
  plans: YearLabel[];
  /** Quarterly and year-end returns; absent in nothing written so far, so read as none. */
  returns?: { year: YearLabel; period: Period }[];
  pools: number[];
}

/**
 * The figures being agreed, read from the database now: each plan's lines
 * with their money and its totals; each pool's contributions, budget,
 * outturn or forecast, variance and each partner's share. The same scope read
 * twice from unchanged data gives the same figures, so the same fingerprint.
 */
export function buildFigures(ctx: ServiceContext, scope: ReviewScope): ReviewFigures {
  const area = requireArea(ctx);
  const wanted = scope.returns ?? [];
  if (scope.plans.length + wanted.length + scope.pools.length === 0)
    throw new ApiError('invalid_request', 'Choose at least one plan, return or pool to send for review.', 'plans');
  if (scope.plans.length > MAX_PLANS || wanted.length > MAX_RETURNS || scope.pools.length > MAX_POOLS)
    throw new ApiError(
      'invalid_request',
      `A package holds at most ${MAX_PLANS} plans, ${MAX_RETURNS} returns and ${MAX_POOLS} pools.`,
    );
  const plans: ReviewPlan[] = [];
  for (const year of scope.plans) {
    const plan = findPlan(ctx, year);
    if (!plan) throw new ApiError('not_found', `There is no plan for ${year}.`, 'plans');
    if (plans.some((p) => p.year === plan.year)) continue;
    const lines = listLines(ctx, plan.id);
    const totals = planTotals(lines, plan.years.length > 1);
    plans.push({
      key: `plan:${plan.year}`,
      year: plan.year,
      label: planLabelOf(plan.years),
      years: [...plan.years],
      totals: {
        lines: totals.lines,
        expenditurePence: totals.expenditurePence,
        expenditureYear2Pence: totals.expenditureYear2Pence,
      },
      lines: lines.map((l) => ({
        key: `plan:${plan.year}:line:${l.id}`,
        schemeId: l.schemeId,
        schemeName: l.schemeName,
        schemeType: l.schemeType,
        areaOfSpend: l.areaOfSpend,
        sourceOfFunding: l.sourceOfFunding,
        priorYearPence: l.priorYearPence,
        virementPence: l.virementPence,
        expenditurePence: l.expenditurePence,
        expenditureYear2Pence: l.expenditureYear2Pence,
      })),
      // Measured by the plan's own rules, so the package says what the plan's check says.
      minimums: planMinimums(planSubject(ctx, plan)).map((m) => ({
        key: `plan:${plan.year}:minimum:${m.year}:${m.kind}`,
        year: m.year,
        kind: m.kind,
        label: m.label,
        requiredPence: m.requiredPence,
        plannedPence: m.plannedPence,
      })),
    });
  }
  const returns: ReviewReturn[] = [];
  for (const { year, period } of wanted) {
    const r = findReturn(ctx, year, period);
    if (!r) throw new ApiError('not_found', `There is no ${year} ${PERIOD_LABELS[period]} return.`, 'returns');
    const key = `return:${r.year}:${r.period}`;
    if (returns.some((x) => x.key === key)) continue;
    const lines = listReturnLines(ctx, r.id);
    returns.push({
      key,
      year: r.year,
      period: r.period,
      label: `${r.year} ${PERIOD_LABELS[r.period]}`,
      totals: {
        lines: lines.length,
        plannedPence: sumPence(lines.map((l) => l.plannedPence)),
        actualPence: sumPence(lines.map((l) => l.actualPence ?? 0)),
      },
      lines: lines.map((l) => ({
        key: `${key}:line:${l.id}`,
        schemeId: l.schemeId,
        schemeName: l.schemeName,
        sourceOfFunding: l.sourceOfFunding,
        plannedPence: l.plannedPence,
        actualPence: l.actualPence,
      })),
    });
  }
  const pools: ReviewPool[] = [];
  for (const id of [...new Set(scope.pools)]) {
    const pool = loadPool(ctx, id);
    const s = buildStatement(pool, latestBasis(pool) ?? 'forecast');
    const key = `pool:${id}`;
    pools.push({
      key,
      name: s.name,
      year: s.year,
      legalBasis: s.legalBasis,
      basis: s.basis,
      host: s.host,
      partners: s.partners.map((p) => ({
        key: `${key}:partner:${p.name}`,
        name: p.name,
        kind: p.kind,
        ratio: p.ratio,
        contributionPence: p.contributionPence,
      })),
      otherIncomePence: s.otherIncomePence,
      contributionsPence: s.contributionsPence,
      budgetPence: s.budget,
      outturnPence: s.outturn,
      variancePence: s.variance,
      method: s.method,
      shares: s.shares.map((sh) => ({ key: `${key}:share:${sh.partner}`, partner: sh.partner, pence: sh.pence })),
      problem: s.problem,
    });
  }
  return { area: { id: area.id, name: area.name }, plans, returns, pools };
}
