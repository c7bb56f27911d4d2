/** The structured error every host returns instead of crashing. */
export const ERROR_CODES = [
  'invalid_request',
  'unknown_method',
  'not_found',
  'conflict',
  'refused',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** The request field at fault, as a dotted path ("line.expenditurePence"). */
  field?: string;
  /** Every problem found, one line each, when there is more than one (e.g. an import). */
  details?: string[];
}

/**
 * `stamp` says what the database held when the answer was made (SQLite's data_version, which moves
 * when another program or connection writes, and this connection's total changes); `since`, what it
 * held when the answer began. A window that gets an answer whose `since` is no stamp it has seen knows
 * the data changed under it (another window, program or restore), and reloads; whatever changed between
 * `since` and `stamp` is the request's own doing.
 */
export type ApiResult<T> = ({ ok: true; value: T } | { ok: false; error: ApiErrorBody }) & {
  stamp?: string;
  since?: string;
};

/** Thrown by services and by the client; carried across hosts as an ApiErrorBody. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: string[] | undefined;
  constructor(code: ErrorCode, message: string, field?: string, details?: string[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
    this.details = details;
  }
  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  refused: 422,
  internal: 500,
};
