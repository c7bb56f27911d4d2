import type { Command } from 'commander';
import { openServiceContext } from '../host';
import type { ServiceContext } from '../services/context';
import { resolveDbPath } from '../settings';
import { ASSETS_DIR } from '../source-root';

/** Opens the database the global --db option names, runs `fn`, and closes it. */
export async function withContext<T>(command: Command, fn: (ctx: ServiceContext) => T | Promise<T>): Promise<T> {
  const ctx = openServiceContext({ dbPath: resolveDbPath(command.optsWithGlobals().db as string | undefined), assetsDir: ASSETS_DIR });
  try {
    return await fn(ctx);
  } finally {
    ctx.close();
  }
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
