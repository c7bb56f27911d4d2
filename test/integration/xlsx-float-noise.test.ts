import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPlanTable, readPlanFile } from '../../electron/services/plans/import-plan';
import { tempContext, tempDir } from '../helpers/db';

/**
 * A ledger extract is full of computed cells whose stored double is not the
 * figure Excel shows (26750.000000000004 for £26,750). Written by openpyxl, as
 * another program would, they are read as Excel shows them, to 15 significant
 * digits, never refused for the noise.
 */
describe('numbers in an xlsx written by another program', () => {
  it('are read as Excel shows them: 26750.000000000004 is £26,750, 0.30000000000000004 is £0.30, 1.5E+6 is £1,500,000', async () => {
    const file = path.join(tempDir(), 'ledger.xlsx');
    const r = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(['Scheme ID', 'Scheme Name', 'Source of Funding', '2019/20 Expenditure £'])
ws.append(['1', 'Falls', 'CCG Minimum Contribution', 26750.000000000004])
ws.append(['2', 'Carers', 'CCG Minimum Contribution', 0.30000000000000004])
ws.append(['3', 'Reablement', 'CCG Minimum Contribution', 1.5e6])
wb.save(sys.argv[1])
`,
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const ctx = tempContext();
    ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
    const read = await readPlanFile('ledger.xlsx', fs.readFileSync(file));
    expect(importPlanTable(ctx, { file: read.file, rows: read.rows, year: '2019-20', mode: 'refuse' }).imported).toBe(
      3,
    );
    expect(ctx.db.prepare('SELECT expenditure_pence AS p FROM scheme_line ORDER BY position').all()).toEqual([
      { p: 2_675_000 },
      { p: 30 },
      { p: 150_000_000 },
    ]);
    ctx.close();
  });
});
