import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOffThread, type OffThread } from '../../electron/api/off-thread';
import { startBrowserServer, type BrowserServer } from '../../electron/browser';
import { ASSETS_DIR } from '../../electron/source-root';
import { createArea } from '../../electron/services/areas/areas';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { ApiError, type ApiResult, type PlanView, type WorkProgress } from '../../shared/api';
import { syntheticPlanRows } from '../bench/synthetic';
import { tempContext, tempDir, type TestContext } from '../helpers/db';
import { shippedReference } from '../helpers/reference';

/**
 * Long work (here a 6,000-line plan import) runs on the worker thread, so the server that serves the
 * window answers other requests meanwhile, says how far the work has got, and can stop it before it
 * writes anything.
 */
let ctx: TestContext;
let offThread: OffThread;
let server: BrowserServer;
const LINES = 6000;
const tsv = syntheticPlanRows(shippedReference('2023-25'), LINES)
  .map((r) => r.join('\t'))
  .join('\r\n');
const importRequest = (mode: 'replace' | 'refuse') => ({
  year: '2023-24',
  fileName: 'big plan.tsv',
  contentBase64: Buffer.from(tsv, 'utf8').toString('base64'),
  mode,
});

beforeAll(async () => {
  ctx = tempContext();
  offThread = startOffThread({ dbPath: ctx.dbPath, assetsDir: ASSETS_DIR, actor: ctx.actor });
  ctx.longWork = offThread;
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startBrowserServer({
    ctx,
    offThread,
    rendererDir,
    log: { error: () => undefined, info: () => undefined },
  });
  expect((await api('area.create', { name: 'Worker Vale' })).ok).toBe(true);
});
afterAll(async () => {
  await server.close();
  await offThread.close();
  ctx.close();
});

async function api(method: string, body: unknown = {}): Promise<ApiResult<unknown>> {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-BCF-Token': server.token },
    body: JSON.stringify(body),
  });
  return (await res.json()) as ApiResult<unknown>;
}

/** What a method answered, for one that must succeed. */
async function value<T>(method: string, body: unknown = {}): Promise<T> {
  const result = await api(method, body);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

const lineCount = () => (ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get() as { n: number }).n;
const historyCount = () => (ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('long work off the serving thread', () => {
  it('answers reads and reports progress while a 6,000-line import runs, then shows the import', async () => {
    let importDone = false;
    const importing = api('plan.commitImport', importRequest('refuse')).then((r) => {
      importDone = true;
      return r;
    });
    // While the worker reads and checks the file, the server answers other requests.
    const seen: WorkProgress[] = [];
    let statusAnsweredDuringImport = false;
    while (!importDone) {
      const status = await api('app.status');
      expect(status.ok).toBe(true);
      if (!importDone) statusAnsweredDuringImport = true;
      const progress = await value<WorkProgress | null>('work.progress');
      if (progress) seen.push(progress);
      await new Promise((r) => setTimeout(r, 20));
    }
    const imported = await importing;
    expect(imported).toMatchObject({ ok: true });
    expect(statusAnsweredDuringImport).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.method === 'plan.commitImport')).toBe(true);
    // The file's rows are its heading and the lines.
    expect(seen.map((p) => p.step)).toContain('Checking 6,001 rows of big plan.tsv');
    // Nothing is left running, and the serving thread sees the worker's commit at once.
    expect(await value('work.progress')).toBeNull();
    const plan = await value<PlanView>('plan.get', { year: '2023-24' });
    expect(plan.lines).toHaveLength(LINES);
    expect(lineCount()).toBe(LINES);
  });

  it('a preview that saves nothing does not take a commit made elsewhere meanwhile for its own', async () => {
    const previewing = api('plan.previewImport', {
      year: '2023-24',
      fileName: 'big plan.tsv',
      contentBase64: importRequest('refuse').contentBase64,
    });
    while ((await value('work.progress')) === null) await new Promise((r) => setTimeout(r, 5));
    // Another program (the command line, a second window) commits while the worker reads the file.
    const elsewhere = new Database(ctx.dbPath);
    elsewhere.prepare("UPDATE area SET name = 'Worker Vale (renamed elsewhere)'").run();
    elsewhere.close();
    const preview = await previewing;
    expect(preview.ok).toBe(true);
    // The window's next answer begins from the other program's commit: a state the preview did not vouch for.
    const next = await api('app.changes');
    expect([preview.since, preview.stamp]).not.toContain(next.since);
  });

  it('an import that saves vouches for its own commit: the next answer begins from its stamp', async () => {
    const imported = await api('plan.commitImport', importRequest('replace'));
    expect(imported.ok).toBe(true);
    expect(imported.stamp).not.toBe(imported.since);
    expect((await api('app.changes')).since).toBe(imported.stamp);
  });

  it('stops a cancelled import before it writes: nothing saved, no history', async () => {
    const before = { lines: lineCount(), history: historyCount() };
    // Asked at once, the cancel reaches the worker before it has read the file.
    const running = offThread.run('plan.commitImport', importRequest('replace'));
    expect(await value('work.cancel')).toEqual({ asked: true });
    const { result } = await running;
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/^Cancelled/) },
    });
    expect({ lines: lineCount(), history: historyCount() }).toEqual(before);
    // With nothing running, Cancel has nothing to ask.
    expect(await value('work.cancel')).toEqual({ asked: false });
  });

  it('runs an import asked after a cancelled one in full: the flag does not carry over', async () => {
    const { result } = await offThread.run('plan.commitImport', importRequest('replace'));
    expect(result).toMatchObject({ ok: true });
    expect(lineCount()).toBe(LINES);
  });
});

describe("checking a plan file's rows", () => {
  const rows = syntheticPlanRows(shippedReference('2023-25'), LINES);

  it('is counted as it goes, and a Cancel pressed meanwhile stops it there, nothing written', () => {
    const local = tempContext();
    try {
      createArea(local, 'Counting Vale');
      const reports: { step: string; done: number; total: number }[] = [];
      let cancelled = false;
      local.work = {
        progress: (step, done = 0, total = 0) => void reports.push({ step, done, total }),
        // The user presses Cancel once the first count is shown; the next look at it stops the check.
        stopIfAsked: () => {
          if (cancelled) throw new ApiError('refused', 'Cancelled: the work was stopped before anything was saved.');
          cancelled = reports.some((r) => r.done > 0);
        },
        writing: () => undefined,
      };
      const history = (local.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
      expect(() => importPlanTable(local, { file: 'big plan.tsv', rows, year: '2023-24', mode: 'refuse' })).toThrow(
        /^Cancelled/,
      );
      expect(reports.map((r) => `${r.step}: ${r.done} of ${r.total}`)).toEqual([
        'Checking 6,001 rows of big plan.tsv: 2000 of 6001',
        'Checking 6,001 rows of big plan.tsv: 4000 of 6001',
      ]);
      expect(local.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 0 });
      expect((local.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(history);
    } finally {
      local.close();
    }
  });
});
