import { z } from 'zod';
import { parseYear } from '../years/financial-year';

/** Request fields used by many methods. */
export const yearField = z.string().transform((raw, ctx) => {
  const parsed = parseYear(raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.year;
});
export const idField = z.number().int().positive();
export const reasonField = z.string().trim().max(1000).optional();
