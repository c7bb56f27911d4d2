import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOffThread } from '../../electron/api/off-thread';
import { startBrowserServer, type BrowserServer } from '../../electron/browser';
import { openServiceContext } from '../../electron/host';
import type { ServiceContext } from '../../electron/services/context';
import { ASSETS_DIR, RENDERER_DIR } from '../../electron/source-root';

export interface AppUnderTest {
  server: BrowserServer;
  ctx: ServiceContext;
  /** Signs the page in through a fresh one-time link, as a user clicking the printed link would. */
  open: () => Promise<void>;
}

/**
 * Each test gets its own SQLite file and its own browser-mode server. A test fails if the page
 * threw an error nothing caught or left a promise's rejection unhandled (issue 16, point 5): the
 * app shows those as "Something went wrong", which is never a behaviour to pass.
 */
export const test = base.extend<{ app: AppUnderTest }>({
  app: async ({ page }, use) => {
    const uncaught: string[] = [];
    // Chromium reports a promise's unhandled rejection here as well as an uncaught error.
    page.on('pageerror', (err) => uncaught.push(err.message));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-e2e-'));
    const ctx = openServiceContext({ dbPath: path.join(dir, 'bcf.sqlite'), assetsDir: ASSETS_DIR, actor: 'e2e' });
    // As `bcf serve` does: long work on a worker thread, so the page can show its progress.
    const offThread = startOffThread({ dbPath: ctx.dbPath, assetsDir: ASSETS_DIR, actor: ctx.actor });
    ctx.longWork = offThread;
    const server = await startBrowserServer({
      ctx,
      offThread,
      rendererDir: RENDERER_DIR,
      log: { error: () => undefined, info: () => undefined },
    });
    await use({ server, ctx, open: async () => void (await page.goto(server.newLaunchUrl())) });
    await server.close();
    await offThread.close();
    ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(uncaught, 'errors the page left unhandled').toEqual([]);
  },
});

export { expect };

/** WCAG 2.2 AA, as axe checks it, on the page as it stands (or only the part `within` selects: quicker). */
export async function expectAccessible(page: Page, within?: string): Promise<void> {
  const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
  const results = await (within ? axe.include(within) : axe).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`),
  ).toEqual([]);
}
