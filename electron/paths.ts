import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'BCF Returns';

/**
 * The OS's per-user local app-data folder for this app: never roamed or synced,
 * which matters because SQLite's WAL does not work on network or cloud drives.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.BCF_DATA_DIR) return env.BCF_DATA_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'bcf-returns');
}

export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return path.join(defaultDataDir(env, platform), 'bcf.sqlite');
}

export function currentActor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
