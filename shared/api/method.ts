import type { z } from 'zod';

/** Declares one API method: its request schema (checked at runtime) and its response type. */
export function method<Res>() {
  return <Req extends z.ZodType>(request: Req) => ({ request, response: undefined as unknown as Res });
}

export type MethodMap = Record<string, { request: z.ZodType; response: unknown }>;
