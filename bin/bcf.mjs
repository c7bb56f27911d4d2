#!/usr/bin/env node
// `bcf` runs the bundled CLI (dist/cli/bcf.mjs, built by `npm ci` and `npm run build`): it starts in a
// fraction of the time the TypeScript sources take through tsx. When a source file is newer than the
// bundle (an engineer at work), it runs the sources through tsx instead, so what runs is never stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'bcf.mjs');

/** The newest modification time of the TypeScript under these folders. */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return newest;
}

let built = 0;
try {
  built = fs.statSync(bundle).mtimeMs;
} catch {
  // Not built yet: the sources it is.
}
if (built > 0 && newestSource(['electron', 'shared']) <= built) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli.ts');
}
