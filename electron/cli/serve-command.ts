import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ApiError } from '../../shared/api/errors';
import { nodeSide } from './context';

/** Opens the link in the default browser where there is one; quietly does nothing otherwise. */
function openInBrowser(url: string): void {
  const platform = process.platform;
  const hasDisplay =
    platform === 'win32' || platform === 'darwin' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return;
  const [cmd, args] =
    platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', url]]
      : platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser to open: the printed link is enough.
  }
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the app in your web browser (on this computer only, at 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default: any free port)', (v) => Number.parseInt(v, 10))
    .option('--no-open', 'print the link without opening a browser')
    .action(async (opts: { port?: number; open: boolean }, cmd: Command) => {
      const {
        askRunningServer,
        ASSETS_DIR,
        forgetServing,
        newHandoffKey,
        openServiceContext,
        recordServing,
        RENDERER_DIR,
        resolveDbPath,
        servingFile,
        startBrowserServer,
        startOffThread,
      } = await nodeSide();
      // A host (like main.ts): it sets up the backup timer and says how to restore (CLI_SERVICE_EXCEPTIONS).
      const [{ startBackupTimer }, { restoreHint }] = await Promise.all([
        import('../services/backups/timer'),
        import('../services/health/startup'),
      ]);
      if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
        throw new ApiError(
          'refused',
          'The app\'s pages are not built yet: run "npm run serve" (it builds them) or "npm run build:renderer" first.',
        );
      }
      const dbPath = resolveDbPath(cmd.optsWithGlobals().db as string | undefined);
      // Already running on this file (the browser was closed, say): a fresh link to that app, not a second server.
      const record = servingFile(dbPath);
      const running = await askRunningServer(record, dbPath);
      if (running) {
        const since = new Date(running.record.startedAt).toLocaleTimeString('en-GB', {
          hour: '2-digit',
          minute: '2-digit',
        });
        process.stdout.write(
          `BCF Returns is already running on this computer for this data file (since ${since}).\nData: ${dbPath}\nOpen: ${running.link}\n(The link works once. To stop the app, press Ctrl+C where it was started.)\n`,
        );
        if (opts.open) openInBrowser(running.link);
        return;
      }
      // A damaged file is moved aside and the app starts on an empty one, so that "Your data" can offer the restore.
      const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, onDamaged: 'start-empty', startBackup: true });
      const { startup, warnings } = ctx.health;
      if (startup.problem) process.stderr.write(`bcf: ${startup.problem}${restoreHint(startup.newestGoodBackup)}\n`);
      else if (startup.uncleanExit)
        process.stderr.write(
          `bcf: BCF Returns did not close ${ctx.dbPath} properly last time; the file passed its check.\n`,
        );
      for (const w of warnings) process.stderr.write(`bcf: warning: ${w}\n`);
      const stopTimer = startBackupTimer(ctx, {
        onError: (err) => process.stderr.write(`bcf: the automatic backup failed: ${(err as Error).message}\n`),
      });
      // Long work runs on a worker thread, so the server keeps answering the window meanwhile.
      const offThread = startOffThread({ dbPath: ctx.dbPath, assetsDir: ASSETS_DIR, actor: ctx.actor });
      ctx.longWork = offThread;
      const handoffKey = newHandoffKey();
      const server = await startBrowserServer({
        ctx,
        offThread,
        rendererDir: RENDERER_DIR,
        handoffKey,
        ...(opts.port ? { port: opts.port } : {}),
      });
      recordServing(record, {
        pid: process.pid,
        port: Number(new URL(server.url).port),
        key: handoffKey,
        db: ctx.dbPath,
        startedAt: new Date().toISOString(),
      });
      const link = server.newLaunchUrl({ reusable: true });
      process.stdout.write(
        `BCF Returns is running in browser mode on this computer only.\nData: ${ctx.dbPath}\nOpen: ${link}\n(The link works while the app runs: open it again if you close the browser. Press Ctrl+C to stop.)\n`,
      );
      if (opts.open) openInBrowser(link);
      const stop = () => {
        stopTimer();
        forgetServing(record);
        Promise.all([server.close(), offThread.close()])
          .then(() => {
            ctx.close();
            process.exit(0);
          })
          .catch((err: unknown) => {
            console.error('BCF Returns did not stop cleanly:', err);
            process.exit(1);
          });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
