import type { returnMethods } from '../../../shared/api/returns';
import { addMeeting, getCalendar, removeMeeting, setDeadline } from '../../services/returns/calendar';
import { createReturn } from '../../services/returns/create';
import { applyReturnEdits, lockLine, unlockLine } from '../../services/returns/entry';
import { importReturnTable, previewReturnImport, readReturnFile } from '../../services/returns/import-actuals';
import { listMetrics, setAssessment, setMetrics } from '../../services/returns/metrics';
import { returnSummaryPdf } from '../../services/returns/pdf';
import { getReturnSettings, setReturnSettings } from '../../services/returns/settings';
import { approve, backToDraft, markReady, ratify, reopen, submit } from '../../services/returns/signoff';
import { getReturnView, returnOptions, returnSummaries } from '../../services/returns/view';
import { yearPicture } from '../../services/returns/year';
import type { HandlersFor } from '../handler-types';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

export const returnHandlers: HandlersFor<typeof returnMethods> = {
  'return.options': (ctx, req) => returnOptions(ctx, req.year),
  'return.list': (ctx) => returnSummaries(ctx),
  'return.get': (ctx, req) => getReturnView(ctx, req.year, req.period),
  'return.create': (ctx, req) => createReturn(ctx, req),
  'return.applyEdits': (ctx, req) => applyReturnEdits(ctx, req.year, req.period, req.edits),
  'return.unlockLine': (ctx, req) => {
    unlockLine(ctx, req.year, req.period, req.lineId, req.reason);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.lockLine': (ctx, req) => {
    lockLine(ctx, req.year, req.period, req.lineId);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.previewImport': async (ctx, req) => {
    const read = await readReturnFile(req.fileName, bytes(req.contentBase64));
    return previewReturnImport(ctx, { year: req.year, period: req.period, ...read });
  },
  'return.commitImport': async (ctx, req) => {
    const read = await readReturnFile(req.fileName, bytes(req.contentBase64));
    return importReturnTable(ctx, { year: req.year, period: req.period, file: read.file, rows: read.rows });
  },
  'return.markReady': (ctx, req) => {
    markReady(ctx, req.year, req.period);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.backToDraft': (ctx, req) => {
    backToDraft(ctx, req.year, req.period);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.approve': (ctx, req) => {
    approve(ctx, req.year, req.period, req.approvers, req.delegatedAuthority);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.submit': (ctx, req) => {
    submit(ctx, req.year, req.period, req.submittedOn, req.deadline);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.ratify': (ctx, req) => {
    ratify(ctx, req.year, req.period, req.ratifiedOn, req.meeting);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.reopen': (ctx, req) => {
    reopen(ctx, req.year, req.period, req.reason);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.setAssessment': (ctx, req) => {
    setAssessment(ctx, req.year, req.period, req.metricId, req.assessment);
    return getReturnView(ctx, req.year, req.period);
  },
  'return.year': (ctx, req) => yearPicture(ctx, req.year),
  'return.summaryPdf': async (ctx, req) => {
    const { fileName, bytes: pdf } = await returnSummaryPdf(ctx, req.year, req.period);
    return { fileName, contentBase64: pdf.toString('base64') };
  },
  'metrics.get': (ctx, req) => listMetrics(ctx, req.year),
  'metrics.set': (ctx, req) => setMetrics(ctx, req.year, req.metrics),
  'returnSettings.get': (ctx) => getReturnSettings(ctx),
  'returnSettings.set': (ctx, req) => setReturnSettings(ctx, req),
  'calendar.get': (ctx) => getCalendar(ctx),
  'calendar.setDeadline': (ctx, req) => setDeadline(ctx, req.year, req.period, req.dueOn),
  'calendar.addMeeting': (ctx, req) => addMeeting(ctx, req.meetsOn, req.note),
  'calendar.removeMeeting': (ctx, req) => removeMeeting(ctx, req.id),
};
