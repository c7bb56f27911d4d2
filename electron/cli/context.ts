import type { Command } from 'commander';
import type { Method, RequestOf, ResponseOf } from '../../shared/api';
import { ApiError } from '../../shared/api/errors';
import type { HostOptions } from '../host';
import type { ServiceContext } from '../services/context';

/** The Node side of the commands (node-side.ts), loaded the first time a command needs it. */
export const nodeSide = () => import('./node-side');

export type ContextOptions = Pick<HostOptions, 'onDamaged' | 'startBackup'>;

/**
 * Opens the database the global --db option names, runs `fn`, and closes it.
 * By default the start-up check refuses a damaged file (saying how to restore)
 * and an automatic backup is taken when the data has changed since the last one.
 */
export async function withContext<T>(
  command: Command,
  fn: (ctx: ServiceContext) => T | Promise<T>,
  options: ContextOptions = {},
): Promise<T> {
  const { openServiceContext, resolveDbPath, ASSETS_DIR } = await nodeSide();
  const ctx = openServiceContext({
    dbPath: resolveDbPath(command.optsWithGlobals().db as string | undefined),
    assetsDir: ASSETS_DIR,
    onDamaged: options.onDamaged ?? 'refuse',
    startBackup: options.startBackup ?? true,
  });
  if (ctx.health.startup.uncleanExit && ctx.health.startup.check === 'ok') {
    warn(`BCF Returns or bcf did not close ${ctx.dbPath} properly last time; the file passed its check.`);
  }
  for (const w of ctx.health.warnings) warn(w);
  try {
    return await fn(ctx);
  } finally {
    ctx.close();
  }
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`bcf: warning: ${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Calls the one API, as the desktop and browser mode do: the same validation, the same services
 * and the same refusals (thrown as ApiError, which bcf prints and exits 1 on). Commands parse their
 * arguments and print; what they ask for goes through here.
 */
export async function callApi<M extends Method>(
  ctx: ServiceContext,
  method: M,
  request: RequestOf<M>,
): Promise<ResponseOf<M>> {
  const { dispatch } = await nodeSide();
  const result = await dispatch(ctx, method, request, {
    error: (message, err) => process.stderr.write(`bcf: ${message}: ${(err as Error)?.stack ?? String(err)}\n`),
  });
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.field, result.error.details);
  return result.value as ResponseOf<M>;
}
