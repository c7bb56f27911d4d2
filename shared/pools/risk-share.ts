import { applyPercent, Decimal, formatPence, sumPence, type Pence } from '../money';
import {
  describeMethod,
  METHOD_NAMES,
  ratioText,
  type CapSpec,
  type MethodId,
  type MethodSpec,
  type Rounding,
  type Share,
  type Step,
} from './model';
import { exactMoney, split } from './split';

/**
 * The risk share: who bears how much of a pool's variance. Pure functions,
 * every amount integer pence, every split through `allocate` (largest
 * remainder; a tie goes to the partner listed first in the agreement), and
 * every step recorded with its figures and its formula in words, so that both
 * finance teams can follow the arithmetic and the shares add up exactly to the
 * variance.
 */

export class RiskShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RiskShareError';
  }
}

export interface SharePartner {
  name: string;
  /** The partner's part of the agreed ratio ("14"), or null when the pool has no agreed ratio. */
  ratio: string | null;
  /** The partner's contributions to the pool (other income is not a partner's). */
  contributionPence: Pence;
}

export interface ShareLine {
  code: string;
  name: string;
  /** The partner whose cost the line is, or null for a shared (unclassified) line. */
  partner: string | null;
  budgetPence: Pence;
  outturnPence: Pence;
}

export interface ShareInput {
  /** In the agreed order: ties in rounding go to the partner listed first. */
  partners: readonly SharePartner[];
  budgetPence: Pence;
  outturnPence: Pence;
  /** Line-level figures, or null when the pool has only a pool-level outturn. */
  lines: readonly ShareLine[] | null;
  overspend: MethodSpec;
  underspend: MethodSpec;
}

export interface ShareResult {
  budgetPence: Pence;
  outturnPence: Pence;
  variancePence: Pence;
  side: 'overspend' | 'underspend' | 'none';
  /** The method applied (the overspend or underspend method), or 'none' for a nil variance. */
  method: MethodId | 'none';
  methodDescription: string;
  steps: Step[];
  roundings: Rounding[];
  shares: Share[];
  /** Where the method could not be applied as written and a fallback was used, in words. */
  fallbacks: string[];
}

const fmt = formatPence;

/** Adds per partner; every argument is aligned with the partners. */
const add = (...parts: Pence[][]): Pence[] => parts[0]!.map((_, i) => sumPence(parts.map((p) => p[i]!)));

class Working {
  readonly steps: Step[] = [];
  readonly roundings: Rounding[] = [];
  readonly fallbacks: string[] = [];
  constructor(readonly names: readonly string[]) {}

  step(label: string, formula: string, figures: [string, Pence][] = []): void {
    this.steps.push({
      label,
      formula,
      figures: figures.map(([l, pence]) => ({ label: l, pence: pence === 0 ? 0 : pence })),
    });
  }

  perPartner(label: string, formula: string, values: readonly Pence[], extra: [string, Pence][] = []): void {
    this.step(label, formula, [...this.names.map((n, i): [string, Pence] => [n, values[i]!]), ...extra]);
  }

  fallback(label: string, why: string): void {
    this.fallbacks.push(why);
    this.step(label, why);
  }

  /** Splits `total` among the partners by `weights` (zero weights take nothing) and records the rounding. */
  split(label: string, total: Pence, weights: readonly Decimal[], weightWords: string): Pence[] {
    const idx = weights.map((w, i) => (w.gt(0) ? i : -1)).filter((i) => i >= 0);
    const out = this.names.map(() => 0);
    if (total === 0) {
      this.perPartner(label, `Nothing to split: ${fmt(0)}.`, out);
      return out;
    }
    const r = split(
      label,
      total,
      idx.map((i) => this.names[i]!),
      idx.map((i) => weights[i]!),
    );
    this.roundings.push(r);
    idx.forEach((i, k) => (out[i] = r.pence[k]!));
    const sumW = idx.reduce((s, i) => s.plus(weights[i]!), new Decimal(0));
    const exact = r.partners
      .map((n, k) => `${n} ${fmt(total)} x ${r.weights[k]} / ${sumW.toString()} = ${exactMoney(r.exact[k]!)}`)
      .join('; ');
    const order = r.partners.join(', then ');
    this.perPartner(
      label,
      `${fmt(total)} shared ${weightWords}. Exact shares: ${exact}. Each is rounded towards zero to the penny and the pennies left over go one each to the largest remainders (largest remainder method)${r.tieBreak ? `; equal remainders were decided by the order of partners in the agreement (${order})` : `; where remainders are equal the partner listed first in the agreement takes the penny (${order})`}.`,
      out,
      [['Total', total]],
    );
    return out;
  }
}

function ratioWeights(partners: readonly SharePartner[], method: string): Decimal[] {
  if (partners.some((p) => p.ratio === null)) {
    throw new RiskShareError(
      `The ${method} method shares by the pool's agreed ratio, and this pool has none; set one (for example 50:50) or choose pro rata to contributions.`,
    );
  }
  const ws = partners.map((p) => new Decimal(p.ratio!));
  if (ws.some((w) => w.isNegative() || !w.isFinite()))
    throw new RiskShareError('Every part of the agreed ratio must be zero or more.');
  if (ws.every((w) => w.isZero())) throw new RiskShareError('The agreed ratio has no part above zero.');
  return ws;
}

function ratioWords(partners: readonly SharePartner[]): string {
  const ws = partners.map((p) => new Decimal(p.ratio!));
  const sum = ws.reduce((a, b) => a.plus(b), new Decimal(0));
  return `by the agreed ratio ${partners.map((p) => p.name).join(':')} = ${ratioText(partners.map((p) => p.ratio))} (each partner's part / ${sum.toString()})`;
}

function contributionWeights(partners: readonly SharePartner[]): Decimal[] {
  if (partners.some((p) => p.contributionPence < 0))
    throw new RiskShareError(
      "A partner's contributions add up to less than zero; pro rata needs contributions of zero or more.",
    );
  if (partners.every((p) => p.contributionPence === 0))
    throw new RiskShareError(
      'No partner has contributed to this pool, so nothing can be shared pro rata to contributions; record the contributions or choose another method.',
    );
  return partners.map((p) => new Decimal(p.contributionPence));
}

/** Variance on each partner's own lines, and on the shared (unclassified) lines. */
function ownVariances(input: ShareInput, lines: readonly ShareLine[]): { own: Pence[]; shared: Pence } {
  const names = input.partners.map((p) => p.name);
  for (const l of lines) {
    if (l.partner !== null && !names.includes(l.partner))
      throw new RiskShareError(
        `Budget line ${l.code} is classified to ${l.partner}, which is not a partner in this pool.`,
      );
  }
  const v = (l: ShareLine) => l.outturnPence - l.budgetPence;
  return {
    own: names.map((n) => sumPence(lines.filter((l) => l.partner === n).map(v))),
    shared: sumPence(lines.filter((l) => l.partner === null).map(v)),
  };
}

function capPence(cap: CapSpec, contribution: Pence): Pence {
  return cap.kind === 'amount' ? cap.pence : Math.abs(applyPercent(contribution, cap.percent));
}

export function shareVariance(input: ShareInput): ShareResult {
  const { partners } = input;
  const names = partners.map((p) => p.name);
  if (partners.length === 0) throw new RiskShareError('A pool needs at least one partner to share its variance.');
  if (new Set(names).size !== names.length) throw new RiskShareError('Two partners in the pool have the same name.');
  if (input.lines) {
    const b = sumPence(input.lines.map((l) => l.budgetPence));
    const o = sumPence(input.lines.map((l) => l.outturnPence));
    if (b !== input.budgetPence || o !== input.outturnPence)
      throw new RiskShareError(
        `The lines add up to a budget of ${fmt(b)} and an outturn of ${fmt(o)}, not ${fmt(input.budgetPence)} and ${fmt(input.outturnPence)}.`,
      );
  }
  const w = new Working(names);
  const V = input.outturnPence - input.budgetPence;
  const side = V > 0 ? 'overspend' : V < 0 ? 'underspend' : 'none';
  w.step(
    'Variance',
    `Variance = outturn - budget = ${fmt(input.outturnPence)} - ${fmt(input.budgetPence)} = ${fmt(V)}${V > 0 ? ', an overspend' : V < 0 ? ', an underspend (so every share below is negative or nil)' : ''}.`,
    [
      ['Budget', input.budgetPence],
      ['Outturn', input.outturnPence],
      ['Variance', V],
    ],
  );

  let shares: Pence[];
  let method: MethodId | 'none' = 'none';
  let methodDescription = 'none: there is no variance to share';
  if (V === 0) {
    shares = names.map(() => 0);
    w.perPartner(
      'No variance',
      "The outturn equals the budget: there is nothing to share, and every partner's share is £0.00.",
      shares,
    );
  } else {
    const spec = V > 0 ? input.overspend : input.underspend;
    method = spec.method;
    methodDescription = describeMethod(spec, partners);
    w.step('Method', `The ${side} is shared by the ${side} method agreed for this pool: ${methodDescription}.`);
    shares = apply(spec, V, input, w);
  }

  const total = sumPence(shares);
  w.step(
    'Check: the shares add up to the variance',
    `${shares.map((s, i) => `${names[i]} ${fmt(s)}`).join(' + ')} = ${fmt(total)}, and the variance is ${fmt(V)}: the difference is ${fmt(total - V)}.`,
    [
      ['Sum of shares', total],
      ['Variance', V],
      ['Difference', total - V],
    ],
  );
  if (total !== V) throw new RiskShareError(`The shares add up to ${fmt(total)}, not the variance ${fmt(V)}.`); // cannot happen: every split is exact
  return {
    budgetPence: input.budgetPence,
    outturnPence: input.outturnPence,
    variancePence: V,
    side,
    method,
    methodDescription,
    steps: w.steps,
    roundings: w.roundings,
    shares: shares.map((pence, i) => ({ partner: names[i]!, pence: pence === 0 ? 0 : pence })),
    fallbacks: w.fallbacks,
  };
}

function apply(spec: MethodSpec, V: Pence, input: ShareInput, w: Working): Pence[] {
  const { partners } = input;
  switch (spec.method) {
    case 'fixed-ratio':
      return w.split('Shared by the fixed ratio', V, ratioWeights(partners, 'fixed ratio'), ratioWords(partners));

    case 'pro-rata':
      return proRata(V, input, w, 'Shared pro rata to contributions');

    case 'own-risk':
      return ownRisk(V, input, w);

    case 'threshold':
      return threshold(V, spec.thresholdPercent, input, w);

    case 'cap':
      return cap(V, spec.caps, input, w);

    case 'contingency-first':
      return contingencyFirst(V, spec.contingencyLine, spec.then, input, w);
  }
}

function proRata(total: Pence, input: ShareInput, w: Working, label: string): Pence[] {
  const weights = contributionWeights(input.partners);
  const sum = sumPence(input.partners.map((p) => p.contributionPence));
  w.perPartner(
    'Contributions',
    `Each partner's contributions to the pool, ${fmt(sum)} in all. Contributions held as other income (not attributed to a partner) take no share.`,
    input.partners.map((p) => p.contributionPence),
    [['Total', sum]],
  );
  return w.split(label, total, weights, `pro rata to contributions (each partner's contributions / ${fmt(sum)})`);
}

/** The agreed ratio when the pool has one, otherwise contributions: for the parts of own risk that belong to no partner. */
function ratioOrContributions(total: Pence, input: ShareInput, w: Working, label: string): Pence[] {
  if (input.partners.every((p) => p.ratio !== null))
    return w.split(label, total, ratioWeights(input.partners, 'own risk'), ratioWords(input.partners));
  w.step(label, 'The pool has no agreed ratio, so this part is shared pro rata to contributions.');
  return proRata(total, input, w, label);
}

function ownRisk(V: Pence, input: ShareInput, w: Working): Pence[] {
  if (input.lines === null || input.lines.length === 0) {
    w.fallback(
      'No line-level outturn',
      "Own risk needs the outturn of each budget line and the partner whose cost it is; this pool has only a pool-level outturn, so the variance cannot be attributed to the partners' own costs. It is shared by the agreed ratio instead (or pro rata to contributions when there is no ratio). Enter line outturns to apply own risk as written.",
    );
    return ratioOrContributions(V, input, w, 'Shared instead of own risk');
  }
  const { own, shared } = ownVariances(input, input.lines);
  w.perPartner(
    "Each partner's own variance",
    'Each partner bears the variance (outturn - budget) on the budget lines classified to it. Lines classified to no partner are shared below.',
    own,
    [['Shared lines', shared]],
  );
  const sharedSplit =
    shared === 0 ? input.partners.map(() => 0) : ratioOrContributions(shared, input, w, 'Shared lines');
  const shares = add(own, sharedSplit);
  w.perPartner('Shares', "Each partner's share = its own variance + its part of the shared lines' variance.", shares);
  return shares;
}

function threshold(V: Pence, percent: string, input: ShareInput, w: Working): Pence[] {
  const weights = ratioWeights(input.partners, 'threshold');
  const T = Math.abs(applyPercent(input.budgetPence, percent));
  w.step(
    'Threshold',
    `Threshold = ${percent}% of the budget ${fmt(input.budgetPence)} = ${fmt(T)} (rounded to the penny, half away from zero). Variance up to the threshold is shared by the agreed ratio; variance beyond it is borne by each partner in proportion to the variance on the lines classified to it (the Mental Health pool's rule, read this way: beyond the threshold each body funds the costs identified as its own).`,
    [['Threshold', T]],
  );
  if (Math.abs(V) <= T) {
    w.step('Within the threshold', `The variance ${fmt(V)} is within ${fmt(T)}, so all of it is shared by the ratio.`);
    return w.split('Shared by the ratio', V, weights, ratioWords(input.partners));
  }
  const sign = V > 0 ? 1 : -1;
  const within = sign * T;
  const beyond = V - within;
  w.step(
    'Beyond the threshold',
    `The variance ${fmt(V)} is larger than the threshold: ${fmt(within)} is shared by the ratio, and the rest, ${fmt(V)} - ${fmt(within)} = ${fmt(beyond)}, is beyond the threshold.`,
    [
      ['Up to the threshold', within],
      ['Beyond the threshold', beyond],
    ],
  );
  const part1 = w.split('Up to the threshold, by the ratio', within, weights, ratioWords(input.partners));

  let part2: Pence[];
  if (input.lines === null || input.lines.length === 0) {
    w.fallback(
      'No line-level outturn',
      'The part beyond the threshold is borne by each partner in proportion to the variance on its own lines, but this pool has only a pool-level outturn, so it cannot be attributed. It is shared by the agreed ratio instead. Enter line outturns (with each line classified to its partner) to apply the rule as written.',
    );
    part2 = w.split('Beyond the threshold, by the ratio (no line detail)', beyond, weights, ratioWords(input.partners));
  } else {
    const { own, shared } = ownVariances(input, input.lines);
    const sameWay = own.map((v) => Math.max(0, sign * v));
    w.perPartner(
      "Each partner's own variance",
      `The variance (outturn - budget) on the lines classified to each partner. Only ${V > 0 ? 'overspends' : 'underspends'} count towards the part beyond the threshold; lines classified to no partner (${fmt(shared)} in all) count for no one.`,
      own,
      [['Shared lines', shared]],
    );
    if (sameWay.every((v) => v === 0)) {
      w.fallback(
        "No partner's own lines moved that way",
        `No partner's own lines show an ${V > 0 ? 'overspend' : 'underspend'}, so the part beyond the threshold cannot be attributed to anyone's own costs; it is shared by the agreed ratio instead.`,
      );
      part2 = w.split('Beyond the threshold, by the ratio', beyond, weights, ratioWords(input.partners));
    } else {
      const total = sumPence(sameWay);
      part2 = w.split(
        "Beyond the threshold, by each partner's own variance",
        beyond,
        sameWay.map((v) => new Decimal(v)),
        `in proportion to each partner's own ${V > 0 ? 'overspend' : 'underspend'} (its own variance / ${fmt(sign * total)})`,
      );
    }
  }
  const shares = add(part1, part2);
  w.perPartner('Shares', "Each partner's share = its part up to the threshold + its part beyond it.", shares);
  return shares;
}

function cap(V: Pence, caps: readonly { partner: string; cap: CapSpec }[], input: ShareInput, w: Working): Pence[] {
  const { partners } = input;
  const names = partners.map((p) => p.name);
  const weights = ratioWeights(partners, 'cap');
  for (const c of caps)
    if (!names.includes(c.partner))
      throw new RiskShareError(`The cap names ${c.partner}, which is not a partner in this pool.`);
  const limit: (Pence | null)[] = partners.map((p) => {
    const c = caps.find((x) => x.partner === p.name);
    return c ? capPence(c.cap, p.contributionPence) : null;
  });
  w.step(
    'Caps',
    `${partners
      .map((p, i) => {
        const c = caps.find((x) => x.partner === p.name);
        if (!c) return `${p.name}: no cap`;
        return c.cap.kind === 'amount'
          ? `${p.name}: at most ${fmt(limit[i]!)}`
          : `${p.name}: at most ${c.cap.percent}% of its contributions ${fmt(p.contributionPence)} = ${fmt(limit[i]!)} (rounded half away from zero)`;
      })
      .join(
        '; ',
      )}. A share stops at its cap (in either direction); the rest falls to the partners below their caps by the agreed ratio.`,
    partners.flatMap((p, i): [string, Pence][] => (limit[i] === null ? [] : [[`${p.name} cap`, limit[i]!]])),
  );

  const sign = V > 0 ? 1 : -1;
  let shares = w.split('First split, by the ratio', V, weights, ratioWords(partners));
  const capped = partners.map(() => false);
  for (let round = 1; round <= partners.length; round++) {
    let excess = 0;
    const over: string[] = [];
    shares = shares.map((s, i) => {
      const l = limit[i] ?? null;
      if (l === null || Math.abs(s) <= l) return s;
      excess += s - sign * l;
      capped[i] = true;
      over.push(`${names[i]} ${fmt(s)} is beyond its cap ${fmt(l)} by ${fmt(s - sign * l)}`);
      return sign * l;
    });
    if (excess === 0) break;
    const open = weights.map((wt, i) => (capped[i] || wt.isZero() ? new Decimal(0) : wt));
    w.perPartner(
      `Caps applied (round ${round})`,
      `${over.join('; ')}. Each capped share is held at its cap; the ${fmt(excess)} beyond the caps is passed on.`,
      shares,
      [['Passed on', excess]],
    );
    if (open.every((x) => x.isZero())) {
      w.fallback(
        'Every partner is at its cap',
        `Every partner that shares by the ratio has reached its cap, yet ${fmt(excess)} of the variance is left. The caps cannot absorb it, so it is shared by the agreed ratio regardless of the caps; the partners should agree how to treat it.`,
      );
      shares = add(shares, w.split('Beyond every cap, by the ratio', excess, weights, ratioWords(partners)));
      break;
    }
    const passed = w.split(
      `Passed on to the partners below their caps (round ${round})`,
      excess,
      open,
      `among the partners not yet capped, by their parts of the agreed ratio`,
    );
    shares = add(shares, passed);
  }
  w.perPartner('Shares', "Each partner's share after the caps.", shares);
  return shares;
}

function contingencyFirst(
  V: Pence,
  code: string,
  then: 'fixed-ratio' | 'pro-rata',
  input: ShareInput,
  w: Working,
): Pence[] {
  const thenSplit = (total: Pence, label: string) =>
    then === 'fixed-ratio'
      ? w.split(label, total, ratioWeights(input.partners, 'contingency first'), ratioWords(input.partners))
      : proRata(total, input, w, label);
  if (V < 0)
    throw new RiskShareError('Contingency first absorbs an overspend; choose another method for an underspend.');
  if (input.lines === null || input.lines.length === 0) {
    w.fallback(
      'No line-level outturn',
      `The contingency (budget line ${code}) cannot be shown absorbing the overspend because this pool has only a pool-level outturn; its unspent budget is already inside the pool's variance. The variance is split by the ${METHOD_NAMES[then]} method.`,
    );
    return thenSplit(V, `Split by ${METHOD_NAMES[then]}`);
  }
  const contingency = input.lines.filter((l) => l.code === code);
  if (contingency.length === 0)
    throw new RiskShareError(`Contingency first names budget line ${code}, and the pool has no line with that ID.`);
  const cBudget = sumPence(contingency.map((l) => l.budgetPence));
  const cOutturn = sumPence(contingency.map((l) => l.outturnPence));
  const available = cBudget - cOutturn;
  const others = sumPence(input.lines.filter((l) => l.code !== code).map((l) => l.outturnPence - l.budgetPence));
  const absorbed = Math.max(0, Math.min(others, available));
  w.step(
    'Contingency',
    `Contingency (line ${code}, "${contingency[0]!.name}"): budget ${fmt(cBudget)} - spent ${fmt(cOutturn)} = ${fmt(available)} available. The other lines' variance is ${fmt(others)}. The contingency absorbs the overspend first: ${fmt(absorbed)} is absorbed${available <= 0 ? ' (the contingency has nothing left)' : ''}.`,
    [
      ['Contingency available', available],
      ["Other lines' variance", others],
      ['Absorbed', absorbed],
    ],
  );
  w.step(
    'Left after the contingency',
    `Overspend left = other lines' variance - absorbed - contingency left unused = ${fmt(others)} - ${fmt(absorbed)} - ${fmt(available - absorbed)} = ${fmt(V)}, the pool's variance, which is now split.`,
    [['To split', V]],
  );
  return thenSplit(V, `Split by ${METHOD_NAMES[then]}`);
}
