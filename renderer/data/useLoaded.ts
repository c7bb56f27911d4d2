import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { useApp } from '../app/store';

export interface Loaded<T> {
  /** The latest reply; null until the first one arrives (the last good one stays while a new read is pending). */
  data: T | null;
  /** Why the last read failed, in the app's words; null once a read succeeds. */
  error: string | null;
  /** Reads again: after the screen saved something. */
  reload: () => void;
}

/**
 * A screen's own data, read through the API — the one way a screen that keeps its data to itself
 * loads it (screens that share data across tabs use their zustand store, which follows the same
 * rules). It reads again when the data changes under the window (`changed`: another window, the
 * command line, a restore) and when the screen calls `reload`; a reply that arrives after a newer
 * read began, or after the screen closed, is dropped, so a slow answer never overwrites a newer one;
 * a failure becomes `error` for the screen to show, never an unhandled rejection. `read` returns
 * null to read nothing (no area yet). `deps` are what `read` depends on, as for useEffect.
 */
export function useLoaded<T>(read: () => Promise<T> | null, deps: readonly unknown[]): Loaded<T> {
  const changed = useApp((s) => s.changed);
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    const pending = read();
    if (pending === null) return;
    let live = true;
    pending.then(
      (data) => live && setState({ data, error: null }),
      (err: unknown) => live && setState((s) => ({ data: s.data, error: errorMessage(err) })),
    );
    return () => {
      live = false;
    };
    // `read` is a new closure each render; what it reads is named in `deps`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version, changed]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

/**
 * Calls `refresh` each time the data changed under the window (another window, the command line, a
 * restore), so a screen whose data lives in a store is never stale; with `now`, also when the screen
 * opens (a store whose screen has nothing to choose first, such as a year). `refresh` must not reject.
 */
export function useFollowChanges(refresh: () => Promise<void>, { now = false } = {}): void {
  const changed = useApp((s) => s.changed);
  useEffect(() => {
    if (now || changed > 0) void refresh();
  }, [changed, refresh, now]);
}
