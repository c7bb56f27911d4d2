import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root when running from source or from the bundled CLI (the CLI
 * and browser mode), where assets/ and dist/ sit: the nearest folder up from
 * this code that holds package.json — electron/ from source, dist/cli/ bundled.
 */
function projectRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(here, '..');
  }
}

export const SOURCE_ROOT = projectRoot();
export const ASSETS_DIR = path.join(SOURCE_ROOT, 'assets');
export const RENDERER_DIR = path.join(SOURCE_ROOT, 'dist', 'renderer');
