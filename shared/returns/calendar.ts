import { daysBetween, formatDate, type IsoDate } from '../dates/iso-date';
import type { YearLabel } from '../years/financial-year';
import { PERIODS, returnLabel, type Period } from './period';
import { STATE_LABELS, type ReturnState } from './signoff';

/**
 * The calendar of returns: each period's deadline, the Health and Wellbeing
 * Board's meetings, and from them the one thing to do next.
 */
export interface Deadline {
  year: YearLabel;
  period: Period;
  dueOn: IsoDate;
}

export interface BoardMeeting {
  id: number;
  meetsOn: IsoDate;
  note: string;
}

export interface ReturnStatus {
  year: YearLabel;
  period: Period;
  state: ReturnState;
  errors: number;
  submittedOn: IsoDate | null;
  ratifiedOn: IsoDate | null;
}

export interface NextAction {
  text: string;
  year: YearLabel | null;
  period: Period | null;
  dueOn: IsoDate | null;
  overdue: boolean;
}

const order = (a: { year: YearLabel; period: Period }, b: { year: YearLabel; period: Period }) =>
  a.year.localeCompare(b.year) || PERIODS.indexOf(a.period) - PERIODS.indexOf(b.period);

function due(dueOn: IsoDate | null, today: IsoDate): string {
  if (!dueOn) return ' (no deadline in the calendar)';
  const days = daysBetween(today, dueOn);
  if (days < 0) return ` (deadline ${formatDate(dueOn)}: ${-days} day${days === -1 ? '' : 's'} overdue)`;
  if (days === 0) return ' (deadline today)';
  return ` by ${formatDate(dueOn)} (${days} day${days === 1 ? '' : 's'} left)`;
}

/** What to do next: the earliest unfinished return first, then ratification, then the next return to start. */
export function nextAction(
  returns: readonly ReturnStatus[],
  deadlines: readonly Deadline[],
  meetings: readonly BoardMeeting[],
  today: IsoDate,
): NextAction {
  const deadlineOf = (r: { year: YearLabel; period: Period }) =>
    deadlines.find((d) => d.year === r.year && d.period === r.period)?.dueOn ?? null;
  const open = returns
    .filter((r) => r.state === 'draft' || r.state === 'ready' || r.state === 'approved')
    .sort((a, b) => (deadlineOf(a) ?? '9999').localeCompare(deadlineOf(b) ?? '9999') || order(a, b));
  const first = open[0];
  if (first) {
    const d = deadlineOf(first);
    const name = `the ${returnLabel(first.year, first.period)} return`;
    const text =
      first.state === 'draft'
        ? `Complete and check ${name}${first.errors > 0 ? ` (${first.errors} error${first.errors === 1 ? '' : 's'} to fix)` : ''}, then mark it ready for approval`
        : first.state === 'ready'
          ? `Get ${name} approved`
          : `Submit ${name} to NHS England`;
    return {
      text: `${text}${due(d, today)}.`,
      year: first.year,
      period: first.period,
      dueOn: d,
      overdue: d !== null && d < today,
    };
  }
  const unratified = returns.filter((r) => r.state === 'submitted' && !r.ratifiedOn).sort(order)[0];
  if (unratified) {
    const meeting = [...meetings].sort((a, b) => a.meetsOn.localeCompare(b.meetsOn)).find((m) => m.meetsOn >= today);
    return {
      text: `Take the ${returnLabel(unratified.year, unratified.period)} return to the Health and Wellbeing Board for ratification${meeting ? ` at its meeting on ${formatDate(meeting.meetsOn)}` : ' (no board meeting is in the calendar)'}.`,
      year: unratified.year,
      period: unratified.period,
      dueOn: meeting?.meetsOn ?? null,
      overdue: false,
    };
  }
  const toStart = deadlines
    .filter((d) => !returns.some((r) => r.year === d.year && r.period === d.period) && d.dueOn >= today)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  if (toStart) {
    return {
      text: `Start the ${returnLabel(toStart.year, toStart.period)} return${due(toStart.dueOn, today)}.`,
      year: toStart.year,
      period: toStart.period,
      dueOn: toStart.dueOn,
      overdue: false,
    };
  }
  return {
    text: 'Nothing is due: add the next deadline to the calendar when NHS England publishes it.',
    year: null,
    period: null,
    dueOn: null,
    overdue: false,
  };
}

/** One row of the calendar, in date order. */
export interface CalendarEntry {
  on: IsoDate;
  kind: 'deadline' | 'meeting';
  text: string;
}

export function calendarEntries(
  returns: readonly ReturnStatus[],
  deadlines: readonly Deadline[],
  meetings: readonly BoardMeeting[],
): CalendarEntry[] {
  const entries: CalendarEntry[] = [
    ...deadlines.map((d) => {
      const r = returns.find((x) => x.year === d.year && x.period === d.period);
      const status = !r
        ? 'not started'
        : r.submittedOn
          ? `submitted ${formatDate(r.submittedOn)}${r.ratifiedOn ? `, ratified ${formatDate(r.ratifiedOn)}` : ''}`
          : STATE_LABELS[r.state].toLowerCase();
      return {
        on: d.dueOn,
        kind: 'deadline' as const,
        text: `${returnLabel(d.year, d.period)} return due (${status})`,
      };
    }),
    ...meetings.map((m) => ({
      on: m.meetsOn,
      kind: 'meeting' as const,
      text: `Health and Wellbeing Board${m.note ? `: ${m.note}` : ''}`,
    })),
  ];
  return entries.sort((a, b) => a.on.localeCompare(b.on) || a.kind.localeCompare(b.kind));
}
