import { create } from 'zustand';
import type { CalendarView } from '../../shared/api';
import { call } from '../api/client';
import { storeReads } from '../data/loader';

interface NextState {
  calendar: CalendarView | null;
  /** Why the calendar could not be read; the line keeps the last one it had (or none). */
  loadError: string | null;
  refresh: () => Promise<void>;
}

/** The calendar and the next action, shown on every screen; refreshed after any change to a return. */
export const useNext = create<NextState>((set) => {
  const reads = storeReads<NextState>(set);
  return {
    calendar: null,
    loadError: null,
    refresh: () => reads.load(async () => ({ calendar: await call('calendar.get', {}) })),
  };
});
