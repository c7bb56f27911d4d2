import { formatPence, sumPence, type Pence } from '../money';
import type { YearLabel } from '../years/financial-year';
import {
  describeMethod,
  type Basis,
  type LegalBasis,
  type MethodId,
  type MethodSpec,
  type PartnerKind,
  type Rounding,
  type Share,
  type Step,
} from './model';
import { RiskShareError, shareVariance, type ShareLine } from './risk-share';

/** A pool as the database holds it, in plain values (what the service loads and the statement reads). */
export interface PoolPartner {
  id: number;
  name: string;
  kind: PartnerKind;
  /** The partner's part of the agreed ratio, as decimal text, or null. */
  ratio: string | null;
  isHost: boolean;
}

export interface PoolContribution {
  id: number;
  /** The partner the money is attributed to, or null for other income. */
  partner: string | null;
  label: string;
  amountPence: Pence;
  /** The BCF plan scheme line that funds this contribution, if linked. */
  schemeLineId: number | null;
}

export interface PoolBudgetLine {
  id: number;
  code: string;
  name: string;
  partner: string | null;
  contingency: boolean;
  budgetPence: Pence;
  forecastPence: Pence | null;
  outturnPence: Pence | null;
}

export interface Agreement {
  id: number;
  partner: string;
  agreedBy: string;
  role: string;
  agreedOn: string;
  recordedAt: string;
  recordedBy: string;
  /** The figures agreed, so that a later change shows. */
  figures: AgreedFigures;
}

export interface AgreedFigures {
  budget: Pence;
  outturn: Pence;
  variance: Pence;
  method: MethodId | 'none';
  shares: Share[];
}

export interface PoolData {
  id: number;
  name: string;
  year: YearLabel;
  legalBasis: LegalBasis;
  partners: PoolPartner[];
  contributions: PoolContribution[];
  lines: PoolBudgetLine[];
  /** Pool-level figures, used when the pool has no budget lines. */
  forecastPence: Pence | null;
  outturnPence: Pence | null;
  /** "Total Value" as printed in the table the pool was imported from. */
  printedTotalPence: Pence | null;
  overspend: MethodSpec;
  underspend: MethodSpec;
  agreements: Agreement[];
}

export interface StatementPartner {
  name: string;
  kind: PartnerKind;
  ratio: string | null;
  isHost: boolean;
  contributionPence: Pence;
  /** Budget on the lines classified to this partner (0 when the pool has no lines). */
  linesBudgetPence: Pence;
}

export interface StatementLine {
  code: string;
  name: string;
  partner: string | null;
  contingency: boolean;
  budgetPence: Pence;
  /** The figure used: the one recorded on this basis, or the budget when none is. */
  figurePence: Pence;
  recorded: boolean;
}

export interface PoolStatement {
  poolId: number;
  name: string;
  year: YearLabel;
  basis: Basis;
  legalBasis: LegalBasis;
  host: string | null;
  partners: StatementPartner[];
  otherIncomePence: Pence;
  contributionsPence: Pence;
  /** The pool's budget lines with the figures used (empty when the pool has only pool-level figures). */
  lines: StatementLine[];
  budget: Pence;
  /** Null when nothing has been recorded on this basis yet. */
  outturn: Pence | null;
  variance: Pence | null;
  /** False when some budget lines have no figure on this basis (they are taken at budget). */
  complete: boolean;
  method: MethodId | 'none';
  methods: {
    overspend: { spec: MethodSpec; description: string };
    underspend: { spec: MethodSpec; description: string };
  };
  steps: Step[];
  roundings: Rounding[];
  shares: Share[];
  fallbacks: string[];
  warnings: string[];
  /** Why no shares could be worked out (no outturn yet, or a method that cannot be applied). */
  problem: string | null;
  agreements: (Agreement & { current: boolean })[];
}

const fmt = formatPence;

export function poolBudget(pool: Pick<PoolData, 'lines' | 'contributions'>): Pence {
  return pool.lines.length > 0
    ? sumPence(pool.lines.map((l) => l.budgetPence))
    : sumPence(pool.contributions.map((c) => c.amountPence));
}

/** The figure recorded for a line on this basis, if any. */
export function lineFigure(line: PoolBudgetLine, basis: Basis): Pence | null {
  return basis === 'outturn' ? line.outturnPence : line.forecastPence;
}

export function sameFigures(a: AgreedFigures, b: AgreedFigures): boolean {
  return (
    a.budget === b.budget &&
    a.outturn === b.outturn &&
    a.variance === b.variance &&
    a.method === b.method &&
    a.shares.length === b.shares.length &&
    a.shares.every((s, i) => s.partner === b.shares[i]!.partner && s.pence === b.shares[i]!.pence)
  );
}

/**
 * The statement for one pool and year on a basis (the actual outturn, or the
 * forecast during the year): budget by partner, outturn, variance, the method
 * and its parameters, every step with its figures, each partner's share in
 * pence, and the line proving the shares add up exactly to the variance.
 */
export function buildStatement(pool: PoolData, basis: Basis): PoolStatement {
  const warnings: string[] = [];
  const contributionOf = (name: string) =>
    sumPence(pool.contributions.filter((c) => c.partner === name).map((c) => c.amountPence));
  const partners: StatementPartner[] = pool.partners.map((p) => ({
    name: p.name,
    kind: p.kind,
    ratio: p.ratio,
    isHost: p.isHost,
    contributionPence: contributionOf(p.name),
    linesBudgetPence: sumPence(pool.lines.filter((l) => l.partner === p.name).map((l) => l.budgetPence)),
  }));
  const contributionsPence = sumPence(pool.contributions.map((c) => c.amountPence));
  const otherIncomePence = sumPence(pool.contributions.filter((c) => c.partner === null).map((c) => c.amountPence));
  const budget = poolBudget(pool);
  const hasLines = pool.lines.length > 0;
  const word = basis === 'outturn' ? 'outturn' : 'forecast';

  if (pool.printedTotalPence !== null && pool.printedTotalPence !== contributionsPence) {
    warnings.push(
      `The published Total Value ${fmt(pool.printedTotalPence)} does not equal the contributions ${fmt(contributionsPence)} (a difference of ${fmt(pool.printedTotalPence - contributionsPence)}); the contributions are used.`,
    );
  }
  if (hasLines && budget !== contributionsPence) {
    warnings.push(
      `The budget lines add up to ${fmt(budget)} but the contributions to ${fmt(contributionsPence)} (a difference of ${fmt(budget - contributionsPence)}); the budget lines are used.`,
    );
  }
  if (hasLines && (pool.outturnPence !== null || pool.forecastPence !== null)) {
    warnings.push('A pool-level figure is recorded, but the pool has budget lines: the lines are used.');
  }

  let outturn: Pence | null = null;
  let complete = true;
  let shareLines: ShareLine[] | null = null;
  if (hasLines) {
    const missing = pool.lines.filter((l) => lineFigure(l, basis) === null);
    if (missing.length < pool.lines.length) {
      shareLines = pool.lines.map((l) => ({
        code: l.code,
        name: l.name,
        partner: l.partner,
        budgetPence: l.budgetPence,
        outturnPence: lineFigure(l, basis) ?? l.budgetPence,
      }));
      outturn = sumPence(shareLines.map((l) => l.outturnPence));
      if (missing.length > 0) {
        complete = false;
        warnings.push(
          `No ${word} is recorded for line${missing.length === 1 ? '' : 's'} ${missing.map((l) => l.code).join(', ')}: taken at budget (no variance) until one is.`,
        );
      }
    }
  } else {
    outturn = basis === 'outturn' ? pool.outturnPence : pool.forecastPence;
  }

  const methods = {
    overspend: { spec: pool.overspend, description: describeMethod(pool.overspend, pool.partners) },
    underspend: { spec: pool.underspend, description: describeMethod(pool.underspend, pool.partners) },
  };
  const base: PoolStatement = {
    poolId: pool.id,
    name: pool.name,
    year: pool.year,
    basis,
    legalBasis: pool.legalBasis,
    host: pool.partners.find((p) => p.isHost)?.name ?? null,
    partners,
    otherIncomePence,
    contributionsPence,
    lines: pool.lines.map((l) => ({
      code: l.code,
      name: l.name,
      partner: l.partner,
      contingency: l.contingency,
      budgetPence: l.budgetPence,
      figurePence: lineFigure(l, basis) ?? l.budgetPence,
      recorded: lineFigure(l, basis) !== null,
    })),
    budget,
    outturn,
    variance: outturn === null ? null : outturn - budget,
    complete: outturn !== null && complete,
    method: 'none',
    methods,
    steps: [],
    roundings: [],
    shares: [],
    fallbacks: [],
    warnings,
    problem: null,
    agreements: [],
  };

  if (outturn === null) {
    base.complete = false;
    base.problem = `No ${word} is recorded for this pool yet.`;
  } else {
    try {
      const r = shareVariance({
        partners: partners.map((p) => ({ name: p.name, ratio: p.ratio, contributionPence: p.contributionPence })),
        budgetPence: budget,
        outturnPence: outturn,
        lines: shareLines,
        overspend: pool.overspend,
        underspend: pool.underspend,
      });
      Object.assign(base, {
        method: r.method,
        steps: r.steps,
        roundings: r.roundings,
        shares: r.shares,
        fallbacks: r.fallbacks,
      });
    } catch (err) {
      if (!(err instanceof RiskShareError)) throw err;
      base.problem = err.message;
    }
  }
  const figures = agreedFigures(base);
  base.agreements = pool.agreements.map((a) => ({
    ...a,
    current: figures !== null && sameFigures(a.figures, figures),
  }));
  return base;
}

/** The figures a partner agrees to, or null when the statement has none to agree. */
export function agreedFigures(s: PoolStatement): AgreedFigures | null {
  if (s.outturn === null || s.variance === null || s.problem !== null) return null;
  return { budget: s.budget, outturn: s.outturn, variance: s.variance, method: s.method, shares: s.shares };
}
