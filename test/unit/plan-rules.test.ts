import { describe, expect, it } from 'vitest';
import { importPlanLines } from '../../shared/plans/import-lines';
import type { IncomeLine } from '../../shared/plans/income';
import { EMPTY_LINE } from '../../shared/plans/line';
import { ascMinimum, PLAN_RULE_INFO, validatePlan } from '../../shared/plans/rules';
import type { CheckedLine, PlanSubject } from '../../shared/plans/subject';
import { published, tsvRows } from '../helpers/fixtures';
import { shippedReference } from '../helpers/reference';
import { PLAN_2025_HEAD, plan2025Row } from '../helpers/plan-2025';

const R2019 = shippedReference('2019-20');
const R2023 = shippedReference('2023-25');
const R2025 = shippedReference('2025-26');

function published2019(): PlanSubject {
  const imported = importPlanLines(
    'plan-2019-20-schemes.tsv',
    tsvRows(published('plan-2019-20-schemes.tsv')),
    '2019-20',
    R2019,
  );
  return {
    years: ['2019-20'],
    template: R2019,
    lines: imported.lines,
    income: [],
    printedTotals: imported.printedTotals,
    requirements: [],
  };
}

const byRule = (s: PlanSubject, rule: string) => validatePlan(s).findings.filter((f) => f.rule === rule);

describe('the published 2019/20 plan', () => {
  it('finds every line whose arithmetic is wrong, with its row, and accuses no correct line', () => {
    const found = byRule(published2019(), 'plan.virement-identity');
    expect(found.map((f) => [f.source?.row, f.schemeId])).toEqual([
      [8, '3'],
      [15, '7'],
      [16, '8'],
      [21, '12'],
      [22, '13'],
      [51, '100'],
    ]);
  });

  it("quotes the figures and says when the virement's sign looks wrong", () => {
    const [, care] = byRule(published2019(), 'plan.virement-identity');
    expect(care!.message).toBe(
      'Scheme 7 "Integrated Care and Support" (plan-2019-20-schemes.tsv row 15): 2018/19 £2,179,966 + virement £59,906 = £2,239,872, but 2019/20 expenditure is £2,120,060 (£119,812 less). The virement looks as if its sign is wrong: £2,179,966 − £59,906 = £2,120,060.',
    );
    expect(byRule(published2019(), 'plan.virement-identity')[0]!.message).toMatch(
      /\(£1 more\)\. A rounding difference\?$/,
    );
  });

  it('reports a printed total that does not add up with both figures', () => {
    const rows = [
      ...tsvRows(published('plan-2019-20-schemes.tsv')),
      ['Total BCF & IBCF', '', '', '', '', '£69,184,226', '£726,078', '£71,342,161', '', ''],
    ];
    const imported = importPlanLines('with-total.tsv', rows, '2019-20', R2019);
    const s: PlanSubject = { ...published2019(), lines: imported.lines, printedTotals: imported.printedTotals };
    const found = byRule(s, 'plan.total-mismatch');
    expect(found.map((f) => f.field)).toEqual(['priorYearPence', 'virementPence']);
    expect(found[0]!.message).toBe(
      'with-total.tsv row 53 "Total BCF & IBCF", 2018/19 Expenditure £: printed £69,184,226, but the 51 lines above it add up to £69,159,452 (the printed total is £24,774 more).',
    );
    expect(found[0]!.source).toEqual({ file: 'with-total.tsv', row: 53 });
  });

  it('flags the line with no Scheme Type and the labels not in the 2019-20 list, and nothing else', () => {
    const report = validatePlan(published2019());
    expect(
      report.findings
        .filter((f) => f.rule !== 'plan.virement-identity')
        .map((f) => [f.rule, f.severity, f.source?.row ?? null]),
    ).toEqual([
      ['plan.required-field', 'error', 46],
      ['plan.source-balance', 'warning', null],
      ['plan.unknown-value', 'warning', 49],
      ['plan.unknown-value', 'warning', 50],
    ]);
  });
});

/** A clean two-year 2023-25 plan: each test plants one fault in it. */
function line(over: Partial<CheckedLine>): CheckedLine {
  return {
    ...EMPTY_LINE,
    schemeId: '1',
    schemeName: 'Discharge to assess',
    briefDescription: 'Home First',
    schemeType: 'High Impact Change Model for Managing Transfer of Care',
    subType: 'Home First/Discharge to Assess - process support/core costs',
    areaOfSpend: 'Social Care',
    commissioner: 'Local Authority',
    provider: 'Local Authority',
    sourceOfFunding: 'Local Authority Discharge Funding',
    expenditurePence: 100_000_00,
    expenditureYear2Pence: 110_000_00,
    newOrExisting: 'Existing',
    ...over,
  };
}
const income = (source: string, a: number, b: number): IncomeLine => ({
  id: 1,
  sourceOfFunding: source,
  partner: 'Council',
  amountPence: a,
  amountYear2Pence: b,
  source: null,
});

function clean(): PlanSubject {
  return {
    years: ['2023-24', '2024-25'],
    template: R2023,
    lines: [
      line({ id: 1 }),
      line({
        id: 2,
        schemeId: '2',
        schemeName: 'Equipment',
        schemeType: 'Assistive Technologies and Equipment',
        subType: 'Community based equipment',
        plannedOutputs: '400',
        outputUnit: 'Number of beneficiaries',
        sourceOfFunding: 'Minimum NHS Contribution',
        commissioner: 'Joint',
        jointNhsPercent: '60',
        jointLaPercent: '40',
        areaOfSpend: 'Community Health',
        provider: 'NHS Community Provider',
        expenditurePence: 50_000_00,
        expenditureYear2Pence: 52_000_00,
      }),
    ],
    income: [
      income('Local Authority Discharge Funding', 100_000_00, 110_000_00),
      income('Minimum NHS Contribution', 50_000_00, 52_000_00),
    ],
    printedTotals: [],
    requirements: [],
  };
}

describe('a 2023-25 plan', () => {
  it('passes every rule when nothing is wrong', () => {
    const report = validatePlan(clean());
    expect(report.findings).toEqual([]);
    expect(report.rules.every((r) => r.passed)).toBe(true);
  });

  it('catches an unbalanced funding source, per year, with the running balance', () => {
    const s = clean();
    s.income = [income('Local Authority Discharge Funding', 100_000_00, 100_000_00), s.income[1]!];
    expect(byRule(s, 'plan.source-balance').map((f) => f.message)).toEqual([
      'Local Authority Discharge Funding, 2024-25: income £100,000 − planned expenditure £110,000 = -£10,000; it must be £0 (£10,000 more is planned than the income).',
    ]);
  });

  it('catches a sub type from the wrong scheme type, naming the type it belongs to', () => {
    const s = clean();
    s.lines = [line({ id: 1, subType: 'Assessment teams/joint assessment' }), s.lines[1]!];
    expect(byRule(s, 'plan.subtype-mismatch').map((f) => [f.lineId, f.field, f.message])).toEqual([
      [
        1,
        'subType',
        'Scheme 1 "Discharge to assess": "Assessment teams/joint assessment" is not a sub type of "High Impact Change Model for Managing Transfer of Care" in 2023-25 (it belongs to "Integrated Care Planning and Navigation").',
      ],
    ]);
  });

  it('catches a Joint split of 60/30', () => {
    const s = clean();
    s.lines = [s.lines[0]!, { ...s.lines[1]!, jointLaPercent: '30' }];
    expect(byRule(s, 'plan.commissioner-split').map((f) => f.message)).toEqual([
      'Scheme 2 "Equipment": % NHS 60 + % LA 30 = 90; a joint split must add up to 100.',
    ]);
  });

  it('catches "Other" left unspecified, missing outputs, a negative amount, a duplicate and a missing second year', () => {
    const s = clean();
    s.lines = [
      line({ id: 1, schemeType: 'Other', subType: '', expenditureYear2Pence: null }),
      { ...s.lines[1]!, plannedOutputs: null },
      line({ id: 3, schemeId: '3', schemeName: 'Dup', expenditurePence: -5 }),
      line({ id: 4, schemeId: '3', schemeName: 'Dup', expenditurePence: -5 }),
    ];
    const rules = validatePlan(s).findings.map((f) => `${f.rule}@${f.lineId}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'plan.other-unspecified@1',
        'plan.required-field@1',
        'plan.outputs-required@2',
        'plan.negative-amount@3',
        'plan.negative-amount@4',
        'plan.duplicate-line@4',
      ]),
    );
  });

  it("checks the year's minimums only once they are entered", () => {
    const s = clean();
    expect(byRule(s, 'plan.nhs-min-social-care')).toEqual([]);
    s.requirements = [
      { year: '2023-24', kind: 'nhs-min-social-care', pence: 1_00 },
      { year: '2023-24', kind: 'ooh-ringfence', pence: 40_000_00 },
    ];
    // No NHS-minimum line is social care, so the first is short; 60% of £50,000 community health is £30,000 < £40,000.
    expect(byRule(s, 'plan.nhs-min-social-care')[0]!.message).toBe(
      'Minimum NHS contribution to adult social care, 2023-24: the plan has £0 against a required minimum of £1 (£1 short).',
    );
    expect(byRule(s, 'plan.ooh-ringfence')[0]!.message).toBe(
      'NHS-commissioned out-of-hospital spend (ringfence), 2023-24: the plan has £30,000 against a required minimum of £40,000 (£10,000 short).',
    );
  });

  it("flags, but keeps, values no longer in the year's list", () => {
    const s = clean();
    s.lines = [line({ id: 1, provider: 'Acme Care Ltd' }), s.lines[1]!];
    expect(byRule(s, 'plan.unknown-value').map((f) => [f.severity, f.field])).toEqual([['warning', 'provider']]);
  });
});

describe('a 2025-26 plan on the shipped provisional template year', () => {
  const imported = () =>
    importPlanLines(
      'plan-2025-26.tsv',
      [
        PLAN_2025_HEAD,
        plan2025Row('1', 'NHS Minimum Contribution', { amount: '£1,039,000.00' }),
        plan2025Row('2', 'Local Authority Better Care Grant', { amount: '£500,000' }),
        plan2025Row('3', 'Local Authority Better Care Fund Grant', { amount: '£250,000' }),
        plan2025Row('4', 'DFG', { amount: '£100,000' }),
        plan2025Row('5', 'Additional LA Contribution', { amount: '£10,000' }),
        plan2025Row('6', 'Additional NHS Contribution', { amount: '£20,000', areaOfSpend: 'Community Health' }),
      ],
      '2025-26',
      R2025,
    );
  const subject = (): PlanSubject => ({
    years: ['2025-26'],
    template: R2025,
    lines: imported().lines,
    income: [],
    printedTotals: [],
    requirements: [],
  });

  it('lists the new streams, with no iBCF and no discharge lines, and is marked provisional', () => {
    expect(R2025.confidence).toBe('provisional');
    expect(R2025.lists.sourcesOfFunding).toEqual([
      'NHS Minimum Contribution',
      'Local Authority Better Care Grant',
      'DFG',
      'Additional LA Contribution',
      'Additional NHS Contribution',
    ]);
    expect(R2025.lists.sourcesOfFunding.join(' ')).not.toMatch(/iBCF|Discharge/i);
    expect(R2025.ascUpliftPercent).toBe('3.9');
  });

  it('reads another name of a stream as that stream, and warns of nothing "not in the list"', () => {
    const result = imported();
    expect(result.problems).toEqual([]);
    expect(result.lines.map((l) => l.sourceOfFunding)).toEqual([
      'NHS Minimum Contribution',
      'Local Authority Better Care Grant',
      'Local Authority Better Care Grant',
      'DFG',
      'Additional LA Contribution',
      'Additional NHS Contribution',
    ]);
    expect(byRule(subject(), 'plan.unknown-value')).toEqual([]);
  });

  it('works out the minimum to adult social care as baseline × (1 + uplift), rounded once to the penny', () => {
    expect(ascMinimum(1_000_000_00, '3.9')).toBe(1_039_000_00);
    // £123,456.78 × 1.039 = £128,271.59442 → £128,271.59; 50p × 1.039 = 51.95p → 52p (half away from zero).
    expect(ascMinimum(123_456_78, '3.9')).toBe(128_271_59);
    expect(ascMinimum(50, '3.9')).toBe(52);
  });

  it('fires a penny below baseline × (1 + uplift), and not at or above it', () => {
    const s = subject();
    expect(byRule(s, 'plan.asc-minimum-uplift')).toEqual([]);
    // NHS minimum to social care is £1,039,000.00; a baseline of £1,000,000 needs exactly that.
    s.requirements = [{ year: '2025-26', kind: 'asc-baseline', pence: 1_000_000_00 }];
    expect(byRule(s, 'plan.asc-minimum-uplift')).toEqual([]);
    s.lines = s.lines.map((l) => (l.schemeId === '1' ? { ...l, expenditurePence: 1_039_000_01 } : l));
    expect(byRule(s, 'plan.asc-minimum-uplift')).toEqual([]);
    s.lines = s.lines.map((l) => (l.schemeId === '1' ? { ...l, expenditurePence: 1_038_999_99 } : l));
    const [finding] = byRule(s, 'plan.asc-minimum-uplift');
    expect(finding!.severity).toBe('error');
    expect(finding!.message).toBe(
      'NHS minimum to adult social care, 2025-26: the plan has £1,038,999.99 against £1,039,000 (the baseline £1,000,000 plus 3.9%), £0.01 short.',
    );
  });

  it('does not check the uplift in a year whose template sets none', () => {
    const s = subject();
    s.template = { ...R2025, ascUpliftPercent: undefined };
    s.requirements = [{ year: '2025-26', kind: 'asc-baseline', pence: 2_000_000_00 }];
    expect(byRule(s, 'plan.asc-minimum-uplift')).toEqual([]);
  });
});

describe('the rule list', () => {
  it('has a stable id, severity and description for every rule the issue names', () => {
    expect(PLAN_RULE_INFO.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'plan.virement-identity',
        'plan.total-mismatch',
        'plan.source-balance',
        'plan.required-field',
        'plan.subtype-mismatch',
        'plan.other-unspecified',
        'plan.commissioner-split',
        'plan.negative-amount',
        'plan.duplicate-line',
        'plan.outputs-required',
        'plan.nhs-min-social-care',
        'plan.ooh-ringfence',
      ]),
    );
    for (const r of PLAN_RULE_INFO) expect(r.description.length).toBeGreaterThan(20);
  });
});
