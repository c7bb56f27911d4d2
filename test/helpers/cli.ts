import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './fixtures';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `bcf` command in a child process, as a user's shell would. */
export function bcf(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'bcf.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, BCF_DATA_DIR: '/nonexistent-bcf-data-dir', ...env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
