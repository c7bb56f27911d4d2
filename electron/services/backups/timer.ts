import type { ServiceContext } from '../context';
import { autoBackup, getBackupRule, listBackupFiles } from './backups';

/**
 * Automatic backups while the app is open (desktop and browser mode): every
 * minute, if the rule's interval has passed since the newest backup, take one
 * (autoBackup skips it when nothing has changed). The rule is read afresh each
 * time, so a change in Your data applies at once. Returns a function that stops it.
 */
export function startBackupTimer(
  ctx: ServiceContext,
  options: { tickMs?: number; onError?: (err: unknown) => void } = {},
): () => void {
  const tick = () => {
    try {
      const { everyMinutes } = getBackupRule(ctx.db);
      if (everyMinutes <= 0) return;
      const newest = listBackupFiles(ctx.dbPath)[0];
      if (newest && ctx.now().getTime() - Date.parse(newest.takenAt) < everyMinutes * 60_000) return;
      autoBackup(ctx, 'timer');
    } catch (err) {
      options.onError?.(err);
    }
  };
  const timer = setInterval(tick, options.tickMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
