import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openServiceContext } from '../../electron/host';
import { createArea } from '../../electron/services/areas/areas';
import type { ServiceContext } from '../../electron/services/context';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { createReturn } from '../../electron/services/returns/create';
import { applyReturnEdits, type ReturnCellEdit } from '../../electron/services/returns/entry';
import { findReturn, listReturnLines } from '../../electron/services/returns/store';
import { exportReturnWorkbook, returnProfile } from '../../electron/services/workbooks/return-workbooks';
import { ASSETS_DIR } from '../../electron/source-root';
import { penceToPlain } from '../../shared/money';
import { LINE_FIELDS } from '../../shared/plans/line';
import type { Profile } from '../../shared/workbooks/profile';
import { returnRecord } from '../../shared/workbooks/return-adapter';
import { sheetValue, type WorkbookRecord } from '../../shared/workbooks/values';
import { shippedReference } from '../helpers/reference';
import { time, type Figure } from './measure';
import { syntheticLines } from './synthetic';

/**
 * Writing a quarterly return of 50, 500 and 5,000 lines through the return
 * adapter and the workbook services, as `bcf export return` does: generated
 * in NHS England's conventions, and filled into a template whose lines are
 * pre-populated (the template is the generated workbook before any actual
 * was entered: protected, grey locked and yellow unlocked cells). Each is
 * set against the same cells written by exceljs alone into a plain workbook
 * (the baseline): target within 1.5 times.
 */
const YEAR = '2024-25';
const set = shippedReference('2023-25');

/** A database holding a 2023-25 plan of `count` lines, its Q1 2024-25 return on every line, and a blank template of that return. */
export async function seeded(count: number): Promise<{
  ctx: ServiceContext & { close: () => void };
  template: Uint8Array;
  records: WorkbookRecord[];
  profile: Profile;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-bench-wb-'));
  const ctx = openServiceContext({ dbPath: path.join(dir, 'bench.sqlite'), assetsDir: ASSETS_DIR, actor: 'bench' });
  createArea(ctx, 'Bench');
  const columns = set.columns;
  const header = columns.map((f) =>
    f === 'expenditurePence'
      ? 'Expenditure for 2023-24 (£)'
      : f === 'expenditureYear2Pence'
        ? 'Expenditure for 2024-25 (£)'
        : LINE_FIELDS[f].label,
  );
  const rows = [header, ...syntheticLines(set, count).map((l) => columns.map((f) => LINE_FIELDS[f].format(l[f])))];
  importPlanTable(ctx, { file: 'plan.tsv', rows, year: '2023-24', mode: 'refuse', template: '2023-25' });
  createReturn(ctx, { year: YEAR, period: 'Q1' });
  const template = (await exportReturnWorkbook(ctx, { year: YEAR, period: 'Q1' })).bytes;
  const r = findReturn(ctx, YEAR, 'Q1')!;
  const edits: ReturnCellEdit[] = listReturnLines(ctx, r.id).flatMap((l, i) => [
    { lineId: l.id, field: 'actualPence' as const, text: penceToPlain(Math.floor(l.plannedPence / 4) + (i % 97)) },
    {
      lineId: l.id,
      field: 'outputsDelivered' as const,
      text: l.plannedOutputs === null ? 'NA' : String(Math.floor(Number(l.plannedOutputs) / 4)),
    },
    { lineId: l.id, field: 'issues' as const, text: i % 7 === 0 ? 'Yes' : 'No' },
    ...(i % 7 === 0
      ? [
          {
            lineId: l.id,
            field: 'issueDescription' as const,
            text: 'Recruitment delayed; agency staff in the meantime.',
          },
        ]
      : []),
  ]);
  applyReturnEdits(ctx, YEAR, 'Q1', edits);
  return { ctx, template, records: listReturnLines(ctx, r.id).map(returnRecord), profile: returnProfile(ctx, r) };
}

/** The same cells, written by exceljs into a plain workbook: no styles, validations, checkers or protection. */
async function baseline(profile: Profile, records: WorkbookRecord[]): Promise<void> {
  const table = profile.tables[0]!;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(table.sheet);
  sheet.getRow(1).values = table.columns.map((c) => c.header);
  records.forEach((r, i) => {
    const row = sheet.getRow(i + 2);
    table.columns.forEach((c, j) => {
      const v = sheetValue(c.kind, r[c.field] ?? null);
      row.getCell(j + 1).value = v.type === 'blank' ? null : v.type === 'number' ? Number(v.text) : v.text;
    });
  });
  await book.xlsx.writeBuffer();
}

export async function benchWorkbooks(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of [50, 500, 5_000]) {
    const { ctx, template, records, profile } = await seeded(size);
    try {
      // Small files are dominated by start-up work: more runs, and a longer warm-up, so that the JIT has settled for both.
      const runs = size >= 5_000 ? 5 : 20;
      const warmup = size >= 5_000 ? 1 : size >= 500 ? 20 : 60;
      const base = await time(() => baseline(profile, records), runs, warmup);
      const gen = await time(() => exportReturnWorkbook(ctx, { year: YEAR, period: 'Q1' }), runs, warmup);
      const fill = await time(
        () => exportReturnWorkbook(ctx, { year: YEAR, period: 'Q1', into: { file: 'template.xlsx', bytes: template } }),
        runs,
        warmup,
      );
      for (const [name, t] of [
        ['generate a quarterly return (bcf export return)', gen],
        ['fill a quarterly return into its template', fill],
      ] as const) {
        const ratio = t.ms / base.ms;
        figures.push({
          group: 'workbooks',
          name,
          size,
          ms: t.ms,
          runs,
          baselineMs: base.ms,
          target: { label: '≤ 1.5× exceljs', met: ratio <= 1.5 },
        });
      }
    } finally {
      ctx.close();
    }
  }
  return figures;
}
