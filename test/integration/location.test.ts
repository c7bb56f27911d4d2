import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { openServiceContext, whereWarnings } from '../../electron/host';
import { classifyLocation, gatherLocationFacts, locationWarnings } from '../../electron/services/health/location';
import { ASSETS_DIR } from '../../electron/source-root';
import { tempDir } from '../helpers/db';

const LINUX_MOUNTS = [
  'proc /proc proc rw,relatime 0 0',
  '/dev/nvme0n1p2 / ext4 rw,relatime 0 0',
  '/dev/nvme0n1p3 /home ext4 rw,relatime 0 0',
  'fileserver:/export/finance /mnt/finance nfs4 rw,relatime,vers=4.2 0 0',
  '//council-fs01/Shared\\040Drive /mnt/shared\\040drive cifs rw,relatime,vers=3.0 0 0',
  'sshfs#me@host:/ /home/me/remote fuse.sshfs rw,nosuid 0 0',
  'tmpfs /tmp tmpfs rw 0 0',
].join('\n');

const MAC_MOUNT = [
  '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
  '//jo@council-fs01._smb._tcp.local/Finance on /Volumes/Finance (smbfs, nodev, nosuid, mounted by jo)',
].join('\n');

const NET_USE = [
  'New connections will be remembered.',
  '',
  'Status       Local     Remote                    Network',
  '-------------------------------------------------------------------------------',
  'OK           Z:        \\\\council-fs01\\finance   Microsoft Windows Network',
  'The command completed successfully.',
].join('\r\n');

describe('where the data lives', () => {
  it.each([
    ['/home/jo/.local/share/bcf-returns/bcf.sqlite', 'local'],
    ['/mnt/finance/bcf/area.sqlite', 'network'],
    ['/mnt/shared drive/area.sqlite', 'network'],
    ['/home/me/remote/area.sqlite', 'network'],
    ['/mnt/financeX/area.sqlite', 'local'],
    ['/tmp/area.sqlite', 'local'],
    ['/home/jo/OneDrive/BCF/area.sqlite', 'cloud'],
    ['/home/jo/Dropbox/area.sqlite', 'cloud'],
  ])('on Linux, %s is %s', (p, kind) => {
    expect(classifyLocation(p, { platform: 'linux', procMounts: LINUX_MOUNTS }).kind).toBe(kind);
  });

  it.each([
    ['C:\\Users\\jo\\AppData\\Local\\BCF Returns\\bcf.sqlite', 'local'],
    ['\\\\council-fs01\\finance\\bcf.sqlite', 'network'],
    ['//council-fs01/finance/bcf.sqlite', 'network'],
    ['\\\\?\\UNC\\council-fs01\\finance\\bcf.sqlite', 'network'],
    ['\\\\?\\C:\\Users\\jo\\bcf.sqlite', 'local'],
    ['Z:\\BCF\\bcf.sqlite', 'network'],
    ['z:\\BCF\\bcf.sqlite', 'network'],
    ['D:\\BCF\\bcf.sqlite', 'local'],
    ['C:\\Users\\jo\\OneDrive - Bath and North East Somerset Council\\BCF\\bcf.sqlite', 'cloud'],
    ['C:\\Users\\jo\\Dropbox (Personal)\\bcf.sqlite', 'cloud'],
    ['G:\\My Drive\\bcf.sqlite', 'cloud'],
    ['C:\\Users\\jo\\iCloudDrive\\bcf.sqlite', 'cloud'],
  ])('on Windows, %s is %s', (p, kind) => {
    expect(classifyLocation(p, { platform: 'win32', netUse: NET_USE }).kind).toBe(kind);
  });

  it.each([
    ['/Users/jo/Library/Application Support/BCF Returns/bcf.sqlite', 'local'],
    ['/Volumes/Finance/bcf.sqlite', 'network'],
    ['/Users/jo/Library/CloudStorage/OneDrive-Personal/bcf.sqlite', 'cloud'],
    ['/Users/jo/Library/CloudStorage/GoogleDrive-jo@example.org/My Drive/bcf.sqlite', 'cloud'],
    ['/Users/jo/Library/Mobile Documents/com~apple~CloudDocs/bcf.sqlite', 'cloud'],
  ])('on macOS, %s is %s', (p, kind) => {
    expect(classifyLocation(p, { platform: 'darwin', macMounts: MAC_MOUNT }).kind).toBe(kind);
  });

  it('explains the risk and where to keep the file instead', () => {
    const [network] = locationWarnings(
      '/mnt/finance/area.sqlite',
      { platform: 'linux', procMounts: LINUX_MOUNTS },
      '/home/jo/.local/share/bcf-returns/bcf.sqlite',
    );
    expect(network).toMatch(
      /is on a nfs4 network mount \(fileserver:\/export\/finance on \/mnt\/finance\)\. SQLite's write-ahead log does not work reliably over a network/,
    );
    expect(network).toMatch(
      /Keep the database on this computer's own disk \(the usual place is \/home\/jo\/\.local\/share\/bcf-returns\/bcf\.sqlite\)/,
    );
    const [cloud] = locationWarnings('C:\\Users\\jo\\OneDrive\\bcf.sqlite', { platform: 'win32' });
    expect(cloud).toMatch(/is in a OneDrive folder\. Sync programs copy the file while the app is writing to it/);
    expect(locationWarnings('/home/jo/bcf.sqlite', { platform: 'linux', procMounts: LINUX_MOUNTS })).toEqual([]);
  });

  it("reads this computer's mount table, and finds a local temporary folder local", () => {
    const facts = gatherLocationFacts();
    if (process.platform === 'linux') expect(facts.procMounts).toContain(' / ');
    expect(whereWarnings(path.join(tempDir(), 'area.sqlite'))).toEqual([]);
    expect(whereWarnings(path.join(tempDir(), 'OneDrive', 'area.sqlite'))).toEqual([
      expect.stringMatching(/OneDrive folder/),
    ]);
  });

  it('is reported by the API for the app to show', async () => {
    const ctx = openServiceContext({ dbPath: path.join(tempDir(), 'Dropbox', 'area.sqlite'), assetsDir: ASSETS_DIR });
    expect(await dispatch(ctx, 'data.status', {}, { error: () => undefined })).toMatchObject({
      ok: true,
      value: { warnings: [expect.stringMatching(/is in a Dropbox folder/)] },
    });
    ctx.close();
  });
});
