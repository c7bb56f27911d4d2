import { z } from 'zod';
import { parseDate } from '../dates/iso-date';
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

/** A date as people write it (2024-08-29, 29/08/2024), as an ISO date. */
export const dateField = z.string().transform((raw, ctx) => {
  const parsed = parseDate(raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.date;
});
