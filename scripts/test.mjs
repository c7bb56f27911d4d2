// `npm test`: the static checks side by side, then Vitest, then Playwright.
//
// Lint (ESLint's type-aware rules), the four typechecks and the build each run on one core, and
// one after another they took about two minutes of a two-core machine's nine; side by side they
// take the longest one's time. Their output is held and printed whole as each ends, so two never
// interleave. Vitest and Playwright then run one after the other, each spreading over every core.
import { spawn } from 'node:child_process';
import os from 'node:os';

const STATIC_CHECKS = ['lint', 'typecheck', 'build'];

function npmRun(script, { quiet }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', script], {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: process.env,
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ script, code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Runs the scripts at most `width` at a time; every one runs to its end, so all their problems show at once. */
async function sideBySide(scripts, width) {
  const queue = [...scripts];
  const results = [];
  const lane = async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const r = await npmRun(s, { quiet: true });
      process.stdout.write(
        `\n── npm run ${r.script}: ${r.code === 0 ? 'passed' : 'FAILED'} in ${r.seconds.toFixed(0)} s\n`,
      );
      if (r.output.trim() !== '') process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
      results.push(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, lane));
  return results;
}

const width = Math.min(STATIC_CHECKS.length, os.availableParallelism());
const checks = await sideBySide(STATIC_CHECKS, width);
const failed = checks.filter((r) => r.code !== 0).map((r) => r.script);
if (failed.length > 0) {
  console.error(`\nnpm test stopped: ${failed.join(', ')} failed (above).`);
  process.exit(1);
}
for (const [command, args] of [
  ['npx', ['vitest', 'run']],
  ['npx', ['playwright', 'test']],
]) {
  const code = await new Promise((resolve) => {
    spawn(command, args, { stdio: 'inherit' }).on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) process.exit(code);
}
