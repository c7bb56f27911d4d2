import path from 'node:path';

/**
 * The security decisions of the desktop shell and browser mode, kept as plain
 * functions and constants so that tests can check each one without Electron.
 */

/** Scripts, styles and data come only from the app itself; nothing is framed, nothing inline. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://bcf';

/** Electron webPreferences for the one window: the renderer is untrusted. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: true,
  } as const;
}

/**
 * Maps a URL path to a file inside `root`, or null when it would escape it
 * ("../", encoded "%2e%2e", backslashes, NUL) — the app:// protocol and
 * browser mode serve nothing outside the built renderer.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const target = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  const rel = path.relative(base, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return target;
}

/** Only frames showing the app itself may call the API over IPC. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'bcf';
  } catch {
    return false;
  }
}

/** Sites the app may open in the user's browser: NHS England and GOV.UK guidance only. */
const EXTERNAL_HOSTS = new Set([
  'england.nhs.uk',
  'www.england.nhs.uk',
  'gov.uk',
  'www.gov.uk',
  'legislation.gov.uk',
  'www.legislation.gov.uk',
]);

/**
 * The link to hand to the system browser, or null. The URL is parsed, not
 * pattern-matched: only https, only the allowed hosts exactly (not
 * "www.gov.uk.evil.example"), no user name or password ("https://www.gov.uk@evil"),
 * no explicit port, and what is opened is the parsed URL, not the text given.
 */
export function externalLink(url: string): string | null {
  if (typeof url !== 'string' || url.length > 2000 || /[\s\\]/.test(url)) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port || !EXTERNAL_HOSTS.has(u.hostname)) return null;
  return u.href;
}

export function isAllowedExternal(url: string): boolean {
  return externalLink(url) !== null;
}
