import { useState, type FormEvent } from 'react';
import type { AuditEntry, ReturnView } from '../../shared/api';
import { formatDate, parseDate, type IsoDate } from '../../shared/dates/iso-date';
import { STATE_LABELS, RETURN_STATES } from '../../shared/returns/signoff';
import { beforeApproval } from '../../shared/signoff/approval';
import { call } from '../api/client';
import { downloadBase64 } from '../files/files';
import { useAction } from '../data/useAction';
import { useLoaded } from '../data/useLoaded';
import { DeleteReturn } from './DeleteReturn';
import { useReturns } from './store';
import { AcceptWarnings, acceptWarningsProblem } from '../forms/AcceptWarnings';
import { DATE_HINT, Field, ReasonField, today } from '../forms/Field';
import { RatifyForm, Stages, SubmissionForm } from '../forms/SignOffForms';

interface ApproverRow {
  name: string;
  role: string;
  date: string;
}

/**
 * Sign-off: ready for approval (no errors), approved by named officers under
 * delegated authority, submitted by the deadline (or not), ratified by the
 * Health and Wellbeing Board before or after submission; reopening with a
 * reason. Each step is a small form, so the whole of it works from the keyboard.
 */
export function SignOffSection({ view }: { view: ReturnView }) {
  const save = useReturns((s) => s.persist);
  // Each step replaces its own form: after it, focus goes back to the section's heading, the next step's form just below.
  const persist = async (what: string, action: () => Promise<unknown>) => {
    const ok = await save(what, action);
    if (ok) requestAnimationFrame(() => document.getElementById('signoff-title')?.focus());
    return ok;
  };
  const which = { year: view.year, period: view.period };
  // The cover's sign-off details are the approval's to fill in: they do not stand in its way.
  const standing = beforeApproval(view.validation.findings);
  const errors = standing.errors.length;
  const warnings = standing.warnings.length;
  const [acceptWarnings, setAcceptWarnings] = useState(false);
  const [approvers, setApprovers] = useState<ApproverRow[]>([{ name: '', role: '', date: today() }]);
  const [authority, setAuthority] = useState('');
  const [deadline, setDeadline] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const { error: pdfError, run: writePdf } = useAction();

  const stamp = `${view.state}|${view.approvers.length}|${view.submittedOn}|${view.ratifiedOn}`;
  // The return's sign-off trail; none shown when it cannot be read (the sign-off itself still can).
  const trail = useLoaded(
    () => call('history.list', { entity: 'bcf_return', entityId: view.id, limit: 200 }),
    [view.id, stamp],
  );
  const history: AuditEntry[] = trail.data ?? [];

  const date = (key: string, raw: string): string | null => {
    const p = parseDate(raw);
    if (p.ok) return p.date;
    setProblems((x) => ({ ...x, [key]: p.message }));
    return null;
  };

  const approve = async (e: FormEvent) => {
    e.preventDefault();
    setProblems({});
    const next: Record<string, string> = {};
    const rows = approvers.map((a, i) => {
      if (a.name.trim() === '') next[`name-${i}`] = "Give the approver's name";
      if (a.role.trim() === '') next[`role-${i}`] = "Give the approver's role";
      const d = parseDate(a.date);
      if (!d.ok) next[`date-${i}`] = d.message;
      return { name: a.name.trim(), role: a.role.trim(), approvedOn: d.ok ? d.date : '' };
    });
    if (warnings > 0 && !acceptWarnings) next.acceptWarnings = acceptWarningsProblem(warnings, 'return');
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    await persist(`Approved the ${view.label} return`, () =>
      call('return.approve', {
        ...which,
        approvers: rows,
        delegatedAuthority: authority.trim(),
        acceptWarnings: acceptWarnings ? warnings : 0,
      }),
    );
  };
  const submit = async (submittedOn: IsoDate) => {
    setProblems({});
    // The deadline is asked for only when the calendar has none; blank leaves it to the calendar.
    const due = view.deadline || deadline.trim() === '' ? null : date('deadline', deadline);
    if (!view.deadline && deadline.trim() !== '' && !due) return false;
    return persist(`Recorded the submission of the ${view.label} return`, () =>
      call('return.submit', { ...which, submittedOn, ...(due ? { deadline: due } : {}) }),
    );
  };
  const ratify = (ratifiedOn: IsoDate, meeting: string) =>
    persist(`Recorded the ratification of the ${view.label} return`, () =>
      call('return.ratify', { ...which, ratifiedOn, meeting }),
    );
  const reopen = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '')
      return setProblems({ reason: 'Give the reason for reopening: it is kept in the history.' });
    setProblems({});
    if (
      await persist(`Reopened the ${view.label} return`, () =>
        call('return.reopen', { ...which, reason: reason.trim() }),
      )
    )
      setReason('');
  };
  const pdf = () =>
    writePdf(async () => {
      const { fileName, contentBase64 } = await call('return.summaryPdf', which);
      downloadBase64(fileName, contentBase64, 'application/pdf');
    });

  return (
    <section aria-labelledby="signoff-title">
      <h2 id="signoff-title" tabIndex={-1}>
        Sign-off
      </h2>
      <Stages states={RETURN_STATES} labels={STATE_LABELS} current={view.state} />
      <dl className="signoff-facts">
        <dt>Deadline</dt>
        <dd>{view.deadline ? formatDate(view.deadline) : 'not in the calendar yet'}</dd>
        {view.approvers.length > 0 && (
          <>
            <dt>Approved by</dt>
            <dd>
              <ul>
                {view.approvers.map((a) => (
                  <li key={`${a.name}-${a.role}`}>
                    {a.name}, {a.role}, on {formatDate(a.approvedOn)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {view.delegatedAuthority && (
          <>
            <dt>Authority</dt>
            <dd>{view.delegatedAuthority}</dd>
          </>
        )}
        {view.submittedOn && (
          <>
            <dt>Submitted</dt>
            <dd data-testid="submitted">
              {formatDate(view.submittedOn)}: {view.deadlineMet ? 'by the deadline' : 'after the deadline'}
            </dd>
          </>
        )}
        {view.ratifiedOn && (
          <>
            <dt>Ratified by the Health and Wellbeing Board</dt>
            <dd>
              {formatDate(view.ratifiedOn)}
              {view.ratifiedAt ? ` (${view.ratifiedAt})` : ''}, {view.ratifiedWhen}
            </dd>
          </>
        )}
      </dl>

      {view.state === 'draft' && (
        <div className="panel">
          <h3>Ready for approval?</h3>
          <p>
            {errors === 0
              ? 'The checks find no errors: the return can go for approval.'
              : `The checks find ${errors} error${errors === 1 ? '' : 's'}; fix them in "Spend and activity" and "Metrics" first.`}
          </p>
          <button
            type="button"
            onClick={() =>
              void persist(`The ${view.label} return is ready for approval`, () => call('return.markReady', which))
            }
          >
            Mark ready for approval
          </button>
        </div>
      )}

      {view.state === 'ready' && (
        <form className="panel" onSubmit={(e) => void approve(e)} noValidate aria-labelledby="approve-title">
          <h3 id="approve-title">Record the approval</h3>
          <p className="hint">
            The named officers who approved the return, with their role and the date. From approval on, the figures are
            locked.
          </p>
          {approvers.map((a, i) => (
            <fieldset key={i}>
              <legend>Approver {i + 1}</legend>
              <div className="form-grid">
                <Field
                  id={`approver-name-${i}`}
                  label="Name"
                  value={a.name}
                  error={problems[`name-${i}`]}
                  onChange={(v) => setApprovers((x) => x.map((y, j) => (j === i ? { ...y, name: v } : y)))}
                />
                <Field
                  id={`approver-role-${i}`}
                  label="Role"
                  value={a.role}
                  error={problems[`role-${i}`]}
                  onChange={(v) => setApprovers((x) => x.map((y, j) => (j === i ? { ...y, role: v } : y)))}
                />
                <Field
                  id={`approver-date-${i}`}
                  label="Date approved"
                  hint={DATE_HINT}
                  value={a.date}
                  error={problems[`date-${i}`]}
                  onChange={(v) => setApprovers((x) => x.map((y, j) => (j === i ? { ...y, date: v } : y)))}
                />
              </div>
              {approvers.length > 1 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setApprovers((x) => x.filter((_, j) => j !== i))}
                >
                  Remove approver {i + 1}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => setApprovers((x) => [...x, { name: '', role: '', date: x[x.length - 1]?.date ?? today() }])}
          >
            Add another approver
          </button>
          <Field
            id="delegated-authority"
            label="Delegated authority"
            hint="For example: delegated by the Health and Wellbeing Board on 11 June 2024, pending ratification"
            value={authority}
            onChange={setAuthority}
            wide
          />
          <AcceptWarnings
            id="accept-warnings"
            count={warnings}
            what="return"
            where="Spend and activity"
            checked={acceptWarnings}
            onChange={setAcceptWarnings}
            error={problems.acceptWarnings}
          />
          <div className="actions">
            <button type="submit">Approve the return</button>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void persist(`The ${view.label} return is a draft again`, () => call('return.backToDraft', which))
              }
            >
              Back to draft
            </button>
          </div>
        </form>
      )}

      {view.state === 'approved' && (
        <SubmissionForm
          ids={{ title: 'submit-title', date: 'submitted-on' }}
          title="Record the submission to NHS England"
          onRecord={submit}
          after={
            !view.deadline && (
              <Field
                id="submit-deadline"
                label="Deadline"
                hint="Not in the calendar: give it here"
                value={deadline}
                error={problems.deadline}
                onChange={setDeadline}
              />
            )
          }
        />
      )}

      {(view.state === 'approved' || view.state === 'submitted') && !view.ratifiedOn && (
        <RatifyForm
          ids={{ title: 'ratify-title', date: 'ratified-on', meeting: 'ratified-at' }}
          title="Record ratification by the Health and Wellbeing Board"
          hint="The board may meet before or after the submission."
          dateLabel="Date of the meeting"
          meetingHint="For example: HWB 10 September 2024, item 7"
          onRecord={ratify}
        />
      )}

      {view.locked && (
        <form className="panel" onSubmit={(e) => void reopen(e)} noValidate aria-labelledby="reopen-title">
          <h3 id="reopen-title">Reopen the return</h3>
          <p className="hint">
            Reopening clears the approvals{view.submittedOn ? ', the submission' : ''}
            {view.ratifiedOn ? ' and the ratification' : ''}; they stay in the history, with your reason.
          </p>
          <ReasonField id="reopen-reason" value={reason} onChange={setReason} error={problems.reason} />
          <button type="submit" className="danger">
            Reopen for changes
          </button>
        </form>
      )}

      {!view.locked && <DeleteReturn view={view} />}

      <div className="actions">
        <button type="button" className="secondary" onClick={() => void pdf()}>
          Download the one-page summary (PDF)
        </button>
      </div>
      {pdfError && (
        <p role="alert" className="error-banner">
          {pdfError}
        </p>
      )}

      {history.length > 0 && (
        <div className="table-scroll" role="region" aria-labelledby="return-history-caption" tabIndex={0}>
          <table>
            <caption id="return-history-caption">History of this return</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Was</th>
                <th scope="col">Now</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{new Date(h.at).toLocaleString('en-GB')}</td>
                  <td>{h.actor}</td>
                  <td>
                    {h.action === 'create'
                      ? 'created'
                      : h.field === 'state'
                        ? 'stage'
                        : (h.field ?? h.action).replace(/_/g, ' ')}
                  </td>
                  <td>
                    {h.field === 'state' && h.oldValue
                      ? (STATE_LABELS[h.oldValue as keyof typeof STATE_LABELS] ?? h.oldValue)
                      : h.action === 'create'
                        ? ''
                        : (h.oldValue ?? '')}
                  </td>
                  <td>
                    {h.field === 'state' && h.newValue
                      ? (STATE_LABELS[h.newValue as keyof typeof STATE_LABELS] ?? h.newValue)
                      : h.action === 'create'
                        ? ''
                        : (h.newValue ?? '')}
                  </td>
                  <td>{h.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
