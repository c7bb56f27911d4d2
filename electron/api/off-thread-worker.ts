import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/api';
import { openDatabase } from '../db/connection';
import type { ServiceContext, WorkHooks } from '../services/context';
import { dispatch } from './dispatch';
import type { FromWorker, OffThreadOptions, ToWorker } from './off-thread';

/**
 * The worker thread of off-thread.ts: its own connection to the area's file (already migrated by
 * the host), the same dispatch as every host, one job at a time.
 */
const options = workerData as OffThreadOptions & { cancelFlag: Int32Array };
const port = parentPort!;
const db = openDatabase(options.dbPath);

/** Progress is sent at most this often: a message per row would cost more than the row. */
const PROGRESS_EVERY_MS = 100;
const CANCELLED_MESSAGE = 'Cancelled: the work was stopped before anything was saved.';
const CANCELLED = { ok: false, error: { code: 'refused', message: CANCELLED_MESSAGE } } as const;

port.on('message', (job: ToWorker) => {
  let wrote = false;
  let lastSent = 0;
  const say = (m: FromWorker) => port.postMessage(m);
  const work: WorkHooks = {
    progress: (step, done = 0, total = 0) => {
      const now = Date.now();
      if (now - lastSent < PROGRESS_EVERY_MS && done !== total) return;
      lastSent = now;
      say({ kind: 'progress', id: job.id, step, done, total, cancellable: !wrote });
    },
    stopIfAsked: () => {
      if (!wrote && Atomics.load(options.cancelFlag, 0) === 1) throw new ApiError('refused', CANCELLED_MESSAGE);
    },
    writing: () => {
      if (wrote) return;
      wrote = true;
      say({ kind: 'progress', id: job.id, step: 'Saving', done: 0, total: 0, cancellable: false });
    },
  };
  const ctx: ServiceContext = {
    db,
    dbPath: options.dbPath,
    actor: options.actor,
    now: () => new Date(),
    assetsDir: options.assetsDir,
    work,
  };
  void dispatch(ctx, job.method, job.payload).then((result) => {
    // Work that writes nothing (a preview, an export) may not pass a point where it stops: asked to, its answer is dropped.
    const stopped = result.ok && !wrote && Atomics.load(options.cancelFlag, 0) === 1;
    say({ kind: 'answer', id: job.id, result: stopped ? CANCELLED : result, wrote });
  });
});
