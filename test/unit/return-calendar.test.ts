import { describe, expect, it } from 'vitest';
import { daysBetween, formatDate, parseDate } from '../../shared/dates/iso-date';
import { calendarEntries, nextAction, type ReturnStatus } from '../../shared/returns/calendar';
import { parsePeriod, periodEnds } from '../../shared/returns/period';
import { ratifiedWhen } from '../../shared/signoff/approval';

describe('dates', () => {
  it('read ISO and en-GB dates and refuse days that do not exist', () => {
    expect(parseDate('2024-08-29')).toEqual({ ok: true, date: '2024-08-29' });
    expect(parseDate('29/8/2024')).toEqual({ ok: true, date: '2024-08-29' });
    expect(parseDate('29/02/2024')).toEqual({ ok: true, date: '2024-02-29' });
    expect(parseDate('29/02/2023')).toMatchObject({
      ok: false,
      message: '"29/02/2023" is not a date: February 2023 has 28 days',
    });
    expect(parseDate('08/29/2024')).toMatchObject({
      ok: false,
      message: expect.stringContaining('there is no month 29'),
    });
    expect(parseDate('next Tuesday')).toMatchObject({ ok: false });
    expect(formatDate('2024-09-10')).toBe('10 September 2024');
    expect(daysBetween('2024-08-30', '2024-09-10')).toBe(11);
  });
});

describe('periods', () => {
  it('accept the ways people write them and know when each ends', () => {
    expect(['Q1', 'q2', 'Quarter 3', 'Q4', 'year end', 'YE'].map((p) => parsePeriod(p))).toEqual(
      ['Q1', 'Q2', 'Q3', 'YE', 'YE', 'YE'].map((period) => ({ ok: true, period })),
    );
    expect(parsePeriod('Q5')).toMatchObject({ ok: false });
    expect(periodEnds('2024-25', 'Q3')).toBe('2024-12-31');
    expect(periodEnds('2024-25', 'YE')).toBe('2025-03-31');
  });
});

describe('the next action', () => {
  const r = (over: Partial<ReturnStatus>): ReturnStatus => ({
    year: '2024-25',
    period: 'Q1',
    state: 'draft',
    errors: 0,
    submittedOn: null,
    ratifiedOn: null,
    ...over,
  });
  const deadlines = [
    { year: '2024-25', period: 'Q1' as const, dueOn: '2024-08-30' },
    { year: '2024-25', period: 'Q2' as const, dueOn: '2024-10-31' },
  ];
  const meetings = [{ id: 1, meetsOn: '2024-09-10', note: '' }];

  it('follows the return through its states, counting the days to the deadline', () => {
    expect(nextAction([r({ errors: 2 })], deadlines, meetings, '2024-08-20').text).toBe(
      'Complete and check the Q1 2024-25 return (2 errors to fix), then mark it ready for approval by 30 August 2024 (10 days left).',
    );
    expect(nextAction([r({ state: 'ready' })], deadlines, meetings, '2024-08-29').text).toBe(
      'Get the Q1 2024-25 return approved by 30 August 2024 (1 day left).',
    );
    expect(nextAction([r({ state: 'approved' })], deadlines, meetings, '2024-09-02')).toMatchObject({
      text: 'Submit the Q1 2024-25 return to NHS England (deadline 30 August 2024: 3 days overdue).',
      overdue: true,
    });
    expect(
      nextAction([r({ state: 'submitted', submittedOn: '2024-08-30' })], deadlines, meetings, '2024-09-01').text,
    ).toBe(
      'Take the Q1 2024-25 return to the Health and Wellbeing Board for ratification at its meeting on 10 September 2024.',
    );
    expect(
      nextAction(
        [r({ state: 'ratified', submittedOn: '2024-08-30', ratifiedOn: '2024-09-10' })],
        deadlines,
        meetings,
        '2024-09-11',
      ).text,
    ).toBe('Start the Q2 2024-25 return by 31 October 2024 (50 days left).');
    expect(nextAction([], [], [], '2024-09-11').text).toMatch(/^Nothing is due/);
  });

  it('lists deadlines and meetings in date order', () => {
    expect(
      calendarEntries([r({ state: 'submitted', submittedOn: '2024-08-30' })], deadlines, meetings).map(
        (e) => `${e.on} ${e.text}`,
      ),
    ).toEqual([
      '2024-08-30 Q1 2024-25 return due (submitted 30 August 2024)',
      '2024-09-10 Health and Wellbeing Board',
      '2024-10-31 Q2 2024-25 return due (not started)',
    ]);
  });

  it('says whether the board ratified before or after submission', () => {
    expect(ratifiedWhen('2024-08-30', '2024-09-10')).toBe('after submission');
    expect(ratifiedWhen('2024-08-30', '2024-08-20')).toBe('before submission');
    expect(ratifiedWhen(null, '2024-08-20')).toBe('before submission');
    expect(ratifiedWhen('2024-08-30', '2024-08-30')).toBe('on the day of submission');
  });
});
