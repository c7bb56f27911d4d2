import { useState, type FormEvent, type ReactNode } from 'react';
import { parseDate, type IsoDate } from '../../shared/dates/iso-date';
import { DATE_HINT, Field, today } from './Field';

/**
 * The sign-off steps a plan and a return share: recording the submission to
 * NHS England and the Health and Wellbeing Board's ratification. Each form
 * keeps its own date and its error; the screen says what the step does
 * (`onRecord`, true when it was saved) and adds its own fields (a plan's
 * partner, a return's deadline) as children.
 */

interface Ids {
  title: string;
  date: string;
}

/** Parses the date as typed; shows why not beside the field, or records it. */
function useDateStep(initial: string, onRecord: (date: IsoDate) => Promise<boolean>) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const d = parseDate(text);
    setError(d.ok ? undefined : d.message);
    if (d.ok) await onRecord(d.date);
  };
  return { text, setText, error, submit };
}

export function SubmissionForm({
  ids,
  title,
  onRecord,
  children,
  after,
}: {
  ids: Ids;
  title: string;
  onRecord: (submittedOn: IsoDate) => Promise<boolean>;
  /** The screen's own fields: before the date (children) and after it (`after`). */
  children?: ReactNode;
  after?: ReactNode;
}) {
  const step = useDateStep(today(), onRecord);
  return (
    <form className="panel" onSubmit={(e) => void step.submit(e)} noValidate aria-labelledby={ids.title}>
      <h3 id={ids.title}>{title}</h3>
      <div className="form-grid">
        {children}
        <Field
          id={ids.date}
          label="Date submitted"
          hint={DATE_HINT}
          value={step.text}
          error={step.error}
          onChange={step.setText}
        />
        {after}
      </div>
      <button type="submit">Record the submission</button>
    </form>
  );
}

export function RatifyForm({
  ids,
  title,
  dateLabel,
  meetingHint,
  hint,
  onRecord,
}: {
  ids: Ids & { meeting: string };
  title: string;
  dateLabel: string;
  /** An example of how a meeting is named, e.g. "For example: HWB 27 March 2025, item 6". */
  meetingHint: string;
  hint?: string;
  onRecord: (ratifiedOn: IsoDate, meeting: string) => Promise<boolean>;
}) {
  const [meeting, setMeeting] = useState('');
  const step = useDateStep('', (date) => onRecord(date, meeting.trim()));
  return (
    <form className="panel" onSubmit={(e) => void step.submit(e)} noValidate aria-labelledby={ids.title}>
      <h3 id={ids.title}>{title}</h3>
      {hint && <p className="hint">{hint}</p>}
      <div className="form-grid">
        <Field
          id={ids.date}
          label={dateLabel}
          hint={DATE_HINT}
          value={step.text}
          error={step.error}
          onChange={step.setText}
        />
        <Field id={ids.meeting} label="Meeting" hint={meetingHint} value={meeting} onChange={setMeeting} />
      </div>
      <button type="submit">Record the ratification</button>
    </form>
  );
}

/** Where the sign-off stands: each stage in order, those done marked, the current one announced as the current step. */
export function Stages<S extends string>({
  states,
  labels,
  current,
}: {
  states: readonly S[];
  labels: Record<S, string>;
  current: S;
}) {
  const at = states.indexOf(current);
  return (
    <ol className="stages" aria-label="Stages">
      {states.map((st, i) => (
        <li
          key={st}
          className={i < at ? 'done' : i === at ? 'current' : ''}
          aria-current={i === at ? 'step' : undefined}
        >
          {labels[st]}
        </li>
      ))}
    </ol>
  );
}
