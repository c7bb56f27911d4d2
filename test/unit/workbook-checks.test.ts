import { describe, expect, it } from 'vitest';
import type { IncomeLine } from '../../shared/plans/income';
import { EMPTY_LINE, type LineInput } from '../../shared/plans/line';
import { validatePlan } from '../../shared/plans/rules';
import type { CheckedLine, PlanSubject } from '../../shared/plans/subject';
import { planYears, type ReferenceSet } from '../../shared/reference/reference-set';
import { checkersOf, evaluateChecker } from '../../shared/workbooks/checks';
import { planWorkbookData } from '../../shared/workbooks/plan-adapter';
import type { Profile } from '../../shared/workbooks/profile';
import { syntheticLines } from '../bench/synthetic';
import { appSays, shippedProfile } from '../helpers/profiles';
import { shippedReference } from '../helpers/reference';

function checkBoth(
  profile: Profile,
  set: ReferenceSet,
  lines: LineInput[],
  income: Omit<IncomeLine, 'id' | 'source'>[],
) {
  const years = planYears(set, set.years[0]!);
  const subject: PlanSubject = {
    years,
    template: set,
    printedTotals: [],
    requirements: [],
    lines: lines.map((l, i): CheckedLine => ({ ...l, id: i + 1, source: null })),
    income: income.map((x, i) => ({ ...x, id: i + 1, source: null })),
  };
  const findings = validatePlan(subject).findings;
  const data = planWorkbookData(
    { area: 'Testshire', label: set.template, lines, income: subject.income, cover: {} },
    set,
    profile,
  );
  return checkersOf(profile).map((spec) => ({
    id: spec.id,
    workbook: evaluateChecker(spec, profile, data.tables, data.lists),
    app: appSays(spec, findings),
  }));
}

const set = shippedReference('2023-25');
const profile = shippedProfile('2023-25-planning');
const good: LineInput = {
  ...EMPTY_LINE,
  schemeId: '1',
  schemeName: 'Home First',
  briefDescription: 'Core team',
  schemeType: 'Carers Services',
  subType: 'Respite services',
  plannedOutputs: '120',
  outputUnit: 'Beneficiaries',
  areaOfSpend: 'Social Care',
  commissioner: 'Joint',
  jointNhsPercent: '60',
  jointLaPercent: '40',
  provider: 'Local Authority',
  sourceOfFunding: 'iBCF',
  expenditurePence: 100_000_00,
  expenditureYear2Pence: 105_000_00,
  newOrExisting: 'New',
};
const income = [{ sourceOfFunding: 'iBCF', partner: 'Council', amountPence: 100_000_00, amountYear2Pence: 105_000_00 }];

describe("the workbook checkers agree with the app's rules", () => {
  it('all read Yes for a complete, balanced plan, and the app finds nothing either', () => {
    const results = checkBoth(profile, set, [good], income);
    expect(results.filter((r) => !r.workbook)).toEqual([]);
    expect(results.filter((r) => !r.app)).toEqual([]);
  });

  const faults: [string, Partial<LineInput>, string][] = [
    ['a missing description', { briefDescription: '' }, 'required.expenditure.briefDescription'],
    ['a missing sub type where the type has them', { subType: '' }, 'expenditure.sub-type'],
    ['"Other" not specified', { schemeType: 'Other', subType: '', schemeTypeOther: '' }, 'expenditure.type-other'],
    ['an "Other" sub type not specified', { subType: 'Other' }, 'expenditure.type-other'],
    ['an "Other" area of spend not specified', { areaOfSpend: 'Other' }, 'expenditure.area-other'],
    ['a joint split of 60/30', { jointLaPercent: '30' }, 'expenditure.joint-split'],
    ['a joint line without % LA', { jointLaPercent: null }, 'expenditure.joint-split'],
    ['missing planned outputs', { plannedOutputs: null }, 'expenditure.outputs'],
    ['negative second-year spend', { expenditureYear2Pence: -5 }, 'expenditure.not-negative'],
    ['a missing second year', { expenditureYear2Pence: null }, 'required.expenditure.expenditureYear2Pence'],
    ['spend that does not balance the income', { expenditurePence: 99_999_99 }, 'income.balance'],
    ['a source with no income', { sourceOfFunding: 'DFG' }, 'income.balance'],
  ];
  it.each(faults)('%s: its checker reads No, and every checker agrees with the app', (_what, change, failing) => {
    const results = checkBoth(profile, set, [good, { ...good, schemeId: '2', ...change }], income);
    expect(results.find((r) => r.id === failing)).toEqual({ id: failing, workbook: false, app: false });
    expect(results.filter((r) => r.workbook !== r.app)).toEqual([]);
  });

  it('reads No for the balance when no income is entered, as the app warns', () => {
    const results = checkBoth(profile, set, [good], []);
    expect(results.find((r) => r.id === 'income.balance')).toEqual({
      id: 'income.balance',
      workbook: false,
      app: false,
    });
  });

  it('agrees on a large synthetic plan full of the faults the rules look for', () => {
    const lines = syntheticLines(set, 400);
    const sums = new Map<string, [number, number]>();
    for (const l of lines) {
      const s = sums.get(l.sourceOfFunding) ?? [0, 0];
      sums.set(l.sourceOfFunding, [s[0] + l.expenditurePence, s[1] + (l.expenditureYear2Pence ?? 0)]);
    }
    const balanced = [...sums].map(([s, [a, b]]) => ({
      sourceOfFunding: s,
      partner: '',
      amountPence: a,
      amountYear2Pence: b,
    }));
    const results = checkBoth(profile, set, lines, balanced);
    expect(results.filter((r) => r.workbook !== r.app)).toEqual([]);
    expect(results.some((r) => !r.workbook)).toBe(true);
    expect(results.find((r) => r.id === 'income.balance')!.workbook).toBe(true);
  });

  it('agrees on the 2019/20 layout: the virement identity and negative amounts', () => {
    const set19 = shippedReference('2019-20');
    const p19 = shippedProfile('2019-20-plan-appendix');
    const line: LineInput = {
      ...EMPTY_LINE,
      schemeId: '1',
      schemeName: 'Falls',
      schemeType: '3. Carers services',
      areaOfSpend: 'Social Care',
      sourceOfFunding: 'Grant',
      priorYearPence: 100_00,
      virementPence: 5_00,
      expenditurePence: 105_00,
      newOrExisting: 'Existing',
    };
    const inc = [{ sourceOfFunding: 'Grant', partner: '', amountPence: 205_00, amountYear2Pence: null }];
    const ok = checkBoth(
      p19,
      set19,
      [line, { ...line, schemeId: '2', virementPence: null, priorYearPence: null, expenditurePence: 100_00 }],
      inc,
    );
    expect(ok.filter((r) => !r.workbook || !r.app)).toEqual([]);
    const bad = checkBoth(
      p19,
      set19,
      [line, { ...line, schemeId: '2', virementPence: -5_00, expenditurePence: 100_00 }],
      inc,
    );
    expect(bad.find((r) => r.id === 'expenditure.virement')).toEqual({
      id: 'expenditure.virement',
      workbook: false,
      app: false,
    });
    expect(bad.filter((r) => r.workbook !== r.app)).toEqual([]);
  });
});
