import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RESTORE_PREFIX = 'bcf-restore-';

/**
 * The folder a restore works in: a full copy of an area's data lands here, so
 * it is removed when the restore ends and, if the process was killed first,
 * at the next start (removeAbandonedRestores). The folder is named with this
 * process's id so that a restore still running in another process is left alone.
 */
export function restoreWorkDir(tmp = os.tmpdir()): string {
  return fs.mkdtempSync(path.join(tmp, `${RESTORE_PREFIX}${process.pid}-`));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A day: a restore takes seconds, so a folder named before process ids were in the name and older than this is abandoned. */
const UNNAMED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Removes the working folders of restores whose process has gone (killed, or
 * the machine lost power): each holds a full copy of someone's data. Returns
 * the folders removed. Never throws: a folder it cannot remove is left.
 */
export function removeAbandonedRestores(tmp = os.tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tmp).filter((n) => n.startsWith(RESTORE_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const dir = path.join(tmp, name);
    try {
      const pid = /^bcf-restore-(\d+)-/.exec(name)?.[1];
      const abandoned =
        pid !== undefined
          ? Number(pid) !== process.pid && !alive(Number(pid))
          : now - fs.statSync(dir).mtimeMs > UNNAMED_AFTER_MS;
      if (!abandoned) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another user's folder, or one being removed as we look: not ours to fight over.
    }
  }
  return removed;
}
