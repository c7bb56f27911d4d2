import { create } from 'zustand';
import type { PoolDetail, PoolList, PoolTrend, RequestOf } from '../../shared/api';
import type { Consolidated } from '../../shared/pools/consolidate';
import type { Basis } from '../../shared/pools/model';
import { call, errorMessage } from '../api/client';
import { downloadBase64 } from '../files/files';
import { storeReads } from '../data/loader';
import { problemOf, type Problem } from './problem';

export type Notice =
  | { kind: 'idle' }
  | { kind: 'working'; what: string }
  | { kind: 'done'; what: string; at: Date }
  | { kind: 'failed'; message: string };

interface PoolsState {
  year: string | null;
  list: PoolList | null;
  consolidated: Consolidated | null;
  loadError: string | null;
  /** The pool whose statement is open, if any. */
  detail: PoolDetail | null;
  basis: Basis | null;
  trend: PoolTrend | null;
  notice: Notice;
  open: (year: string) => Promise<void>;
  /** Reloads what is on screen (the data changed elsewhere). */
  refresh: () => Promise<void>;
  openPool: (id: number, basis?: Basis) => Promise<void>;
  closePool: () => void;
  /** Runs a change, reports it, and reloads what is on screen from the database. */
  act: (what: string, action: () => Promise<unknown>) => Promise<boolean>;
  /** The same, handing a refusal back so that a form can show it beside the field at fault; null when done. */
  attempt: (what: string, action: () => Promise<unknown>) => Promise<Problem | null>;
  setOutturn: (req: RequestOf<'pool.setOutturn'>, what: string) => Promise<boolean>;
  setMethods: (req: RequestOf<'pool.setMethods'>) => Promise<boolean>;
  agree: (req: RequestOf<'pool.agree'>) => Promise<boolean>;
  download: (kind: 'xlsx' | 'pdf', poolId?: number) => Promise<void>;
}

/** The Pooled budgets screen: the year's pools, the open statement, and the trend of its shares. */
export const usePools = create<PoolsState>((set, get) => {
  // A reply overtaken by a newer read (another year, another pool, a save's reload) is dropped: it
  // never overwrites what the user asked for since. The year's pools and the open statement load apart.
  const yearReads = storeReads<PoolsState>(set);
  const poolReads = storeReads<PoolsState>(set);
  const readYear = async (): Promise<Partial<PoolsState> | null> => {
    const { year } = get();
    if (year === null) return null;
    const [list, consolidated] = await Promise.all([call('pool.list', { year }), call('pool.consolidated', { year })]);
    return { list, consolidated };
  };
  const readPool = (id: number, basis: Basis | null) => async (): Promise<Partial<PoolsState>> => {
    const detail = await call('pool.get', { id, ...(basis ? { basis } : {}) });
    const trend = (await call('pool.trend', { name: detail.pool.name }))[0] ?? null;
    return { detail, basis: detail.statement.basis, trend };
  };
  /** Reads what is on screen again: the year's pools and, if one is open, its statement. */
  const reload = async () => {
    const { detail, basis } = get();
    await Promise.all([
      yearReads.reload(readYear),
      detail ? poolReads.reload(readPool(detail.pool.id, basis)) : Promise.resolve(),
    ]);
  };
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<Problem | null> => {
    set({ notice: { kind: 'working', what } });
    try {
      await action();
    } catch (err) {
      const problem = problemOf(err);
      set({ notice: { kind: 'failed', message: problem.message } });
      return problem;
    }
    try {
      await reload();
      set({ notice: { kind: 'done', what, at: new Date() } });
    } catch (err) {
      set({
        notice: { kind: 'failed', message: `${what}, but the screen could not be refreshed: ${errorMessage(err)}` },
      });
    }
    return null;
  };
  const act = async (what: string, action: () => Promise<unknown>): Promise<boolean> =>
    (await attempt(what, action)) === null;
  return {
    year: null,
    list: null,
    consolidated: null,
    loadError: null,
    detail: null,
    basis: null,
    trend: null,
    notice: { kind: 'idle' },
    open: async (year) => {
      poolReads.drop(); // a statement still on its way belongs to the year left
      set({ year, loadError: null, detail: null, basis: null, trend: null });
      await yearReads.load(readYear);
    },
    refresh: async () => {
      const { detail, basis } = get();
      await Promise.all([
        yearReads.load(readYear),
        detail ? poolReads.load(readPool(detail.pool.id, basis)) : Promise.resolve(),
      ]);
    },
    openPool: async (id, basis) => {
      if (basis) set({ basis }); // the choice shows at once; the figures follow
      await poolReads.load(readPool(id, basis ?? null));
    },
    closePool: () => {
      poolReads.drop(); // a statement still on its way is not shown after closing
      set({ detail: null, basis: null, trend: null });
    },
    act,
    attempt,
    setOutturn: (req, what) => act(what, () => call('pool.setOutturn', req)),
    setMethods: (req) => act('Saved the risk-share methods', () => call('pool.setMethods', req)),
    agree: (req) =>
      act(`Recorded that ${req.agreedBy} agreed the statement for ${req.partner}`, () => call('pool.agree', req)),
    download: async (kind, poolId) => {
      const { year, basis } = get();
      if (year === null) return;
      set({ notice: { kind: 'working', what: `Preparing the ${kind === 'xlsx' ? 'workbook' : 'PDF'}` } });
      try {
        const req = { year, basis: basis ?? 'outturn', ...(poolId !== undefined ? { poolId } : {}) };
        const file = kind === 'xlsx' ? await call('pool.exportXlsx', req) : await call('pool.exportPdf', req);
        downloadBase64(file.fileName, file.base64, kind === 'xlsx' ? undefined : 'application/pdf');
        set({ notice: { kind: 'done', what: `Saved ${file.fileName}`, at: new Date() } });
      } catch (err) {
        set({ notice: { kind: 'failed', message: errorMessage(err) } });
      }
    },
  };
});
