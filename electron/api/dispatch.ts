import Database from 'better-sqlite3';
import { ApiError, contract, isMethod, type ApiResult } from '../../shared/api';
import type { ServiceContext } from '../services/context';
import { handlers } from './handlers';
import { one } from '../db/statements';

/** A request can be wrong in many ways; a hundred is more than anyone reads. */
const MAX_DETAILS = 100;

export interface DispatchLog {
  error: (message: string, err: unknown) => void;
}

/**
 * The one entry point every host uses: look the method up, validate the
 * payload against its schema, run the service, and turn any failure into a
 * structured error. Nothing a caller sends can crash the host. Services are
 * synchronous except where they read a workbook first; the answer is always
 * a promise.
 */
export async function dispatch(
  ctx: ServiceContext,
  method: unknown,
  payload: unknown,
  log: DispatchLog = console,
): Promise<ApiResult<unknown>> {
  const before = dataVersion(ctx);
  const since = dataStamp(ctx, before);
  const result = await answer(ctx, method, payload, log);
  return stamped(result, since, dataStamp(ctx, before));
}

/** An answer with the stamps of the database as it began and as it ended (see ApiResult); none once the database is closed. */
export function stamped<T>(result: ApiResult<T>, since: string | null, stamp: string | null): ApiResult<T> {
  return since === null || stamp === null ? result : { ...result, since, stamp };
}

/** How many times another connection has committed to the file, as this one has seen; null once it is closed. */
export function dataVersion(ctx: ServiceContext): number | null {
  try {
    return ctx.db.pragma('data_version', { simple: true }) as number;
  } catch {
    return null;
  }
}

/**
 * What the database holds now, as a short text that changes whenever anyone writes to it (see ApiResult):
 * another connection's commits (data_version) and this one's own changes. `since`: the data_version when the
 * answer began. Another connection (the long-work worker, the command line) may commit while an answer is
 * made, after some of its reads; the answer then carries the stamp from before that commit, so that the
 * window sees a change at its next look and reads again, rather than take a possibly older answer for current.
 */
export function dataStamp(ctx: ServiceContext, since: number | null = null): string | null {
  try {
    const version = since ?? dataVersion(ctx);
    if (version === null) return null;
    return `${String(version)}.${one<{ n: number }>(ctx.db, 'SELECT total_changes() AS n')!.n}`;
  } catch {
    return null; // the database is closed (the host is shutting down): no stamp, the answer stands
  }
}

async function answer(
  ctx: ServiceContext,
  method: unknown,
  payload: unknown,
  log: DispatchLog,
): Promise<ApiResult<unknown>> {
  if (typeof method !== 'string' || !isMethod(method)) {
    return {
      ok: false,
      error: {
        code: 'unknown_method',
        message: `There is no API method ${JSON.stringify(String(method)).slice(0, 80)}.`,
      },
    };
  }
  const parsed = contract[method].request.safeParse(payload ?? {});
  if (!parsed.success) {
    // The first problem leads (a form shows it beside its field); every problem is in the details, so that one round trip says all that is wrong.
    const said = parsed.error.issues.slice(0, MAX_DETAILS).map((issue) => {
      const field = issue.path.map(String).join('.');
      return { field, message: field ? `${field}: ${issue.message}` : issue.message };
    });
    const first = said[0]!;
    return {
      ok: false,
      error: {
        code: 'invalid_request',
        message: first.message,
        ...(first.field ? { field: first.field } : {}),
        ...(said.length > 1 ? { details: said.map((x) => x.message) } : {}),
      },
    };
  }
  try {
    const handler = handlers[method] as (c: ServiceContext, r: unknown) => unknown;
    return { ok: true, value: await handler(ctx, parsed.data) };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toBody() };
    log.error(`API method ${method} failed`, err);
    // A rule the database keeps (a required value, a unique name) refused what was asked: bad input a
    // service's own checks missed, answered as a refusal in words rather than as the app's failure.
    if (err instanceof Database.SqliteError && err.code.startsWith('SQLITE_CONSTRAINT')) {
      return {
        ok: false,
        error: {
          code: 'refused',
          message:
            'That change breaks one of the rules the data is kept by (a value that must be given, or must differ from another); nothing was saved. Check what you entered and try again.',
        },
      };
    }
    return {
      ok: false,
      error: {
        code: 'internal',
        message: 'Something went wrong inside the app; nothing was saved. The details are in the log.',
      },
    };
  }
}
