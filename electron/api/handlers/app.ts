import type { appMethods } from '../../../shared/api/app';
import { createArea, getArea } from '../../services/areas/areas';
import { listAudit } from '../../services/audit/audit';
import { historyCsv, historyView } from '../../services/audit/history';
import { listPlanYears } from '../../services/plans/plan-store';
import { loadSample } from '../../services/sample/sample';
import { APP_VERSION } from '../../version';
import type { HandlersFor } from '../handler-types';

export const appHandlers: HandlersFor<typeof appMethods> = {
  'app.changes': () => ({ checked: true }),
  'app.status': (ctx) => ({ version: APP_VERSION, dbPath: ctx.dbPath, area: getArea(ctx), years: listPlanYears(ctx) }),
  'work.progress': (ctx) => ctx.longWork?.progress() ?? null,
  'work.cancel': (ctx) => ({ asked: ctx.longWork?.cancel() ?? false }),
  'area.create': (ctx, req) => createArea(ctx, req.name),
  'sample.load': (ctx) => loadSample(ctx),
  // Bounded unless asked: a file with years of history must not send all of it to a screen at once.
  'history.list': (ctx, req) => listAudit(ctx, { ...req, limit: req.limit ?? 500 }),
  'history.view': (ctx, req) => historyView(ctx, req),
  'history.exportCsv': (ctx, req) => historyCsv(ctx, req),
};
