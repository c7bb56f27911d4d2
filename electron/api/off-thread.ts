import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isLongWork, LONG_WORK, type ApiResult, type Method, type WorkProgress } from '../../shared/api';
import type { ServiceContext } from '../services/context';
import { freshBundle } from '../fresh-bundle';
import { dataStamp, dataVersion, dispatch, stamped, type DispatchLog } from './dispatch';

/**
 * Long work — reading a file to import or preview, filling or generating a
 * workbook, writing a PDF or a backup — runs on a worker thread with its own
 * connection to the same SQLite file, so the thread that serves the window
 * keeps answering reads meanwhile (WAL lets them see the last commit). One job
 * at a time, in the order asked: a preview and the import that follows it
 * never overtake each other. Which methods: LONG_WORK in shared/api/long-work.ts.
 */
export interface OffThreadOptions {
  dbPath: string;
  assetsDir: string;
  actor: string;
}

/** What the worker is told: a job, or to stop the job it is on. */
export type ToWorker = { kind: 'job'; id: number; method: string; payload: unknown };
/** What the worker says: how far a job has got, or its answer. */
export type FromWorker =
  | { kind: 'progress'; id: number; step: string; done: number; total: number; cancellable: boolean }
  | { kind: 'answer'; id: number; result: ApiResult<unknown>; wrote: boolean };

/** A job's answer, and whether it committed anything (a preview or an export does not). */
export interface Finished {
  result: ApiResult<unknown>;
  wrote: boolean;
}

export interface OffThread {
  run: (method: string, payload: unknown) => Promise<Finished>;
  /** The job running now, if any, and how far it has got. */
  progress: () => WorkProgress | null;
  /** Asks the running job to stop; it stops only while it has written nothing. */
  cancel: () => boolean;
  close: () => Promise<void>;
}

/**
 * The worker's script: the bundle beside this one when bundled (dist/cli, dist/electron). From
 * source (tests, `npm start` without a build): the CLI's bundled worker when it is newer than every
 * source, else the TypeScript through tsx — which costs about a CPU-second more at every start.
 */
function workerScript(): { file: string; fromSource: boolean } {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) {
    const bundled = freshBundle(path.resolve(dir, '..', '..'), path.join('dist', 'cli', 'off-thread-worker.mjs'));
    return bundled
      ? { file: bundled, fromSource: false }
      : { file: path.join(dir, 'off-thread-worker.ts'), fromSource: true };
  }
  const ext = here.endsWith('.cjs') ? '.cjs' : '.mjs';
  return { file: path.join(dir, `off-thread-worker${ext}`), fromSource: false };
}

function startWorker(options: OffThreadOptions, cancelFlag: Int32Array): Worker {
  const { file, fromSource } = workerScript();
  if (!fs.existsSync(file)) throw new Error(`The worker script ${file} is missing: run "npm run build".`);
  const workerData = { ...options, cancelFlag };
  if (!fromSource) return new Worker(file, { workerData });
  // A worker cannot load TypeScript by itself; tsx (a dev dependency, present wherever the sources run) can.
  const url = JSON.stringify(new URL(`file://${file}`).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${url}, ${url}))`, { eval: true, workerData });
}

export function startOffThread(options: OffThreadOptions): OffThread {
  // One shared integer: the worker reads it between steps, without waiting for a message it cannot receive mid-job.
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const waiting = new Map<number, (r: Finished) => void>();
  let worker: Worker | null = null;
  let nextId = 1;
  let running: (WorkProgress & { id: number }) | null = null;
  const queue: { id: number; method: string; payload: unknown }[] = [];

  const fail = (message: string) => {
    for (const [id, resolve] of waiting) {
      waiting.delete(id);
      resolve({ result: { ok: false, error: { code: 'internal', message } }, wrote: false });
    }
    queue.length = 0;
    running = null;
    worker = null;
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const w = startWorker(options, cancelFlag);
    w.on('message', (m: FromWorker) => {
      if (m.kind === 'progress') {
        if (running?.id === m.id)
          running = { ...running, step: m.step, done: m.done, total: m.total, cancellable: m.cancellable };
        return;
      }
      const resolve = waiting.get(m.id);
      waiting.delete(m.id);
      running = null;
      next();
      resolve?.({ result: m.result, wrote: m.wrote });
    });
    w.on('error', (err) => {
      console.error('The worker for long work failed', err);
      fail('Something went wrong inside the app; nothing was saved. The details are in the log.');
    });
    w.on('exit', () => {
      if (worker === w) fail('The app stopped the work before it finished; nothing was saved.');
    });
    w.unref();
    worker = w;
    return w;
  };

  const next = () => {
    if (running || queue.length === 0) return;
    const job = queue.shift()!;
    Atomics.store(cancelFlag, 0, 0);
    running = {
      id: job.id,
      method: job.method,
      step: LONG_WORK[job.method as Method] ?? 'Working',
      done: 0,
      total: 0,
      cancellable: true,
    };
    const message: ToWorker = { kind: 'job', ...job };
    ensureWorker().postMessage(message);
  };

  return {
    run: (method, payload) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        queue.push({ id, method, payload });
        next();
      }),
    progress: () => {
      if (!running) return null;
      const { id: _id, ...shown } = running;
      return shown;
    },
    cancel: () => {
      if (!running) return false;
      Atomics.store(cancelFlag, 0, 1);
      return true;
    },
    close: async () => {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
      fail('The app is closing; the work was not finished and nothing was saved.');
    },
  };
}

/**
 * What a host calls instead of dispatch when it has an OffThread: long methods go to the worker,
 * everything else is answered here at once. The stamps are always this thread's (stamps from two
 * connections are not comparable). Work that saved ends with the stamp read after the worker
 * committed; work that saved nothing ends exactly where it began, so that a commit another program
 * made meanwhile, or a save another window made through this thread, is not taken for the window's
 * own and is seen at the window's next answer. (The window trusts only a long answer's `since`: what
 * else committed while the work ran, this thread cannot tell apart from the work's own commit.)
 */
export async function dispatchRouted(
  ctx: ServiceContext,
  offThread: OffThread | null,
  method: unknown,
  payload: unknown,
  log?: DispatchLog,
): Promise<ApiResult<unknown>> {
  if (!offThread || typeof method !== 'string' || !isLongWork(method)) return dispatch(ctx, method, payload, log);
  const before = dataVersion(ctx);
  const since = dataStamp(ctx, before);
  const { result, wrote } = await offThread.run(method, payload);
  const { stamp: _theirs, since: _theirsBefore, ...answer } = result;
  return stamped(answer, since, wrote ? dataStamp(ctx) : since);
}
