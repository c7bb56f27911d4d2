import type { z } from 'zod';
import type { MethodMap } from '../../shared/api/method';
import type { ServiceContext } from '../services/context';

/**
 * The handlers for one capability's methods, each typed by its request and
 * response. A handler that builds a file (xlsx, PDF) may answer with a promise.
 */
export type HandlersFor<M extends MethodMap> = {
  [K in keyof M]: (ctx: ServiceContext, req: z.output<M[K]['request']>) => M[K]['response'] | Promise<M[K]['response']>;
};
