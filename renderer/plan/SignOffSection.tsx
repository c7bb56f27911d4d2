import { useState, type FormEvent } from 'react';
import type { PlanView } from '../../shared/api';
import { formatDate, parseDate, type IsoDate } from '../../shared/dates/iso-date';
import {
  AUTHORITIES,
  AUTHORITY_LABELS,
  PARTNER_KIND_LABELS,
  PLAN_PARTNER_KINDS,
  PLAN_STATE_LABELS,
  PLAN_STATES,
  type Authority,
  type PlanPartnerKind,
} from '../../shared/plans/signoff';
import { beforeApproval, REOPEN_REASON_MESSAGE } from '../../shared/signoff/approval';
import { call } from '../api/client';
import { AcceptWarnings, acceptWarningsProblem } from '../forms/AcceptWarnings';
import { DATE_HINT, Field, today } from '../forms/Field';
import { RatifyForm, Stages, SubmissionForm } from '../forms/SignOffForms';
import { usePlan } from './store';

/**
 * The plan's sign-off: each partner's approval (the council, every ICB), each
 * partner's submission, the Health and Wellbeing Board's ratification, and
 * reopening with a reason. Each step is a small form, so all of it works from
 * the keyboard; after a step the focus goes back to the section's heading.
 */
export function PlanSignOffSection({ view }: { view: PlanView }) {
  const save = usePlan((s) => s.persist);
  const s = view.signOff;
  const persist = async (what: string, action: () => Promise<unknown>) => {
    const ok = await save(what, action);
    if (ok) requestAnimationFrame(() => document.getElementById('plan-signoff-title')?.focus());
    return ok;
  };
  const [partner, setPartner] = useState('');
  const [kind, setKind] = useState<PlanPartnerKind>(
    s.approvals.some((a) => a.partnerKind === 'council') ? 'icb' : 'council',
  );
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [authority, setAuthority] = useState<Authority>('chief-executive');
  const [approvedOn, setApprovedOn] = useState(today());
  const [submitter, setSubmitter] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  // As for a return: the cover's sign-off details are the approval's to fill in; the other warnings are asked about.
  const warnings = beforeApproval(view.validation.findings).warnings.length;
  const [acceptWarnings, setAcceptWarnings] = useState(false);

  const approve = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (partner.trim() === '') next.partner = 'Name the partner, e.g. Bath and North East Somerset Council';
    if (name.trim() === '') next.name = "Give the approver's name";
    if (role.trim() === '') next.role = "Give the approver's role";
    const d = parseDate(approvedOn);
    if (!d.ok) next.approvedOn = d.message;
    if (warnings > 0 && !acceptWarnings) next.acceptWarnings = acceptWarningsProblem(warnings, 'plan');
    setProblems(next);
    if (Object.keys(next).length > 0 || !d.ok) return;
    const ok = await persist(`Recorded ${partner.trim()}'s approval of the ${view.label} plan`, () =>
      call('plan.approve', {
        year: view.year,
        approval: {
          partner: partner.trim(),
          partnerKind: kind,
          name: name.trim(),
          role: role.trim(),
          authority,
          approvedOn: d.date,
        },
        acceptWarnings: acceptWarnings ? warnings : 0,
      }),
    );
    if (ok) {
      setAcceptWarnings(false);
      setPartner('');
      setName('');
      setRole('');
      setKind('icb');
    }
  };
  const submit = async (submittedOn: IsoDate) => {
    const who = submitter || s.approvals.find((a) => !a.submittedOn)?.partner || '';
    if (who === '') return false;
    const ok = await persist(`Recorded ${who}'s submission of the ${view.label} plan`, () =>
      call('plan.submit', { year: view.year, partner: who, submittedOn }),
    );
    setSubmitter('');
    return ok;
  };
  const ratify = (ratifiedOn: IsoDate, meeting: string) =>
    persist(`Recorded the ratification of the ${view.label} plan`, () =>
      call('plan.ratify', { year: view.year, ratifiedOn, meeting }),
    );
  const reopen = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') return setProblems({ reason: REOPEN_REASON_MESSAGE });
    setProblems({});
    if (
      await persist(`Reopened the ${view.label} plan`, () =>
        call('plan.reopen', { year: view.year, reason: reason.trim() }),
      )
    )
      setReason('');
  };

  if (!view.exists)
    return (
      <section aria-labelledby="plan-signoff-title">
        <h2 id="plan-signoff-title">Sign-off</h2>
        <p>Start the plan (add or import its lines) before it is signed off.</p>
      </section>
    );

  const unsubmitted = s.approvals.filter((a) => !a.submittedOn);
  const approved = s.state !== 'draft' && s.state !== 'approving';
  return (
    <section aria-labelledby="plan-signoff-title">
      <h2 id="plan-signoff-title" tabIndex={-1}>
        Sign-off
      </h2>
      <p className="hint">
        Every partner — the council and each ICB — approves the plan, by its chief executive or under delegated
        authority, and submits it on its own date; the Health and Wellbeing Board ratifies it before or after
        submission. From the first approval the plan is locked, and keeps the template year, workbook layout and metric
        targets it had then; reopening it needs a reason, clears the approvals and lets it follow the year's again.
      </p>
      <Stages states={PLAN_STATES} labels={PLAN_STATE_LABELS} current={s.state} />
      {s.approvals.length > 0 && (
        <table className="signoff-partners">
          <caption>Partner approvals</caption>
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Approved by</th>
              <th scope="col">Authority</th>
              <th scope="col">Approved</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {s.approvals.map((a) => (
              <tr key={a.partner}>
                <th scope="row">
                  {a.partner} ({PARTNER_KIND_LABELS[a.partnerKind]})
                </th>
                <td>
                  {a.name}, {a.role}
                </td>
                <td>{AUTHORITY_LABELS[a.authority]}</td>
                <td>{formatDate(a.approvedOn)}</td>
                <td>{a.submittedOn ? formatDate(a.submittedOn) : 'not yet'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="signoff-facts">
        {s.ratifiedOn && (
          <>
            <dt>Ratified by the Health and Wellbeing Board</dt>
            <dd>
              {formatDate(s.ratifiedOn)}
              {s.ratifiedAt ? ` (${s.ratifiedAt})` : ''}, {s.ratifiedWhen}
            </dd>
          </>
        )}
        {s.outstanding.length > 0 && (
          <>
            <dt>Waiting for</dt>
            <dd>{s.outstanding.join('; ')}</dd>
          </>
        )}
      </dl>

      {(s.state === 'draft' || s.state === 'approving' || s.state === 'approved') && (
        <form className="panel" onSubmit={(e) => void approve(e)} noValidate aria-labelledby="plan-approve-title">
          <h3 id="plan-approve-title">Record a partner's approval</h3>
          <div className="form-grid">
            <Field
              id="plan-approval-partner"
              label="Partner"
              hint="For example: Bath and North East Somerset Council"
              value={partner}
              error={problems.partner}
              onChange={setPartner}
            />
            <div className="field">
              <label htmlFor="plan-approval-kind">Kind of partner</label>
              <select id="plan-approval-kind" value={kind} onChange={(e) => setKind(e.target.value as PlanPartnerKind)}>
                {PLAN_PARTNER_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {PARTNER_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            <Field
              id="plan-approval-name"
              label="Approver's name"
              value={name}
              error={problems.name}
              onChange={setName}
            />
            <Field
              id="plan-approval-role"
              label="Approver's role"
              value={role}
              error={problems.role}
              onChange={setRole}
            />
            <div className="field">
              <label htmlFor="plan-approval-authority">Authority</label>
              <select
                id="plan-approval-authority"
                value={authority}
                onChange={(e) => setAuthority(e.target.value as Authority)}
              >
                {AUTHORITIES.map((a) => (
                  <option key={a} value={a}>
                    {AUTHORITY_LABELS[a]}
                  </option>
                ))}
              </select>
            </div>
            <Field
              id="plan-approval-date"
              label="Date approved"
              hint={DATE_HINT}
              value={approvedOn}
              error={problems.approvedOn}
              onChange={setApprovedOn}
            />
          </div>
          <AcceptWarnings
            id="plan-accept-warnings"
            count={warnings}
            what="plan"
            where="Checks"
            checked={acceptWarnings}
            onChange={setAcceptWarnings}
            error={problems.acceptWarnings}
          />
          <button type="submit">Record the approval</button>
        </form>
      )}

      {approved && unsubmitted.length > 0 && (
        <SubmissionForm
          ids={{ title: 'plan-submit-title', date: 'plan-submitted-on' }}
          title="Record a partner's submission"
          onRecord={submit}
        >
          <div className="field">
            <label htmlFor="plan-submit-partner">Partner submitting</label>
            <select
              id="plan-submit-partner"
              value={submitter || unsubmitted[0]!.partner}
              onChange={(e) => setSubmitter(e.target.value)}
            >
              {unsubmitted.map((a) => (
                <option key={a.partner} value={a.partner}>
                  {a.partner}
                </option>
              ))}
            </select>
          </div>
        </SubmissionForm>
      )}

      {approved && !s.ratifiedOn && (
        <RatifyForm
          ids={{ title: 'plan-ratify-title', date: 'plan-ratified-on', meeting: 'plan-meeting' }}
          title="Record the board's ratification"
          dateLabel="Date of the board meeting"
          meetingHint="For example: HWB 27 March 2025, item 6"
          onRecord={ratify}
        />
      )}

      {s.locked && (
        <form className="panel" onSubmit={(e) => void reopen(e)} noValidate aria-labelledby="plan-reopen-title">
          <h3 id="plan-reopen-title">Reopen the plan for changes</h3>
          <Field
            id="plan-reopen-reason"
            label="Reason for reopening"
            hint="Kept in the history; every approval is cleared"
            value={reason}
            error={problems.reason}
            onChange={setReason}
            wide
          />
          <button type="submit" className="secondary">
            Reopen the plan
          </button>
        </form>
      )}
    </section>
  );
}
