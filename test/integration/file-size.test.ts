import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { startBrowserServer, type BrowserServer } from '../../electron/browser';
import { LIMITS } from '../../shared/files/limits';
import { bcf } from '../helpers/cli';
import { fileHash, tempContext, tempDir, type TestContext } from '../helpers/db';

/**
 * A file's size is bounded in one place (LIMITS): the API and browser mode let through every file a
 * reader takes, so the reader's own message (naming the file and what it found) is what a user reads,
 * and a file over the largest bound is refused before it is read, in the same words by every client.
 */
let ctx: TestContext;
let server: BrowserServer;

beforeAll(async () => {
  ctx = tempContext();
  ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Sizeshire', '2026-01-01')").run();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startBrowserServer({ ctx, rendererDir, log: { error: () => undefined, info: () => undefined } });
});
afterAll(async () => {
  await server.close();
  ctx.close();
});

async function previewOverHttp(fileName: string, bytes: number): Promise<{ ok: boolean; error?: { message: string } }> {
  const contentBase64 = Buffer.alloc(bytes, 'x').toString('base64');
  const res = await fetch(`${server.url}/api/plan.previewImport`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-BCF-Token': server.token },
    body: JSON.stringify({ year: '2023-24', fileName, contentBase64 }),
  });
  return (await res.json()) as { ok: boolean; error?: { message: string } };
}

describe('the size of a file sent to the app', () => {
  it('lets a 40 MB workbook through to the reader, which says what is wrong with it', async () => {
    const before = fileHash(ctx.dbPath);
    const answer = await previewOverHttp('plan.xlsx', 40 * 1024 * 1024);
    expect(answer.ok).toBe(false);
    expect(answer.error?.message).toMatch(/plan\.xlsx/);
    expect(answer.error?.message).not.toMatch(/contentBase64|too big|request is larger/);
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('refuses a file over the largest bound, saying the bound, and changes nothing', async () => {
    // Through the API as the desktop's IPC calls it (browser mode stops such a request at its body's cap).
    const before = fileHash(ctx.dbPath);
    const contentBase64 = Buffer.alloc(LIMITS.xlsxBytes + 1024 * 1024, 'x').toString('base64');
    const answer = await dispatch(ctx, 'plan.previewImport', { year: '2023-24', fileName: 'plan.xlsx', contentBase64 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(answer.ok ? '' : answer.error.message).toMatch(/larger than 50 MB, the most this app reads/);
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('the command line refuses it before reading it, in the words the window uses', () => {
    const file = path.join(tempDir(), 'big plan.xlsx');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, LIMITS.xlsxBytes + 1024 * 1024);
    const r = bcf(['--db', ctx.dbPath, 'import', 'plan', file, '--year', '2023-24']);
    expect(r.stderr).toBe(
      'bcf: big plan.xlsx is 51.0 MB; the largest file this import reads is 50 MB. Nothing was read.\n',
    );
    expect(r.code).toBe(1);
  });
});
