import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultDataDir } from './paths';

/** Per-user settings kept beside the database in the app-data folder. */
const settingsSchema = z
  .object({
    dbPath: z.string().min(1).optional(),
    window: z
      .object({
        width: z.number().int().min(400).max(10000),
        height: z.number().int().min(300).max(10000),
        x: z.number().int().optional(),
        y: z.number().int().optional(),
        maximized: z.boolean().optional(),
      })
      .optional(),
  })
  .passthrough();

export type Settings = z.infer<typeof settingsSchema>;

export function settingsFile(dataDir = defaultDataDir()): string {
  return path.join(dataDir, 'settings.json');
}

/** A missing or unreadable settings file means defaults, never a crash. */
export function readSettings(file = settingsFile()): Settings {
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export function writeSettings(settings: Settings, file = settingsFile()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(settings, null, 2));
  fs.renameSync(tmp, file);
}

/** --db wins, then BCF_DB, then the path saved in settings, then the default. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.BCF_DB) return path.resolve(env.BCF_DB);
  const saved = readSettings(settingsFile(defaultDataDir(env))).dbPath;
  return saved ?? path.join(defaultDataDir(env), 'bcf.sqlite');
}
