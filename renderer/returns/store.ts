import { create } from 'zustand';
import type { ReturnOptions, ReturnView } from '../../shared/api';
import type { Period } from '../../shared/returns/period';
import { call } from '../api/client';
import { useNext } from '../app/next';
import { storeReads, storeSaves, type Persist, type SaveState } from '../data/loader';

export type ReturnPart = 'entry' | 'yearEnd' | 'metrics' | 'conditions' | 'cover' | 'signoff' | 'year' | 'calendar';

interface ReturnsState {
  year: string | null;
  period: Period;
  part: ReturnPart;
  options: ReturnOptions | null;
  view: ReturnView | null;
  loadError: string | null;
  save: SaveState;
  open: (year: string, period?: Period) => Promise<void>;
  setPart: (part: ReturnPart) => void;
  /** Reads the return and the options again; rejects if it cannot (for a caller that reports the failure itself). */
  reload: () => Promise<void>;
  /** Reads them again and shows a failure as loadError: never rejects, so it may run unawaited. */
  refresh: () => Promise<void>;
  /** Runs a change, reloads the return and the options, and says whether it was saved. */
  persist: Persist;
}

/** The open year and period of the Returns screen, and every change to the return, each saved at once. */
export const useReturns = create<ReturnsState>((set, get) => {
  // One read at a time counts: a reply for a year or period the user has left, or overtaken by a save's reload, is dropped.
  const reads = storeReads<ReturnsState>(set);
  const read = async (): Promise<Partial<ReturnsState> | null> => {
    const { year, period } = get();
    if (!year) return null;
    const options = await call('return.options', { year });
    const exists = options.returns.some((r) => r.period === period);
    const view = exists ? await call('return.get', { year, period }) : null;
    return { options, view };
  };
  const load = () => reads.reload(read);
  return {
    year: null,
    period: 'Q1',
    part: 'entry',
    options: null,
    view: null,
    loadError: null,
    save: { kind: 'idle' },
    open: async (year, period) => {
      set({ year, period: period ?? get().period, view: null, save: { kind: 'idle' } });
      await reads.load(read);
    },
    setPart: (part) => set({ part }),
    reload: load,
    refresh: () => reads.load(read),
    // After a save the next action (the app's one line of what to do next) is read again too.
    persist: storeSaves(set, load, () => void useNext.getState().refresh()),
  };
});
