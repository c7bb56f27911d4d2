import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures';

/** The lint rule that keeps the layers honest fails a deliberate slip in each direction. */
const eslint = new ESLint({ cwd: ROOT });

async function ruleErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  return result!.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['shared/money/slip.ts', "import fs from 'node:fs';\nexport const x = fs;\n", /no Node modules/],
    ['shared/money/slip.ts', "import { app } from 'electron';\nexport const x = app;\n", /no Electron/],
    [
      'shared/money/slip.ts',
      "import { openDatabase } from '../../electron/db/connection';\nexport const x = openDatabase;\n",
      /imports neither electron\/ nor renderer\//,
    ],
    ['shared/money/slip.ts', 'export const x = document.title;\n', /Unexpected use of 'document'/],
    [
      'renderer/plan/slip.ts',
      "import { openDatabase } from '../../electron/db/connection';\nexport const x = openDatabase;\n",
      /never imports electron\//,
    ],
    [
      'renderer/plan/slip.ts',
      "import Database from 'better-sqlite3';\nexport const x = Database;\n",
      /only through renderer\/api\/client/,
    ],
    ['renderer/plan/slip.ts', "import path from 'node:path';\nexport const x = path;\n", /no Node modules/],
    [
      'electron/services/plans/slip.ts',
      "import { app } from 'electron';\nexport const x = app;\n",
      /Services are plain Node/,
    ],
    [
      'electron/services/plans/slip.ts',
      "import { App } from '../../../renderer/app/App';\nexport const x = App;\n",
      /never imports the renderer/,
    ],
  ])('%s: %s is refused', async (file, code, why) => {
    const errors = await ruleErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(why);
  });

  it('lets each layer import what it may', async () => {
    expect(
      await ruleErrors(
        'renderer/plan/ok.ts',
        "import { formatPence } from '../../shared/money';\nexport const x = formatPence;\n",
      ),
    ).toEqual([]);
    expect(
      await ruleErrors(
        'electron/services/plans/ok.ts',
        "import fs from 'node:fs';\nimport { formatPence } from '../../../shared/money';\nexport const x = [fs, formatPence];\n",
      ),
    ).toEqual([]);
    expect(await ruleErrors('electron/main.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual(
      [],
    );
  });
});
