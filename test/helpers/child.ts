import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './fixtures';

/** A TypeScript file run in its own Node process, as bin/bcf.mjs runs the CLI (through tsx). */
export function spawnTs(file: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.resolve(ROOT, file), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
}

/** Resolves when the child prints `line` on stdout; rejects if it exits first. */
export function waitForLine(child: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before printing ${line}: ${err}`)),
    );
  });
}

/** Resolves with the exit code (or signal) when the child ends. */
export function exited(child: ChildProcessWithoutNullStreams): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode!);
    else child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
}

/** Runs a TypeScript file to the end and returns what it did. */
export async function runTs(
  file: string,
  args: string[],
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawnTs(file, args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const code = await exited(child);
  return { code, stdout, stderr };
}
