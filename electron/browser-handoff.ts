import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultDataDir } from './paths';

/**
 * Browser mode, started twice on the same data file. A user who closed the
 * browser runs `bcf serve` (or `npm start`) again; rather than a second server
 * on another port writing to the same file, the second run asks the first for
 * a fresh link and stops. The first server leaves a small record in the
 * user's own app-data folder (never synced, readable by the user only): its
 * process, port and a secret the second run presents.
 */
const recordSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  key: z.string().min(32).max(128),
  db: z.string().min(1),
  startedAt: z.string(),
});

export type ServingRecord = z.infer<typeof recordSchema>;

/** One record per data file, named by a hash of its full path. */
export function servingFile(dbPath: string, dataDir = defaultDataDir()): string {
  const id = crypto.createHash('sha256').update(path.resolve(dbPath)).digest('hex').slice(0, 16);
  return path.join(dataDir, 'running', `${id}.json`);
}

export function newHandoffKey(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function recordServing(file: string, record: ServingRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Removes the record if it is still this process's own. */
export function forgetServing(file: string, pid = process.pid): void {
  const record = readRecord(file);
  if (record && record.pid !== pid) return;
  fs.rmSync(file, { force: true });
}

function readRecord(file: string): ServingRecord | null {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A fresh link from the server already running on this data file, or null when
 * there is none (no record, its process gone, or it does not answer), in which
 * case a stale record is removed.
 */
export async function askRunningServer(
  file: string,
  dbPath: string,
): Promise<{ link: string; record: ServingRecord } | null> {
  const record = readRecord(file);
  if (!record) {
    fs.rmSync(file, { force: true });
    return null;
  }
  if (path.resolve(record.db) === path.resolve(dbPath) && isRunning(record.pid)) {
    try {
      const res = await fetch(`http://127.0.0.1:${record.port}/handoff`, {
        method: 'POST',
        headers: { 'X-BCF-Handoff': record.key },
        signal: AbortSignal.timeout(3000),
      });
      const body = z
        .object({ ok: z.literal(true), link: z.string().startsWith(`http://127.0.0.1:${record.port}/launch?code=`) })
        .safeParse(await res.json());
      if (res.ok && body.success) return { link: body.data.link, record };
    } catch {
      // Not answering: treated as gone.
    }
  }
  fs.rmSync(file, { force: true });
  return null;
}
