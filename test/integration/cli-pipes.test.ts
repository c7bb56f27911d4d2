import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bcf } from '../helpers/cli';
import { tempDir } from '../helpers/db';
import { published, ROOT } from '../helpers/fixtures';

/**
 * `bcf … | head -1`: the reader goes away before the command has finished
 * printing. The command ends quietly with its usual exit code, no stack
 * trace, and whatever file it was asked to write is written (issue 19).
 */

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `bcf` with stdout (or stderr) closed by the reader after at most `keep` bytes, as head does. */
function bcfClosedEarly(args: string[], which: 'stdout' | 'stderr', keep = 0): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'bcf.mjs'), ...args], {
      env: { ...process.env, BCF_DATA_DIR: '/nonexistent-bcf-data-dir' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const got = { stdout: '', stderr: '' };
    const closing = child[which];
    const other = which === 'stdout' ? child.stderr : child.stdout;
    if (keep === 0) closing.destroy();
    else
      closing.on('data', (chunk: Buffer) => {
        got[which] += chunk.toString('utf8');
        if (got[which].length >= keep) closing.destroy();
      });
    other.on('data', (chunk: Buffer) => (got[which === 'stdout' ? 'stderr' : 'stdout'] += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...got }));
  });
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at |EPIPE|Error:/);

describe('bcf with its output closed early', () => {
  let db: string;
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    db = path.join(dir, 'area.sqlite');
    expect(bcf(['--db', db, 'init', '--area', 'Bath and North East Somerset']).code).toBe(0);
    expect(bcf(['--db', db, 'import', 'plan', published('plan-2019-20-schemes.tsv'), '--year', '2019-20']).code).toBe(
      0,
    );
  });

  it('ends quietly with exit 0 when stdout is closed before the first line', async () => {
    const r = await bcfClosedEarly(['--db', db, 'plan', 'show', '--year', '2019-20', '--json'], 'stdout');
    expect(r).toMatchObject({ code: 0, signal: null });
    noStackTrace(r.stderr);
  });

  it('ends quietly with exit 0 when stdout is closed after the first line (head -1)', async () => {
    const r = await bcfClosedEarly(['--db', db, 'history', '--csv'], 'stdout', 1);
    expect(r).toMatchObject({ code: 0, signal: null });
    noStackTrace(r.stderr);
  });

  it('still writes the file it was asked for', async () => {
    const out = path.join(dir, 'plan.xlsx');
    const r = await bcfClosedEarly(['--db', db, 'export', 'plan', '--year', '2019-20', '--out', out], 'stdout');
    expect(r).toMatchObject({ code: 0, signal: null });
    noStackTrace(r.stderr);
    expect(fs.readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('keeps exit 1 for a refusal when stderr is closed too', async () => {
    const r = await bcfClosedEarly(['--db', db, 'return', 'show', '--year', '2031-32', '--period', 'Q1'], 'stderr');
    expect(r).toMatchObject({ code: 1, signal: null });
    noStackTrace(r.stdout);
  });
});
