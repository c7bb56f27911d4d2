import { create } from 'zustand';
import type { BackupEntry, BackupRule, DataStatus } from '../../shared/api';
import { call, errorMessage } from '../api/client';
import { downloadBase64 } from '../files/files';
import { useApp } from '../app/store';
import { storeReads } from './loader';

export type Outcome =
  | { kind: 'idle' }
  | { kind: 'working'; what: string }
  | { kind: 'done'; message: string }
  | { kind: 'failed'; message: string };

interface DataState {
  status: DataStatus | null;
  backups: BackupEntry[] | null;
  loadError: string | null;
  outcome: Outcome;
  load: () => Promise<void>;
  backUpNow: () => Promise<boolean>;
  download: (entry: BackupEntry) => Promise<boolean>;
  restore: (entry: BackupEntry) => Promise<boolean>;
  setRule: (rule: Partial<BackupRule>) => Promise<boolean>;
}

export const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** Where the data lives, what the start-up check found, and the backups: each action reloads from the backend. */
export const useData = create<DataState>((set, get) => {
  const reads = storeReads<DataState>(set);
  const act = async (what: string, action: () => Promise<string>): Promise<boolean> => {
    set({ outcome: { kind: 'working', what } });
    try {
      const message = await action();
      await get().load();
      set({ outcome: { kind: 'done', message } });
      return true;
    } catch (err) {
      set({ outcome: { kind: 'failed', message: errorMessage(err) } });
      return false;
    }
  };
  return {
    status: null,
    backups: null,
    loadError: null,
    outcome: { kind: 'idle' },
    load: () =>
      reads.load(async () => {
        const [status, backups] = await Promise.all([call('data.status', {}), call('backups.list', {})]);
        return { status, backups };
      }),
    backUpNow: () =>
      act('Backing up…', async () => {
        const entry = await call('backups.create', {});
        return `Backed up at ${when(entry.takenAt)} to ${entry.path}.`;
      }),
    download: (entry) =>
      act('Preparing the download…', async () => {
        const file = await call('backups.download', { name: entry.name });
        downloadBase64(file.fileName, file.base64, 'application/vnd.sqlite3');
        return `The backup taken ${when(entry.takenAt)} is downloading as ${file.fileName}: keep it somewhere safe (a USB stick, a shared drive). Restore it by putting it back in the backups folder.`;
      }),
    restore: (entry) =>
      act('Restoring…', async () => {
        const outcome = await call('backups.restore', { name: entry.name });
        // Every screen now shows the restored data, not what it showed before (its undo included).
        useApp.getState().dataChanged();
        return `Restored the backup taken ${when(outcome.restored.takenAt)}.${outcome.keptAs ? ` The data as it was just before is kept as the backup taken ${when(outcome.keptAs.takenAt)}.` : ''}`;
      }),
    setRule: (rule) =>
      act('Saving…', async () => {
        const saved = await call('backups.setRule', rule);
        return `Saved: keep ${saved.today} from today, ${saved.perDay} from each earlier day, ${saved.max} at most${saved.everyMinutes > 0 ? `; back up every ${saved.everyMinutes} minutes` : ''}.`;
      }),
  };
});
