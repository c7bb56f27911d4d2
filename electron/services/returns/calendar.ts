import { ApiError, type CalendarView } from '../../../shared/api';
import { localIsoDate, type IsoDate } from '../../../shared/dates/iso-date';
import { calendarEntries, nextAction, type ReturnStatus } from '../../../shared/returns/calendar';
import type { Period } from '../../../shared/returns/period';
import type { YearLabel } from '../../../shared/years/financial-year';
import { insert, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { deadlineFor, listDeadlines, listMeetings } from './deadlines';
import { returnSummaries } from './view';

/** Deadlines by year and period, the board's meetings, and what to do next. */
export function getCalendar(ctx: ServiceContext): CalendarView {
  const today = localIsoDate(ctx.now());
  const statuses: ReturnStatus[] = returnSummaries(ctx).map((r) => ({
    year: r.year,
    period: r.period,
    state: r.state,
    errors: r.errors,
    submittedOn: r.submittedOn,
    ratifiedOn: r.ratifiedOn,
  }));
  const deadlines = listDeadlines(ctx);
  const meetings = listMeetings(ctx);
  return {
    today,
    deadlines,
    meetings,
    entries: calendarEntries(statuses, deadlines, meetings),
    next: nextAction(statuses, deadlines, meetings, today),
  };
}

export function setDeadline(ctx: ServiceContext, year: YearLabel, period: Period, dueOn: IsoDate | null): CalendarView {
  write(ctx, (w) => {
    const before = deadlineFor(ctx, year, period);
    if (before === dueOn) return;
    if (dueOn === null) run(ctx.db, 'DELETE FROM return_deadline WHERE year_label = ? AND period = ?', year, period);
    else
      run(
        ctx.db,
        'INSERT INTO return_deadline (year_label, period, due_on) VALUES (?, ?, ?) ON CONFLICT (year_label, period) DO UPDATE SET due_on = excluded.due_on',
        year,
        period,
        dueOn,
      );
    w.audit({
      action: 'update',
      entity: 'return_deadline',
      field: `${period} ${year}`,
      oldValue: before,
      newValue: dueOn,
    });
  });
  return getCalendar(ctx);
}

export function addMeeting(ctx: ServiceContext, meetsOn: IsoDate, note: string): CalendarView {
  write(ctx, (w) => {
    if (listMeetings(ctx).some((m) => m.meetsOn === meetsOn))
      throw new ApiError('conflict', `A board meeting on ${meetsOn} is already in the calendar.`, 'meetsOn');
    const id = insert(ctx.db, 'INSERT INTO board_meeting (meets_on, note) VALUES (?, ?)', meetsOn, note);
    w.audit({ action: 'create', entity: 'board_meeting', entityId: id, newValue: { meetsOn, note } });
  });
  return getCalendar(ctx);
}

export function removeMeeting(ctx: ServiceContext, id: number): CalendarView {
  write(ctx, (w) => {
    const before = listMeetings(ctx).find((m) => m.id === id);
    if (!before) throw new ApiError('not_found', `There is no board meeting ${id}.`, 'id');
    run(ctx.db, 'DELETE FROM board_meeting WHERE id = ?', id);
    w.audit({ action: 'delete', entity: 'board_meeting', entityId: id, oldValue: before });
  });
  return getCalendar(ctx);
}
