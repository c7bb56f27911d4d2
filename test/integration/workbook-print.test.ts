import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSample } from '../../electron/services/sample/sample';
import { exportPlanWorkbook, setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { tempContext, tempDir } from '../helpers/db';
import { openpyxl } from '../helpers/readers';

/**
 * A generated workbook on paper: LibreOffice prints it to PDF and pdftotext
 * reads each page back; openpyxl reports the row heights and page set-up.
 */
let dir: string;
let xlsx: string;
let pages: string[];

beforeAll(async () => {
  const ctx = tempContext();
  loadSample(ctx);
  setPlanCover(ctx, '2019-20', {
    completedBy: 'A. Manager',
    email: 'bcf@example.invalid',
    phone: '01225 000000',
    signedOffBy: 'Chair of the Health and Wellbeing Board',
  });
  dir = tempDir('bcf-print-');
  xlsx = path.join(dir, 'plan.xlsx');
  fs.writeFileSync(xlsx, (await exportPlanWorkbook(ctx, { year: '2019-20' })).bytes);
  ctx.close();
  const profile = path.join(dir, 'profile');
  const r = spawnSync(
    'soffice',
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${profile}`,
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      xlsx,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const text = spawnSync('pdftotext', ['-layout', path.join(dir, 'plan.pdf'), '-'], { encoding: 'utf8' }).stdout;
  pages = text.split('\f').filter((p) => p.trim() !== '');
}, 240_000);

describe('a generated workbook, printed', () => {
  it('puts the whole cover, details and checklist, on one page', () => {
    const cover = pages.filter(
      (p) =>
        p.includes('Cover: Completed by') ||
        p.includes('Income less planned expenditure is £0 for every source of funding'),
    );
    expect(cover).toHaveLength(1);
    for (const text of [
      'Incomplete Template',
      'Completed by:',
      'Chair of the Health and Wellbeing Board',
      'Cover: Completed by',
      'Income less planned expenditure is £0 for every source of funding',
    ])
      expect(cover[0]).toContain(text);
  });

  it('prints a long scheme name whole, on the lines its row was made tall enough for', () => {
    const all = pages.join(' ').replace(/\s+/g, ' ');
    expect(all).toMatch(/Home First Pathway One \(D2A 5 day working\).*\(ORCP\)/);
  });

  it('makes rows tall enough for wrapped text and fits each sheet to the page width', () => {
    const report = openpyxl<{
      sheets: {
        name: string;
        fitWidth: number | null;
        fitHeight: number | null;
        fitToPage: boolean;
        tallRows: number;
        longUnwrappedRows: number;
      }[];
    }>(
      `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    if ws.sheet_state != 'visible':
        continue
    tall = 0
    short = 0
    for row in ws.iter_rows():
        longest = max([len(c.value) for c in row if isinstance(c.value, str) and c.alignment.wrap_text and len(c.value) > 120] or [0])
        height = ws.row_dimensions[row[0].row].height
        if longest:
            if height and height > 15: tall += 1
            else: short += 1
    out.append({"name": ws.title, "fitWidth": ws.page_setup.fitToWidth, "fitHeight": ws.page_setup.fitToHeight, "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else False, "tallRows": tall, "longUnwrappedRows": short})
print(json.dumps({"sheets": out}))
`,
      xlsx,
    );
    for (const s of report.sheets) {
      expect(s.fitToPage, s.name).toBe(true);
      expect(s.fitWidth, s.name).toBe(1);
      expect(s.longUnwrappedRows, `${s.name}: rows with long wrapped text left one line tall`).toBe(0);
    }
    expect(report.sheets.reduce((n, s) => n + s.tallRows, 0)).toBeGreaterThan(0);
  });

  it('prints every scheme line across the page, not cut off at the right', () => {
    // The last column's heading appears on the same page as the first's: the sheet is fitted to the width.
    const withSchemes = pages.filter((p) => p.includes('Scheme ID'));
    expect(withSchemes.length).toBeGreaterThan(0);
    for (const p of withSchemes) expect(p).toMatch(/Scheme Name/);
  });
});
