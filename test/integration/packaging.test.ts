import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/fixtures';
import { APP_VERSION } from '../../electron/version';

// electron-builder validates its configuration against its own JSON schema
// before building; that step needs no network, so it is run here as is.
const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as unknown as {
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = (await import('builder-util')) as unknown as { DebugLogger: new (enabled: boolean) => unknown };

const config = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is refused by that validation when it is wrong (so the check above means something)', async () => {
    await expect(
      validateConfiguration({ ...config, nsis: { perMachine: 'sometimes' } }, new DebugLogger(false)),
    ).rejects.toThrow(/perMachine/);
  });

  it('builds Windows NSIS per user, macOS dmg and Linux AppImage', () => {
    expect(config).toMatchObject({
      win: { target: [{ target: 'nsis' }] },
      nsis: { perMachine: false, oneClick: false },
      mac: { target: [{ target: 'dmg' }] },
      linux: { target: [{ target: 'AppImage' }] },
    });
  });

  it('unpacks better-sqlite3 from the asar and never rebuilds it against the wrong headers', () => {
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(false);
  });

  it('flips the Electron fuses: no RunAsNode, no NODE_OPTIONS, no inspect, asar integrity and asar-only', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packages the built main process the package.json points at, at the same version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      main: string;
      version: string;
    };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(config.files).toContain('dist/electron/**');
    expect(APP_VERSION).toBe(pkg.version);
  });
});
