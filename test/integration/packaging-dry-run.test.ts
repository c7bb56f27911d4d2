import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../helpers/db';
import { ROOT } from '../helpers/fixtures';

/**
 * A packaging dry run, as ENVIRONMENT.md describes: electron-builder packs the
 * app for Linux into a folder, with a stand-in for the Electron binary (which
 * cannot be downloaded here) and so without the fuses, which need the real
 * binary. It shows what goes into app.asar and what is unpacked beside it.
 */
let resources: string;
let files: string[];

beforeAll(() => {
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true' },
    });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  };
  run(process.execPath, ['scripts/build-electron.mjs']);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html')))
    run(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);

  const stub = tempDir('bcf-electron-stub-');
  fs.mkdirSync(path.join(stub, 'resources'));
  fs.writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  fs.writeFileSync(path.join(stub, 'version'), '45.4.1');
  fs.writeFileSync(path.join(stub, 'LICENSE'), 'MIT');
  const out = tempDir('bcf-package-');
  const config = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  delete config.electronFuses;
  const configFile = path.join(out, 'config.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      ...config,
      electronDist: stub,
      npmRebuild: false,
      directories: { ...(config.directories as object), output: out },
    }),
  );
  run(process.execPath, [
    path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
    '--linux',
    'dir',
    '--config',
    configFile,
    '--projectDir',
    ROOT,
  ]);
  resources = path.join(out, 'linux-unpacked', 'resources');
  files = listPackage(path.join(resources, 'app.asar'), { isPack: false });
}, 240_000);

describe('the packaged app (a dry run with a stand-in Electron)', () => {
  it('holds the built main process, preload, renderer and reference data in app.asar', () => {
    for (const f of [
      '/package.json',
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
      '/assets/reference/2023-25.json',
      '/assets/profiles/2023-25-planning.json',
    ]) {
      expect(files, f).toContain(f);
    }
  });

  it("unpacks better-sqlite3's native module beside the asar, where it can be loaded", () => {
    expect(
      fs.existsSync(
        path.join(
          resources,
          'app.asar.unpacked',
          'node_modules',
          'better-sqlite3',
          'build',
          'Release',
          'better_sqlite3.node',
        ),
      ),
    ).toBe(true);
  });

  it("ships only the modules the bundled main process loads at run time, not the renderer's", () => {
    const modules = new Set(
      files
        .filter((f) => /^\/node_modules\/[^/]+$/.test(f) || /^\/node_modules\/@[^/]+\/[^/]+$/.test(f))
        .map((f) => f.slice('/node_modules/'.length)),
    );
    expect(modules.has('pdfmake')).toBe(true);
    for (const m of ['react', 'react-dom', 'recharts', 'vite', 'electron', 'typescript', 'exceljs'])
      expect(modules.has(m), m).toBe(false);
  });
});
