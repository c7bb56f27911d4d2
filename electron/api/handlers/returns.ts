import type { returnMethods } from '../../../shared/api/returns';
import type { Period } from '../../../shared/returns/period';
import { inTransaction, reportRowsRead, type ServiceContext } from '../../services/context';
import { addMeeting, getCalendar, removeMeeting, setDeadline } from '../../services/returns/calendar';
import { createReturn } from '../../services/returns/create';
import { deleteReturn } from '../../services/returns/delete';
import { applyReturnEdits, setReturnCondition, lockLine, unlockLine } from '../../services/returns/entry';
import { importReturnTable, previewReturnImport, readReturnFile } from '../../services/returns/import-actuals';
import { listMetrics, reviseMetricTarget, setAssessment, setMetrics } from '../../services/returns/metrics';
import { returnSummaryPdf } from '../../services/returns/pdf';
import { getReturnSettings, setReturnSettings } from '../../services/returns/settings';
import { approve, backToDraft, markReady, ratify, reopen, submit } from '../../services/returns/signoff';
import { getReturnView, returnOptions, returnSummaries } from '../../services/returns/view';
import { yearPicture } from '../../services/returns/year';
import { setIncomeActual } from '../../services/returns/year-end';
import type { HandlersFor } from '../handler-types';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

/** A change to one return, answered with the return as it now is (what the screen redraws). */
// The change and the view that answers it in one transaction: a view that cannot be given (an approved
// return's kept copy that no longer reads) takes the change back, so the refusal's "nothing was changed" holds.
const thenView =
  <R extends { year: string; period: Period }>(change: (ctx: ServiceContext, req: R) => void) =>
  (ctx: ServiceContext, req: R) =>
    inTransaction(ctx, () => {
      change(ctx, req);
      return getReturnView(ctx, req.year, req.period);
    });

export const returnHandlers: HandlersFor<typeof returnMethods> = {
  'return.options': (ctx, req) => returnOptions(ctx, req.year),
  'return.list': (ctx) => returnSummaries(ctx),
  'return.get': (ctx, req) => getReturnView(ctx, req.year, req.period),
  'return.create': (ctx, req) => createReturn(ctx, req),
  'return.applyEdits': (ctx, req) => applyReturnEdits(ctx, req.year, req.period, req.edits),
  'return.unlockLine': thenView((ctx, req) => unlockLine(ctx, req.year, req.period, req.lineId, req.reason)),
  'return.lockLine': thenView((ctx, req) => lockLine(ctx, req.year, req.period, req.lineId)),
  'return.previewImport': async (ctx, req) => {
    const read = await readReturnFile(req.fileName, bytes(req.contentBase64));
    reportRowsRead(ctx, read);
    return previewReturnImport(ctx, { year: req.year, period: req.period, ...read });
  },
  'return.commitImport': async (ctx, req) => {
    const read = await readReturnFile(req.fileName, bytes(req.contentBase64));
    reportRowsRead(ctx, read);
    const outcome = importReturnTable(ctx, {
      year: req.year,
      period: req.period,
      file: read.file,
      rows: read.rows,
      dryRun: req.dryRun,
    });
    return read.sheet ? { ...outcome, sheet: read.sheet } : outcome;
  },
  'return.markReady': thenView((ctx, req) => markReady(ctx, req.year, req.period)),
  'return.backToDraft': thenView((ctx, req) => backToDraft(ctx, req.year, req.period)),
  'return.approve': thenView((ctx, req) =>
    approve(ctx, req.year, req.period, req.approvers, req.delegatedAuthority, req.acceptWarnings),
  ),
  'return.submit': thenView((ctx, req) => submit(ctx, req.year, req.period, req.submittedOn, req.deadline)),
  'return.ratify': thenView((ctx, req) => ratify(ctx, req.year, req.period, req.ratifiedOn, req.meeting)),
  'return.reopen': thenView((ctx, req) => reopen(ctx, req.year, req.period, req.reason)),
  'return.delete': (ctx, req) => deleteReturn(ctx, req.year, req.period, req.reason),
  'return.setAssessment': thenView((ctx, req) =>
    setAssessment(ctx, req.year, req.period, req.metricId, req.assessment),
  ),
  'return.setCondition': thenView((ctx, req) => setReturnCondition(ctx, req.year, req.period, req.key, req.answer)),
  'return.setIncome': thenView((ctx, req) => setIncomeActual(ctx, req.year, req.period, req.income)),
  'return.year': (ctx, req) => yearPicture(ctx, req.year),
  'return.summaryPdf': async (ctx, req) => {
    const { fileName, bytes: pdf } = await returnSummaryPdf(ctx, req.year, req.period);
    return { fileName, contentBase64: pdf.toString('base64') };
  },
  'metrics.get': (ctx, req) => listMetrics(ctx, req.year),
  'metrics.set': (ctx, req) => setMetrics(ctx, req.year, req.metrics),
  'metrics.revise': (ctx, req) => reviseMetricTarget(ctx, req.year, req.metricId, req.revision),
  'returnSettings.get': (ctx) => getReturnSettings(ctx),
  'returnSettings.set': (ctx, req) => setReturnSettings(ctx, req),
  'calendar.get': (ctx) => getCalendar(ctx),
  'calendar.setDeadline': (ctx, req) => setDeadline(ctx, req.year, req.period, req.dueOn),
  'calendar.addMeeting': (ctx, req) => addMeeting(ctx, req.meetsOn, req.note),
  'calendar.removeMeeting': (ctx, req) => removeMeeting(ctx, req.id),
};
