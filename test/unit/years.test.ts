import { describe, expect, it } from 'vitest';
import { nextYear, parseYear, previousYear, slashLabel, yearDates } from '../../shared/years/financial-year';

describe('financial years', () => {
  it.each(['2019-20', '2019/20', '2019/2020', ' 2019 - 20 ', '2019–20'])('reads %s as 2019-20', (raw) => {
    expect(parseYear(raw)).toEqual({ ok: true, year: '2019-20' });
  });
  it('reads the turn of the century', () => {
    expect(parseYear('2099/00')).toMatchObject({ ok: false });
    expect(parseYear('2009/10')).toEqual({ ok: true, year: '2009-10' });
  });
  it.each([
    ['2019-21', /should be followed by 20/],
    ['19/20', /not a financial year/],
    ['2019', /not a financial year/],
    ['1999-00', /outside/],
  ])('refuses %s', (raw, why) => {
    const r = parseYear(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(why);
  });
  it('knows its neighbours, dates and printed label', () => {
    expect(nextYear('2019-20')).toBe('2020-21');
    expect(previousYear('2019-20')).toBe('2018-19');
    expect(slashLabel('2019-20')).toBe('2019/20');
    expect(yearDates('2024-25')).toEqual({ startsOn: '2024-04-01', endsOn: '2025-03-31' });
  });
});
