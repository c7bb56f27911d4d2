import { describe, expect, it } from 'vitest';
import { importActuals, type MatchableLine } from '../../shared/returns/import-actuals';
import { EMPTY_ENTRY, NOT_APPLICABLE, parseOutputs, type ReturnFixed } from '../../shared/returns/line';
import { RETURN_RULE_INFO, validateReturn } from '../../shared/returns/rules';
import { DEFAULT_RETURN_SETTINGS } from '../../shared/returns/settings';
import type { CheckedReturnLine, ReturnSubject } from '../../shared/returns/subject';
import { returnTotals } from '../../shared/returns/totals';
import { published, tsvRows } from '../helpers/fixtures';
import { shippedReference } from '../helpers/reference';

/** A metric with no absolute numbers and no revised target. */
const NO_NUMBERS = { numerator: '', denominator: '', revisions: [] };

const R2023 = shippedReference('2023-25');
const FILE = 'return-2024-25-q1-discharge.tsv';
const SOURCES = ['Local Authority Discharge Funding', 'ICB Discharge Funding'];

/** The published Q1 return's fixed columns, typed in here independently of the importer. */
const FIXED: (ReturnFixed & { id: number })[] = [
  [
    1,
    '102',
    'Care Act Assessments',
    'Resource to Support Completion of Assessments',
    'Integrated Care Planning and Navigation',
    'Assessment teams/joint assessment',
    'Local Authority Discharge Funding',
    12_000_000,
  ],
  [
    2,
    '102',
    'Care Journey/Coordination',
    'Resource to support planning and Co-ordination of care',
    'Integrated Care Planning and Navigation',
    'Support for implementation of anticipatory care',
    'Local Authority Discharge Funding',
    10_100_000,
  ],
  [
    3,
    '102',
    'Home First Pathways',
    'Resource Support for Home First Scheme',
    'High Impact Change Model for Managing Transfer of Care',
    'Home First/Discharge to Assess - process support/core costs',
    'Local Authority Discharge Funding',
    27_952_100,
  ],
  [
    4,
    '102',
    'Home First Pathways',
    'Resource Support for Home First Scheme',
    'High Impact Change Model for Managing Transfer of Care',
    'Home First/Discharge to Assess - process support/core costs',
    'Local Authority Discharge Funding',
    5_743_700,
  ],
  [
    5,
    '102',
    'Discharge Schemes',
    'Community Schemes to support Discharge',
    'Community Based Schemes',
    'Low level support for simple hospital discharges (Discharge to Assess pathway 0)',
    'Local Authority Discharge Funding',
    58_163_900,
  ],
  [
    6,
    '103',
    'Discharge Schemes',
    'Community Schemes to support Discharge',
    'Community Based Schemes',
    'Low level support for simple hospital discharges (Discharge to Assess pathway 0)',
    'ICB Discharge Funding',
    190_338_400,
  ],
].map(([id, schemeId, schemeName, briefDescription, schemeType, subType, sourceOfFunding, plannedPence]) => ({
  id: id as number,
  schemeId: schemeId as string,
  schemeName: schemeName as string,
  briefDescription: briefDescription as string,
  schemeType: schemeType as string,
  subType: subType as string,
  sourceOfFunding: sourceOfFunding as string,
  plannedPence: plannedPence as number,
  plannedOutputs: null,
  outputUnit: '',
}));

function publishedQ1(): ReturnSubject {
  const imported = importActuals(FILE, tsvRows(published(FILE)), FIXED, SOURCES);
  expect(imported.problems).toEqual([]);
  const lines = FIXED.map((f) => ({
    ...f,
    ...EMPTY_ENTRY,
    ...imported.matches.find((m) => m.lineId === f.id)!.values,
    previousActualPence: null,
    source: { file: FILE, row: imported.matches.find((m) => m.lineId === f.id)!.row },
  }));
  return {
    year: '2024-25',
    period: 'Q1',
    previousPeriod: null,
    template: R2023,
    lines,
    metrics: [],
    settings: DEFAULT_RETURN_SETTINGS,
  };
}

function line(over: Partial<CheckedReturnLine> = {}): CheckedReturnLine {
  return { ...FIXED[0]!, ...EMPTY_ENTRY, actualPence: 2_000_000, issues: 'No', previousActualPence: null, ...over };
}
function subject(over: Partial<ReturnSubject> = {}, ...lines: CheckedReturnLine[]): ReturnSubject {
  return {
    year: '2024-25',
    period: 'Q2',
    previousPeriod: 'Q1',
    template: R2023,
    lines: lines.length ? lines : [line()],
    metrics: [],
    settings: DEFAULT_RETURN_SETTINGS,
    ...over,
  };
}
const byRule = (s: ReturnSubject, rule: string) => validateReturn(s).findings.filter((f) => f.rule === rule);

describe('the published 2024-25 Q1 return', () => {
  it('counts the rows it has checked every 2,000, for long work to show and stop at', () => {
    const [header, ...body] = tsvRows(published(FILE));
    // The six lines, then blank rows (read past) to make the file long enough to be counted.
    const rows = [header!, ...body, ...Array.from({ length: 4500 }, () => [''])];
    const counted: number[] = [];
    const imported = importActuals(FILE, rows, FIXED, SOURCES, [], (done) => counted.push(done));
    expect(counted).toEqual([2000, 4000]);
    expect(imported.matches).toHaveLength(6);
  });

  it('reads its six lines, matching the two identical "Home First Pathways" lines by planned expenditure', () => {
    const imported = importActuals(FILE, tsvRows(published(FILE)), FIXED, SOURCES);
    expect(imported.matches.map((m) => [m.row, m.lineId, m.values.actualPence])).toEqual([
      [2, 1, 3_000_000],
      [3, 2, 2_675_000],
      [4, 3, 6_988_100],
      [5, 4, 1_438_000],
      [6, 5, 14_542_500],
      [7, 6, 45_510_700],
    ]);
    // "NA" outputs are not applicable; "-" planned outputs are read past as a fixed column.
    expect(imported.matches.every((m) => m.values.outputsDelivered === NOT_APPLICABLE)).toBe(true);
    expect(imported.matches[0]!.values).toMatchObject({
      issues: 'Yes',
      issueDescription: 'Recruitment, further consideration to be given to alternative routes of support',
    });
  });

  it('totals planned £3,042,981 and actual £741,543', () => {
    const totals = returnTotals(publishedQ1().lines);
    expect([totals.plannedPence, totals.actualPence, totals.actualMissing]).toEqual([304_298_100, 74_154_300, 0]);
    expect(totals.bySourceOfFunding.map((r) => [r.key, r.plannedPence, r.actualPence])).toEqual([
      ['ICB Discharge Funding', 190_338_400, 45_510_700],
      ['Local Authority Discharge Funding', 113_959_700, 28_643_600],
    ]);
  });

  it('warns about its four profile-like lines and accuses nothing else', () => {
    const report = validateReturn(publishedQ1());
    expect(report.findings.map((f) => [f.rule, f.severity, f.lineId])).toEqual([
      ['return.straight-line-profile', 'warning', 1],
      ['return.straight-line-profile', 'warning', 3],
      ['return.straight-line-profile', 'warning', 4],
      ['return.straight-line-profile', 'warning', 5],
    ]);
    // £30,000 is exactly ¼ of £120,000; £69,881 is 75p from ¼ of £279,521 (£69,880.25), within £1.
    expect(report.findings[0]!.message).toContain(
      'actual to date £30,000 is exactly ¼ of the planned £120,000 (£30,000)',
    );
    expect(report.findings[1]!.message).toContain(
      'actual to date £69,881 is £0.75 from ¼ of the planned £279,521 (£69,880.25)',
    );
    // £14,380 is £20.75 from ¼ of £57,437 (0.036% of plan) and £145,425 £15.25 from ¼ of £581,639
    // (0.003%): quarters of an earlier plan figure, within 0.05% of plan.
    expect(report.findings[2]!.message).toContain(
      'actual to date £14,380 is £20.75 from ¼ of the planned £57,437 (£14,359.25)',
    );
    expect(report.findings[3]!.message).toContain(
      'actual to date £145,425 is £15.25 from ¼ of the planned £581,639 (£145,409.75)',
    );
    // £26,750 of £101,000 (1.5% from ¼) and £455,107 of £1,903,384 (1.1%) are real spend: not accused.
    expect(report.rules.filter((r) => !r.passed).map((r) => r.id)).toEqual(['return.straight-line-profile']);
  });
});

describe('return.straight-line-profile', () => {
  const at = (
    period: 'Q1' | 'Q2' | 'Q3' | 'YE',
    actualPence: number,
    plannedPence = 10_000_001,
    profileTolerancePence = 100,
    profileTolerancePercent = '0',
  ) =>
    byRule(
      subject(
        { period, settings: { ...DEFAULT_RETURN_SETTINGS, profileTolerancePence, profileTolerancePercent } },
        line({ plannedPence, actualPence }),
      ),
      'return.straight-line-profile',
    );

  it('flags ¼, ½ and ¾ of plan within £1, exactly, without rounding the share first', () => {
    // Plan £100,000.01: ¼ = £25,000.0025, ½ = £50,000.005, ¾ = £75,000.0075.
    expect(at('Q1', 2_500_100)).toHaveLength(1); // 99.75p away
    expect(at('Q1', 2_500_101)).toHaveLength(0); // 100.75p away
    expect(at('Q1', 2_499_901)).toHaveLength(1); // 99.25p away
    expect(at('Q1', 2_499_900)).toHaveLength(0); // 100.25p away
    expect(at('Q2', 5_000_100)).toHaveLength(1); // 99.5p
    expect(at('Q2', 5_000_101)).toHaveLength(0); // 100.5p
    expect(at('Q3', 7_500_100)).toHaveLength(1); // 99.25p
    expect(at('Q3', 7_500_101)).toHaveLength(0); // 100.25p
    expect(at('Q3', 7_499_900)).toHaveLength(0); // 100.75p
  });

  it('compares with the quarter the return is for, never at year end', () => {
    expect(at('Q2', 2_500_000)).toHaveLength(0);
    expect(at('YE', 10_000_001)).toHaveLength(0);
  });

  it('uses the tolerance set for the area', () => {
    expect(at('Q1', 2_510_000, 10_000_000, 100)).toHaveLength(0);
    expect(at('Q1', 2_510_000, 10_000_000, 1_000_000)).toHaveLength(1);
    expect(at('Q1', 2_500_001, 10_000_000, 0)).toHaveLength(0);
    expect(at('Q1', 2_500_000, 10_000_000, 0)).toHaveLength(1);
  });

  it('widens to a % of plan when that is larger than the amount, never narrower than the amount', () => {
    // Plan £1,000,000: 0.05% is £500, so an actual up to £500 from £250,000 is flagged.
    expect(at('Q1', 25_050_000, 100_000_000, 100, '0.05')).toHaveLength(1); // £500 away
    expect(at('Q1', 25_050_001, 100_000_000, 100, '0.05')).toHaveLength(0); // £500.01 away
    expect(at('Q1', 24_950_000, 100_000_000, 100, '0.05')).toHaveLength(1); // £500 under
    // Plan £1,000: 0.05% is 50p, below the £1 set: £1 still applies.
    expect(at('Q1', 25_100, 100_000, 100, '0.05')).toHaveLength(1);
    expect(at('Q1', 25_101, 100_000, 100, '0.05')).toHaveLength(0);
    // The % rounds down to whole pence: 0.05% of £1,018 is 50.9p, so 50p (¼ is £254.50).
    expect(at('Q1', 25_500, 101_800, 0, '0.05')).toHaveLength(1);
    expect(at('Q1', 25_501, 101_800, 0, '0.05')).toHaveLength(0);
  });
});

describe('return.actual-decreased', () => {
  it("is an error when the actual to date falls below the previous return's, with both figures", () => {
    const [f] = byRule(
      subject({}, line({ actualPence: 2_000_000, previousActualPence: 3_000_000 })),
      'return.actual-decreased',
    );
    expect(f).toMatchObject({ severity: 'error', field: 'actualPence', lineId: 1 });
    expect(f!.message).toContain('actual to date is £20,000, £10,000 less than the £30,000 reported at Q1');
  });
  it('is a warning when the line explains the correction, and silent when the actual holds or rises', () => {
    expect(
      byRule(
        subject({}, line({ actualPence: 2_000_000, previousActualPence: 3_000_000, note: 'Q1 accrual reversed' })),
        'return.actual-decreased',
      )[0]!.severity,
    ).toBe('warning');
    expect(
      byRule(subject({}, line({ actualPence: 3_000_000, previousActualPence: 3_000_000 })), 'return.actual-decreased'),
    ).toEqual([]);
    expect(
      byRule(
        subject({ previousPeriod: null, period: 'Q1' }, line({ actualPence: 1, previousActualPence: 3_000_000 })),
        'return.actual-decreased',
      ),
    ).toEqual([]);
  });
});

describe('return.issue-description-missing and return.required-field', () => {
  it('needs a description with "Yes", and not with "No"', () => {
    expect(
      byRule(subject({}, line({ issues: 'Yes', issueDescription: '  ' })), 'return.issue-description-missing'),
    ).toHaveLength(1);
    expect(
      byRule(subject({}, line({ issues: 'Yes', issueDescription: 'Recruitment' })), 'return.issue-description-missing'),
    ).toHaveLength(0);
    expect(byRule(subject({}, line({ issues: 'No' })), 'return.issue-description-missing')).toHaveLength(0);
  });
  it('needs an actual and a Yes/No on every line, and an assessment of each metric with a target', () => {
    const found = byRule(
      subject(
        {
          metrics: [
            {
              metricId: 1,
              name: 'Falls',
              target: '1,650 per 100,000',
              onTrack: '',
              challenges: '',
              achievements: '',
              ...NO_NUMBERS,
            },
            {
              metricId: 2,
              name: 'Avoidable admissions',
              target: '',
              onTrack: '',
              challenges: '',
              achievements: '',
              ...NO_NUMBERS,
            },
            {
              metricId: 3,
              name: 'Residential admissions',
              target: '450',
              onTrack: 'Not on track to meet target',
              challenges: '',
              achievements: '',
              ...NO_NUMBERS,
            },
          ],
        },
        line({ actualPence: null, issues: '' }),
      ),
      'return.required-field',
    );
    expect(found.map((f) => f.field)).toEqual(['actualPence', 'issues', 'onTrack', 'challenges']);
    expect(found[2]!.message).toBe(
      'Metric "Falls" (target 1,650 per 100,000): say whether it is on track to meet its target.',
    );
  });
});

describe('return.overspend', () => {
  const over = line({ plannedPence: 10_000_000, actualPence: 10_050_000 });
  it('warns during the year', () => {
    expect(byRule(subject({ period: 'Q3' }, over), 'return.overspend').map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        'Scheme 102 "Care Act Assessments" (Local Authority Discharge Funding): actual to date £100,500 is £500 above the planned £100,000.',
      ],
    ]);
  });
  it('is an error at year end unless the line explains it', () => {
    expect(byRule(subject({ period: 'YE' }, over), 'return.overspend')[0]!.severity).toBe('error');
    expect(
      byRule(subject({ period: 'YE' }, { ...over, note: 'Winter pressures: agreed at JCC' }), 'return.overspend')[0]!
        .severity,
    ).toBe('warning');
    expect(
      byRule(
        subject({ period: 'YE' }, line({ plannedPence: 10_000_000, actualPence: 10_000_000 })),
        'return.overspend',
      ),
    ).toEqual([]);
  });
});

describe('return.variance-explanation', () => {
  const forecast = (plannedPence: number, forecastPence: number, note = '') =>
    byRule(subject({}, line({ plannedPence, forecastPence, note })), 'return.variance-explanation');
  it('needs a note when the forecast is more than 5% or £25,000 away from plan', () => {
    expect(forecast(10_000_000, 10_500_000)).toHaveLength(0); // exactly 5%, £5,000
    expect(forecast(10_000_000, 10_500_001)).toHaveLength(1); // just over 5%
    expect(forecast(10_000_000, 9_499_999)[0]!.message).toContain(
      'forecast outturn £94,999.99 is £5,000.01 (-5.0%) below the planned £100,000',
    );
    expect(forecast(100_000_000, 102_500_000)).toHaveLength(0); // 2.5%, exactly £25,000
    expect(forecast(100_000_000, 102_500_001)).toHaveLength(1); // 2.5%, but over £25,000
    expect(forecast(10_000_000, 12_000_000, 'New contract from October')).toHaveLength(0);
    expect(
      byRule(subject({}, line({ plannedPence: 10_000_000, forecastPence: null })), 'return.variance-explanation'),
    ).toHaveLength(0);
  });
});

describe('return.outputs-missing', () => {
  const carers = (over: Partial<CheckedReturnLine>) =>
    line({ schemeType: 'Carers Services', plannedOutputs: '400', outputUnit: 'Beneficiaries', ...over });
  it('needs outputs delivered where the scheme type reports outputs or outputs were planned; "NA" is not enough', () => {
    expect(byRule(subject({}, carers({ outputsDelivered: null })), 'return.outputs-missing')).toHaveLength(1);
    expect(
      byRule(subject({}, carers({ outputsDelivered: NOT_APPLICABLE })), 'return.outputs-missing')[0]!.message,
    ).toContain('"NA" is not enough');
    expect(byRule(subject({}, carers({ outputsDelivered: '0' })), 'return.outputs-missing')).toHaveLength(0);
    expect(
      byRule(subject({}, line({ plannedOutputs: '12', outputsDelivered: null })), 'return.outputs-missing'),
    ).toHaveLength(1);
    expect(
      byRule(
        subject({}, line({ plannedOutputs: NOT_APPLICABLE, outputsDelivered: NOT_APPLICABLE })),
        'return.outputs-missing',
      ),
    ).toHaveLength(0);
  });
});

describe('return.plan-changed', () => {
  const planLine = {
    id: 40,
    schemeId: '102',
    schemeName: 'Care Act Assessments',
    sourceOfFunding: 'Local Authority Discharge Funding',
    plannedPence: 12_000_000,
  };
  const planNow = (...lines: (typeof planLine)[]) => ({ sources: SOURCES, lines });
  const messages = (s: ReturnSubject) => byRule(s, 'return.plan-changed').map((f) => f.message);

  it('is silent while the plan is as the return copied it (spacing and case aside), and for an approved return, which is not compared', () => {
    expect(
      messages(
        subject({ planNow: planNow({ ...planLine, schemeName: ' care act  assessments' }) }, line({ planLineId: 40 })),
      ),
    ).toEqual([]);
    expect(messages(subject({}, line({ planLineId: 40 })))).toEqual([]);
  });

  it("warns of a plan line changed since, with the plan's figures beside the return's, at the first changed cell", () => {
    const [finding, ...rest] = byRule(
      subject(
        { planNow: planNow({ ...planLine, plannedPence: 12_500_000, schemeName: 'Care Act assessments and reviews' }) },
        line({ planLineId: 40 }),
      ),
      'return.plan-changed',
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', field: 'schemeName', lineId: 1 });
    expect(finding!.message).toBe(
      'Scheme 102 "Care Act Assessments" (Local Authority Discharge Funding): the plan has changed since the return was created; it now has Scheme Name "Care Act assessments and reviews", Planned Expenditure £125,000 (here £120,000).',
    );
  });

  it("warns of a line deleted from the plan, and of one added in the return's funding, but not of one in other funding", () => {
    const added = {
      id: 41,
      schemeId: '104',
      schemeName: 'Discharge to Assess',
      sourceOfFunding: 'ICB Discharge Funding',
      plannedPence: 5_000_000,
    };
    const elsewhere = {
      id: 42,
      schemeId: '1',
      schemeName: 'Carers',
      sourceOfFunding: 'Minimum NHS Contribution',
      plannedPence: 1,
    };
    expect(
      messages(
        subject(
          { planNow: planNow(planLine, added, elsewhere) },
          line({ planLineId: 40 }),
          line({ id: 2, planLineId: null }),
        ),
      ),
    ).toEqual([
      'Scheme 102 "Care Act Assessments" (Local Authority Discharge Funding): this line has been deleted from the plan since the return was created.',
      'Scheme 104 "Discharge to Assess" (ICB Discharge Funding, £50,000) was added to the plan after the return was created; the return has no line for it.',
    ]);
  });
});

describe('outputs', () => {
  it('read "-", "NA", "N/A" as not applicable, blank as not given, numbers exactly', () => {
    expect(['-', 'NA', 'n/a', ' – ', 'not applicable'].map((t) => parseOutputs(t))).toEqual(
      Array(5).fill({ ok: true, value: NOT_APPLICABLE }),
    );
    expect(parseOutputs('')).toEqual({ ok: true, value: null });
    expect(parseOutputs('1,200.5')).toEqual({ ok: true, value: '1200.5' });
    expect(parseOutputs('lots')).toMatchObject({
      ok: false,
      message: expect.stringContaining('is not a number of outputs'),
    });
  });
});

describe('the return rules', () => {
  it('have stable ids under return.*', () => {
    expect(RETURN_RULE_INFO.map((r) => r.id)).toEqual([
      'return.required-field',
      'return.cover-complete',
      'return.actual-decreased',
      'return.issue-description-missing',
      'return.straight-line-profile',
      'return.overspend',
      'return.variance-explanation',
      'return.year-end-variance',
      'return.outputs-missing',
      'return.plan-changed',
      'return.unknown-value',
    ]);
    expect(RETURN_RULE_INFO.every((r) => r.appliesTo === 'return')).toBe(true);
  });
});

describe('matching imported actuals', () => {
  const header = ['Scheme ID', 'Scheme Name', 'Source of Funding', 'Actual Expenditure to date'];
  const lines: MatchableLine[] = FIXED;
  it('refuses two alike lines without a Planned Expenditure column, and never guesses', () => {
    const out = importActuals(
      'ledger.csv',
      [header, ['102', 'Home First Pathways', 'Local Authority Discharge Funding', '£70,000']],
      lines,
      SOURCES,
    );
    expect(out.matches).toEqual([]);
    expect(out.problems[0]!.message).toBe(
      '2 lines of the return match Scheme ID 102 "Home First Pathways" in every fixed column the file has (planned £279,521 and £57,437); add a Planned Expenditure column so each row can be matched to one line. Nothing was guessed.',
    );
  });
  it('names the row and column of each problem, and every bad cell in the file', () => {
    const out = importActuals(
      'ledger.csv',
      [
        ['Cost centre', ...header, 'Planned Expenditure'],
        ['CC1', '102', 'Home First Pathways', 'Local Authority Discharge Funding', '£2.1k', '£57,437'],
        ['CC2', '104', 'Falls', 'Local Authority Discharge Funding', '£1', ''],
        ['CC3', '103', 'Discharge Schemes', 'iBCF', '£1', ''],
        ['CC4', '102', 'Home First Pathways', 'Local Authority Discharge Funding', '£1', '£57,000'],
        ['CC5', '102', 'Care Act Assessments', 'Local Authority Discharge Funding', '£1', ''],
        ['CC6', '102', 'Care Act Assessments', 'Local Authority Discharge Funding', '£2', ''],
      ],
      lines,
      SOURCES,
    );
    expect(out.ignored).toEqual(['A Cost centre']);
    expect(out.problems.map((p) => [p.row, p.column])).toEqual([
      [2, '"Actual Expenditure to date" (E)'],
      [3, '"Scheme ID" (B)'],
      [4, '"Source of Funding" (D)'],
      [5, '"Planned Expenditure" (F)'],
      [7, '"Scheme ID" (B)'],
    ]);
    expect(out.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^"£2\.1k" is not an amount: scaled figures/),
      'no line of this return has Scheme ID 104',
      'Source of Funding "iBCF" is not in this return\'s scope (Local Authority Discharge Funding, ICB Discharge Funding)',
      'Planned Expenditure £57,000 matches none of the 2 lines of Scheme ID 102 "Home First Pathways" (planned £279,521, £57,437)',
      'this row and row 6 both match the same line of the return (Scheme ID 102 "Care Act Assessments", planned £120,000); keep one',
    ]);
  });
});
