import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures';

/**
 * The layer rule (.dependency-cruiser.cjs, an allow-list) fails a deliberate slip in each
 * direction, and a cycle; what each layer may import still passes. The slips are written to a small
 * tree of their own under .tmp/ and cruised with the project's rules, so the real tree is never touched.
 */
const { options, ...ruleSet } = createRequire(import.meta.url)(
  path.join(ROOT, '.dependency-cruiser.cjs'),
) as IConfiguration;

/** Every rule broken under `baseDir`, as "rule: from → to". */
async function cruiseWithRules(baseDir: string, files: string[]): Promise<string[]> {
  const { output } = await cruise(files, { ...options, baseDir, validate: true, ruleSet });
  return (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

/** What every slip may lean on: one module in each layer. */
const STUBS: Record<string, string> = {
  'shared/money/index.ts': 'export const formatPence = (p: number) => `${p}`;\n',
  'electron/db/connection.ts': 'export const openDatabase = () => null;\n',
  'renderer/app/App.tsx': 'export const App = () => null;\n',
  'electron/services/context.ts': 'export interface ServiceContext { dbPath: string }\n',
  'electron/services/plans/plan-view.ts': 'export const getPlanView = () => null;\n',
};

let tree: string;
let cases = 0;

beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  tree = fs.mkdtempSync(path.join(ROOT, '.tmp', 'layers-'));
});
afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

/** Writes `files` beside the stubs in a fresh folder and returns each rule they break. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const base = path.join(tree, `case-${++cases}`);
  for (const [file, code] of Object.entries({ ...STUBS, ...files })) {
    fs.mkdirSync(path.dirname(path.join(base, file)), { recursive: true });
    fs.writeFileSync(path.join(base, file), code);
  }
  return cruiseWithRules(base, Object.keys(files));
}

describe('layer boundaries', () => {
  it.each([
    [
      'shared/money/slip.ts',
      "import fs from 'node:fs';\nexport const x = fs;\n",
      /not-in-allowed: shared\/money\/slip.ts → (node:)?fs$/,
    ],
    [
      'shared/money/slip.ts',
      "import { app } from 'electron';\nexport const x = app;\n",
      /not-in-allowed: .*electron\//,
    ],
    ['shared/money/slip.ts', "import { create } from 'zustand';\nexport const x = create;\n", /not-in-allowed/],
    [
      'shared/money/slip.ts',
      "import { openDatabase } from '../../electron/db/connection';\nexport const x = openDatabase;\n",
      /not-in-allowed: shared\/money\/slip.ts → electron\/db\/connection.ts/,
    ],
    [
      'shared/money/slip.ts',
      "import type { App } from '../../renderer/app/App';\nexport type X = typeof App;\n",
      /not-in-allowed: shared\/money\/slip.ts → renderer\/app\/App.tsx/,
    ],
    [
      'renderer/plan/slip.ts',
      "import { openDatabase } from '../../electron/db/connection';\nexport const x = openDatabase;\n",
      /not-in-allowed: renderer\/plan\/slip.ts → electron\/db\/connection.ts/,
    ],
    [
      'renderer/plan/slip.ts',
      "import Database from 'better-sqlite3';\nexport const x = Database;\n",
      /not-in-allowed: .*better-sqlite3/,
    ],
    [
      'renderer/plan/slip.ts',
      "import path from 'node:path';\nexport const x = path;\n",
      /not-in-allowed: renderer\/plan\/slip.ts → (node:)?path$/,
    ],
    [
      'electron/services/plans/slip.ts',
      "import { app } from 'electron';\nexport const x = app;\n",
      /services-no-electron-runtime/,
    ],
    [
      'electron/services/plans/slip.ts',
      "import { App } from '../../../renderer/app/App';\nexport const x = App;\n",
      /not-in-allowed: electron\/services\/plans\/slip.ts → renderer\/app\/App.tsx/,
    ],
    [
      // A command calls the one API (callApi), never a service itself.
      'electron/cli/slip-commands.ts',
      "import { getPlanView } from '../services/plans/plan-view';\nexport const x = getPlanView;\n",
      /cli-through-the-api: electron\/cli\/slip-commands.ts → electron\/services\/plans\/plan-view.ts/,
    ],
  ])('%s: %s is refused', async (file, code, why) => {
    expect((await violations({ [file]: code })).join('\n')).toMatch(why);
  });

  it('refuses a cycle, even of two modules in one folder', async () => {
    expect(
      await violations({
        'electron/services/returns/view.ts': "import { due } from './calendar';\nexport const view = () => due;\n",
        'electron/services/returns/calendar.ts': "import { view } from './view';\nexport const due = () => view;\n",
      }),
    ).toEqual([
      // Reported once, from whichever end the cruise met first.
      expect.stringMatching(
        /^no-circular: electron\/services\/returns\/(view|calendar)\.ts → electron\/services\/returns\/(calendar|view)\.ts$/,
      ),
    ]);
  });

  it('lets each layer import what it may', async () => {
    expect(
      await violations({
        'shared/money/ok.ts':
          "import { z } from 'zod';\nimport { formatPence } from '.';\nexport const x = [z, formatPence];\n",
        'renderer/plan/ok.tsx':
          "import { useState } from 'react';\nimport { formatPence } from '../../shared/money';\nexport const x = [useState, formatPence];\n",
        'electron/services/plans/ok.ts':
          "import fs from 'node:fs';\nimport Database from 'better-sqlite3';\nimport { openDatabase } from '../../db/connection';\nimport { formatPence } from '../../../shared/money';\nexport const x = [fs, Database, openDatabase, formatPence];\n",
        'electron/main.ts': "import { app } from 'electron';\nexport const x = app;\n",
        'electron/cli/ok-commands.ts':
          "import type { ServiceContext } from '../services/context';\nexport type X = ServiceContext;\n",
        'test/ok.ts':
          "import { App } from '../renderer/app/App';\nimport { openDatabase } from '../electron/db/connection';\nexport const x = [App, openDatabase];\n",
      }),
    ).toEqual([]);
  });

  it('passes the real tree', async () => {
    expect(await cruiseWithRules(ROOT, ['electron', 'renderer', 'shared', 'test', 'scripts', 'bin'])).toEqual([]);
  });

  it('keeps DOM and Node globals out of shared/ (ESLint)', async () => {
    // The slip is not on disk, so the type-aware rules (which need it in a program) are left out here.
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
    });
    const [result] = await eslint.lintText('export const x = document.title;\n', {
      filePath: `${ROOT}/shared/money/slip.ts`,
    });
    expect(result!.messages.map((m) => m.message).join('\n')).toMatch(/Unexpected use of 'document'/);
  });
});
