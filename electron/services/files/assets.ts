import fs from 'node:fs';
import path from 'node:path';

/**
 * The JSON files shipped in one folder of assets/ (reference lists, template
 * profiles), each checked by `parse`, read once per assets folder and kept.
 */
const cache = new Map<string, unknown[]>();

export function shippedJson<T>(assetsDir: string, folder: string, parse: (raw: unknown, file: string) => T): T[] {
  const key = `${assetsDir}\u0000${folder}`;
  const cached = cache.get(key);
  if (cached) return cached as T[];
  const dir = path.join(assetsDir, folder);
  const items = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f));
  cache.set(key, items);
  return items;
}
