import { create } from 'zustand';
import type { AppStatus } from '../../shared/api';
import { call, errorMessage } from '../api/client';
import { routeFromHash, type RouteId } from './routes';

interface AppState {
  status: AppStatus | null;
  loadError: string | null;
  route: RouteId;
  refresh: () => Promise<void>;
  setRoute: (route: RouteId) => void;
}

/** What the whole app needs to know: which area and years the database holds, and which screen is open. */
export const useApp = create<AppState>((set) => ({
  status: null,
  loadError: null,
  route: routeFromHash(window.location.hash),
  refresh: async () => {
    try {
      set({ status: await call('app.status', {}), loadError: null });
    } catch (err) {
      set({ loadError: errorMessage(err) });
    }
  },
  setRoute: (route) => set({ route }),
}));

window.addEventListener('hashchange', () => useApp.getState().setRoute(routeFromHash(window.location.hash)));
