import { describe, expect, it } from 'vitest';
import {
  exactMoney,
  parseCap,
  parsePercent,
  parseRatio,
  shareVariance,
  split,
  type MethodSpec,
  type ShareInput,
  type ShareLine,
} from '../../shared/pools';

/**
 * Worked examples, one or more per method, each worked out by hand in the
 * comments (pence throughout) before the app was asked. The outturns are
 * chosen to leave awkward pennies, so that the rounding rule is exercised:
 * largest remainder, and a tie goes to the partner listed first.
 */

const RATIO: MethodSpec = { method: 'fixed-ratio' };
const shares = (input: ShareInput) => Object.fromEntries(shareVariance(input).shares.map((s) => [s.partner, s.pence]));
const both = (spec: MethodSpec) => ({ overspend: spec, underspend: spec });

// The four published pools (pooled-budgets-2019-20.tsv), contributions in pence.
const CHILDRENS = [
  { name: 'CCG', ratio: '14', contributionPence: 39_219_600 },
  { name: 'Council', ratio: '41', contributionPence: 118_591_200 },
  { name: 'Education', ratio: '45', contributionPence: 129_800_000 },
];
const CHILDRENS_BUDGET = 287_610_800; // £2,876,108
const MH = [
  { name: 'CCG', ratio: '50', contributionPence: 298_255_600 },
  { name: 'Council', ratio: '50', contributionPence: 307_844_200 },
];
const MH_BUDGET = 606_099_800; // £6,060,998

describe('fixed ratio', () => {
  it("splits the Children's Services overspend 14:41:45 with the odd penny to the largest remainder", () => {
    // Outturn £2,876,209.01 against £2,876,108.00: variance 10,101p.
    //   CCG        10,101 x 14/100 = 1,414.14  -> 1,414
    //   Council    10,101 x 41/100 = 4,141.41  -> 4,141
    //   Education  10,101 x 45/100 = 4,545.45  -> 4,545
    // Floors add to 10,100; the 1p left goes to the largest remainder (.45, Education): 4,546.
    const input: ShareInput = {
      partners: CHILDRENS,
      budgetPence: CHILDRENS_BUDGET,
      outturnPence: CHILDRENS_BUDGET + 10_101,
      lines: null,
      ...both(RATIO),
    };
    const r = shareVariance(input);
    expect(r.variancePence).toBe(10_101);
    expect(r.side).toBe('overspend');
    expect(r.method).toBe('fixed-ratio');
    expect(shares(input)).toEqual({ CCG: 1_414, Council: 4_141, Education: 4_546 });
    expect(r.roundings[0]).toMatchObject({
      exact: ['1414.14', '4141.41', '4545.45'],
      pence: [1_414, 4_141, 4_546],
      tieBreak: false,
    });
    const split = r.steps.find((s) => s.label === 'Shared by the fixed ratio')!;
    expect(split.formula).toContain('CCG £101.01 x 14 / 100 = £14.1414');
    expect(split.formula).toContain('largest remainder');
    expect(r.steps.at(-1)).toMatchObject({
      label: 'Check: the shares add up to the variance',
      figures: [
        { label: 'Sum of shares', pence: 10_101 },
        { label: 'Variance', pence: 10_101 },
        { label: 'Difference', pence: 0 },
      ],
    });
  });

  it('gives an underspend negative shares, and a tied penny to the partner listed first', () => {
    // Mental Health 50:50, outturn 1p under budget: variance -1p.
    //   each exact share is -0.5p; the floors are 0 and 0; the 1p goes to the tie's first partner, CCG.
    const input: ShareInput = {
      partners: MH,
      budgetPence: MH_BUDGET,
      outturnPence: MH_BUDGET - 1,
      lines: null,
      ...both(RATIO),
    };
    const r = shareVariance(input);
    expect(r.side).toBe('underspend');
    expect(shares(input)).toEqual({ CCG: -1, Council: 0 });
    expect(r.roundings[0]!.tieBreak).toBe(true);
    expect(r.steps.find((s) => s.label === 'Shared by the fixed ratio')!.formula).toContain(
      'equal remainders were decided by the order of partners in the agreement (CCG, then Council)',
    );
    // Listing Council first hands it the penny instead: only the tie-break changes.
    expect(shares({ ...input, partners: [MH[1]!, MH[0]!] })).toEqual({ Council: -1, CCG: 0 });
  });

  it('gives zero shares for a zero variance, and says so', () => {
    const r = shareVariance({
      partners: CHILDRENS,
      budgetPence: CHILDRENS_BUDGET,
      outturnPence: CHILDRENS_BUDGET,
      lines: null,
      ...both(RATIO),
    });
    expect(r).toMatchObject({ variancePence: 0, side: 'none', method: 'none' });
    expect(r.shares).toEqual([
      { partner: 'CCG', pence: 0 },
      { partner: 'Council', pence: 0 },
      { partner: 'Education', pence: 0 },
    ]);
    expect(r.steps.map((s) => s.label)).toEqual([
      'Variance',
      'No variance',
      'Check: the shares add up to the variance',
    ]);
  });

  it('refuses to guess a ratio the pool does not have', () => {
    expect(() =>
      shareVariance({
        partners: [
          { name: 'A', ratio: null, contributionPence: 1 },
          { name: 'B', ratio: null, contributionPence: 1 },
        ],
        budgetPence: 0,
        outturnPence: 5,
        lines: null,
        ...both(RATIO),
      }),
    ).toThrow(/has none; set one/);
  });
});

describe('pro rata to contributions', () => {
  it("weights by the partners' contributions and leaves other income out", () => {
    // Learning Disabilities and Autism: CCG £6,826,950, Council £22,348,048, other grant funding £2,467,606 (no partner's).
    // Budget = all three = 3,164,260,400p. Outturn £1.00 over: variance 100p.
    //   partners' contributions: 682,695,000 + 2,234,804,800 = 2,917,499,800
    //   CCG     100 x 682,695,000 / 2,917,499,800 = 23.4000016…  -> 23
    //   Council 100 x 2,234,804,800 / 2,917,499,800 = 76.5999983… -> 76
    // Floors add to 99; the 1p goes to the larger remainder (.5999…, Council): 77.
    const partners = [
      { name: 'CCG', ratio: '23', contributionPence: 682_695_000 },
      { name: 'Council', ratio: '77', contributionPence: 2_234_804_800 },
    ];
    const input: ShareInput = {
      partners,
      budgetPence: 3_164_260_400,
      outturnPence: 3_164_260_500,
      lines: null,
      ...both({ method: 'pro-rata' }),
    };
    const r = shareVariance(input);
    expect(shares(input)).toEqual({ CCG: 23, Council: 77 });
    expect(r.roundings[0]!.exact).toEqual(['23.4000…', '76.5999…']);
    expect(r.steps.find((s) => s.label === 'Contributions')).toMatchObject({
      figures: [
        { label: 'CCG', pence: 682_695_000 },
        { label: 'Council', pence: 2_234_804_800 },
        { label: 'Total', pence: 2_917_499_800 },
      ],
    });
    expect(r.steps.find((s) => s.label === 'Contributions')!.formula).toContain(
      'other income (not attributed to a partner) take no share',
    );
  });

  it("splits Community Equipment's contributions (exactly 70:30) with the penny to the larger remainder", () => {
    // CCG £473,011 and Council £202,719 are exactly 70% and 30% of £675,730.
    // Variance £100,000.33 = 10,000,033p: CCG 7,000,023.1 -> 7,000,023; Council 3,000,009.9 -> 3,000,009; 1p left -> Council (.9).
    const partners = [
      { name: 'CCG', ratio: '70', contributionPence: 47_301_100 },
      { name: 'Council', ratio: '30', contributionPence: 20_271_900 },
    ];
    const budget = 81_073_000;
    expect(
      shares({
        partners,
        budgetPence: budget,
        outturnPence: budget + 10_000_033,
        lines: null,
        ...both({ method: 'pro-rata' }),
      }),
    ).toEqual({ CCG: 7_000_023, Council: 3_000_010 });
  });
});

const LINES: ShareLine[] = [
  { code: 'H1', name: 'Health line', partner: 'CCG', budgetPence: 100_000, outturnPence: 112_345 },
  { code: 'S1', name: 'Care line', partner: 'Council', budgetPence: 200_000, outturnPence: 195_000 },
  { code: 'X1', name: 'Shared line', partner: null, budgetPence: 50_000, outturnPence: 50_101 },
];

describe('own risk', () => {
  it('gives each partner the variance on its own lines, and shares the unclassified line by the ratio', () => {
    // H1 (CCG) +12,345; S1 (Council) -5,000; X1 (shared) +101. Budget 350,000, outturn 357,446, variance 7,446.
    // X1's 101 by 50:50 = 50.5 each: a tie, so the penny goes to CCG (listed first): CCG 51, Council 50.
    //   CCG     12,345 + 51 = 12,396
    //   Council -5,000 + 50 = -4,950      (12,396 - 4,950 = 7,446)
    const input: ShareInput = {
      partners: MH,
      budgetPence: 350_000,
      outturnPence: 357_446,
      lines: LINES,
      ...both({ method: 'own-risk' }),
    };
    const r = shareVariance(input);
    expect(shares(input)).toEqual({ CCG: 12_396, Council: -4_950 });
    expect(r.steps.find((s) => s.label === "Each partner's own variance")).toMatchObject({
      figures: [
        { label: 'CCG', pence: 12_345 },
        { label: 'Council', pence: -5_000 },
        { label: 'Shared lines', pence: 101 },
      ],
    });
  });

  it('without line detail, says so and falls back to the ratio', () => {
    const input: ShareInput = {
      partners: MH,
      budgetPence: 350_000,
      outturnPence: 357_447,
      lines: null,
      ...both({ method: 'own-risk' }),
    };
    const r = shareVariance(input);
    expect(r.fallbacks[0]).toMatch(/only a pool-level outturn/);
    expect(shares(input)).toEqual({ CCG: 3_724, Council: 3_723 }); // 7,447 / 2 = 3,723.5 each; tie to CCG
  });
});

describe('threshold (the Mental Health rule)', () => {
  const lines = (health: number, care: number): ShareLine[] => [
    { code: 'H', name: 'Health costs', partner: 'CCG', budgetPence: 3_000_000, outturnPence: health },
    { code: 'S', name: 'Social care costs', partner: 'Council', budgetPence: 3_000_000, outturnPence: care },
  ];
  const spec: MethodSpec = { method: 'threshold', thresholdPercent: '10' };

  it("splits the part up to 10% of budget by the ratio and the part beyond by each partner's own overspend", () => {
    // Budget 6,000,000; threshold 10% = 600,000.
    // Health 3,700,001 (+700,001), social care 3,250,000 (+250,000): variance 950,001.
    // Up to the threshold: 600,000 by 50:50 = 300,000 each.
    // Beyond: 950,001 - 600,000 = 350,001, in proportion to own overspends 700,001 : 250,000 (of 950,001):
    //   CCG     350,001 x 700,001 / 950,001 = 245,001,050,001 / 950,001 = 257,895.5706… -> 257,895
    //   Council 350,001 x 250,000 / 950,001 =  87,500,250,000 / 950,001 =  92,105.4293… ->  92,105
    //   floors 350,000; 1p left to the larger remainder (.5706, CCG): 257,896.
    // Shares: CCG 300,000 + 257,896 = 557,896; Council 300,000 + 92,105 = 392,105 (sum 950,001).
    const input: ShareInput = {
      partners: MH,
      budgetPence: 6_000_000,
      outturnPence: 6_950_001,
      lines: lines(3_700_001, 3_250_000),
      ...both(spec),
    };
    const r = shareVariance(input);
    expect(shares(input)).toEqual({ CCG: 557_896, Council: 392_105 });
    expect(r.steps.find((s) => s.label === 'Threshold')!.figures).toEqual([{ label: 'Threshold', pence: 600_000 }]);
    expect(r.steps.find((s) => s.label === 'Beyond the threshold')!.figures).toEqual([
      { label: 'Up to the threshold', pence: 600_000 },
      { label: 'Beyond the threshold', pence: 350_001 },
    ]);
    expect(r.roundings.map((x) => x.pence)).toEqual([
      [300_000, 300_000],
      [257_896, 92_105],
    ]);
    expect(r.fallbacks).toEqual([]);
  });

  it('shares a variance within the threshold wholly by the ratio', () => {
    // Variance 100,001 <= 600,000: 50,000.5 each, tie to CCG.
    expect(
      shares({
        partners: MH,
        budgetPence: 6_000_000,
        outturnPence: 6_100_001,
        lines: lines(3_100_001, 3_000_000),
        ...both(spec),
      }),
    ).toEqual({ CCG: 50_001, Council: 50_000 });
  });

  it('works the same way for an underspend beyond the threshold, counting only underspent partners', () => {
    // Health 2,200,000 (-800,000), care 3,100,000 (+100,000): variance -700,000; threshold 600,000.
    // Up to it: -600,000 by 50:50 = -300,000 each. Beyond: -100,000, all to CCG (the only partner whose own lines underspent).
    expect(
      shares({
        partners: MH,
        budgetPence: 6_000_000,
        outturnPence: 5_300_000,
        lines: lines(2_200_000, 3_100_000),
        ...both(spec),
      }),
    ).toEqual({ CCG: -400_000, Council: -300_000 });
  });

  it('without line-level outturn, says so in the working and shares the part beyond by the ratio', () => {
    // The published Mental Health pool: budget £6,060,998 = 606,099,800p; 10% = 60,609,980.
    // Variance 70,000,001: up to the threshold 60,609,980 -> 30,304,990 each;
    // beyond 9,390,021 by the ratio (no line detail) -> 4,695,010.5 each, tie to CCG.
    // CCG 30,304,990 + 4,695,011 = 35,000,001; Council 30,304,990 + 4,695,010 = 35,000,000.
    const input: ShareInput = {
      partners: MH,
      budgetPence: MH_BUDGET,
      outturnPence: MH_BUDGET + 70_000_001,
      lines: null,
      ...both(spec),
    };
    const r = shareVariance(input);
    expect(shares(input)).toEqual({ CCG: 35_000_001, Council: 35_000_000 });
    expect(r.fallbacks).toHaveLength(1);
    expect(r.steps.find((s) => s.label === 'No line-level outturn')!.formula).toMatch(
      /only a pool-level outturn, so it cannot be attributed/,
    );
  });

  it('rounds the threshold itself half away from zero', () => {
    // 12.5% of 5p = 0.625p -> 1p; the variance of 3p is beyond it by 2p.
    const r = shareVariance({
      partners: MH,
      budgetPence: 5,
      outturnPence: 8,
      lines: null,
      ...both({ method: 'threshold', thresholdPercent: '12.5' }),
    });
    expect(r.steps.find((s) => s.label === 'Threshold')!.figures[0]!.pence).toBe(1);
  });
});

describe('cap', () => {
  it('holds a partner at its cap and passes the rest to the others by the ratio', () => {
    // Children's Services 14:41:45, variance £50,000 = 5,000,000p.
    // Education's cap: 1% of its contribution £1,298,000 = £12,980 = 1,298,000p.
    // First split: CCG 700,000; Council 2,050,000; Education 2,250,000 (all exact).
    // Education is over its cap by 952,000, which goes to CCG and Council by 14:41 (of 55):
    //   CCG 952,000 x 14/55 = 242,327.27… -> 242,327; Council 952,000 x 41/55 = 709,672.72… -> 709,672; 1p to Council (.72).
    // Shares: CCG 942,327; Council 2,759,673; Education 1,298,000 (sum 5,000,000).
    const spec: MethodSpec = {
      method: 'cap',
      caps: [{ partner: 'Education', cap: { kind: 'percent', percent: '1' } }],
    };
    const input: ShareInput = {
      partners: CHILDRENS,
      budgetPence: CHILDRENS_BUDGET,
      outturnPence: CHILDRENS_BUDGET + 5_000_000,
      lines: null,
      ...both(spec),
    };
    expect(shares(input)).toEqual({ CCG: 942_327, Council: 2_759_673, Education: 1_298_000 });
    const r = shareVariance(input);
    expect(r.steps.find((s) => s.label === 'Caps')!.figures).toEqual([{ label: 'Education cap', pence: 1_298_000 }]);
    expect(r.steps.find((s) => s.label === 'Caps applied (round 1)')!.figures.at(-1)).toEqual({
      label: 'Passed on',
      pence: 952_000,
    });
  });

  it('passes on again when the next partner reaches its cap', () => {
    // As above, and Council capped at £25,000 = 2,500,000p: after round 1 Council has 2,759,673, 259,673 over,
    // which all goes to CCG (the only partner left below a cap): 942,327 + 259,673 = 1,202,000.
    const spec: MethodSpec = {
      method: 'cap',
      caps: [
        { partner: 'Education', cap: { kind: 'percent', percent: '1' } },
        { partner: 'Council', cap: { kind: 'amount', pence: 2_500_000 } },
      ],
    };
    expect(
      shares({
        partners: CHILDRENS,
        budgetPence: CHILDRENS_BUDGET,
        outturnPence: CHILDRENS_BUDGET + 5_000_000,
        lines: null,
        ...both(spec),
      }),
    ).toEqual({ CCG: 1_202_000, Council: 2_500_000, Education: 1_298_000 });
  });

  it('says so when every partner is at its cap and shares what is left by the ratio', () => {
    // 50:50, caps of 1,000p each, variance 3,001p: first split 1,500.5 each -> 1,501 / 1,500 (tie to CCG).
    // Both are over their caps at once (by 501 and 500): both held at 1,000, 1,001 passed on, and no one
    // is left below a cap, so the 1,001 is shared by the ratio regardless: 500.5 each -> 501 / 500.
    // Shares 1,000 + 501 = 1,501 and 1,000 + 500 = 1,500.
    const spec: MethodSpec = {
      method: 'cap',
      caps: [
        { partner: 'CCG', cap: { kind: 'amount', pence: 1_000 } },
        { partner: 'Council', cap: { kind: 'amount', pence: 1_000 } },
      ],
    };
    const r = shareVariance({ partners: MH, budgetPence: 0, outturnPence: 3_001, lines: null, ...both(spec) });
    expect(r.shares.map((s) => s.pence)).toEqual([1_501, 1_500]);
    expect(r.fallbacks[0]).toMatch(/caps cannot absorb it/);
  });

  it("caps an underspend's share by its size", () => {
    // Variance -10,000 by 50:50 = -5,000 each; CCG capped at 2,000: -2,000, and -3,000 passes to Council: -8,000.
    const spec: MethodSpec = { method: 'cap', caps: [{ partner: 'CCG', cap: { kind: 'amount', pence: 2_000 } }] };
    expect(shares({ partners: MH, budgetPence: 10_000, outturnPence: 0, lines: null, ...both(spec) })).toEqual({
      CCG: -2_000,
      Council: -8_000,
    });
  });
});

describe('contingency first', () => {
  const lines = (placements: number): ShareLine[] => [
    { code: 'A', name: 'Placements', partner: 'Council', budgetPence: 1_000_000, outturnPence: placements },
    { code: 'B', name: 'Therapies', partner: 'CCG', budgetPence: 500_000, outturnPence: 520_000 },
    { code: 'C', name: 'Risk contingency', partner: null, budgetPence: 100_000, outturnPence: 0 },
  ];
  const spec: MethodSpec = { method: 'contingency-first', contingencyLine: 'C', then: 'fixed-ratio' };

  it('lets the contingency absorb the overspend before the rest is split', () => {
    // Other lines: A +300,001, B +20,000 = 320,001 over. Contingency C: 100,000 unspent, absorbs 100,000.
    // Left: 220,001 (= the pool's variance: outturn 1,820,001 - budget 1,600,000), by 50:50 = 110,000.5 each, tie to CCG.
    const input: ShareInput = {
      partners: MH,
      budgetPence: 1_600_000,
      outturnPence: 1_820_001,
      lines: lines(1_300_001),
      overspend: spec,
      underspend: RATIO,
    };
    const r = shareVariance(input);
    expect(shares(input)).toEqual({ CCG: 110_001, Council: 110_000 });
    expect(r.steps.find((s) => s.label === 'Contingency')!.figures).toEqual([
      { label: 'Contingency available', pence: 100_000 },
      { label: "Other lines' variance", pence: 320_001 },
      { label: 'Absorbed', pence: 100_000 },
    ]);
  });

  it('leaves an underspend to the underspend method when the contingency covered everything', () => {
    // A +50,000, B +20,000 = 70,000 over; contingency 100,000: variance -30,000, an underspend -> 50:50, -15,000 each.
    const r = shareVariance({
      partners: MH,
      budgetPence: 1_600_000,
      outturnPence: 1_570_000,
      lines: lines(1_050_000),
      overspend: spec,
      underspend: RATIO,
    });
    expect(r.method).toBe('fixed-ratio');
    expect(r.shares.map((s) => s.pence)).toEqual([-15_000, -15_000]);
  });

  it('names a missing contingency line', () => {
    expect(() =>
      shareVariance({
        partners: MH,
        budgetPence: 1_600_000,
        outturnPence: 1_820_001,
        lines: lines(1_300_001),
        overspend: { ...spec, contingencyLine: 'Z' },
        underspend: RATIO,
      }),
    ).toThrow('Contingency first names budget line Z, and the pool has no line with that ID.');
  });
});

describe('inputs and rounding records', () => {
  it('reads ratios and percentages strictly', () => {
    expect(parseRatio('14:41:45')).toEqual({ ok: true, value: ['14', '41', '45'] });
    expect(parseRatio(' 23.5 : 76.5 ')).toEqual({ ok: true, value: ['23.5', '76.5'] });
    expect(parseRatio('50')).toMatchObject({ ok: false });
    expect(parseRatio('0:0')).toMatchObject({
      ok: false,
      message: expect.stringContaining('at least one part must be above zero'),
    });
    expect(parseRatio('50:-50')).toMatchObject({ ok: false });
    expect(parsePercent('10%')).toEqual({ ok: true, value: '10' });
    expect(parsePercent('12.50 %')).toEqual({ ok: true, value: '12.5' });
    expect(parsePercent('ten')).toMatchObject({ ok: false });
    expect(parsePercent('150', 100)).toMatchObject({ ok: false });
    // A cap, as the form and the command line both read it.
    expect(parseCap('£50,000')).toEqual({ ok: true, value: { kind: 'amount', pence: 5_000_000 } });
    expect(parseCap(' 10% ')).toEqual({ ok: true, value: { kind: 'percent', percent: '10' } });
    expect(parseCap('-£1')).toEqual({ ok: false, message: 'a cap is zero or more' });
    expect(parseCap('lots')).toMatchObject({ ok: false });
  });

  it('records exact shares and whether a tie decided a penny', () => {
    expect(split('x', 100, ['A', 'B', 'C'], [1, 1, 1])).toMatchObject({
      exact: ['33.3333…', '33.3333…', '33.3333…'],
      pence: [34, 33, 33],
      tieBreak: true,
    });
    expect(split('x', 3, ['A', 'B', 'C'], [1, 1, 1])).toMatchObject({ pence: [1, 1, 1], tieBreak: false });
    expect(split('x', -7, ['A', 'B'], [1, 2])).toMatchObject({
      exact: ['-2.3333…', '-4.6666…'],
      pence: [-2, -5],
      tieBreak: false,
    });
    expect(exactMoney('1414.14')).toBe('£14.1414');
    expect(exactMoney('-2.3333…')).toBe('-£0.023333…');
    expect(exactMoney('1200')).toBe('£12.00');
  });

  it('refuses lines that do not add up to the pool figures', () => {
    expect(() =>
      shareVariance({ partners: MH, budgetPence: 1, outturnPence: 2, lines: LINES, ...both(RATIO) }),
    ).toThrow(/The lines add up to a budget of £3,500.00/);
  });
});
