import { describe, expect, it } from 'vitest';
import { EMPTY_ENTRY } from '../../shared/returns/line';
import type { Period } from '../../shared/returns/period';
import { validateReturn } from '../../shared/returns/rules';
import { DEFAULT_RETURN_SETTINGS } from '../../shared/returns/settings';
import type { CheckedReturnLine, ReturnSubject } from '../../shared/returns/subject';
import { yearEndIncome, yearEndPicture } from '../../shared/returns/year-end';

const RULE = 'return.year-end-variance';

function line(plannedPence: number, actualPence: number | null, note = ''): CheckedReturnLine {
  return {
    id: 1,
    schemeId: '7',
    schemeName: 'Reablement',
    briefDescription: '',
    schemeType: 'Home-based intermediate care services',
    subType: '',
    sourceOfFunding: 'NHS Minimum Contribution',
    plannedPence,
    plannedOutputs: null,
    outputUnit: '',
    ...EMPTY_ENTRY,
    actualPence,
    issues: 'No',
    note,
    previousActualPence: null,
  };
}

function subject(args: {
  period?: Period;
  lines?: CheckedReturnLine[];
  income?: { planned: number; actual: number | null; note?: string }[];
}): ReturnSubject {
  return {
    year: '2025-26',
    period: args.period ?? 'YE',
    previousPeriod: null,
    template: null,
    lines: args.lines ?? [],
    metrics: [],
    settings: DEFAULT_RETURN_SETTINGS,
    income: yearEndIncome(
      (args.income ?? []).map((x, i) => ({ sourceOfFunding: `Source ${i + 1}`, pence: x.planned })),
      (args.income ?? []).map((x, i) => ({
        sourceOfFunding: `source  ${i + 1}`,
        actualPence: x.actual,
        note: x.note ?? '',
      })),
    ),
  };
}

const messages = (s: ReturnSubject) =>
  validateReturn(s)
    .findings.filter((f) => f.rule === RULE)
    .map((f) => f.message);

describe("year-end variance rule (the forecast check's thresholds: 5% or £25,000)", () => {
  it('fires when actual income is a penny more than £25,000 below plan, unexplained, and not at exactly £25,000', () => {
    // Planned £1,000,000: 5% is £50,000, so the £25,000 amount is the threshold that bites.
    expect(messages(subject({ income: [{ planned: 100_000_000, actual: 97_500_000 }] }))).toEqual([]);
    expect(messages(subject({ income: [{ planned: 100_000_000, actual: 97_499_999 }] }))).toEqual([
      'Income from Source 1: actual £974,999.99 is £25,000.01 (-2.5%) below the planned £1,000,000, more than 5% or £25,000: explain the variance.',
    ]);
  });

  it('fires on income a penny over 5% above plan, and not at exactly 5%', () => {
    expect(messages(subject({ income: [{ planned: 10_000_000, actual: 10_500_000 }] }))).toEqual([]);
    expect(messages(subject({ income: [{ planned: 10_000_000, actual: 10_500_001 }] }))).toHaveLength(1);
  });

  it('is satisfied by an explanation', () => {
    expect(
      messages(subject({ income: [{ planned: 10_000_000, actual: 20_000_000, note: 'Late DFG top-up received' }] })),
    ).toEqual([]);
  });

  it('asks for the actual income of every planned source', () => {
    expect(messages(subject({ income: [{ planned: 10_000_000, actual: null }] }))).toEqual([
      'Income from Source 1: enter the actual income for the year (planned £100,000; £0 if none was received).',
    ]);
  });

  it('fires on a line underspent by more than the threshold without an explanation, to the penny', () => {
    expect(messages(subject({ lines: [line(10_000_000, 9_500_000)] }))).toEqual([]);
    const over = messages(subject({ lines: [line(10_000_000, 9_499_999)] }));
    expect(over).toHaveLength(1);
    expect(over[0]).toContain('is £5,000.01 (-5.0%) below the planned £100,000');
    expect(messages(subject({ lines: [line(10_000_000, 9_499_999, 'Vacancies')] }))).toEqual([]);
  });

  it('leaves an overspend to the overspend check and says nothing on a quarterly return', () => {
    expect(messages(subject({ lines: [line(10_000_000, 20_000_000)] }))).toEqual([]);
    expect(
      messages(
        subject({ period: 'Q3', lines: [line(10_000_000, 1)], income: [{ planned: 10_000_000, actual: null }] }),
      ),
    ).toEqual([]);
  });

  it('totals income and expenditure by funding source, planned against actual', () => {
    const income = yearEndIncome(
      [
        { sourceOfFunding: 'DFG', pence: 100 },
        { sourceOfFunding: 'dfg ', pence: 50 },
        { sourceOfFunding: 'NHS Minimum Contribution', pence: 1_000 },
      ],
      [{ sourceOfFunding: 'DFG', actualPence: 120, note: '' }],
    );
    expect(income.map((r) => [r.sourceOfFunding, r.plannedPence, r.actualPence, r.variancePence])).toEqual([
      ['DFG', 150, 120, -30],
      ['NHS Minimum Contribution', 1_000, null, null],
    ]);
    const picture = yearEndPicture(income, [line(300, 250), { ...line(200, null), sourceOfFunding: 'DFG' }]);
    expect(picture.incomeTotal).toEqual({
      sourceOfFunding: 'Total',
      plannedPence: 1_150,
      actualPence: 120,
      variancePence: -1_030,
    });
    expect(picture.expenditure.map((r) => [r.sourceOfFunding, r.plannedPence, r.actualPence, r.variancePence])).toEqual(
      [
        ['DFG', 200, 0, -200],
        ['NHS Minimum Contribution', 300, 250, -50],
      ],
    );
  });
});
