import { create } from 'zustand';
import type { AppStatus } from '../../shared/api';
import { call, errorMessage, takeOutsideChange } from '../api/client';
import { storeReads } from '../data/loader';
import { routeFromHash, type RouteId } from './routes';

interface AppState {
  status: AppStatus | null;
  loadError: string | null;
  route: RouteId;
  /**
   * Counts the times the data changed under this window (another window, the command line, a
   * restore): each screen reloads what it shows when it moves, so nothing shown is stale.
   */
  changed: number;
  /** A failure no screen caught (a promise left to run on its own that rejected), shown until dismissed. */
  unexpected: string | null;
  refresh: () => Promise<void>;
  setRoute: (route: RouteId) => void;
  /** Says the data changed: the app's status and every screen reload. */
  dataChanged: () => void;
}

/** What the whole app needs to know: which area and years the database holds, and which screen is open. */
export const useApp = create<AppState>((set, get) => {
  // Asked after every save: an older answer that arrives late never replaces a newer one.
  const reads = storeReads<AppState>(set);
  return {
    status: null,
    loadError: null,
    route: routeFromHash(window.location.hash),
    changed: 0,
    unexpected: null,
    dataChanged: () => {
      set({ changed: get().changed + 1 });
      void get().refresh();
    },
    refresh: () => reads.load(async () => ({ status: await call('app.status', {}) })),
    setRoute: (route) => set({ route }),
  };
});

window.addEventListener('hashchange', () => useApp.getState().setRoute(routeFromHash(window.location.hash)));

// The net under every `void` in the UI: a promise left to run on its own should catch its own
// errors, and one that did not is shown rather than lost in the console.
window.addEventListener('unhandledrejection', (event) => {
  useApp.setState({ unexpected: `Something went wrong: ${errorMessage(event.reason)}` });
});

/** How often a window asks whether the data changed under it, while it is visible. */
export const WATCH_MS = 2000;

/**
 * Watches for changes made elsewhere: every answer says what the database held as it began, and a state
 * this window never read nor made means another window, the command line or a restore changed the data
 * (renderer/api/client.ts). Any answer may be the one that shows it; this look makes sure one comes.
 */
export function watchForChanges(): () => void {
  const changedElsewhere = () => {
    if (takeOutsideChange()) useApp.getState().dataChanged();
  };
  const timer = setInterval(() => {
    if (document.visibilityState !== 'visible') return;
    void call('app.changes', {}).then(changedElsewhere, changedElsewhere);
  }, WATCH_MS);
  return () => clearInterval(timer);
}
