import { ApiError } from '../../shared/api/errors';
import { errorMessage } from '../api/client';

/** A refusal as a form shows it: beside the field the API named, or above the form when it named none. */
export interface Problem {
  /** The request field at fault ("name", "partners.1.ratio", "amountPence"), or null. */
  field: string | null;
  message: string;
  /** Every problem, one line each, when there was more than one (an import). */
  details: string[];
}

/**
 * The API's structured error, with the field's name taken off the front of the
 * message ("amountPence: A contribution cannot be negative…" reads as "A
 * contribution cannot be negative…" beside the amount).
 */
export function problemOf(err: unknown): Problem {
  if (!(err instanceof ApiError)) return { field: null, message: errorMessage(err), details: [] };
  const field = err.field ?? null;
  const message =
    field !== null && err.message.startsWith(`${field}: `) ? err.message.slice(field.length + 2) : err.message;
  return { field, message: sentence(message), details: err.details ?? [] };
}

/** A message as it is shown beside a field: starting with a capital. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
