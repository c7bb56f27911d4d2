import type { IsoDate } from '../../../shared/dates/iso-date';
import type { BoardMeeting, Deadline } from '../../../shared/returns/calendar';
import type { Period } from '../../../shared/returns/period';
import type { YearLabel } from '../../../shared/years/financial-year';
import { all, one } from '../../db/statements';
import type { ServiceContext } from '../context';

/*
 * The calendar's rows (deadlines by year and period, the board's meetings), read on their own: a
 * return's view needs its deadline and the calendar needs every return's summary, so the reads sit
 * below both, and calendar.ts (writes, and what to do next) imports view.ts without a cycle.
 */

export function listDeadlines(ctx: ServiceContext): Deadline[] {
  return all<Deadline>(
    ctx.db,
    'SELECT year_label AS year, period, due_on AS dueOn FROM return_deadline ORDER BY due_on',
  );
}

export function deadlineFor(ctx: ServiceContext, year: YearLabel, period: Period): IsoDate | null {
  const row = one<{ due_on: IsoDate }>(
    ctx.db,
    'SELECT due_on FROM return_deadline WHERE year_label = ? AND period = ?',
    year,
    period,
  );
  return row?.due_on ?? null;
}

export function listMeetings(ctx: ServiceContext): BoardMeeting[] {
  return all<BoardMeeting>(ctx.db, 'SELECT id, meets_on AS meetsOn, note FROM board_meeting ORDER BY meets_on, id');
}
