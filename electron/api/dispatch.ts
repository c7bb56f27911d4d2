import { ApiError, contract, isMethod, type ApiResult } from '../../shared/api';
import type { ServiceContext } from '../services/context';
import { handlers } from './handlers';

export interface DispatchLog {
  error: (message: string, err: unknown) => void;
}

/**
 * The one entry point every host uses: look the method up, validate the
 * payload against its schema, run the service, and turn any failure into a
 * structured error. Nothing a caller sends can crash the host.
 */
export function dispatch(ctx: ServiceContext, method: unknown, payload: unknown, log: DispatchLog = console): ApiResult<unknown> | Promise<ApiResult<unknown>> {
  if (typeof method !== 'string' || !isMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `There is no API method ${JSON.stringify(String(method)).slice(0, 80)}.` } };
  }
  const parsed = contract[method].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    return { ok: false, error: { code: 'invalid_request', message: field ? `${field}: ${issue.message}` : issue.message, ...(field ? { field } : {}) } };
  }
  const failed = (err: unknown): ApiResult<unknown> => {
    if (err instanceof ApiError) return { ok: false, error: err.toBody() };
    log.error(`API method ${method} failed`, err);
    return { ok: false, error: { code: 'internal', message: 'Something went wrong inside the app; nothing was saved. The details are in the log.' } };
  };
  try {
    const handler = handlers[method] as (c: ServiceContext, r: unknown) => unknown;
    const value = handler(ctx, parsed.data);
    // Most methods answer at once; those that build a file (xlsx, PDF) answer with a promise.
    if (value instanceof Promise) return value.then((v: unknown): ApiResult<unknown> => ({ ok: true, value: v }), failed);
    return { ok: true, value };
  } catch (err) {
    return failed(err);
  }
}
