import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  session,
  shell,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatchRouted, startOffThread, type OffThread } from './api/off-thread';
import { backupsDirFor } from './db/backup-file';
import { openServiceContext, type HostContext } from './host';
import { defaultDataDir } from './paths';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  externalLink,
  isAppUrl,
  resolveInside,
  secureWebPreferences,
} from './security';
import { backUpNow } from './services/backups/backups';
import { inspectBackupFile, restoreFromFile } from './services/backups/restore';
import { startBackupTimer } from './services/backups/timer';
import { restorePrompt, startupPrompt, type Prompt } from './services/health/prompts';
import { exportPlanCsv, planCsvName } from './services/plans/export-csv';
import { readSettings, resolveDbPath, settingsFile, writeSettings } from './settings';

/**
 * The desktop shell, kept thin: every piece of logic it calls lives in plain
 * Node modules that are tested without Electron. What stays here is wiring:
 * one window, one protocol, one IPC channel, and the Electron security
 * checklist (see electron/security.ts and the README).
 */
const IPC_CHANNEL = 'bcf:invoke';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const appRoot = app.getAppPath();
const rendererDir = path.join(appRoot, 'dist', 'renderer');
const assetsDir = path.join(appRoot, 'assets');
const settingsPath = settingsFile(defaultDataDir());
let ctx: HostContext | null = null;
let stopTimer: (() => void) | null = null;
let win: BrowserWindow | null = null;
/** Long work (imports, fills, PDFs) runs on a worker, so the window stays responsive meanwhile. */
let offThread: OffThread | null = null;

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function closeDb() {
  stopTimer?.();
  stopTimer = null;
  offThread?.close().catch((err: unknown) => console.error('The worker for long work did not stop cleanly', err));
  offThread = null;
  ctx?.close();
  ctx = null;
}

/** Opens a database with the start-up check, an automatic backup on start, and backups on a timer. */
function openDb(file: string) {
  const next = openServiceContext({ dbPath: file, assetsDir, onDamaged: 'start-empty', startBackup: true });
  closeDb();
  ctx = next;
  offThread = startOffThread({ dbPath: next.dbPath, assetsDir, actor: next.actor });
  next.longWork = offThread;
  stopTimer = startBackupTimer(next, { onError: (err) => console.error('Automatic backup failed', err) });
}

/** Shows a prompt decided in services/health/prompts.ts and returns the action of the button pressed. */
async function ask<A extends string>(prompt: Prompt<A>): Promise<A> {
  const options = {
    type: 'question' as const,
    title: prompt.title,
    message: prompt.message,
    detail: prompt.detail,
    buttons: prompt.buttons.map((b) => b.label),
    defaultId: 0,
    cancelId: prompt.buttons.length - 1,
    noLink: true,
  };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return prompt.buttons[response]?.action ?? prompt.buttons[prompt.buttons.length - 1]!.action;
}

/** After a failed start-up check: offer the newest good backup. Returns false when the user chose to quit. */
async function offerStartupRestore(): Promise<boolean> {
  const prompt = ctx && startupPrompt(ctx.health.startup);
  if (!ctx || !prompt) return true;
  const action = await ask(prompt);
  if (action === 'quit') return false;
  if (action === 'restore' && ctx.health.startup.newestGoodBackup)
    restoreFromFile(ctx, ctx.health.startup.newestGoodBackup.path);
  return true;
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
    writeSettings(
      {
        ...readSettings(settingsPath),
        window: { width: b.width, height: b.height, x: b.x, y: b.y, maximized: w.isMaximized() },
      },
      settingsPath,
    );
  });
  w.loadURL(`${APP_ORIGIN}/index.html`).catch((err: Error) =>
    dialog.showErrorBox('BCF Returns cannot show its window', err.message),
  );
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
  // Frames inside the page (which the CSP already limits to the app itself) may not navigate away either.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url);
    if (link)
      shell.openExternal(link).catch((err: Error) => dialog.showErrorBox(`Could not open ${link}`, err.message));
    return { action: 'deny' };
  });
}

async function menuAction(action: 'new-area' | 'open' | 'backup' | 'restore' | 'export') {
  if (!win || !ctx) return;
  if (action === 'new-area' || action === 'open') {
    const result =
      action === 'open'
        ? await dialog.showOpenDialog(win, {
            title: 'Open an area database',
            filters: [{ name: 'BCF Returns database', extensions: ['sqlite'] }],
            properties: ['openFile'],
          })
        : await dialog.showSaveDialog(win, {
            title: 'New area: choose where to keep its data',
            defaultPath: path.join(defaultDataDir(), 'new-area.sqlite'),
            filters: [{ name: 'BCF Returns database', extensions: ['sqlite'] }],
          });
    const file = 'filePaths' in result ? result.filePaths[0] : result.filePath;
    if (result.canceled || !file) return;
    try {
      openDb(file);
      writeSettings({ ...readSettings(settingsPath), dbPath: file }, settingsPath);
      await offerStartupRestore();
      win.webContents.reload();
    } catch (err) {
      dialog.showErrorBox('Cannot open that file', (err as Error).message);
    }
    return;
  }
  if (action === 'backup') {
    const result = await dialog.showOpenDialog(win, {
      title: 'Back up now: choose a folder for the backup',
      buttonLabel: 'Back up here',
      properties: ['openDirectory', 'createDirectory'],
    });
    const folder = result.filePaths[0];
    if (result.canceled || !folder) return;
    const entry = backUpNow(ctx, { folder });
    await dialog.showMessageBox(win, { type: 'info', title: 'Backed up', message: 'Backed up.', detail: entry.path });
    return;
  }
  if (action === 'restore') {
    const result = await dialog.showOpenDialog(win, {
      title: 'Restore a backup',
      defaultPath: backupsDirFor(ctx.dbPath),
      filters: [{ name: 'BCF Returns backup', extensions: ['sqlite'] }],
      properties: ['openFile'],
    });
    const file = result.filePaths[0];
    if (result.canceled || !file) return;
    if ((await ask(restorePrompt(inspectBackupFile(ctx.dbPath, file), ctx.dbPath))) !== 'restore') return;
    const outcome = restoreFromFile(ctx, file);
    win.webContents.reload();
    await dialog.showMessageBox(win, {
      type: 'info',
      title: 'Restored',
      message: `Restored ${outcome.restored.name}.`,
      detail: outcome.keptAs ? `The data as it was just before is kept in ${outcome.keptAs.path}.` : '',
    });
    return;
  }
  const result = await dialog.showSaveDialog(win, {
    title: 'Export every plan as CSV',
    defaultPath: planCsvName(ctx),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  });
  if (result.canceled || !result.filePath) return;
  fs.writeFileSync(result.filePath, exportPlanCsv(ctx));
}

function buildMenu() {
  const item = (
    label: string,
    action: Parameters<typeof menuAction>[0],
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => void menuAction(action).catch((err: Error) => dialog.showErrorBox('BCF Returns', err.message)),
  });
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        item('New area…', 'new-area', 'CmdOrCtrl+N'),
        item('Open…', 'open', 'CmdOrCtrl+O'),
        { type: 'separator' },
        item('Back up…', 'backup'),
        item('Restore…', 'restore'),
        item('Export…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
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
    closeDb();
    app.quit();
  });
  app
    .whenReady()
    .then(async () => {
      try {
        openDb(resolveDbPath(argValue('--db')));
        if (!(await offerStartupRestore())) {
          closeDb();
          app.quit();
          return;
        }
      } catch (err) {
        dialog.showErrorBox('BCF Returns cannot open its data', (err as Error).message);
        closeDb();
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
        return dispatchRouted(ctx, offThread, method, payload);
      });
      buildMenu();
      win = createWindow();
    })
    .catch((err: Error) => {
      // Past the database's own try: the protocol, IPC or menu could not be set up. Say so rather than hang.
      dialog.showErrorBox('BCF Returns could not start', err.message);
      closeDb();
      app.quit();
    });
}
