import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

export interface Action {
  /** True while a save runs: the screen disables its button so it is not sent twice. */
  busy: boolean;
  /** Why the last save failed, in the app's words; cleared when the next one starts. */
  error: string | null;
  /**
   * Runs a save (any call that changes data, or writes a file) and says whether it succeeded: a
   * failure becomes `error`, never an unhandled rejection, so `void run(…)` is safe in a handler.
   */
  run: (work: () => Promise<unknown>) => Promise<boolean>;
  /** Shows a problem found before anything was sent, or clears it (null). */
  setError: (error: string | null) => void;
}

/**
 * The one way a component saves what it does not keep in a store — the save's side of `useLoaded`.
 * The store-held screens (plan, returns, pools, data) save through their store's `persist` or `act`,
 * which keep the same busy and error state for the whole screen.
 */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A save that ends after the component closed has nothing to show.
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (err) {
      if (live.current) setError(errorMessage(err));
      return false;
    } finally {
      if (live.current) setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}
