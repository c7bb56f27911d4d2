import { useState, type FormEvent } from 'react';
import { formatDate, parseDate } from '../../shared/dates/iso-date';
import { PERIOD_LABELS, PERIODS } from '../../shared/returns/period';
import { call, errorMessage } from '../api/client';
import { useNext } from '../app/next';
import { useReturns } from './store';
import { Field } from '../forms/Field';

/** Deadlines by period and the Health and Wellbeing Board's meetings, in date order, with the next action. */
export function CalendarSection({ years }: { years: string[] }) {
  const { calendar, refresh } = useNext();
  const reload = useReturns((s) => s.reload);
  const [year, setYear] = useState(years[years.length - 1] ?? '');
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('Q1');
  const [due, setDue] = useState('');
  const [meetsOn, setMeetsOn] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');

  const run = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
      await refresh();
      await reload();
      setStatus(`${what}.`);
      return true;
    } catch (err) {
      setStatus(`Not saved: ${errorMessage(err)}`);
      return false;
    }
  };
  const addDeadline = async (e: FormEvent) => {
    e.preventDefault();
    const p = parseDate(due);
    if (!p.ok) return setErrors({ due: p.message });
    setErrors({});
    if (
      await run(`The ${PERIOD_LABELS[period]} ${year} return is due on ${formatDate(p.date)}`, () =>
        call('calendar.setDeadline', { year, period, dueOn: p.date }),
      )
    )
      setDue('');
  };
  const addMeeting = async (e: FormEvent) => {
    e.preventDefault();
    const p = parseDate(meetsOn);
    if (!p.ok) return setErrors({ meetsOn: p.message });
    setErrors({});
    if (
      await run(`Added the board meeting on ${formatDate(p.date)}`, () =>
        call('calendar.addMeeting', { meetsOn: p.date, note: note.trim() }),
      )
    ) {
      setMeetsOn('');
      setNote('');
    }
  };

  return (
    <section aria-labelledby="calendar-title">
      <h2 id="calendar-title">Calendar</h2>
      {calendar && (
        <p className="next-line">
          <strong>Next:</strong> {calendar.next.text}
        </p>
      )}
      <div role="status" className="save-status">
        <p>{status}</p>
      </div>
      {calendar && calendar.entries.length > 0 ? (
        <table>
          <caption>Deadlines and board meetings</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">What</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {calendar.entries.map((e) => {
              const meeting = e.kind === 'meeting' ? calendar.meetings.find((m) => m.meetsOn === e.on) : undefined;
              const deadline =
                e.kind === 'deadline'
                  ? calendar.deadlines.find(
                      (d) => d.dueOn === e.on && e.text.startsWith(`${PERIOD_LABELS[d.period]} ${d.year}`),
                    )
                  : undefined;
              return (
                <tr key={`${e.kind}-${e.on}-${e.text}`}>
                  <td>{formatDate(e.on)}</td>
                  <td>{e.text}</td>
                  <td className="row-actions">
                    {meeting && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() =>
                          void run(`Removed the board meeting on ${formatDate(meeting.meetsOn)}`, () =>
                            call('calendar.removeMeeting', { id: meeting.id }),
                          )
                        }
                      >
                        Remove the meeting on {formatDate(meeting.meetsOn)}
                      </button>
                    )}
                    {deadline && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() =>
                          void run(`Cleared the ${PERIOD_LABELS[deadline.period]} ${deadline.year} deadline`, () =>
                            call('calendar.setDeadline', { year: deadline.year, period: deadline.period, dueOn: null }),
                          )
                        }
                      >
                        Clear the {PERIOD_LABELS[deadline.period]} {deadline.year} deadline
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p>No deadlines or meetings yet.</p>
      )}
      <form className="panel" onSubmit={(e) => void addDeadline(e)} noValidate aria-labelledby="deadline-title">
        <h3 id="deadline-title">Set a return's deadline</h3>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="deadline-year">Year</label>
            <select id="deadline-year" value={year} onChange={(e) => setYear(e.target.value)}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="deadline-period">Period</label>
            <select
              id="deadline-period"
              value={period}
              onChange={(e) => setPeriod(e.target.value as (typeof PERIODS)[number])}
            >
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {PERIOD_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <Field
            id="deadline-due"
            label="Due on"
            hint="For example 2024-08-30 or 30/08/2024"
            value={due}
            onChange={setDue}
            error={errors.due}
          />
        </div>
        <button type="submit">Save the deadline</button>
      </form>
      <form className="panel" onSubmit={(e) => void addMeeting(e)} noValidate aria-labelledby="meeting-title">
        <h3 id="meeting-title">Add a Health and Wellbeing Board meeting</h3>
        <div className="form-grid">
          <Field
            id="meeting-on"
            label="Date"
            hint="For example 2024-09-10"
            value={meetsOn}
            onChange={setMeetsOn}
            error={errors.meetsOn}
          />
          <div className="field">
            <label htmlFor="meeting-note">Note</label>
            <input id="meeting-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        </div>
        <button type="submit">Add the meeting</button>
      </form>
    </section>
  );
}
