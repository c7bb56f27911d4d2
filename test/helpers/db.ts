import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openServiceContext } from '../../electron/host';
import type { ServiceContext } from '../../electron/services/context';
import { ASSETS_DIR } from '../../electron/source-root';

export function tempDir(prefix = 'bcf-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestContext = ServiceContext & { close: () => void };

/** A real SQLite file in a fresh folder, opened the way the app opens it. */
export function tempContext(actor = 'tester'): TestContext {
  return openServiceContext({ dbPath: path.join(tempDir(), 'bcf.sqlite'), assetsDir: ASSETS_DIR, actor });
}

/** A hash of the database file and its WAL, to prove a refused action changed nothing. */
export function fileHash(dbPath: string): string {
  const h = crypto.createHash('sha256');
  for (const suffix of ['', '-wal']) {
    const f = dbPath + suffix;
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : Buffer.from('absent'));
  }
  return h.digest('hex');
}

/** An API answer without the database stamp every answer carries (tests compare what the method said). */
export function unstamped<T extends object>(result: T): Omit<T, 'stamp'> {
  const { stamp: _stamp, ...rest } = result as T & { stamp?: string };
  return rest;
}
