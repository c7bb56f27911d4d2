import type { BackupEntry, StartupReport } from '../../../shared/api';
import { describeSummary } from '../../../shared/backups/describe';

/**
 * What the desktop app asks in its dialogs, decided here (plain, tested) so
 * that electron/main.ts only shows them. Each prompt's buttons are listed with
 * the action they stand for; the first is the default, the last cancels.
 */
export interface Prompt<A extends string> {
  title: string;
  message: string;
  detail: string;
  buttons: { label: string; action: A }[];
}

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'short' });

/** After a failed start-up check: restore the newest good backup, carry on with an empty file, or quit. */
export function startupPrompt(report: StartupReport): Prompt<'restore' | 'continue' | 'quit'> | null {
  if (!report.problem) return null;
  const b = report.newestGoodBackup;
  return {
    title: 'Your data did not pass its check',
    message: b ? `Restore the backup taken ${when(b.takenAt)}?` : 'There is no good backup to restore.',
    detail: `${report.problem}${b ? `\n\nRestoring puts that backup's data back. Anything entered since then will need entering again.` : ''}`,
    buttons: [
      ...(b ? [{ label: 'Restore this backup', action: 'restore' as const }] : []),
      { label: 'Continue with an empty file', action: 'continue' },
      { label: 'Quit', action: 'quit' },
    ],
  };
}

/** Before File › Restore…: what the chosen backup holds and when it was taken. */
export function restorePrompt(entry: BackupEntry, dbPath: string): Prompt<'restore' | 'cancel'> {
  if (!entry.summary.ok) {
    return {
      title: 'Restore',
      message: `${entry.name} cannot be restored.`,
      detail: `${describeSummary(entry.summary)} Nothing has been changed.`,
      buttons: [{ label: 'Close', action: 'cancel' }],
    };
  }
  return {
    title: 'Restore',
    message: `Restore the backup taken ${when(entry.takenAt)}?`,
    detail: `${describeSummary(entry.summary)}\n\nIt replaces the data in ${dbPath}. The data as it is now is backed up first, so this can be undone by restoring that backup.`,
    buttons: [
      { label: 'Restore', action: 'restore' },
      { label: 'Cancel', action: 'cancel' },
    ],
  };
}
