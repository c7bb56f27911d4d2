import { describe, expect, it } from 'vitest';
import { EMPTY_LINE, formFromLine, lineFromForm, type LineForm } from '../../shared/plans/line';

const form = (over: Partial<LineForm>): LineForm => ({
  ...formFromLine(EMPTY_LINE),
  schemeId: '4',
  schemeName: 'Falls Response Service',
  schemeType: '',
  areaOfSpend: '',
  sourceOfFunding: 'Grant',
  priorYearPence: '',
  virementPence: '',
  expenditurePence: '£318,312',
  newOrExisting: '',
  schemeUpdate: '',
  ...over,
});

describe("a plan line's amounts and text, typed or imported", () => {
  it('allows £0 to £1,000,000,000 of spend, and a virement either way', () => {
    expect(lineFromForm(form({ expenditurePence: '£0' })).ok).toBe(true);
    expect(lineFromForm(form({ expenditurePence: '£1,000,000,000' })).ok).toBe(true);
    expect(lineFromForm(form({ virementPence: '-£253,934' })).ok).toBe(true);
    expect(lineFromForm(form({ virementPence: '-£1,000,000,000' })).ok).toBe(true);
  });

  it('refuses negative spend and absurd amounts, saying why', () => {
    expect(lineFromForm(form({ expenditurePence: '-£12,000' }))).toEqual({
      ok: false,
      errors: {
        expenditurePence:
          'Expenditure £ cannot be negative: planned spend is £0 or more (a reduction goes in Virement)',
      },
    });
    expect(lineFromForm(form({ priorYearPence: '(£5)' }))).toMatchObject({
      ok: false,
      errors: { priorYearPence: expect.stringMatching(/^Prior-year expenditure £ cannot be negative/) },
    });
    expect(lineFromForm(form({ expenditurePence: '£1,000,000,000.01' }))).toMatchObject({
      ok: false,
      errors: { expenditurePence: expect.stringMatching(/more than £1,000,000,000, the most one line may hold/) },
    });
    expect(lineFromForm(form({ virementPence: '£2,000,000,000' }))).toMatchObject({
      ok: false,
      errors: { virementPence: expect.stringMatching(/more than £1,000,000,000 either way/) },
    });
  });

  it('refuses control characters and direction overrides, but not line breaks in an update', () => {
    expect(lineFromForm(form({ schemeName: 'Falls\u001b[2J' }))).toMatchObject({
      ok: false,
      errors: { schemeName: expect.stringMatching(/control character/) },
    });
    expect(lineFromForm(form({ sourceOfFunding: 'Grant\u202e' }))).toMatchObject({
      ok: false,
      errors: { sourceOfFunding: expect.stringMatching(/control character/) },
    });
    expect(lineFromForm(form({ schemeUpdate: 'Line one\nLine two\tand a tab' })).ok).toBe(true);
    expect(lineFromForm(form({ schemeUpdate: 'x'.repeat(10_001) }))).toMatchObject({
      ok: false,
      errors: { schemeUpdate: 'more than 10,000 characters; shorten it' },
    });
  });
});
