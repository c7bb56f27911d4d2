import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { HTTP_STATUS } from '../shared/api';
import { base64Length, MAX_FILE_BYTES } from '../shared/files/limits';
import { dispatchRouted, type OffThread } from './api/off-thread';
import type { ServiceContext } from './services/context';
import { CONTENT_SECURITY_POLICY, resolveInside } from './security';

/**
 * Browser mode: the same API over HTTP on the loopback interface, for machines
 * without the Electron runtime and for end-to-end tests. Any web page the user
 * visits can send requests to localhost, so every API call must carry the
 * per-launch token, and a foreign Host (DNS rebinding) or Origin is refused.
 * The token never appears in a URL: the printed link holds a one-time launch
 * code, exchanged for an HttpOnly session cookie, and the page receives the
 * token inside its HTML.
 */
export interface BrowserServerOptions {
  ctx: ServiceContext;
  /** Where long work runs, so that reads are answered meanwhile; without one, everything runs here. */
  offThread?: OffThread;
  rendererDir: string;
  host?: string;
  port?: number;
  log?: Pick<Console, 'error' | 'info'>;
  /**
   * A secret that lets a second `bcf serve` on the same data file ask this
   * server for a fresh link (POST /handoff), instead of starting another
   * server on another port. Kept in the user's own app-data folder.
   */
  handoffKey?: string;
}

export interface BrowserServer {
  url: string;
  /**
   * A fresh link that signs a browser in: used once, or, for the link printed
   * in the terminal, as often as needed while this server runs (a user who
   * closes the browser opens the printed link again).
   */
  newLaunchUrl: (options?: { reusable?: boolean }) => string;
  token: string;
  close: () => Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);
// The largest file the API takes, as base64, and room for the rest of the request around it.
const MAX_BODY = base64Length(MAX_FILE_BYTES) + 1024 * 1024;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const secret = () => crypto.randomBytes(32).toString('base64url');

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host))
    throw new Error(`Browser mode listens on the loopback interface only (127.0.0.1 or ::1), not ${host}.`);
  const log = options.log ?? console;
  const token = secret();
  const session = secret();
  /** Launch codes, each with whether it may be used again. */
  const launchCodes = new Map<string, boolean>();
  let port = 0;
  const base = () => `http://${host === '::1' ? '[::1]' : host}:${port}`;
  function newLaunchUrl(launch: { reusable?: boolean } = {}): string {
    const code = secret();
    launchCodes.set(code, launch.reusable === true);
    return `${base()}/launch?code=${code}`;
  }

  const hostOk = (h: string | undefined) =>
    h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
  const originOk = (o: string | undefined) =>
    o === undefined ||
    o === `http://127.0.0.1:${port}` ||
    o === `http://localhost:${port}` ||
    o === `http://[::1]:${port}`;
  const hasSession = (req: http.IncomingMessage) => same(cookie(req, 'bcf_session'), session);

  const send = (
    res: http.ServerResponse,
    status: number,
    body: string | Buffer,
    type: string,
    extra: http.OutgoingHttpHeaders = {},
  ) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
      ...extra,
    });
    res.end(body);
  };
  const refuse = (res: http.ServerResponse, status: number, message: string) =>
    send(res, status, JSON.stringify({ ok: false, error: { code: 'refused', message } }), 'application/json');

  const server = http.createServer((req, res) => {
    if (!hostOk(req.headers.host)) return refuse(res, 421, 'This server answers only to 127.0.0.1 and localhost.');
    if (!originOk(req.headers.origin)) return refuse(res, 403, 'Requests from other web sites are refused.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'API calls are POST requests.');
      if (!same(req.headers['x-bcf-token'] as string | undefined, token))
        return refuse(res, 401, 'Missing or wrong token: open the app from the link printed when it started.');
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
        return refuse(res, 415, 'API calls send JSON (Content-Type: application/json).');
      // Answered asynchronously; the handler itself returns nothing for node:http to ignore.
      readBody(req, MAX_BODY)
        .then(
          async (text) => {
            let payload: unknown;
            try {
              payload = text === '' ? {} : JSON.parse(text);
            } catch {
              return send(
                res,
                400,
                JSON.stringify({
                  ok: false,
                  error: { code: 'invalid_request', message: 'The request body is not valid JSON.' },
                }),
                'application/json',
              );
            }
            const result = await dispatchRouted(
              options.ctx,
              options.offThread ?? null,
              safeDecode(url.pathname.slice(5)),
              payload,
              log,
            );
            send(res, result.ok ? 200 : HTTP_STATUS[result.error.code], JSON.stringify(result), 'application/json');
          },
          (err: Error) => refuse(res, 413, err.message),
        )
        .catch((err: unknown) => {
          // dispatch never throws; this is the socket failing under us. Say so, and end the request.
          log.error(`Could not answer ${url.pathname}:`, err);
          if (res.headersSent) res.destroy();
          else refuse(res, 500, 'The server could not answer this request.');
        });
      return;
    }

    if (url.pathname === '/handoff') {
      if (
        req.method !== 'POST' ||
        !options.handoffKey ||
        !same(req.headers['x-bcf-handoff'] as string | undefined, options.handoffKey)
      )
        return refuse(res, 403, 'Not allowed.');
      return send(res, 200, JSON.stringify({ ok: true, link: newLaunchUrl() }), 'application/json');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served here.');
    if (url.pathname === '/launch') {
      const code = url.searchParams.get('code') ?? '';
      if (!launchCodes.has(code))
        return send(
          res,
          403,
          signInPage(
            'This link has already been used or is not valid. To get back in, use the link printed where the app was started, or run "bcf serve" (or "npm start") again: it prints a fresh link to this same app.',
          ),
          MIME['.html']!,
        );
      if (!launchCodes.get(code)) launchCodes.delete(code);
      return send(res, 303, '', 'text/plain', {
        Location: '/',
        'Set-Cookie': `bcf_session=${session}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!hasSession(req))
        return send(
          res,
          401,
          signInPage('Open the app from the link printed in the terminal where it was started.'),
          MIME['.html']!,
        );
      const html = fs
        .readFileSync(path.join(options.rendererDir, 'index.html'), 'utf8')
        .replace('<head>', `<head><meta name="bcf-token" content="${token}">`);
      return send(res, 200, html, MIME['.html']!);
    }
    const file = resolveInside(options.rendererDir, url.pathname);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile())
      return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    send(res, 200, fs.readFileSync(file), MIME[path.extname(file)] ?? 'application/octet-stream', {
      'Cache-Control': 'no-cache',
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: base(),
    token,
    newLaunchUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function cookie(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`The request is larger than ${limit / 1048576} MB.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function signInPage(message: string): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>BCF Returns</title></head><body><main><h1>BCF Returns</h1><p>${message}</p></main></body></html>`;
}
