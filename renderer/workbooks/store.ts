import { create } from 'zustand';
import type { ProfileSummary } from '../../shared/workbooks/profile';
import { call, errorMessage } from '../api/client';
import { storeReads } from '../data/loader';

/**
 * The Workbooks screen's state: the profiles, and the one task that may be
 * running (reading a file, filling, generating, importing). A task that takes
 * more than half a second shows a progress bar with its steps.
 */
export interface Task {
  label: string;
  steps: string[];
  step: number;
  /** Set half a second after the task starts, if it is still running. */
  shown: boolean;
}

export interface Failure {
  message: string;
  details: string[];
}

interface WorkbooksState {
  profiles: ProfileSummary[];
  loadError: string | null;
  task: Task | null;
  /** Reads the profiles; a failure becomes loadError, so it never rejects. */
  loadProfiles: () => Promise<void>;
  /** Runs `work` as a task; `next` moves the progress bar on a step. Failures come back as { failure }. */
  run: <T>(
    label: string,
    steps: string[],
    work: (next: () => void) => Promise<T>,
  ) => Promise<{ value: T } | { failure: Failure }>;
}

export const PROGRESS_DELAY_MS = 500;

export const useWorkbooks = create<WorkbooksState>((set, get) => {
  const reads = storeReads<WorkbooksState>(set);
  return {
    profiles: [],
    loadError: null,
    task: null,
    loadProfiles: () => reads.load(async () => ({ profiles: await call('workbook.profiles', {}) })),
    run: async (label, steps, work) => {
      const task: Task = { label, steps, step: 0, shown: false };
      set({ task });
      const timer = setTimeout(() => {
        if (get().task?.label === label) set({ task: { ...get().task!, shown: true } });
      }, PROGRESS_DELAY_MS);
      try {
        const value = await work(() => {
          const current = get().task;
          if (current) set({ task: { ...current, step: Math.min(current.step + 1, current.steps.length - 1) } });
        });
        return { value };
      } catch (err) {
        return { failure: { message: errorMessage(err), details: (err as { details?: string[] }).details ?? [] } };
      } finally {
        clearTimeout(timer);
        set({ task: null });
      }
    },
  };
});
