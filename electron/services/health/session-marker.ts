import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * How the app knows it was not closed properly last time. Each process that
 * opens a database writes a small marker file beside it
 * ("bcf.sqlite.open-<pid>-<n>") and removes it when it closes the database. A
 * marker left behind by a process on this computer that is no longer running
 * means that process ended without closing (a crash, a kill, a flat battery,
 * a forced update): an unclean exit. Markers of processes that are still
 * running (the desktop app while the CLI runs) are left alone, and so are
 * markers written from another computer, whose processes cannot be seen.
 * Each marker also records when the computer last started: a marker from
 * before a restart (a flat battery, a forced update) is stale even if its
 * process number has since been given to some other program.
 */
export interface SessionMarker {
  file: string;
  pid: number;
  host: string;
  startedAt: string;
  /** When the computer had last started, as the writing process saw it (ms since 1970), if known. */
  boot: number | null;
}

/** When this computer last started, to the second or so. */
export function bootTime(): number {
  return Date.now() - os.uptime() * 1000;
}

const SUFFIX = '.open-';
let opened = 0;

/** Every marker beside the database, readable or not. */
export function listMarkers(dbPath: string): SessionMarker[] {
  const resolved = path.resolve(dbPath);
  const dir = path.dirname(resolved);
  const prefix = `${path.basename(resolved)}${SUFFIX}`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: SessionMarker[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)(?:-\d+)?$/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    const file = path.join(dir, name);
    let host = os.hostname();
    let startedAt = '';
    let boot: number | null = null;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        host?: unknown;
        startedAt?: unknown;
        boot?: unknown;
      };
      if (typeof parsed.host === 'string') host = parsed.host;
      if (typeof parsed.startedAt === 'string') startedAt = parsed.startedAt;
      if (typeof parsed.boot === 'number') boot = parsed.boot;
    } catch {
      // A marker cut short by the very crash it records: still a marker, from this computer.
    }
    out.push({ file, pid, host, startedAt, boot });
  }
  return out;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Markers whose process ended without closing the database. */
export function staleMarkers(dbPath: string): SessionMarker[] {
  const here = os.hostname();
  const booted = bootTime();
  const beforeRestart = (m: SessionMarker) => m.boot !== null && Math.abs(m.boot - booted) > 120_000;
  return listMarkers(dbPath).filter(
    (m) => m.pid !== process.pid && m.host === here && (beforeRestart(m) || !isRunning(m.pid)),
  );
}

/**
 * Marks the database as open by this process; returns the marker's path, or
 * null when the folder cannot be written (the check after a crash is then
 * simply not possible, which is no reason to refuse to open).
 */
export function writeMarker(dbPath: string, at = new Date()): string | null {
  opened += 1;
  const file = `${path.resolve(dbPath)}${SUFFIX}${process.pid}-${opened}`;
  try {
    fs.writeFileSync(
      file,
      JSON.stringify({
        pid: process.pid,
        host: os.hostname(),
        startedAt: at.toISOString(),
        boot: bootTime(),
        app: 'BCF Returns',
      }),
    );
    return file;
  } catch {
    return null;
  }
}

export function removeMarker(file: string | null): void {
  if (file) fs.rmSync(file, { force: true });
}
