import type { reviewMethods } from '../../../shared/api/review';
import { exportPackage, openPackage, writeResponse } from '../../services/review/package';
import { answerQuery, importResponse, reviewOverview } from '../../services/review/responses';
import type { HandlersFor } from '../handler-types';

export const reviewHandlers: HandlersFor<typeof reviewMethods> = {
  'review.overview': (ctx) => reviewOverview(ctx),
  'review.export': (ctx, req) => exportPackage(ctx, req),
  'review.open': (ctx, req) => openPackage(ctx, req.text),
  'review.respond': (ctx, req) => writeResponse(ctx, req),
  'review.importResponse': (ctx, req) => importResponse(ctx, req.text),
  'review.answerQuery': (ctx, req) => answerQuery(ctx, req.id, req.answer),
};
