import { z } from 'zod';
import { Decimal, formatPence, MAX_INPUT_PENCE, parseMoney, type Pence } from '../money';

/**
 * Pooled budgets (DOMAIN §6): a section 75 (or s10) pool with two or more
 * partners, their contributions, budget lines classified to the partner whose
 * cost they are, an agreed risk-share ratio, and a risk-share method chosen
 * separately for an overspend and an underspend.
 */

/** Whose cost a budget line is, and what kind of body a partner is. */
export const PARTNER_KINDS = ['health', 'social care', 'education', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const LEGAL_BASES = ['s75 NHS Act 2006', 's10 Children Act 2004', 'other'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** Forecast during the year, actual outturn at year end. */
export const BASES = ['outturn', 'forecast'] as const;
export type Basis = (typeof BASES)[number];

export const METHOD_IDS = ['fixed-ratio', 'pro-rata', 'own-risk', 'threshold', 'cap', 'contingency-first'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

export const METHOD_NAMES: Record<MethodId, string> = {
  'fixed-ratio': 'fixed ratio',
  'pro-rata': 'pro rata to contributions',
  'own-risk': 'own risk',
  threshold: 'threshold',
  cap: 'cap',
  'contingency-first': 'contingency first',
};

/** A percentage as typed: "10", "12.5" (a % sign is stripped by `parsePercent`). */
const percentText = z.string().regex(/^\d{1,4}(\.\d{1,6})?$/, 'a percentage such as 10 or 12.5');

export const capSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), pence: z.number().int().min(0).max(MAX_INPUT_PENCE) }).strict(),
  z.object({ kind: z.literal('percent'), percent: percentText }).strict(),
]);
export type CapSpec = z.infer<typeof capSchema>;

export const methodSpecSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('fixed-ratio') }).strict(),
  z.object({ method: z.literal('pro-rata') }).strict(),
  z.object({ method: z.literal('own-risk') }).strict(),
  z
    .object({
      method: z.literal('threshold'),
      thresholdPercent: percentText.refine((p) => new Decimal(p).lte(100), 'a threshold is at most 100% of the budget'),
    })
    .strict(),
  z
    .object({
      method: z.literal('cap'),
      caps: z
        .array(z.object({ partner: z.string().trim().min(1).max(100), cap: capSchema }).strict())
        .min(1)
        .max(20),
    })
    .strict(),
  z
    .object({
      method: z.literal('contingency-first'),
      contingencyLine: z.string().trim().min(1).max(40),
      then: z.enum(['fixed-ratio', 'pro-rata']),
    })
    .strict(),
]);
export type MethodSpec = z.infer<typeof methodSpecSchema>;

/** One step of the working: what it is, the formula in words, and its figures in pence. */
export interface Step {
  label: string;
  formula: string;
  figures: { label: string; pence: Pence }[];
}

/** One split by `allocate`, recorded so that the rounding is visible. */
export interface Rounding {
  label: string;
  totalPence: Pence;
  partners: string[];
  weights: string[];
  /** Each part's exact share in pence before rounding, as text ("1414.14", "3333.3333…"). */
  exact: string[];
  pence: Pence[];
  /** True when equal remainders competed for a penny and the order of partners decided it. */
  tieBreak: boolean;
}

export interface Share {
  partner: string;
  pence: Pence;
}

// ---------------------------------------------------------------- parsing

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** "14:41:45", "50:50", "23.5:76.5" into its parts; every part zero or more, at least one above zero. */
export function parseRatio(raw: string): Parsed<string[]> {
  const parts = raw.split(':').map((p) => p.trim());
  if (parts.length < 2)
    return {
      ok: false,
      message: `${JSON.stringify(raw)} is not a ratio: expected parts separated by colons, e.g. 50:50 or 14:41:45`,
    };
  for (const p of parts) {
    if (!/^\d{1,6}(\.\d{1,6})?$/.test(p))
      return {
        ok: false,
        message: `${JSON.stringify(raw)} is not a ratio: ${JSON.stringify(p)} is not a number of zero or more, e.g. 14 or 23.5`,
      };
  }
  if (parts.every((p) => new Decimal(p).isZero()))
    return { ok: false, message: `${JSON.stringify(raw)} is not a ratio: at least one part must be above zero` };
  return { ok: true, value: parts.map((p) => new Decimal(p).toString()) };
}

/** "10", "10%", "12.5 %" into "10", "12.5". */
export function parsePercent(raw: string, max = 1000): Parsed<string> {
  const text = raw.trim().replace(/\s*%$/, '');
  if (!/^\d{1,4}(\.\d{1,6})?$/.test(text))
    return { ok: false, message: `${JSON.stringify(raw)} is not a percentage: expected e.g. 10% or 12.5%` };
  if (new Decimal(text).gt(max)) return { ok: false, message: `${JSON.stringify(raw)} is more than ${max}%` };
  return { ok: true, value: new Decimal(text).toString() };
}

/** A cap as a person writes it, in the form or on the command line: an amount ("£50,000") or a share of the partner's contributions ("10%"). */
export function parseCap(raw: string): Parsed<CapSpec> {
  const text = raw.trim();
  if (text.endsWith('%')) {
    const p = parsePercent(text);
    return p.ok ? { ok: true, value: { kind: 'percent', percent: p.value } } : p;
  }
  const r = parseMoney(text);
  if (!r.ok) return { ok: false, message: r.message };
  if (r.pence < 0) return { ok: false, message: 'a cap is zero or more' };
  return { ok: true, value: { kind: 'amount', pence: r.pence } };
}

export function ratioText(parts: readonly (string | null)[]): string {
  return parts.map((p) => p ?? '?').join(':');
}

// ---------------------------------------------------------------- words

function capText(cap: CapSpec): string {
  return cap.kind === 'amount' ? formatPence(cap.pence) : `${cap.percent}% of its contribution`;
}

/** The method and its parameters in one line, as the statement prints it. */
export function describeMethod(spec: MethodSpec, partners: readonly { name: string; ratio: string | null }[]): string {
  const names = partners.map((p) => p.name).join(':');
  const ratio = partners.every((p) => p.ratio !== null)
    ? `${names} ${ratioText(partners.map((p) => p.ratio))}`
    : 'the agreed ratio (not set)';
  switch (spec.method) {
    case 'fixed-ratio':
      return `fixed ratio ${ratio}`;
    case 'pro-rata':
      return "pro rata to each partner's contributions";
    case 'own-risk':
      return `own risk: each partner bears the variance on the lines classified to it; unclassified lines by ${ratio}`;
    case 'threshold':
      return `threshold ${spec.thresholdPercent}% of budget: the variance up to the threshold by ${ratio}, beyond it by each partner's own variance`;
    case 'cap':
      return `cap (${spec.caps.map((c) => `${c.partner} at most ${capText(c.cap)}`).join('; ')}): by ${ratio}, any share beyond a cap falls to the others by the ratio`;
    case 'contingency-first':
      return `contingency first (budget line ${spec.contingencyLine}), then ${spec.then === 'fixed-ratio' ? `fixed ratio ${ratio}` : 'pro rata to contributions'}`;
  }
}

/** Which methods use the agreed ratio, so that a pool without one can be told before it matters. */
export function methodNeedsRatio(spec: MethodSpec): boolean {
  return (
    spec.method === 'fixed-ratio' ||
    spec.method === 'threshold' ||
    spec.method === 'cap' ||
    (spec.method === 'contingency-first' && spec.then === 'fixed-ratio')
  );
}
