import type { dataMethods } from '../../../shared/api/data';
import { backupsDirFor } from '../../db/backup-file';
import { checkDatabase } from '../../services/health/check';
import { hostHealth } from '../../services/health/host-health';
import {
  backupForDownload,
  backUpNow,
  describeBackupFile,
  findBackup,
  getBackupRule,
  listBackups,
  setBackupRule,
} from '../../services/backups/backups';
import { restoreFromFile } from '../../services/backups/restore';
import type { HandlersFor } from '../handler-types';

export const dataHandlers: HandlersFor<typeof dataMethods> = {
  'data.status': (ctx) => {
    const health = hostHealth(ctx);
    return {
      dbPath: ctx.dbPath,
      backupsDir: backupsDirFor(ctx.dbPath),
      startup: health.startup,
      warnings: health.warnings,
      rule: getBackupRule(ctx.db),
    };
  },
  'data.check': (ctx) => checkDatabase(ctx),
  'backups.list': (ctx) => listBackups(ctx.dbPath),
  'backups.create': (ctx) => backUpNow(ctx),
  'backups.download': (ctx, req) => backupForDownload(ctx.dbPath, req.name),
  'backups.inspect': (ctx, req) => describeBackupFile(findBackup(ctx.dbPath, req.name)),
  'backups.restore': (ctx, req) => restoreFromFile(ctx, findBackup(ctx.dbPath, req.name).path),
  'backups.setRule': (ctx, req) => setBackupRule(ctx, req),
};
