import { create } from 'zustand';
import type { PlanView, RequestOf, StepDone } from '../../shared/api';
import { stepLinksSaid } from '../../shared/plans/links-said';
import type { IncomeInput } from '../../shared/plans/income';
import type { LineForm, LineInput, PlanColumn } from '../../shared/plans/line';
import type { ConditionInput } from '../../shared/templates/conditions';
import { call, callStamped } from '../api/client';
import { useApp } from '../app/store';
import { storeReads, storeSaves, type Persist, type SaveState } from '../data/loader';

export interface CellEdit {
  lineId: number;
  field: PlanColumn;
  text: string;
}

interface PlanState {
  year: string | null;
  view: PlanView | null;
  loadError: string | null;
  save: SaveState;
  open: (year: string) => Promise<void>;
  /** Opens the plan the screen shows first (the latest year a plan covers), using the early read if nothing has changed since. */
  openFirst: () => Promise<void>;
  /** Reads the plan again; rejects if it cannot (for a caller that reports the failure itself). */
  reload: () => Promise<void>;
  /** Reads the plan again and shows a failure as loadError: never rejects, so it may run unawaited. */
  refresh: () => Promise<void>;
  /** Runs a change, reloads the plan from the database, and says whether it was saved. */
  persist: Persist;
  applyEdits: (edits: CellEdit[], newLines?: Partial<LineForm>[], label?: string) => Promise<boolean>;
  createLine: (line: LineInput) => Promise<boolean>;
  updateLine: (id: number, line: LineInput) => Promise<boolean>;
  deleteLine: (id: number) => Promise<boolean>;
  undo: () => Promise<boolean>;
  redo: () => Promise<boolean>;
  createIncome: (income: IncomeInput) => Promise<boolean>;
  updateIncome: (id: number, income: IncomeInput) => Promise<boolean>;
  deleteIncome: (id: number) => Promise<boolean>;
  setRequirement: (req: Omit<RequestOf<'plan.setRequirement'>, 'year'> & { year: string }) => Promise<boolean>;
  setCondition: (key: string, answer: ConditionInput) => Promise<boolean>;
}

/** What an undo or redo says: the step, and any link to a plan line it left as the user changed it since, or unlinked. */
const stepSaid =
  (said: string) =>
  (done: StepDone): string =>
    said + stepLinksSaid(done);

/**
 * The first plan, asked for as the window starts, beside the app's status rather than after it: the screen
 * then has its plan about one round trip sooner (docs/performance.md). Used only by the first opening and
 * only if the database has not changed since it was read (asked of the server, not judged by the last
 * stamp this window saw, which an answer arriving late could set back); otherwise the plan is read again.
 */
let early: Promise<{ value: PlanView; stamp: string | null } | null> | null = null;

export function readFirstPlanEarly(): void {
  early ??= callStamped('plan.get', {}).catch(() => null);
}

/** The open plan and every change to it; each change is saved at once and the view reloaded from the database. */
export const usePlan = create<PlanState>((set, get) => {
  // One read of the plan at a time counts: a reply overtaken by a newer one (another year opened, a save's reload) is dropped.
  const reads = storeReads<PlanState>(set);
  const readPlan = (year: string) => async (): Promise<Partial<PlanState>> => ({
    view: await call('plan.get', { year }),
  });
  const reload = async () => {
    const year = get().year;
    if (year) await reads.reload(readPlan(year));
  };
  // After a save the app's status (the years a plan covers) is read again too.
  const persist = storeSaves(set, reload, () => void useApp.getState().refresh());
  const yearOf = () => get().year!;
  let firstOpening: Promise<void> | null = null;
  return {
    year: null,
    view: null,
    loadError: null,
    save: { kind: 'idle' },
    open: async (year) => {
      set({ year, loadError: null });
      // A year another plan covers opens that plan, under its own first year.
      await reads.load(async () => {
        const view = await call('plan.get', { year });
        return { view, year: view.year };
      });
    },
    // One first opening at a time: the screen asks again whenever it renders before the answer is in.
    openFirst: () =>
      (firstOpening ??= (async () => {
        const first = early;
        early = null;
        set({ loadError: null });
        await reads.load(async () => {
          // The same stamp on the early read and on an app.changes asked now means that the database did not
          // change between the two reads, whichever the server answered first: the early read is current.
          const [got, now] = await Promise.all([
            first,
            first ? callStamped('app.changes', {}).catch(() => null) : null,
          ]);
          const current = got !== null && got.stamp !== null && got.stamp === now?.stamp;
          const view = current ? got.value : await call('plan.get', {});
          return { view, year: view.year };
        });
      })().finally(() => {
        firstOpening = null;
      })),
    reload,
    refresh: async () => {
      const year = get().year;
      // No year yet (the first opening failed, or is still under way): the first opening is what to do again.
      if (year) await reads.load(readPlan(year));
      else await get().openFirst();
    },
    persist,
    applyEdits: (edits, newLines, label) =>
      persist(label ?? editsLabel(edits.length, newLines?.length ?? 0), () =>
        call('plan.applyEdits', {
          year: yearOf(),
          edits,
          ...(newLines?.length ? { newLines: newLines as Record<string, string>[] } : {}),
          ...(label ? { label } : {}),
        }),
      ),
    createLine: (line) =>
      persist(`Added line ${line.schemeId} "${line.schemeName}"`, () => call('line.create', { year: yearOf(), line })),
    updateLine: (id, line) =>
      persist(`Saved line ${line.schemeId} "${line.schemeName}"`, () => call('line.update', { id, line })),
    deleteLine: (id) => {
      const line = get().view?.lines.find((l) => l.id === id);
      return persist(`Deleted line ${line?.schemeId ?? ''} "${line?.schemeName ?? ''}"`, () =>
        call('line.delete', { id }),
      );
    },
    // Undo and redo name the step the screen shows; a database whose next step is another refuses, and the screen reloads.
    undo: async () => {
      const { undo: label, undoStep } = get().view?.undo ?? { undo: null, undoStep: null };
      const ok = await persist(stepSaid(`Undone: ${label ?? ''}`), () =>
        call('plan.undo', { year: yearOf(), ...(undoStep ? { expected: undoStep } : {}) }),
      );
      if (!ok)
        await get()
          .reload()
          .catch(() => undefined);
      return ok;
    },
    redo: async () => {
      const { redo: label, redoStep } = get().view?.undo ?? { redo: null, redoStep: null };
      const ok = await persist(stepSaid(`Redone: ${label ?? ''}`), () =>
        call('plan.redo', { year: yearOf(), ...(redoStep ? { expected: redoStep } : {}) }),
      );
      if (!ok)
        await get()
          .reload()
          .catch(() => undefined);
      return ok;
    },
    createIncome: (income) =>
      persist(`Added income from ${income.sourceOfFunding}`, () => call('income.create', { year: yearOf(), income })),
    updateIncome: (id, income) =>
      persist(`Saved income from ${income.sourceOfFunding}`, () => call('income.update', { id, income })),
    deleteIncome: (id) => persist('Deleted the income line', () => call('income.delete', { id })),
    setRequirement: (req) => persist('Saved the minimum', () => call('plan.setRequirement', req)),
    setCondition: (key, answer) =>
      persist(`Saved national condition ${key}`, () => call('plan.setCondition', { year: yearOf(), key, answer })),
  };
});

/** What a save of cells says: how many changed and, for a block pasted past the last line, how many lines it added. */
function editsLabel(cells: number, added: number): string {
  if (added === 0) return cells === 1 ? 'Saved the cell' : `Saved ${cells} cells`;
  const lines = `added ${added} new line${added === 1 ? '' : 's'} below the last`;
  return cells === 0
    ? `Pasted past the last line: ${lines}`
    : `Saved ${cells} cell${cells === 1 ? '' : 's'} and ${lines}`;
}
