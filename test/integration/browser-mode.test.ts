import fs from 'node:fs';
import http from 'node:http';
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
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(rendererDir), 'secret.txt'), 'not for you');
  server = await startBrowserServer({ ctx, rendererDir, log: { error: () => undefined, info: () => undefined } });
});
afterAll(async () => {
  await server.close();
  ctx.close();
});

const api = (
  method: string,
  init: { token?: string | null; origin?: string; host?: string; body?: unknown; contentType?: string } = {},
) => {
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
    await expect(startBrowserServer({ ctx, rendererDir, host: '192.168.1.10' })).rejects.toThrow(
      /loopback interface only/,
    );
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
      expect(await res.json()).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/Missing or wrong token/) },
      });
    }
  });

  it('refuses a call from another web site, even with the token', async () => {
    const res = await api('area.create', { origin: 'https://evil.example', body: { name: 'Pwned' } });
    expect(res.status).toBe(403);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM area').get()).toEqual({ n: 0 });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    const res = await new Promise<number>((resolve, reject) => {
      // fetch() will not let a page set Host; a raw request can, as a rebinding attack would.
      http
        .get({ host: '127.0.0.1', port, path: '/', headers: { Host: `evil.example:${port}` } }, (r) =>
          resolve(r.statusCode ?? 0),
        )
        .on('error', reject);
    });
    expect(res).toBe(421);
  });

  it('refuses an API call through a foreign Host (DNS rebinding) even with the token, writing nothing', async () => {
    const port = Number(new URL(server.url).port);
    const net = await import('node:net');
    // Raw requests: a rebinding page's browser sends the attacker's name as Host; an old client may send none at all.
    const raw = (hostLine: string) =>
      new Promise<string>((resolve, reject) => {
        const body = JSON.stringify({ name: 'Pwned' });
        const sock = net.connect(port, '127.0.0.1', () => {
          sock.end(
            `POST /api/area.create HTTP/1.1\r\n${hostLine}Content-Type: application/json\r\nX-BCF-Token: ${server.token}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
          );
        });
        let out = '';
        sock.on('data', (d) => {
          out += d.toString();
        });
        sock.on('end', () => resolve(out.split('\r\n')[0]!));
        sock.on('error', reject);
      });
    for (const hostLine of [
      `Host: evil.example:${port}\r\n`,
      `Host: 127.0.0.1.evil.example:${port}\r\n`,
      `Host: localhost:${port + 1}\r\n`,
      'Host: \r\n',
    ]) {
      expect(await raw(hostLine), hostLine).toMatch(/^HTTP\/1\.1 (421|400)/);
    }
    expect(await raw(`Host: 127.0.0.1:${port}\r\n`)).toMatch(/^HTTP\/1\.1 200/);
    expect(ctx.db.prepare("SELECT count(*) AS n FROM area WHERE name = 'Pwned'").get()).toEqual({ n: 1 });
    ctx.db.prepare('DELETE FROM audit_log').run();
    ctx.db.prepare('DELETE FROM area').run();
  });

  it('refuses every Origin but its own: another site, another port, a sandboxed frame ("null")', async () => {
    const port = Number(new URL(server.url).port);
    for (const origin of [
      'null',
      `http://127.0.0.1:${port + 1}`,
      `http://localhost.evil.example:${port}`,
      `https://127.0.0.1:${port}`,
      'file://',
    ]) {
      const res = await api('area.create', { origin, body: { name: 'Pwned' } });
      expect(res.status, origin).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await api('app.status', { origin: `http://localhost:${port}` })).status).toBe(200);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM area').get()).toEqual({ n: 0 });
  });

  it('does not let the session cookie alone call the API (no cross-site request forgery), nor a CORS preflight through', async () => {
    const first = await fetch(server.newLaunchUrl(), { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${server.url}/api/area.create`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Pwned' }),
    });
    expect(res.status).toBe(401);
    const preflight = await fetch(`${server.url}/api/area.create`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-bcf-token',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(ctx.db.prepare('SELECT count(*) AS n FROM area').get()).toEqual({ n: 0 });
  });

  it('refuses other verbs and non-JSON bodies on the API', async () => {
    expect((await fetch(`${server.url}/api/app.status`, { headers: { 'X-BCF-Token': server.token } })).status).toBe(
      405,
    );
    expect((await api('app.status', { contentType: 'text/plain' })).status).toBe(415);
    const bad = await fetch(`${server.url}/api/app.status`, {
      method: 'POST',
      headers: { 'X-BCF-Token': server.token, 'Content-Type': 'application/json' },
      body: '{',
    });
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

  it("serves the app's files and nothing outside them", async () => {
    expect((await fetch(`${server.url}/app.js`)).status).toBe(200);
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/app.js%00.html',
    ]) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.status, p).toBe(404);
      expect(await res.text()).not.toContain('not for you');
    }
  });
});
