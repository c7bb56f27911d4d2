import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root when running from source (the CLI and browser mode), where assets/ and dist/ sit. */
export const SOURCE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ASSETS_DIR = path.join(SOURCE_ROOT, 'assets');
export const RENDERER_DIR = path.join(SOURCE_ROOT, 'dist', 'renderer');
