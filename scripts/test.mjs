// `npm test`: the static checks side by side, then Vitest, then Playwright.
//
// Lint (ESLint's type-aware rules, dependency-cruiser, Prettier), the four typechecks and the build
// each run on one core, and one after another they took about two minutes of a two-core machine's
// nine. Here each command of `npm run lint` and `npm run typecheck` (their `&&`-joined parts, read
// from package.json, so they are defined once) and the build run as separate jobs, as many at a time
// as there are cores, the longest first; each one's output is held and printed whole as it ends, so
// two never interleave. Vitest and Playwright then run one after the other, each over every core.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts;
/** The static checks as jobs: each part of lint and typecheck, then the build; ESLint, the longest, first. */
const STATIC_JOBS = [
  ...scripts.lint.split(' && '),
  ...scripts.typecheck.split(' && ').reverse(), // the tests' typecheck, which covers the most files, first
  'npm run --silent build',
];
const env = { ...process.env, PATH: `${path.resolve('node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };

function runJob(command) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ command, code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Runs the jobs at most `width` at a time; every one runs to its end, so all their problems show at once. */
async function sideBySide(jobs, width) {
  const queue = [...jobs];
  const results = [];
  const lane = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      const r = await runJob(job);
      process.stdout.write(`\n── ${r.command}: ${r.code === 0 ? 'passed' : 'FAILED'} in ${r.seconds.toFixed(0)} s\n`);
      if (r.output.trim() !== '') process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
      results.push(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, lane));
  return results;
}

const checks = await sideBySide(STATIC_JOBS, os.availableParallelism());
const failed = checks.filter((r) => r.code !== 0).map((r) => r.command);
if (failed.length > 0) {
  console.error(`\nnpm test stopped: ${failed.join('; ')} failed (above).`);
  process.exit(1);
}
// `node scripts/test.mjs --checks`: the static checks alone, as a quick look before a commit.
if (process.argv.includes('--checks')) process.exit(0);
for (const [command, args] of [
  ['npx', ['vitest', 'run']],
  ['npx', ['playwright', 'test']],
]) {
  const code = await new Promise((resolve) => {
    spawn(command, args, { stdio: 'inherit' }).on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) process.exit(code);
}
