import { create } from 'zustand';
import type { TemplateYearSummary } from '../../shared/api';
import { call } from '../api/client';
import { storeReads } from '../data/loader';

/**
 * The Template years screen's state: the years, and the year another screen
 * asked to bring a workbook for (the Plan screen's "Bring the 2027-28
 * workbook…" opens this screen with the year filled in).
 */
interface TemplatesState {
  years: TemplateYearSummary[];
  loadError: string | null;
  /** A year to bring a workbook for, asked by another screen. */
  bringFor: string | null;
  /** Reads the years; a failure becomes loadError, so it never rejects. */
  load: () => Promise<void>;
  askToBring: (year: string) => void;
  clearBring: () => void;
}

export const useTemplates = create<TemplatesState>((set) => {
  const reads = storeReads<TemplatesState>(set);
  return {
    years: [],
    loadError: null,
    bringFor: null,
    load: () => reads.load(async () => ({ years: await call('template.list', {}) })),
    askToBring: (year) => {
      set({ bringFor: year });
      window.location.hash = '#/templates';
    },
    clearBring: () => set({ bringFor: null }),
  };
});
