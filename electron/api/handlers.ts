import type { Method, ParsedRequestOf, ResponseOf } from '../../shared/api';
import { createArea, getArea } from '../services/areas/areas';
import { listAudit } from '../services/audit/audit';
import type { ServiceContext } from '../services/context';
import { createLine, deleteLine, getPlanView, updateLine } from '../services/plans/lines';
import { exportPlanCsv, planCsvName } from '../services/plans/export-csv';
import { listPlanYears } from '../services/plans/plan-store';
import { loadSample } from '../services/sample/sample';
import { APP_VERSION } from '../version';

type Handler<M extends Method> = (ctx: ServiceContext, req: ParsedRequestOf<M>) => ResponseOf<M>;
export type Handlers = { [M in Method]: Handler<M> };

/** Each API method bound to its service. Hosts never call services any other way. */
export const handlers: Handlers = {
  'app.status': (ctx) => ({ version: APP_VERSION, dbPath: ctx.dbPath, area: getArea(ctx), years: listPlanYears(ctx) }),
  'area.create': (ctx, req) => createArea(ctx, req.name),
  'sample.load': (ctx) => loadSample(ctx),
  'plan.get': (ctx, req) => getPlanView(ctx, req.year),
  'line.create': (ctx, req) => createLine(ctx, req.year, req.line),
  'line.update': (ctx, req) => updateLine(ctx, req.id, req.line, req.reason),
  'line.delete': (ctx, req) => deleteLine(ctx, req.id, req.reason),
  'plan.exportCsv': (ctx, req) => ({ fileName: planCsvName(ctx, req.year), csv: exportPlanCsv(ctx, req.year) }),
  'history.list': (ctx, req) => listAudit(ctx, req),
};
