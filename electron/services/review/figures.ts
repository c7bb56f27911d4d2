import { ApiError } from '../../../shared/api';
import { planTotals } from '../../../shared/plans/totals';
import { buildStatement } from '../../../shared/pools/statement';
import type { ReviewFigures, ReviewPlan, ReviewPool } from '../../../shared/review/model';
import { MAX_PLANS, MAX_POOLS } from '../../../shared/review/model';
import type { YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { listLines } from '../plans/lines';
import { findPlan, planLabelOf } from '../plans/plan-store';
import { latestBasis } from '../pools/statements';
import { loadPool } from '../pools/store';

/** What a package covers: plans by year, pools by id. */
export interface ReviewScope {
  plans: YearLabel[];
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
  if (scope.plans.length + scope.pools.length === 0)
    throw new ApiError('invalid_request', 'Choose at least one plan or pool to send for review.', 'plans');
  if (scope.plans.length > MAX_PLANS || scope.pools.length > MAX_POOLS)
    throw new ApiError('invalid_request', `A package holds at most ${MAX_PLANS} plans and ${MAX_POOLS} pools.`);
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
  return { area: { id: area.id, name: area.name }, plans, pools };
}
