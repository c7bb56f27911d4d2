import { ApiError, type CalendarView } from '../../../shared/api';
import { localIsoDate, type IsoDate } from '../../../shared/dates/iso-date';
import { calendarEntries, nextAction, type ReturnStatus } from '../../../shared/returns/calendar';
import type { Period } from '../../../shared/returns/period';
import type { YearLabel } from '../../../shared/years/financial-year';
import { recordAudit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
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
  inTransaction(ctx, () => {
    const before = deadlineFor(ctx, year, period);
    if (before === dueOn) return;
    if (dueOn === null)
      ctx.db.prepare('DELETE FROM return_deadline WHERE year_label = ? AND period = ?').run(year, period);
    else
      ctx.db
        .prepare(
          'INSERT INTO return_deadline (year_label, period, due_on) VALUES (?, ?, ?) ON CONFLICT (year_label, period) DO UPDATE SET due_on = excluded.due_on',
        )
        .run(year, period, dueOn);
    recordAudit(ctx, {
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
  inTransaction(ctx, () => {
    if (listMeetings(ctx).some((m) => m.meetsOn === meetsOn))
      throw new ApiError('conflict', `A board meeting on ${meetsOn} is already in the calendar.`, 'meetsOn');
    const id = Number(
      ctx.db.prepare('INSERT INTO board_meeting (meets_on, note) VALUES (?, ?)').run(meetsOn, note).lastInsertRowid,
    );
    recordAudit(ctx, { action: 'create', entity: 'board_meeting', entityId: id, newValue: { meetsOn, note } });
  });
  return getCalendar(ctx);
}

export function removeMeeting(ctx: ServiceContext, id: number): CalendarView {
  inTransaction(ctx, () => {
    const before = listMeetings(ctx).find((m) => m.id === id);
    if (!before) throw new ApiError('not_found', `There is no board meeting ${id}.`, 'id');
    ctx.db.prepare('DELETE FROM board_meeting WHERE id = ?').run(id);
    recordAudit(ctx, { action: 'delete', entity: 'board_meeting', entityId: id, oldValue: before });
  });
  return getCalendar(ctx);
}
