import { ApiError } from '../../../shared/api';
import { formatDate, type IsoDate } from '../../../shared/dates/iso-date';
import { returnLabel, type Period } from '../../../shared/returns/period';
import { STATE_LABELS, type ReturnState } from '../../../shared/returns/signoff';
import { beforeApproval, REOPEN_REASON_MESSAGE, type Approver } from '../../../shared/signoff/approval';
import type { YearLabel } from '../../../shared/years/financial-year';
import { all, insert, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { deadlineFor } from './deadlines';
import { keepApprovedPlan, releaseApprovedPlan } from './approved-plan';
import { layoutNow } from '../workbooks/return-workbooks';
import { keepApprovedMetrics, releaseApprovedMetrics } from './metrics';
import { listApprovers, requireReturn, setReturnFields, setState, type ReturnRecord } from './store';
import { returnSubject } from './view';
import { validateReturn } from '../../../shared/returns/rules';
import type { Finding } from '../../../shared/rules/types';

/**
 * The sign-off steps (DOMAIN §2): each checks the state it starts from,
 * records who did it, when and on what authority, and writes the history.
 */
function refuse(r: ReturnRecord, action: string, allowed: ReturnState[]): never {
  throw new ApiError(
    'refused',
    `The ${returnLabel(r.year, r.period)} return is ${STATE_LABELS[r.state].toLowerCase()}; it can be ${action} only when it is ${allowed.map((s) => STATE_LABELS[s].toLowerCase()).join(' or ')}.`,
    'state',
  );
}

/**
 * Refuses a step while the checks find errors. The sign-off details of the
 * cover are not counted: the approval is what fills them in. Returns the
 * warnings, which approval asks about (once).
 */
function refuseErrors(ctx: ServiceContext, r: ReturnRecord, step: string): Finding[] {
  const { errors, warnings } = beforeApproval(validateReturn(returnSubject(ctx, r)).findings);
  if (errors.length > 0) {
    const details = errors.map((f) => `${f.rule}: ${f.message}`);
    throw new ApiError(
      'refused',
      `The ${returnLabel(r.year, r.period)} return cannot be ${step}: the checks find ${errors.length} error${errors.length === 1 ? '' : 's'}, first ${details[0]}`,
      undefined,
      details,
    );
  }
  return warnings;
}

export function markReady(ctx: ServiceContext, year: YearLabel, period: Period): void {
  write(ctx, () => {
    const r = requireReturn(ctx, year, period);
    if (r.state !== 'draft') refuse(r, 'marked ready for approval', ['draft']);
    refuseErrors(ctx, r, 'marked ready for approval');
    setState(ctx, r, 'ready');
  });
}

export function backToDraft(ctx: ServiceContext, year: YearLabel, period: Period): void {
  write(ctx, () => {
    const r = requireReturn(ctx, year, period);
    if (r.state !== 'ready')
      refuse(r, 'put back to draft (reopen an approved return instead, with a reason)', ['ready']);
    setState(ctx, r, 'draft');
  });
}

/**
 * Approval by named officers (one or more) under delegated authority; from
 * here on the figures are locked. Warnings do not stop it, but they are asked
 * about once: the approval names how many it accepts, and is refused if the
 * checks now find a different number (they changed since the user looked).
 */
export function approve(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  approvers: Approver[],
  delegatedAuthority: string,
  acceptWarnings = 0,
): void {
  write(ctx, (w) => {
    const r = requireReturn(ctx, year, period);
    if (r.state !== 'draft' && r.state !== 'ready') refuse(r, 'approved', ['draft', 'ready']);
    const warnings = refuseErrors(ctx, r, 'approved');
    if (approvers.length === 0)
      throw new ApiError(
        'invalid_request',
        'Name at least one approver, with their role and the date they approved.',
        'approvers',
      );
    if (warnings.length !== acceptWarnings) {
      const n = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
      throw new ApiError(
        'refused',
        warnings.length === 0
          ? `The ${returnLabel(year, period)} return's checks now find no warnings (${acceptWarnings} were accepted): look at the return again before approving it.`
          : `The ${returnLabel(year, period)} return's checks find ${n}${acceptWarnings > 0 ? ` (${acceptWarnings} were accepted)` : ''}: accept ${warnings.length === 1 ? 'it' : `all ${warnings.length}`} to approve the return with ${warnings.length === 1 ? 'it' : 'them'} (--accept-warnings ${warnings.length} on the command line), or deal with ${warnings.length === 1 ? 'it' : 'them'} first. First: ${warnings[0]!.message}`,
        'acceptWarnings',
        warnings.map((f) => `${f.rule}: ${f.message}`),
      );
    }
    if (r.state === 'draft') setState(ctx, r, 'ready', 'Approved straight from draft: the checks found no errors');
    approvers.forEach((a, i) => {
      const id = insert(
        ctx.db,
        'INSERT INTO return_approval (return_id, position, name, role, approved_on) VALUES (?, ?, ?, ?, ?)',
        r.id,
        i + 1,
        a.name,
        a.role,
        a.approvedOn,
      );
      w.audit({
        action: 'approve',
        entity: 'return_approval',
        entityId: id,
        newValue: { return: returnLabel(year, period), ...a },
      });
    });
    setReturnFields(ctx, r, { delegated_authority: delegatedAuthority });
    keepApprovedMetrics(ctx, r.id, year);
    keepApprovedPlan(ctx, r, layoutNow(ctx, r));
    const accepted =
      warnings.length === 0
        ? ''
        : `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'} accepted (${[...new Set(warnings.map((f) => f.rule))].join(', ')})`;
    setState(
      ctx,
      r,
      'approved',
      `Approved by ${approvers.map((a) => `${a.name} (${a.role}) on ${a.approvedOn}`).join(', ')}${delegatedAuthority ? `; ${delegatedAuthority}` : ''}${accepted}`,
    );
  });
}

/** Submission to NHS England: the date, the deadline it was due by (kept as it stood), and so whether it was met. */
export function submit(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  submittedOn: IsoDate,
  deadline?: IsoDate,
): { met: boolean } {
  return write(ctx, () => {
    const r = requireReturn(ctx, year, period);
    if (r.state !== 'approved') refuse(r, 'submitted', ['approved']);
    const due = deadline ?? deadlineFor(ctx, year, period);
    if (!due)
      throw new ApiError(
        'invalid_request',
        `No deadline is recorded for the ${returnLabel(year, period)} return: add it to the calendar or give it with the submission (--deadline).`,
        'deadline',
      );
    const earliest = listApprovers(ctx, r.id)
      .map((a) => a.approvedOn)
      .sort()[0];
    if (earliest && submittedOn < earliest)
      throw new ApiError(
        'invalid_request',
        `The submission date ${formatDate(submittedOn)} is before the approval on ${formatDate(earliest)}.`,
        'submittedOn',
      );
    const met = submittedOn <= due;
    setReturnFields(ctx, r, { submitted_on: submittedOn, deadline: due });
    setState(
      ctx,
      r,
      r.ratifiedOn ? 'ratified' : 'submitted',
      `Submitted on ${submittedOn}; deadline ${due} ${met ? 'met' : 'missed'}`,
    );
    return { met };
  });
}

/** Ratification by the Health and Wellbeing Board at a meeting, which may come before or after submission. */
export function ratify(ctx: ServiceContext, year: YearLabel, period: Period, ratifiedOn: IsoDate, meeting = ''): void {
  write(ctx, (w) => {
    const r = requireReturn(ctx, year, period);
    if (r.ratifiedOn)
      throw new ApiError(
        'refused',
        `The ${returnLabel(year, period)} return was already ratified on ${formatDate(r.ratifiedOn)}.`,
        'state',
      );
    if (r.state !== 'approved' && r.state !== 'submitted') refuse(r, 'ratified', ['approved', 'submitted']);
    setReturnFields(ctx, r, { ratified_on: ratifiedOn, ratified_at: meeting });
    if (r.state === 'submitted')
      setState(
        ctx,
        r,
        'ratified',
        `Ratified by the Health and Wellbeing Board on ${ratifiedOn}${meeting ? ` (${meeting})` : ''}`,
      );
    else
      w.audit({
        action: 'ratify',
        entity: 'bcf_return',
        entityId: r.id,
        field: 'ratified_on',
        newValue: ratifiedOn,
        reason: 'Ratified before submission',
      });
  });
}

/** Reopens an approved (or submitted) return for changes: the reason is required and kept; approvals and submission are cleared. */
export function reopen(ctx: ServiceContext, year: YearLabel, period: Period, reason: string): void {
  write(ctx, (w) => {
    const r = requireReturn(ctx, year, period);
    if (r.state === 'draft' || r.state === 'ready')
      throw new ApiError(
        'refused',
        `The ${returnLabel(year, period)} return is ${STATE_LABELS[r.state].toLowerCase()}: it is open for changes already.`,
        'state',
      );
    if (reason.trim() === '') throw new ApiError('invalid_request', REOPEN_REASON_MESSAGE, 'reason');
    const approvals = all<Approver & { id: number }>(
      ctx.db,
      'SELECT id, name, role, approved_on AS approvedOn FROM return_approval WHERE return_id = ?',
      r.id,
    );
    for (const a of approvals) {
      run(ctx.db, 'DELETE FROM return_approval WHERE id = ?', a.id);
      w.audit({
        action: 'delete',
        entity: 'return_approval',
        entityId: a.id,
        oldValue: { name: a.name, role: a.role, approvedOn: a.approvedOn },
        reason,
        scope: { kind: 'return', id: r.id },
      });
    }
    setReturnFields(ctx, r, { submitted_on: null, deadline: null, ratified_on: null, ratified_at: '' }, reason);
    releaseApprovedMetrics(ctx, r.id);
    releaseApprovedPlan(ctx, r.id);
    setState(ctx, r, 'draft', reason);
  });
}
