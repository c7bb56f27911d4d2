import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../electron/browser';
import { tempContext, tempDir, type TestContext } from '../helpers/db';

let ctx: TestContext;
let server: BrowserServer;
let rendererDir: string;

beforeAll(async () => {
  ctx = tempContext();
  rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(rendererDir), 'secret.txt'), 'not for you');
  server = await startBrowserServer({ ctx, rendererDir, log: { error: () => undefined, info: () => undefined } });
});
afterAll(async () => {
  await server.close();
  ctx.close();
});

const api = (method: string, init: { token?: string | null; origin?: string; host?: string; body?: unknown; contentType?: string } = {}) => {
  const headers: Record<string, string> = { 'Content-Type': init.contentType ?? 'application/json' };
  if (init.token !== null) headers['X-BCF-Token'] = init.token ?? server.token;
  if (init.origin) headers.Origin = init.origin;
  if (init.host) headers.Host = init.host;
  return fetch(`${server.url}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(init.body ?? {}) });
};

describe('browser mode', () => {
  it('listens on 127.0.0.1 and refuses any other interface', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    await expect(startBrowserServer({ ctx, rendererDir, host: '0.0.0.0' })).rejects.toThrow(/loopback interface only/);
    await expect(startBrowserServer({ ctx, rendererDir, host: '192.168.1.10' })).rejects.toThrow(/loopback interface only/);
  });

  it('answers an API call that carries the token', async () => {
    const res = await api('app.status');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { area: null } });
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    for (const token of [null, '', 'x'.repeat(43), `${server.token}x`]) {
      const res = await api('app.status', { token });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Missing or wrong token/) } });
    }
  });

  it('refuses a call from another web site, even with the token', async () => {
    const res = await api('area.create', { origin: 'https://evil.example', body: { name: 'Pwned' } });
    expect(res.status).toBe(403);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM area').get()).toEqual({ n: 0 });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    const res = await new Promise<number>((resolve) => {
      // fetch() will not let a page set Host; a raw request can, as a rebinding attack would.
      void import('node:http').then((http) => {
        http.get({ host: '127.0.0.1', port, path: '/', headers: { Host: `evil.example:${port}` } }, (r) => resolve(r.statusCode ?? 0));
      });
    });
    expect(res).toBe(421);
  });

  it('refuses other verbs and non-JSON bodies on the API', async () => {
    expect((await fetch(`${server.url}/api/app.status`, { headers: { 'X-BCF-Token': server.token } })).status).toBe(405);
    expect((await api('app.status', { contentType: 'text/plain' })).status).toBe(415);
    const bad = await fetch(`${server.url}/api/app.status`, { method: 'POST', headers: { 'X-BCF-Token': server.token, 'Content-Type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
  });

  it('gives structured errors with HTTP statuses', async () => {
    const unknown = await api('nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const invalid = await api('plan.get', { body: { year: 'soon' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'year' } });
  });

  it('signs a browser in with a one-time link, and never puts the token in a URL', async () => {
    const link = server.newLaunchUrl();
    expect(link).not.toContain(server.token);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(server.token);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(403);

    const page = await fetch(`${server.url}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(await page.text()).toContain(`<meta name="bcf-token" content="${server.token}">`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');

    const anonymous = await fetch(`${server.url}/`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain(server.token);
  });

  it('serves the app\'s files and nothing outside them', async () => {
    expect((await fetch(`${server.url}/app.js`)).status).toBe(200);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/app.js%00.html']) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.status, p).toBe(404);
      expect(await res.text()).not.toContain('not for you');
    }
  });
});
