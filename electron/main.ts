import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell, type MenuItemConstructorOptions, type WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatch } from './api/dispatch';
import { openServiceContext } from './host';
import { defaultDataDir } from './paths';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAllowedExternal, isAppUrl, resolveInside, secureWebPreferences } from './security';
import type { ServiceContext } from './services/context';
import { exportPlanCsv, planCsvName } from './services/plans/export-csv';
import { readSettings, resolveDbPath, settingsFile, writeSettings } from './settings';

/**
 * The desktop shell, kept thin: every piece of logic it calls lives in plain
 * Node modules that are tested without Electron. What stays here is wiring:
 * one window, one protocol, one IPC channel, and the Electron security
 * checklist (see electron/security.ts and the README).
 */
const IPC_CHANNEL = 'bcf:invoke';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const appRoot = app.getAppPath();
const rendererDir = path.join(appRoot, 'dist', 'renderer');
const assetsDir = path.join(appRoot, 'assets');
const settingsPath = settingsFile(defaultDataDir());
let ctx: (ServiceContext & { close: () => void }) | null = null;
let win: BrowserWindow | null = null;

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function openDb(file: string) {
  ctx?.close();
  ctx = openServiceContext({ dbPath: file, assetsDir });
}

function createWindow(): BrowserWindow {
  const saved = readSettings(settingsPath).window;
  const w = new BrowserWindow({
    width: saved?.width ?? 1280,
    height: saved?.height ?? 800,
    ...(saved?.x !== undefined && saved?.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    minWidth: 800,
    minHeight: 500,
    title: 'BCF Returns',
    show: false,
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  if (saved?.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  w.on('close', () => {
    const b = w.getNormalBounds();
    writeSettings({ ...readSettings(settingsPath), window: { width: b.width, height: b.height, x: b.x, y: b.y, maximized: w.isMaximized() } }, settingsPath);
  });
  void w.loadURL(`${APP_ORIGIN}/index.html`);
  return w;
}

/** Every web contents, now or later: no navigation away, no new windows, no webviews. */
function lockDown(contents: WebContents) {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

async function menuAction(action: 'new-area' | 'open' | 'backup' | 'export') {
  if (!win || !ctx) return;
  if (action === 'new-area' || action === 'open') {
    const result = action === 'open'
      ? await dialog.showOpenDialog(win, { title: 'Open an area database', filters: [{ name: 'BCF Returns database', extensions: ['sqlite'] }], properties: ['openFile'] })
      : await dialog.showSaveDialog(win, { title: 'New area: choose where to keep its data', defaultPath: path.join(defaultDataDir(), 'new-area.sqlite'), filters: [{ name: 'BCF Returns database', extensions: ['sqlite'] }] });
    const file = 'filePaths' in result ? result.filePaths[0] : result.filePath;
    if (result.canceled || !file) return;
    try {
      openDb(file);
      writeSettings({ ...readSettings(settingsPath), dbPath: file }, settingsPath);
      win.webContents.reload();
    } catch (err) {
      dialog.showErrorBox('Cannot open that file', (err as Error).message);
    }
    return;
  }
  if (action === 'backup') {
    const stamp = new Date().toISOString().slice(0, 10);
    const result = await dialog.showSaveDialog(win, { title: 'Back up', defaultPath: `bcf-backup-${stamp}.sqlite` });
    if (result.canceled || !result.filePath) return;
    await ctx.db.backup(result.filePath);
    return;
  }
  const result = await dialog.showSaveDialog(win, { title: 'Export every plan as CSV', defaultPath: planCsvName(ctx), filters: [{ name: 'CSV', extensions: ['csv'] }] });
  if (result.canceled || !result.filePath) return;
  fs.writeFileSync(result.filePath, exportPlanCsv(ctx));
}

function buildMenu() {
  const item = (label: string, action: Parameters<typeof menuAction>[0], accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => void menuAction(action).catch((err: Error) => dialog.showErrorBox('BCF Returns', err.message)),
  });
  const template: MenuItemConstructorOptions[] = [
    { label: 'File', submenu: [item('New area…', 'new-area', 'CmdOrCtrl+N'), item('Open…', 'open', 'CmdOrCtrl+O'), { type: 'separator' }, item('Back up…', 'backup'), item('Export…', 'export', 'CmdOrCtrl+E'), { type: 'separator' }, { role: 'quit' }] },
    { role: 'editMenu' },
    { role: 'viewMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    ctx?.close();
    app.quit();
  });
  void app.whenReady().then(() => {
    try {
      openDb(resolveDbPath(argValue('--db')));
    } catch (err) {
      dialog.showErrorBox('BCF Returns cannot open its data', (err as Error).message);
      app.quit();
      return;
    }
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveInside(rendererDir, new URL(request.url).pathname);
      if (!file || !fs.existsSync(file)) return new Response('Not found', { status: 404 });
      const response = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(response.headers);
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(response.body, { status: response.status, headers });
    });
    ipcMain.handle(IPC_CHANNEL, (event, method: unknown, payload: unknown) => {
      if (!ctx || !isAppUrl(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'refused', message: 'Calls are accepted only from the app window.' } };
      }
      return dispatch(ctx, method, payload);
    });
    buildMenu();
    win = createWindow();
  });
}
