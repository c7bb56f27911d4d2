import { create } from 'zustand';
import type { PlanView } from '../../shared/api';
import type { LineInput } from '../../shared/plans/line';
import { call, errorMessage } from '../api/client';
import { useApp } from '../app/store';

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; what: string; at: Date } | { kind: 'failed'; message: string };

interface PlanState {
  year: string | null;
  view: PlanView | null;
  loadError: string | null;
  save: SaveState;
  open: (year: string) => Promise<void>;
  createLine: (line: LineInput) => Promise<boolean>;
  updateLine: (id: number, line: LineInput) => Promise<boolean>;
  deleteLine: (id: number) => Promise<boolean>;
}

/** The open plan year and its lines; every change is saved at once and the view reloaded from the database. */
export const usePlan = create<PlanState>((set, get) => {
  const persist = async (what: string, action: () => Promise<unknown>): Promise<boolean> => {
    set({ save: { kind: 'saving' } });
    try {
      await action();
      const year = get().year!;
      set({ view: await call('plan.get', { year }), save: { kind: 'saved', what, at: new Date() } });
      void useApp.getState().refresh();
      return true;
    } catch (err) {
      set({ save: { kind: 'failed', message: errorMessage(err) } });
      return false;
    }
  };
  return {
    year: null,
    view: null,
    loadError: null,
    save: { kind: 'idle' },
    open: async (year) => {
      set({ year, loadError: null });
      try {
        const view = await call('plan.get', { year });
        if (get().year === year) set({ view });
      } catch (err) {
        set({ loadError: errorMessage(err) });
      }
    },
    createLine: (line) => persist(`Added line ${line.schemeId} "${line.schemeName}"`, () => call('line.create', { year: get().year!, line })),
    updateLine: (id, line) => persist(`Saved line ${line.schemeId} "${line.schemeName}"`, () => call('line.update', { id, line })),
    deleteLine: (id) => {
      const line = get().view?.lines.find((l) => l.id === id);
      return persist(`Deleted line ${line?.schemeId ?? ''} "${line?.schemeName ?? ''}"`, () => call('line.delete', { id }));
    },
  };
});
