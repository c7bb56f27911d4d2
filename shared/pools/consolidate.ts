import { formatPence, sumPence, type Pence } from '../money';

/**
 * Money between pools (DOMAIN §6): a BCF plan line such as "Protection of
 * Social Care" or the DFG funds a contribution to another pool. The BCF
 * plan counts it as expenditure and the pool counts it as a contribution; a
 * consolidated view must count it once and show the flow.
 */
export interface BcfLineRef {
  id: number;
  schemeId: string;
  schemeName: string;
  sourceOfFunding: string;
  expenditurePence: Pence;
}

export interface LinkedContribution {
  contributionId: number;
  pool: string;
  partner: string | null;
  label: string;
  amountPence: Pence;
  schemeLineId: number;
}

export interface Flow {
  from: BcfLineRef;
  to: { contributionId: number; pool: string; partner: string | null; label: string };
  pence: Pence;
}

export interface Consolidated {
  bcfPlanPence: Pence;
  poolsPence: Pence;
  /** Money counted in both: the part of each linked BCF line that funds pool contributions. */
  countedTwicePence: Pence;
  countedOncePence: Pence;
  flows: Flow[];
  warnings: string[];
}

export function consolidate(
  planLines: readonly BcfLineRef[],
  poolTotals: readonly { pool: string; contributionsPence: Pence }[],
  links: readonly LinkedContribution[],
): Consolidated {
  const bcfPlanPence = sumPence(planLines.map((l) => l.expenditurePence));
  const poolsPence = sumPence(poolTotals.map((p) => p.contributionsPence));
  const warnings: string[] = [];
  const flows: Flow[] = [];
  let countedTwicePence = 0;
  for (const line of planLines) {
    const out = links.filter((l) => l.schemeLineId === line.id);
    if (out.length === 0) continue;
    for (const l of out)
      flows.push({
        from: line,
        to: { contributionId: l.contributionId, pool: l.pool, partner: l.partner, label: l.label },
        pence: l.amountPence,
      });
    const total = sumPence(out.map((l) => l.amountPence));
    const overlap = Math.max(0, Math.min(total, line.expenditurePence));
    countedTwicePence += overlap;
    if (total > line.expenditurePence) {
      warnings.push(
        `BCF line ${line.schemeId} "${line.schemeName}" (${line.sourceOfFunding}) is ${formatPence(line.expenditurePence)} but funds ${formatPence(total)} of pool contributions; only ${formatPence(overlap)} is counted once, the other ${formatPence(total - overlap)} is not BCF money.`,
      );
    }
  }
  for (const l of links) {
    if (!planLines.some((p) => p.id === l.schemeLineId))
      warnings.push(`${l.pool}: "${l.label}" is linked to a BCF line that is not in this year's plan.`);
  }
  return {
    bcfPlanPence,
    poolsPence,
    countedTwicePence,
    countedOncePence: bcfPlanPence + poolsPence - countedTwicePence,
    flows,
    warnings,
  };
}
