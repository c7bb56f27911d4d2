/**
 * A restore killed half-way, for the test that start-up cleans up after it.
 * Run with `node --import tsx` and TMPDIR set to a folder of the test's own:
 * it opens the database as the app does, loads the sample, takes a backup,
 * then restores it and is killed (SIGKILL, no chance to tidy up) at the moment
 * the restore has its working copy of the data in the temp folder and asks the
 * time for its "before-restore" backup.
 */
import { openServiceContext } from '../../../electron/host';
import { backUpNow } from '../../../electron/services/backups/backups';
import { restoreFromFile } from '../../../electron/services/backups/restore';
import { loadSample } from '../../../electron/services/sample/sample';
import { ASSETS_DIR } from '../../../electron/source-root';

const [dbPath] = process.argv.slice(2) as [string];
const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, actor: 'restorer' });
loadSample(ctx);
const backup = backUpNow(ctx);
ctx.now = () => {
  process.kill(process.pid, 'SIGKILL');
  return new Date();
};
restoreFromFile(ctx, backup.path);
