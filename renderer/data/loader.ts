import { errorMessage } from '../api/client';

/**
 * The one way a zustand store reads what its screen shows — the store's side of `useLoaded`, with
 * the same rules: a reply overtaken by a newer read is dropped (so a slow answer for a year or pool
 * the user has left never replaces what they moved to), a failure is kept as `loadError` for the
 * screen to show and never escapes as an unhandled rejection, and the screen reads again when the
 * data changed under the window (`useFollowChanges` in `useLoaded.ts`).
 */
export interface Reads<S> {
  /** Reads and applies the reply unless a newer read began meanwhile; a failure becomes `loadError`. Never rejects. */
  load: (read: (fresh: () => boolean) => Promise<Partial<S> | null>) => Promise<void>;
  /** The same, but a failure rejects (for a save that reports it in its own words) rather than becoming `loadError`. */
  reload: (read: (fresh: () => boolean) => Promise<Partial<S> | null>) => Promise<void>;
  /** Drops whatever read is on its way (the user closed what it was for). */
  drop: () => void;
}

/**
 * Reads for one kind of data in a store (a store showing two things that load apart, such as the
 * year's pools and the open pool's statement, has one each). `read` is handed `fresh()`, which says
 * whether its reply would still be shown, for a read made of several steps; it answers the part of
 * the state to set, or null to set nothing.
 */
export function storeReads<S extends { loadError: string | null }>(set: (patch: Partial<S>) => void): Reads<S> {
  let current = 0;
  const reload: Reads<S>['reload'] = async (read) => {
    const mine = ++current;
    const fresh = () => mine === current;
    const patch = await read(fresh);
    // The screen now shows the database as it is: an earlier failure to read it no longer holds.
    if (fresh() && patch) set({ ...patch, loadError: null });
  };
  return {
    reload,
    load: async (read) => {
      const mine = current + 1;
      try {
        await reload(read);
      } catch (err) {
        if (mine === current) set({ loadError: errorMessage(err) } as Partial<S>);
      }
    },
    drop: () => {
      current += 1;
    },
  };
}

/** Where a store's last save stands, as its screen's status line says it. */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; what: string; at: Date }
  | { kind: 'failed'; message: string; details?: string[] };

/** A store's save: `what` it saved, as said after it (a sentence, or one made from the answer). */
export type Persist = <T>(what: string | ((done: T) => string), action: () => Promise<T>) => Promise<boolean>;

/**
 * A store's save (the plan's and a return's `persist`): marks it saving, runs the change, reads the
 * screen's data again through `reload`, then says saved (and runs `after`) or why it failed — with
 * the API's details, one line each. Answers whether it was saved; never rejects.
 */
export function storeSaves(
  set: (patch: { save: SaveState }) => void,
  reload: () => Promise<void>,
  after: () => void,
): Persist {
  return async <T>(what: string | ((done: T) => string), action: () => Promise<T>) => {
    set({ save: { kind: 'saving' } });
    try {
      const done = await action();
      await reload();
      set({ save: { kind: 'saved', what: typeof what === 'string' ? what : what(done), at: new Date() } });
      after();
      return true;
    } catch (err) {
      const details = (err as { details?: string[] }).details;
      set({ save: { kind: 'failed', message: errorMessage(err), ...(details ? { details } : {}) } });
      return false;
    }
  };
}
