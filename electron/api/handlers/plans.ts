import type { planMethods } from '../../../shared/api/plans';
import { exportPlanCsv, planCsvName } from '../../services/plans/export-csv';
import { createLine, deleteLine, getPlanView, updateLine } from '../../services/plans/lines';
import type { HandlersFor } from '../handler-types';

export const planHandlers: HandlersFor<typeof planMethods> = {
  'plan.get': (ctx, req) => getPlanView(ctx, req.year),
  'plan.exportCsv': (ctx, req) => ({ fileName: planCsvName(ctx, req.year), csv: exportPlanCsv(ctx, req.year) }),
  'line.create': (ctx, req) => createLine(ctx, req.year, req.line),
  'line.update': (ctx, req) => updateLine(ctx, req.id, req.line, req.reason),
  'line.delete': (ctx, req) => deleteLine(ctx, req.id, req.reason),
};
