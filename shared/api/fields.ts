import { z } from 'zod';
import { parseDate } from '../dates/iso-date';
import { base64Length, MAX_FILE_BYTES } from '../files/limits';
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

/**
 * A file the user picked, as the renderer and the command line send it: its name and its bytes in
 * base64, capped at the largest file any reader takes (shared/files/limits.ts), so a file the reader
 * would explain is never cut short here with a vaguer message; both clients check the size first.
 */
export const fileFields = {
  fileName: z.string().trim().min(1).max(260),
  contentBase64: z
    .string()
    .max(
      base64Length(MAX_FILE_BYTES),
      `the file is larger than ${MAX_FILE_BYTES / 1048576} MB, the most this app reads`,
    )
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the file content must be base64'),
};
