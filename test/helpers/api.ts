import { expect } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { fileHash, type TestContext } from './db';

/**
 * Calling the API as the renderer and the CLI do (through dispatch), for
 * tests that check what a user would see: an answer, or a refusal's
 * message with the database file byte for byte as it was.
 */
const quiet = { error: () => undefined };

/** The method's answer; a refusal fails the test with its message. */
export async function call<T>(ctx: TestContext, method: string, payload: unknown): Promise<T> {
  const r = await dispatch(ctx, method, payload, quiet);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

/** The refusal's message; the database file is byte for byte as it was. */
export async function refusal(ctx: TestContext, method: string, payload: unknown): Promise<string> {
  const before = fileHash(ctx.dbPath);
  const r = await dispatch(ctx, method, payload, quiet);
  expect(r.ok, `${method} should be refused`).toBe(false);
  expect(fileHash(ctx.dbPath), 'a refusal leaves the database untouched').toBe(before);
  return r.ok ? '' : r.error.message;
}
