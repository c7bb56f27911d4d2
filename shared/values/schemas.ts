import { z } from 'zod';
import { amountOutOfBounds, type AmountBounds } from '../money';
import { textProblem } from './text';

/**
 * The bounds a file's cells are held to, as request schemas: a figure typed in
 * a form or sent to the API is refused in the same words as the same figure in
 * an imported file.
 */

/** Whole pence within a line's bounds (amountOutOfBounds): £0 to £1,000,000,000 unless signed. */
export const boundedPence = (bounds: AmountBounds) =>
  z
    .number()
    .int()
    .check((ctx) => {
      const why = amountOutOfBounds(ctx.value, bounds);
      if (why !== null) ctx.issues.push({ code: 'custom', message: why, input: ctx.value });
    });

/** Trimmed text of at most `max` characters with no control character or direction override. */
export const safeText = (max: number) =>
  z
    .string()
    .trim()
    .check((ctx) => {
      const why = textProblem(ctx.value, max);
      if (why !== null) ctx.issues.push({ code: 'custom', message: why, input: ctx.value });
    });
