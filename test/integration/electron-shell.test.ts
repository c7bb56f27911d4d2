import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runTs } from '../helpers/child';
import { tempDir } from '../helpers/db';
import { ROOT } from '../helpers/fixtures';

/**
 * The Electron runtime cannot be downloaded here, so electron/main.ts and
 * preload.ts are loaded against a recording stand-in for the 'electron'
 * module (the one edge we cannot reach) and each item of the security
 * checklist that a test can observe is checked on what they asked Electron to do.
 */
const rec = vi.hoisted(() => ({
  schemes: [] as unknown[],
  appHandlers: {} as Record<string, (...a: unknown[]) => void>,
  windows: [] as { options: { webPreferences: Record<string, unknown> }; url?: string }[],
  protocolHandlers: {} as Record<string, (req: { url: string }) => Promise<Response>>,
  ipc: {} as Record<string, (...a: unknown[]) => unknown>,
  permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | (() => boolean),
  openExternal: [] as string[],
  exposed: {} as Record<string, unknown>,
  ipcInvokes: [] as unknown[][],
  quit: 0,
  lock: true,
  appPath: '',
  menu: [] as {
    label?: string;
    role?: string;
    submenu?: { label?: string; type?: string; role?: string; click?: () => void }[];
  }[],
  /** What the next file dialog returns, and the answers the next message boxes give (button indexes). */
  openDialogFile: '' as string,
  answers: [] as number[],
  messageBoxes: [] as { title?: string; message: string; detail?: string; buttons?: string[] }[],
  reloads: 0,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      reload: () => {
        rec.reloads += 1;
      },
    };
    constructor(options: { webPreferences: Record<string, unknown> }) {
      rec.windows.push({ options });
    }
    once() {}
    on() {}
    show() {}
    maximize() {}
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 800 };
    }
    loadURL(url: string) {
      rec.windows[rec.windows.length - 1]!.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      getAppPath: () => rec.appPath,
      requestSingleInstanceLock: () => rec.lock,
      on: (event: string, fn: (...a: unknown[]) => void) => {
        rec.appHandlers[event] = fn;
      },
      whenReady: () => Promise.resolve(),
      quit: () => {
        rec.quit += 1;
      },
    },
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => rec.schemes.push(...s),
      handle: (scheme: string, fn: (req: { url: string }) => Promise<Response>) => {
        rec.protocolHandlers[scheme] = fn;
      },
    },
    net: {
      fetch: async (url: string) =>
        new Response(fs.readFileSync(new URL(url)), { headers: { 'Content-Type': 'text/html' } }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: never) => {
          rec.permissionRequest = fn;
        },
        setPermissionCheckHandler: (fn: never) => {
          rec.permissionCheck = fn;
        },
      },
    },
    ipcMain: {
      handle: (channel: string, fn: (...a: unknown[]) => unknown) => {
        rec.ipc[channel] = fn;
      },
    },
    Menu: {
      buildFromTemplate: (t: typeof rec.menu) => {
        rec.menu = t;
        return t;
      },
      setApplicationMenu: () => undefined,
    },
    dialog: {
      showErrorBox: (title: string, message: string) => {
        throw new Error(`${title}: ${message}`);
      },
      showOpenDialog: async () => ({ canceled: false, filePaths: [rec.openDialogFile] }),
      showMessageBox: async (...a: unknown[]) => {
        const options = a[a.length - 1] as { title?: string; message: string; detail?: string; buttons?: string[] };
        rec.messageBoxes.push(options);
        return { response: rec.answers.shift() ?? 0 };
      },
    },
    shell: {
      openExternal: async (url: string) => {
        rec.openExternal.push(url);
      },
    },
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => {
        rec.exposed[key] = value;
      },
    },
    ipcRenderer: {
      invoke: async (...a: unknown[]) => {
        rec.ipcInvokes.push(a);
        return 'answer';
      },
    },
  };
});

beforeAll(async () => {
  rec.appPath = tempDir();
  fs.mkdirSync(path.join(rec.appPath, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(
    path.join(rec.appPath, 'dist', 'renderer', 'index.html'),
    '<!doctype html><title>BCF Returns</title>',
  );
  fs.cpSync(path.join(ROOT, 'assets'), path.join(rec.appPath, 'assets'), { recursive: true });
  process.env.BCF_DATA_DIR = tempDir();
  process.env.BCF_DB = path.join(tempDir(), 'desktop.sqlite');
  await import('../../electron/main');
  await new Promise((r) => setTimeout(r, 50));
});

function fakeContents() {
  const handlers: Record<string, (e: { preventDefault: () => void }, url?: string) => void> = {};
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  return {
    on: (event: string, fn: (e: { preventDefault: () => void }, url?: string) => void) => {
      handlers[event] = fn;
    },
    setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => {
      openHandler = fn;
    },
    navigate(event: string, url?: string) {
      let prevented = false;
      const e = {
        preventDefault: () => {
          prevented = true;
        },
        url: url ?? '',
      };
      handlers[event]!(e, url);
      return prevented;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

describe('the desktop window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, web security', () => {
    const prefs = rec.windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
  });

  it('loads the app from the app:// protocol, never file://', () => {
    expect(rec.windows[0]!.url).toBe('app://bcf/index.html');
    expect(rec.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('takes the single-instance lock', () => {
    expect(rec.appHandlers['second-instance']).toBeTypeOf('function');
  });
});

describe('the app:// protocol', () => {
  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await rec.protocolHandlers.app!({ url: 'app://bcf/index.html' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(
      /default-src 'self'; script-src 'self'; style-src 'self'/,
    );
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('has a CSP that is strict in every directive, and a page with nothing inline for it to allow', async () => {
    const res = await rec.protocolHandlers.app!({ url: 'app://bcf/index.html' });
    const csp = new Map(
      res.headers
        .get('content-security-policy')!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k!, v]),
    );
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = fs.readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const url of [
      'app://bcf/../../assets/samples/plan-2019-20-schemes.tsv',
      'app://bcf/%2e%2e/%2e%2e/assets/samples/plan-2019-20-schemes.tsv',
      'app://bcf/..%5c..%5cassets%5csamples%5cplan-2019-20-schemes.tsv',
    ]) {
      expect((await rec.protocolHandlers.app!({ url })).status, url).toBe(404);
    }
  });
});

describe('navigation, new windows and permissions', () => {
  const contents = fakeContents();
  beforeAll(() => rec.appHandlers['web-contents-created']!({}, contents));

  it('denies navigation away from the app', () => {
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'app://bcf/index.html')).toBe(false);
    expect(contents.navigate('will-attach-webview')).toBe(true);
  });

  it('denies every new window, opening only allow-listed links in the browser', () => {
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.open('https://www.england.nhs.uk/ourwork/part-rel/better-care-fund/')).toEqual({ action: 'deny' });
    expect(rec.openExternal).toEqual(['https://www.england.nhs.uk/ourwork/part-rel/better-care-fund/']);
  });

  it('denies navigation of frames inside the page too', () => {
    expect(contents.navigate('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-frame-navigate', 'app://bcf/index.html')).toBe(false);
  });

  it('opens no look-alike of an allowed link, and opens the parsed link rather than the text given', () => {
    const before = rec.openExternal.length;
    for (const url of [
      'https://www.gov.uk.evil.example/',
      'https://www.gov.uk@evil.example/',
      'https://evil.example/?u=https://www.gov.uk/',
      'http://www.gov.uk/',
      'https://www.gov.uk:8443/',
      ' https://www.gov.uk/',
      'https://www.gov.uk/\nhttps://evil.example/',
      'https://www.gov.uk\\@evil.example/',
      'javascript:alert(1)//https://www.gov.uk/',
      'file:///C:/Windows/System32/calc.exe',
      'ms-msdt:/id PCWDiagnostic',
      'https://xn--gv-uk-9qa.example/',
    ]) {
      expect(contents.open(url), url).toEqual({ action: 'deny' });
    }
    expect(rec.openExternal.length).toBe(before);
    contents.open('https://WWW.GOV.UK/government/publications/better-care-fund');
    expect(rec.openExternal.at(-1)).toBe('https://www.gov.uk/government/publications/better-care-fund');
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      rec.permissionRequest!({}, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false]);
    expect(rec.permissionCheck!()).toBe(false);
  });
});

describe('IPC', () => {
  const invoke = (url: string, method: unknown, payload: unknown) =>
    rec.ipc['bcf:invoke']!({ senderFrame: { url } }, method, payload);

  it('answers the app window through the one channel', async () => {
    expect(Object.keys(rec.ipc)).toEqual(['bcf:invoke']);
    expect(await invoke('app://bcf/index.html', 'app.status', {})).toMatchObject({ ok: true, value: { area: null } });
  });

  it('refuses calls from any other frame', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', '']) {
      expect(await invoke(url, 'area.create', { name: 'Pwned' })).toEqual({
        ok: false,
        error: { code: 'refused', message: 'Calls are accepted only from the app window.' },
      });
    }
    expect(await rec.ipc['bcf:invoke']!({ senderFrame: null }, 'app.status', {})).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    expect(await invoke('app://bcf/index.html', 'app.status', {})).toMatchObject({ ok: true, value: { area: null } });
  });

  it('refuses payloads that fail their schema', async () => {
    expect(await invoke('app://bcf/index.html', 'area.create', { name: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'name' },
    });
    expect(
      await invoke('app://bcf/index.html', 'area.create', JSON.parse('{"name":"A","__proto__":{"admin":true}}')),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await invoke('app://bcf/index.html', 'backups.restore', { name: '../../etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'name' },
    });
    // A window cannot name a folder for a backup to be written into.
    expect(await invoke('app://bcf/index.html', 'backups.create', { folder: '/tmp' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses frames whose address only looks like the app', async () => {
    for (const url of [
      'app://bcf.evil.example/index.html',
      'app://evil@bcf.example/',
      'app://bcfx/',
      'https://bcf/index.html',
      'APP://other/',
    ]) {
      expect(await invoke(url, 'app.status', {}), url).toMatchObject({ ok: false, error: { code: 'refused' } });
    }
  });
});

describe('the File menu', () => {
  it('offers Back up… and Restore…', () => {
    const file = rec.menu.find((m) => m.label === 'File')!;
    expect(file.submenu!.map((i) => i.label ?? i.type ?? i.role)).toEqual([
      'New area…',
      'Open…',
      'separator',
      'Back up…',
      'Restore…',
      'Export…',
      'separator',
      'quit',
    ]);
  });
});

describe('the preload', () => {
  it('exposes window.bcf with invoke, and nothing else', async () => {
    await import('../../electron/preload');
    expect(Object.keys(rec.exposed)).toEqual(['bcf']);
    const bcf = rec.exposed.bcf as Record<string, unknown>;
    expect(Object.keys(bcf)).toEqual(['invoke']);
    expect(Object.isFrozen(bcf)).toBe(true);
    await (bcf.invoke as (m: string, p: unknown) => Promise<unknown>)('plan.get', { year: '2019-20' });
    expect(rec.ipcInvokes).toEqual([['bcf:invoke', 'plan.get', { year: '2019-20' }]]);
  });
});

describe('backing up and restoring from the File menu', () => {
  const invoke = (method: string, payload: unknown) =>
    rec.ipc['bcf:invoke']!({ senderFrame: { url: 'app://bcf/index.html' } }, method, payload) as Promise<{
      ok: boolean;
      value: never;
    }>;
  const click = (label: string) =>
    rec.menu.find((m) => m.label === 'File')!.submenu!.find((i) => i.label === label)!.click!();

  it("Back up… writes into the folder chosen; Restore… shows the backup's date and contents, and restores only when told", async () => {
    expect((await invoke('sample.load', {})).ok).toBe(true);
    const folder = tempDir();
    rec.openDialogFile = folder;
    rec.messageBoxes = [];
    click('Back up…');
    await vi.waitFor(() => expect(rec.messageBoxes).toHaveLength(1));
    const backup = path.join(folder, fs.readdirSync(folder)[0]!);
    expect(rec.messageBoxes[0]).toMatchObject({ title: 'Backed up', detail: backup });

    const lines = async () =>
      ((await invoke('plan.get', { year: '2019-20' })).value as { lines: unknown[] }).lines.length;
    const first = ((await invoke('plan.get', { year: '2019-20' })).value as { lines: { id: number }[] }).lines[0]!;
    await invoke('line.delete', { id: first.id });
    expect(await lines()).toBe(50);

    rec.openDialogFile = backup;
    rec.answers = [1]; // Cancel
    click('Restore…');
    await vi.waitFor(() => expect(rec.messageBoxes).toHaveLength(2));
    expect(rec.messageBoxes[1]).toMatchObject({
      message: expect.stringMatching(/^Restore the backup taken .*\?$/),
      buttons: ['Restore', 'Cancel'],
    });
    expect(rec.messageBoxes[1]!.detail).toContain('Bath and North East Somerset: 2019-20 plan 51 lines');
    expect(await lines()).toBe(50);

    rec.answers = [0, 0]; // Restore, then OK
    const reloads = rec.reloads;
    click('Restore…');
    await vi.waitFor(() => expect(rec.messageBoxes).toHaveLength(4));
    expect(rec.messageBoxes[3]).toMatchObject({
      title: 'Restored',
      detail: expect.stringMatching(/^The data as it was just before is kept in .*-before-restore\.sqlite\.$/),
    });
    expect(await lines()).toBe(51);
    expect(rec.reloads).toBe(reloads + 1);
  });
});

describe('starting after a crash that damaged the data', () => {
  it('says so, and restores the newest good backup when the user agrees', async () => {
    const dbPath = path.join(tempDir(), 'crashed.sqlite');
    const { openServiceContext } = await import('../../electron/host');
    openServiceContext({ dbPath, assetsDir: path.join(ROOT, 'assets') }).close();
    expect((await runTs('test/helpers/children/hold.ts', ['die', dbPath])).code).toBe('SIGKILL');
    const raw = new Database(dbPath);
    fs.mkdirSync(path.join(path.dirname(dbPath), 'backups'));
    raw
      .prepare('VACUUM INTO ?')
      .run(path.join(path.dirname(dbPath), 'backups', 'crashed-2026-03-30T16-00-00-000Z-timer.sqlite'));
    raw.close();
    const fd = fs.openSync(dbPath, 'r+');
    fs.writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, 2 * 4096);
    fs.closeSync(fd);

    vi.resetModules();
    process.env.BCF_DB = dbPath;
    rec.messageBoxes = [];
    rec.answers = [0]; // Restore this backup
    await import('../../electron/main');
    await vi.waitFor(() => expect(rec.messageBoxes).toHaveLength(1));
    expect(rec.messageBoxes[0]).toMatchObject({
      title: 'Your data did not pass its check',
      buttons: ['Restore this backup', 'Continue with an empty file', 'Quit'],
    });
    expect(rec.messageBoxes[0]!.message).toMatch(/^Restore the backup taken .*30 March 2026/);
    expect(rec.messageBoxes[0]!.detail).toMatch(/moved aside, unchanged, to .*crashed-damaged-.*\.sqlite/);
    await vi.waitFor(() => expect(rec.ipc['bcf:invoke']).toBeTypeOf('function'));
    const invoke = (method: string, payload: unknown) =>
      rec.ipc['bcf:invoke']!({ senderFrame: { url: 'app://bcf/index.html' } }, method, payload) as Promise<{
        ok: boolean;
        value: { lines: unknown[] };
      }>;
    await vi.waitFor(async () => expect((await invoke('plan.get', { year: '2019-20' })).value.lines).toHaveLength(51));
  });
});

describe('a second copy of the app', () => {
  it('quits at once when another holds the single-instance lock', async () => {
    vi.resetModules();
    rec.lock = false;
    const before = rec.quit;
    await import('../../electron/main');
    expect(rec.quit).toBe(before + 1);
  });
});
