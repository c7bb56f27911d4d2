import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../electron/browser';
import {
  askRunningServer,
  forgetServing,
  newHandoffKey,
  recordServing,
  servingFile,
} from '../../electron/browser-handoff';
import { tempContext, tempDir, type TestContext } from '../helpers/db';

let ctx: TestContext;
let server: BrowserServer;
let dataDir: string;
const key = newHandoffKey();

beforeAll(async () => {
  ctx = tempContext();
  dataDir = tempDir();
  const rendererDir = tempDir();
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  server = await startBrowserServer({
    ctx,
    rendererDir,
    handoffKey: key,
    log: { error: () => undefined, info: () => undefined },
  });
});
afterAll(async () => {
  await server.close();
  ctx.close();
});

const signIn = (link: string) => fetch(link, { redirect: 'manual' });

describe('browser mode after the browser is closed', () => {
  it('lets the link printed in the terminal sign in again while the app runs; other links work once', async () => {
    const printed = server.newLaunchUrl({ reusable: true });
    expect((await signIn(printed)).status).toBe(303);
    expect((await signIn(printed)).status).toBe(303);
    const once = server.newLaunchUrl();
    expect((await signIn(once)).status).toBe(303);
    const again = await signIn(once);
    expect(again.status).toBe(403);
    expect(await again.text()).toContain(
      'run "bcf serve" (or "npm start") again: it prints a fresh link to this same app',
    );
  });

  it('gives a second start on the same data file a fresh link to the running app, and nobody else', async () => {
    const file = servingFile(ctx.dbPath, dataDir);
    const port = Number(new URL(server.url).port);
    recordServing(file, { pid: process.pid, port, key, db: ctx.dbPath, startedAt: new Date().toISOString() });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0);

    const running = await askRunningServer(file, ctx.dbPath);
    expect(running?.link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/launch\\?code=`));
    expect((await signIn(running!.link)).status).toBe(303);

    // Without the key, or with a wrong one, the server gives nothing.
    expect((await fetch(`${server.url}/handoff`, { method: 'POST' })).status).toBe(403);
    expect(
      (await fetch(`${server.url}/handoff`, { method: 'POST', headers: { 'X-BCF-Handoff': newHandoffKey() } })).status,
    ).toBe(403);
    expect(
      (
        await fetch(`${server.url}/handoff`, {
          method: 'POST',
          headers: { 'X-BCF-Handoff': key, Origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403);
    expect(fs.existsSync(file)).toBe(true);

    // Another data file is another app.
    expect(await askRunningServer(servingFile(`${ctx.dbPath}.other`, dataDir), `${ctx.dbPath}.other`)).toBeNull();
    forgetServing(file);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('starts afresh when the app that left the record is gone, removing the record', async () => {
    const file = servingFile(ctx.dbPath, dataDir);
    // A process number no process has (the kernel's limit is far below it).
    recordServing(file, {
      pid: 2 ** 30,
      port: Number(new URL(server.url).port),
      key,
      db: ctx.dbPath,
      startedAt: new Date().toISOString(),
    });
    expect(await askRunningServer(file, ctx.dbPath)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);

    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ not json');
    expect(await askRunningServer(file, ctx.dbPath)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
  });
});
