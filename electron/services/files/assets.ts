import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { deepFreeze } from '../../../shared/values/freeze';

/**
 * The JSON files shipped in one folder of assets/ (reference lists, template
 * profiles), each checked against `schema` (and `check`, for what a schema
 * cannot say), read once per assets folder and kept. A file that fails stops
 * the app with its name and every problem: it is a fault in the build.
 */
const cache = new Map<string, unknown[]>();

export function shippedJson<T>(
  assetsDir: string,
  folder: string,
  schema: z.ZodType<T>,
  what: string,
  check?: (item: T, file: string) => void,
): T[] {
  const key = `${assetsDir}\u0000${folder}`;
  const cached = cache.get(key);
  if (cached) return cached as T[];
  const dir = path.join(assetsDir, folder);
  const items = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = schema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success)
        throw new Error(
          `assets/${folder}/${f} is not a valid ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      check?.(parsed.data, f);
      // Every caller shares these: frozen, so that none can change the shipped data for the rest.
      return deepFreeze(parsed.data);
    });
  cache.set(key, items);
  return items;
}
