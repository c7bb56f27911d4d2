import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the data lives. SQLite's write-ahead log needs shared memory between
 * the processes using a file, which network file systems do not provide, and
 * sync programs (OneDrive, Dropbox, Google Drive, iCloud) copy a file while it
 * is being written and may put back an older or conflicting copy. So a
 * database on a network drive or in a synced folder is warned about. The
 * facts (the mount table, mapped drives) are gathered separately from the
 * judgement, so the judgement can be tested for every platform here.
 */
export interface LocationFacts {
  platform: NodeJS.Platform;
  /** Linux: the text of /proc/mounts. */
  procMounts?: string;
  /** macOS: the output of `mount`. */
  macMounts?: string;
  /** Windows: the output of `net use` (mapped network drives). */
  netUse?: string;
}

/** The network file system types of Linux and macOS (including FUSE ones that reach a remote store). */
const NETWORK_FS =
  /^(nfs4?|cifs|smb3?|smbfs|ncpfs|afs|afpfs|ceph|glusterfs|9p|webdav|davfs|fuse\.(sshfs|rclone|davfs2?|gvfsd-fuse|s3fs|gcsfuse|onedriver|google-drive-ocamlfuse))$/i;

const CLOUD_FOLDERS: [RegExp, string][] = [
  [/^onedrive([ -].*)?$/i, 'OneDrive'],
  [/^dropbox( \(.*\))?$/i, 'Dropbox'],
  [/^(google ?drive|googledrive-.*|my drive)$/i, 'Google Drive'],
  [/^(icloud ?drive|icloud~.*|com~apple~clouddocs|mobile documents)$/i, 'iCloud Drive'],
];

/** The platform's own way of splitting a path, whichever platform is being judged. */
function segments(p: string, platform: NodeJS.Platform): string[] {
  return (platform === 'win32' ? p.split(/[\\/]+/) : p.split('/')).filter(Boolean);
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** The mount (point and type) that holds `p`: the longest mount point that is a prefix of it. */
function mountOf(p: string, mounts: { point: string; type: string; device: string }[]) {
  let best: (typeof mounts)[number] | undefined;
  for (const m of mounts) {
    const inside = p === m.point || p.startsWith(m.point.endsWith('/') ? m.point : `${m.point}/`);
    if (inside && (!best || m.point.length > best.point.length)) best = m;
  }
  return best;
}

function parseProcMounts(text: string) {
  return text
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length >= 3)
    .map((f) => ({ device: unescapeMount(f[0]!), point: unescapeMount(f[1]!), type: f[2]! }));
}

function parseMacMounts(text: string) {
  const out: { device: string; point: string; type: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(.+?) on (.+) \(([^,)]+)/.exec(line);
    if (m) out.push({ device: m[1]!, point: m[2]!, type: m[3]! });
  }
  return out;
}

/** Windows mapped drives from `net use`: drive letter → \\server\share. */
function parseNetUse(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /(?:^|\s)([A-Za-z]:)\s+(\\\\\S+)/.exec(line);
    if (m) out.set(m[1]!.toUpperCase(), m[2]!);
  }
  return out;
}

export type LocationKind = { kind: 'network'; how: string } | { kind: 'cloud'; service: string } | { kind: 'local' };

/** Judges where `p` (an absolute path, with symbolic links already resolved) lives. */
export function classifyLocation(p: string, facts: LocationFacts): LocationKind {
  const { platform } = facts;
  if (platform === 'win32') {
    if (/^(\\\\|\/\/)(\?\\UNC\\)?[^\\/?.]/.test(p) || /^\\\\\?\\UNC\\/i.test(p))
      return { kind: 'network', how: 'a shared network folder (UNC path)' };
    const drive = /^([A-Za-z]:)/.exec(p)?.[1]?.toUpperCase();
    const share = drive && facts.netUse ? parseNetUse(facts.netUse).get(drive) : undefined;
    if (share) return { kind: 'network', how: `drive ${drive}, mapped to ${share}` };
  } else {
    const mounts =
      platform === 'linux' && facts.procMounts
        ? parseProcMounts(facts.procMounts)
        : facts.macMounts
          ? parseMacMounts(facts.macMounts)
          : [];
    const m = mountOf(p, mounts);
    if (m && NETWORK_FS.test(m.type))
      return { kind: 'network', how: `a ${m.type} network mount (${m.device} on ${m.point})` };
  }
  const parts = segments(p, platform);
  if (platform === 'darwin' && parts.some((s, i) => s === 'CloudStorage' && parts[i - 1] === 'Library')) {
    const provider = parts[parts.indexOf('CloudStorage') + 1] ?? 'a cloud service';
    const named = CLOUD_FOLDERS.find(([re]) => re.test(provider))?.[1];
    return { kind: 'cloud', service: named ?? provider.replace(/-.*/, '') };
  }
  for (const part of parts) {
    const found = CLOUD_FOLDERS.find(([re]) => re.test(part));
    if (found) return { kind: 'cloud', service: found[1] };
  }
  return { kind: 'local' };
}

/** One warning per problem with where the database is kept; none when it is on a local disk. */
export function locationWarnings(dbPath: string, facts: LocationFacts, defaultPath?: string): string[] {
  const where = classifyLocation(dbPath, facts);
  const instead = `Keep the database on this computer's own disk${defaultPath ? ` (the usual place is ${defaultPath})` : ''} and put backups on the shared or synced drive instead.`;
  if (where.kind === 'network') {
    return [
      `${dbPath} is on ${where.how}. SQLite's write-ahead log does not work reliably over a network: changes can be lost or the file damaged. ${instead}`,
    ];
  }
  if (where.kind === 'cloud') {
    return [
      `${dbPath} is in a ${where.service} folder. Sync programs copy the file while the app is writing to it and can leave a damaged or conflicting copy. ${instead}`,
    ];
  }
  return [];
}

/** The real path of `p`'s folder: symbolic links resolved as far as the folders exist, the rest kept as given. */
export function resolvedFolder(p: string): string {
  let dir = path.dirname(path.resolve(p));
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(dir), ...rest);
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return path.join(dir, ...rest);
      rest.unshift(path.basename(dir));
      dir = up;
    }
  }
}

function run(cmd: string, args: string[]): string | undefined {
  try {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 3000, windowsHide: true });
    return r.status === 0 ? r.stdout : undefined;
  } catch {
    return undefined;
  }
}

/** The facts for this computer: the mount table or the mapped drives. Never throws. */
export function gatherLocationFacts(platform: NodeJS.Platform = process.platform): LocationFacts {
  if (platform === 'linux') {
    try {
      return { platform, procMounts: fs.readFileSync('/proc/mounts', 'utf8') };
    } catch {
      return { platform };
    }
  }
  if (platform === 'darwin') {
    const out = run('/sbin/mount', []);
    return out === undefined ? { platform } : { platform, macMounts: out };
  }
  if (platform === 'win32') {
    const out = run('net', ['use']);
    return out === undefined ? { platform } : { platform, netUse: out };
  }
  return { platform };
}
