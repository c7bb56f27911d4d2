import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures';

/**
 * Building again while the command line runs (the suite's packaging test builds while other tests run
 * `bcf`) must never take a file of the bundle away, even for a moment: a `bcf` starting then would find
 * a chunk missing (a clean-clone run failed so). With the sources unchanged, every file stays the one it
 * was — same inode, same bytes — and is only marked fresh. A chunk this build does not make stays for one
 * more build (a `bcf serve` started from the last one may still load it), and then is removed.
 */
it('rebuilds the command line in place: no file replaced, a leftover chunk kept one build, then removed', () => {
  const dir = path.join(ROOT, 'dist', 'cli');
  const build = () => {
    const r = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--cli'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  };
  build();
  const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).ino]));
  const leftover = path.join(dir, 'chunk-LEFTOVER.mjs');
  fs.writeFileSync(leftover, 'export {};\n');
  const files = () => new Map(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).ino]));

  build();
  expect(files()).toEqual(new Map([...before, ['chunk-LEFTOVER.mjs', fs.statSync(leftover).ino]]));
  build();
  expect(files()).toEqual(before);
  expect(spawnSync(process.execPath, ['bin/bcf.mjs', '--version'], { cwd: ROOT, encoding: 'utf8' }).status).toBe(0);
});
