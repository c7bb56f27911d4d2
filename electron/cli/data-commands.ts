import { Option, type Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { BackupEntry } from '../../shared/api';
import type { BackupRule } from '../../shared/backups/retention';
import { DatabaseOpenError } from '../db/errors';
import { describeSummary } from '../../shared/backups/describe';
import { callApi, nodeSide, print, printJson, warn, withContext } from './context';

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

function describeEntry(b: BackupEntry): string {
  return `${b.name}\n  taken ${when(b.takenAt)} (${b.reason}), ${size(b.bytes)}\n  ${describeSummary(b.summary)}`;
}

/** An option's parser for a whole number (0 or more), refusing anything else by the option's name. */
export function wholeNumber(name: string) {
  return (raw: string) => {
    if (!/^\d+$/.test(raw.trim()))
      throw new ApiError('invalid_request', `${name} is a whole number, not ${JSON.stringify(raw)}.`);
    return Number(raw);
  };
}

/** A backup named as `bcf backups list` shows it (in the folder `backups`), or a path to any backup file. */
function backupPath(file: string, backups: string): string {
  if (fs.existsSync(file)) return path.resolve(file);
  const inFolder = path.join(backups, path.basename(file));
  if (path.basename(file) === file && fs.existsSync(inFolder)) return inFolder;
  throw new ApiError('not_found', `${file}: no such file (and no backup of that name in ${backups}).`);
}

/** The services only these commands may reach beyond the API (CLI_SERVICE_EXCEPTIONS), loaded when one runs. */
async function ownServices() {
  const [backups, restore, summary, startup] = await Promise.all([
    import('../services/backups/backups'),
    import('../services/backups/restore'),
    import('../services/backups/summary'),
    import('../services/health/startup'),
  ]);
  return { ...backups, ...restore, ...summary, ...startup };
}

export function registerDataCommands(program: Command): void {
  program
    .command('backup')
    .description('write a consistent copy of the database now (into the backups folder beside it, or --to a folder)')
    .option('--to <folder>', 'the folder to write the backup into (created if missing); backups there are never pruned')
    .action(async (opts: { to?: string }, cmd: Command) => {
      await withContext(
        cmd,
        async (ctx) => {
          // --to names a folder, which no window may: that copy stays the terminal's own (the API writes
          // only into the backups folder beside the database).
          const entry =
            opts.to === undefined
              ? await callApi(ctx, 'backups.create', {})
              : (await ownServices()).backUpNow(ctx, { folder: path.resolve(opts.to), create: true });
          print(`Backed up ${ctx.dbPath} to ${entry.path}\n  ${describeSummary(entry.summary)}`);
        },
        { startBackup: false },
      );
    });

  const backups = program.command('backups').description('the automatic backups kept beside the database');
  backups
    .command('list')
    .description('list the backups in the backups folder, newest first, with what each holds')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { backupsDirFor, resolveDbPath } = await nodeSide();
      const { listBackups } = await ownServices();
      // Read without opening the database, so that this works even when the database itself is damaged.
      const dbPath = resolveDbPath(cmd.optsWithGlobals().db as string | undefined);
      const list = listBackups(dbPath);
      if (opts.json) return printJson(list);
      if (list.length === 0)
        return print(`There are no backups of ${dbPath} yet (they are kept in ${backupsDirFor(dbPath)}).`);
      print(`Backups of ${dbPath}, newest first (in ${backupsDirFor(dbPath)}):\n`);
      print(list.map(describeEntry).join('\n\n'));
      print(`\nTo put one back: bcf restore NAME (it shows what it holds first; add --yes to restore).`);
    });
  backups
    .command('rule')
    .description('show or change which automatic backups are kept and how often they are taken')
    .addOption(new Option('--today <n>', 'backups kept from today').argParser(wholeNumber('--today')))
    .addOption(new Option('--per-day <n>', 'backups kept from each earlier day').argParser(wholeNumber('--per-day')))
    .addOption(new Option('--max <n>', 'backups kept in all').argParser(wholeNumber('--max')))
    .addOption(
      new Option(
        '--every <minutes>',
        'minutes between automatic backups while the app is open (0: only on start)',
      ).argParser(wholeNumber('--every')),
    )
    .action(async (opts: { today?: number; perDay?: number; max?: number; every?: number }, cmd: Command) => {
      await withContext(
        cmd,
        async (ctx) => {
          const change: Partial<BackupRule> = {};
          if (opts.today !== undefined) change.today = opts.today;
          if (opts.perDay !== undefined) change.perDay = opts.perDay;
          if (opts.max !== undefined) change.max = opts.max;
          if (opts.every !== undefined) change.everyMinutes = opts.every;
          const rule =
            Object.keys(change).length > 0
              ? await callApi(ctx, 'backups.setRule', change)
              : (await callApi(ctx, 'data.status', {})).rule;
          print(
            `Kept: ${rule.today} from today, ${rule.perDay} from each earlier day, ${rule.max} at most. Taken on start${rule.everyMinutes > 0 ? ` and every ${rule.everyMinutes} minutes while the app is open` : ''}.`,
          );
        },
        { startBackup: false },
      );
    });

  program
    .command('restore <file>')
    .description(
      'put a backup back: shows what it holds; with --yes replaces the data (keeping the current data as a backup first)',
    )
    .option('--yes', 'go ahead and restore')
    .action(async (file: string, opts: { yes?: boolean }, cmd: Command) => {
      const side = { ...(await nodeSide()), ...(await ownServices()) };
      const { openServiceContext, ASSETS_DIR, summariseFile } = side;
      const dbPath = side.resolveDbPath(cmd.optsWithGlobals().db as string | undefined);
      const source = backupPath(file, side.backupsDirFor(dbPath));
      const entry = side.inspectBackupFile(dbPath, source);
      if (!entry.summary.ok)
        throw new ApiError(
          'refused',
          `${entry.name} cannot be restored: ${entry.summary.problem}. Nothing has been changed.`,
        );
      if (!opts.yes) {
        const current = fs.existsSync(dbPath) ? summariseFile(dbPath, { live: true }) : null;
        print(`Backup: ${describeEntry(entry)}`);
        print(`\nNow in ${dbPath}:\n  ${current ? describeSummary(current) : 'no file yet.'}`);
        print(
          `\nNothing has been changed. To replace the data with this backup (the current data is backed up first), run:\n  bcf restore "${source}" --yes`,
        );
        return;
      }
      let ctx;
      try {
        ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, onDamaged: 'start-empty' });
      } catch (err) {
        // Restoring is the way out of a damaged file: set it aside (never delete it) and restore into a new one.
        if (!(err instanceof DatabaseOpenError && /damaged/.test(err.message))) throw err;
        warn(`${dbPath} cannot be opened (${err.message}); it has been moved aside to ${side.moveAside(dbPath)}.`);
        ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, onDamaged: 'start-empty' });
      }
      try {
        const outcome = side.restoreFromFile(ctx, source);
        print(
          `Restored ${outcome.restored.name} (taken ${when(outcome.restored.takenAt)}) into ${dbPath}.\n  ${describeSummary(summariseFile(dbPath, { live: true }))}`,
        );
        print(
          outcome.keptAs
            ? `The data as it was just before is kept in ${outcome.keptAs.path}.`
            : 'The database held no data before, so there was nothing to keep.',
        );
      } finally {
        ctx.close();
      }
    });

  program
    .command('check')
    .description('check the database file thoroughly (SQLite integrity check) and where it is kept')
    .action(async (_opts: unknown, cmd: Command) => {
      await withContext(
        cmd,
        async (ctx) => {
          await callApi(ctx, 'data.check', {});
          print(`${ctx.dbPath}: ok (SQLite's integrity check passes; every reference holds).`);
        },
        { startBackup: false },
      );
    });
}
