import type { consolidationMethods } from '../../../shared/api/consolidation';
import { createConsolidation, importPackage, listConsolidations, removeArea } from '../../services/consolidation/store';
import { consolidationPdf, consolidationXlsx } from '../../services/consolidation/export';
import { getConsolidation } from '../../services/consolidation/view';
import type { HandlersFor } from '../handler-types';

export const consolidationHandlers: HandlersFor<typeof consolidationMethods> = {
  'consolidation.list': (ctx) => listConsolidations(ctx),
  'consolidation.create': (ctx, req) => createConsolidation(ctx, req.name, req.year),
  'consolidation.get': (ctx, req) => getConsolidation(ctx, req.id),
  'consolidation.importPackage': (ctx, req) => {
    importPackage(ctx, req.id, req.text);
    return getConsolidation(ctx, req.id);
  },
  'consolidation.removeArea': (ctx, req) => {
    removeArea(ctx, req.id, req.areaId);
    return getConsolidation(ctx, req.id);
  },
  'consolidation.exportXlsx': (ctx, req) => consolidationXlsx(ctx, req.id),
  'consolidation.exportPdf': (ctx, req) => consolidationPdf(ctx, req.id),
};
