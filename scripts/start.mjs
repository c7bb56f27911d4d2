// `npm start`: the desktop app where the Electron runtime is installed,
// browser mode where it is not (as on machines that cannot download it).
// Arguments after `--` (e.g. --db FILE) are passed on either way.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The Electron binary if it is already on disk; never triggers a download. */
function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
  const bin = path.join(base, rel);
  return fs.existsSync(bin) ? bin : null;
}

function run(script) {
  const r = spawnSync(npm, ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const electron = electronBinary();
if (electron) {
  run('build');
  const child = spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'The Electron runtime is not installed on this machine, so BCF Returns is starting in your web browser instead.',
  );
  run('build:renderer');
  const child = spawn(process.execPath, [path.join(root, 'bin', 'bcf.mjs'), ...args, 'serve'], {
    cwd: root,
    stdio: 'inherit',
  });
  const stop = (signal) => child.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
