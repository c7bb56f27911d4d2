import type { ApiResult, Method, RequestOf, ResponseOf } from '../../shared/api';
// Not from the index: that would build every method's zod schema as the window starts, which the
// renderer never uses (the host validates every request; docs/performance.md).
import { ApiError } from '../../shared/api/errors';
import { isLongWork } from '../../shared/api/long-work';
import { watchWork } from './work';

/**
 * The renderer's one way to the backend. In the desktop app the preload's
 * window.bcf carries calls over IPC; in browser mode they go to
 * POST /api/<method> with the per-launch token the server put in the page.
 * Either way the answer is the same envelope, and failures throw ApiError.
 */
interface Bridge {
  invoke: (method: string, payload: unknown) => Promise<unknown>;
}

declare global {
  interface Window {
    bcf?: Bridge;
  }
}

function token(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="bcf-token"]')?.content ?? '';
}

async function overHttp(method: string, payload: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-BCF-Token': token() },
      body: JSON.stringify(payload),
    });
  } catch {
    throw new ApiError('internal', 'The app\'s server is not answering. Is "npm run serve" still running?');
  }
  return response.json();
}

/**
 * The states of the database this window has accounted for: those its screens read, and those its own
 * requests made. An answer that began from any other state shows that the data changed under the window
 * (another window, another program, a restore). Kept as a set, not one stamp, because answers arrive out of
 * order; bounded, because only the recent ones can still be an answer's `since`.
 */
const known: string[] = [];
const KNOWN_KEPT = 64;
let missed = false;

/** This window's calls not yet answered that the serving thread answers itself (not long work), by number. */
const pending = new Set<number>();
let lastCall = 0;
/**
 * Answers that began from a state not known yet while other calls of this window were still out: one of
 * those may have made it (a save whose answer is still on its way when a read begun after it overtakes
 * it). Judged, in the order they came, once every call pending then has answered.
 */
let doubts: { since: string; stamp: string; waitingFor: Set<number> }[] = [];

function remember(...states: string[]): void {
  for (const s of states) if (!known.includes(s)) known.push(s);
  if (known.length > KNOWN_KEPT) known.splice(0, known.length - KNOWN_KEPT);
}

/**
 * A stamp is "<data_version>.<total_changes>" (dataStamp, electron/api/dispatch.ts): the first part moves
 * only when another connection commits — another program, or the worker that runs long work — and the
 * second only when the serving thread writes. So only a state whose first part is already known can be
 * one this window's pending saves made; a new first part is a commit elsewhere (or by long work, whose
 * answer reloads the screens anyway), to be followed at once rather than after work that may take minutes.
 */
const versionOf = (state: string) => state.slice(0, state.indexOf('.'));

/**
 * Call `id` has answered (with its stamps where the host gave them), or failed to. A long call's answer
 * vouches only for where it began: while it ran, other programs and windows may have committed too, and
 * its end stamp would take their changes for its own (its own commit then costs one extra reload).
 */
function heard(id: number, since: string | undefined, end: string | undefined, long: boolean): void {
  pending.delete(id);
  const stamp = long ? since : end;
  if (since !== undefined && stamp !== undefined) {
    if (known.length === 0 || known.includes(since)) remember(since, stamp);
    else if (pending.size > 0 && known.some((k) => versionOf(k) === versionOf(since)))
      doubts.push({ since, stamp, waitingFor: new Set(pending) });
    else {
      missed = true;
      remember(since, stamp);
    }
  }
  doubts = doubts.filter((d) => {
    d.waitingFor.delete(id);
    if (d.waitingFor.size > 0) return true;
    if (!known.includes(d.since)) missed = true;
    remember(d.since, d.stamp);
    return false;
  });
}

/**
 * Whether an answer since the last time this was asked showed a change made elsewhere. Asking clears it:
 * the caller reloads every screen, which then shows the database as it is now.
 */
export function takeOutsideChange(): boolean {
  const was = missed;
  missed = false;
  return was;
}

export async function call<M extends Method>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  return (await callStamped(method, request)).value;
}

/** `call`, with the stamp of the database the answer was read from (null where the host gave none). */
export async function callStamped<M extends Method>(
  method: M,
  request: RequestOf<M>,
): Promise<{ value: ResponseOf<M>; stamp: string | null }> {
  // Long work runs off the server's thread, which answers "how far has it got?" meanwhile.
  const ended = isLongWork(method) ? watchWork(() => call('work.progress', {})) : null;
  const id = ++lastCall;
  if (!ended) pending.add(id);
  let raw: ApiResult<ResponseOf<M>> | undefined;
  try {
    raw = (window.bcf ? await window.bcf.invoke(method, request) : await overHttp(method, request)) as ApiResult<
      ResponseOf<M>
    >;
  } finally {
    ended?.();
    heard(id, raw?.since, raw?.stamp, ended !== null);
  }
  if (raw.ok) return { value: raw.value, stamp: raw.stamp ?? null };
  throw new ApiError(raw.error.code, raw.error.message, raw.error.field, raw.error.details);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
