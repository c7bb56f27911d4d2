import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumPence } from '../../shared/money';
import { shareVariance, type MethodSpec, type ShareInput, type ShareResult } from '../../shared/pools';

/**
 * For random pools (one to five partners, random ratios and contributions,
 * with or without classified budget lines), random methods and random
 * outturns: the shares always add up exactly to the variance; reversing the
 * order of the partners changes nothing but who gets a tied penny; and a
 * zero variance gives zero shares.
 */

const NAMES = ['CCG', 'Council', 'Education', 'ICB', 'Housing'];
const money = fc.integer({ min: 0, max: 5_000_000_000 });

const pool = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    ratios: fc
      .array(fc.oneof(fc.integer({ min: 0, max: 100 }).map(String), fc.constantFrom('0.5', '33.3', '12.25')), {
        minLength: n,
        maxLength: n,
      })
      .filter((r) => r.some((x) => Number(x) > 0)),
    contributions: fc.array(money, { minLength: n, maxLength: n }).filter((c) => c.some((x) => x > 0)),
    lines: fc.option(
      fc.array(
        fc.record({
          partner: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }),
          budget: money,
          outturn: money,
        }),
        { minLength: 1, maxLength: 8 },
      ),
      { nil: null },
    ),
    budget: money,
    outturn: money,
  }),
);

const methodFor = (n: number): fc.Arbitrary<MethodSpec> =>
  fc.oneof(
    fc.constant<MethodSpec>({ method: 'fixed-ratio' }),
    fc.constant<MethodSpec>({ method: 'pro-rata' }),
    fc.constant<MethodSpec>({ method: 'own-risk' }),
    fc.integer({ min: 0, max: 100 }).map((t): MethodSpec => ({ method: 'threshold', thresholdPercent: String(t) })),
    fc
      .array(
        fc.record({
          partner: fc.integer({ min: 0, max: n - 1 }).map((i) => NAMES[i]!),
          cap: fc.oneof(
            money.map((pence) => ({ kind: 'amount' as const, pence })),
            fc.integer({ min: 0, max: 200 }).map((p) => ({ kind: 'percent' as const, percent: String(p) })),
          ),
        }),
        { minLength: 1, maxLength: n },
      )
      .map((caps): MethodSpec => ({
        method: 'cap',
        caps: caps.filter((c, i) => caps.findIndex((d) => d.partner === c.partner) === i),
      })),
  );

type PoolValue = typeof pool extends fc.Arbitrary<infer T> ? T : never;
interface Scenario {
  p: PoolValue;
  overspend: MethodSpec;
  underspend: MethodSpec;
}

const scenario: fc.Arbitrary<Scenario> = pool.chain((p) => {
  const n = p.ratios.length;
  const codes = (p.lines ?? []).map((_, i) => `L${i + 1}`);
  const overspend =
    codes.length > 0
      ? fc.oneof(
          methodFor(n),
          fc
            .constantFrom(...codes)
            .map((c): MethodSpec => ({ method: 'contingency-first', contingencyLine: c, then: 'fixed-ratio' })),
        )
      : methodFor(n);
  return fc.record({ p: fc.constant(p), overspend, underspend: methodFor(n) });
});

function inputOf({ p, overspend, underspend }: Scenario): ShareInput {
  const names = NAMES.slice(0, p.ratios.length);
  const lines =
    p.lines?.map((l, i) => ({
      code: `L${i + 1}`,
      name: `Line ${i + 1}`,
      partner: l.partner === null ? null : names[l.partner]!,
      budgetPence: l.budget,
      outturnPence: l.outturn,
    })) ?? null;
  return {
    partners: names.map((name, i) => ({ name, ratio: p.ratios[i]!, contributionPence: p.contributions[i]! })),
    budgetPence: lines ? sumPence(lines.map((l) => l.budgetPence)) : p.budget,
    outturnPence: lines ? sumPence(lines.map((l) => l.outturnPence)) : p.outturn,
    lines,
    overspend,
    underspend,
  };
}

const byPartner = (r: ShareResult) => Object.fromEntries(r.shares.map((s) => [s.partner, s.pence]));
const reversed = (input: ShareInput): ShareInput => ({ ...input, partners: [...input.partners].reverse() });

describe('risk share, for any pool, method and outturn', () => {
  it('gives shares that add up exactly to the variance (outturn - budget), in whole pence', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s);
        const r = shareVariance(input);
        expect(r.variancePence).toBe(input.outturnPence - input.budgetPence);
        expect(sumPence(r.shares.map((x) => x.pence))).toBe(r.variancePence);
        for (const x of r.shares) expect(Number.isSafeInteger(x.pence)).toBe(true);
        expect(r.steps.at(-1)!.figures.find((f) => f.label === 'Difference')!.pence).toBe(0);
      }),
      { numRuns: 600 },
    );
  });

  it('gives every share the sign of the variance, except under own risk where a partner bears its own lines', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = shareVariance(inputOf(s));
        if (r.method === 'own-risk') return;
        for (const x of r.shares)
          expect(Math.sign(x.pence) === 0 || Math.sign(x.pence) === Math.sign(r.variancePence)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('changes nothing but the tie-break when the partners are listed the other way round', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s);
        const a = shareVariance(input);
        const b = shareVariance(reversed(input));
        expect(b.variancePence).toBe(a.variancePence);
        expect(b.method).toBe(a.method);
        const ties = [...a.roundings, ...b.roundings].filter((x) => x.tieBreak).length;
        const pa = byPartner(a);
        const pb = byPartner(b);
        if (ties === 0) {
          expect(pb).toEqual(pa);
        } else {
          // A tie moves a penny; a cap may pass that penny on once more per round.
          const bound = a.roundings.length + b.roundings.length;
          for (const name of Object.keys(pa)) expect(Math.abs(pa[name]! - pb[name]!)).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('gives zero shares for a zero variance, whatever the method', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s);
        // Make the outturn equal the budget, line by line where there are lines.
        const level: ShareInput = input.lines
          ? {
              ...input,
              lines: input.lines.map((l) => ({ ...l, outturnPence: l.budgetPence })),
              outturnPence: input.budgetPence,
            }
          : { ...input, outturnPence: input.budgetPence };
        const r = shareVariance(level);
        expect(r.shares.every((x) => x.pence === 0)).toBe(true);
        expect(r.method).toBe('none');
      }),
      { numRuns: 200 },
    );
  });

  it('never lets a capped partner past its cap while another partner is below one', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s);
        const r = shareVariance(input);
        if (r.method !== 'cap' || r.fallbacks.length > 0) return;
        const spec = r.side === 'overspend' ? input.overspend : input.underspend;
        if (spec.method !== 'cap') return;
        for (const c of spec.caps) {
          const step = r.steps.find((x) => x.label === 'Caps')!;
          const limit = step.figures.find((f) => f.label === `${c.partner} cap`)!.pence;
          expect(Math.abs(byPartner(r)[c.partner]!)).toBeLessThanOrEqual(limit);
        }
      }),
      { numRuns: 400 },
    );
  });
});
