import { create } from 'zustand';
import type { CalendarView } from '../../shared/api';
import { call } from '../api/client';

interface NextState {
  calendar: CalendarView | null;
  refresh: () => Promise<void>;
}

/** The calendar and the next action, shown on every screen; refreshed after any change to a return. */
export const useNext = create<NextState>((set) => ({
  calendar: null,
  refresh: async () => {
    try {
      set({ calendar: await call('calendar.get', {}) });
    } catch {
      set({ calendar: null });
    }
  },
}));
