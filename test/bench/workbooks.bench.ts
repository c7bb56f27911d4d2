import ExcelJS from 'exceljs';
import { generateWorkbook } from '../../electron/services/workbooks/generate';
import { fillWorkbook } from '../../electron/services/workbooks/fill';
import type { WorkbookData } from '../../shared/workbooks/data';
import { sheetValue, type WorkbookRecord } from '../../shared/workbooks/values';
import { shippedProfile } from '../helpers/profiles';
import { shippedReference } from '../helpers/reference';
import { time, type Figure } from './measure';
import { syntheticLines } from './synthetic';

/**
 * Writing a quarterly return of 50, 500 and 5,000 lines: generated in NHS
 * England's conventions, and filled into a template whose lines are
 * pre-populated (the template is made by the generator, protected, with grey
 * locked and yellow unlocked cells). Each is set against the same cells
 * written by exceljs alone into a plain workbook (the baseline): target
 * within 1.5 times.
 */
const profile = shippedProfile('2024-25-quarterly');
const table = profile.tables[0]!;

function returnRecords(count: number): WorkbookRecord[] {
  return syntheticLines(shippedReference('2023-25'), count).map((l, i) => ({
    schemeId: l.schemeId, schemeName: l.schemeName, briefDescription: l.briefDescription, schemeType: l.schemeType, subType: l.subType,
    sourceOfFunding: l.sourceOfFunding, plannedPence: l.expenditurePence, actualPence: Math.floor(l.expenditurePence / 4) + (i % 97),
    plannedOutputs: l.plannedOutputs, outputsDelivered: l.plannedOutputs === null ? null : String(Math.floor(Number(l.plannedOutputs) / 4)), outputUnit: l.outputUnit,
    issues: i % 7 === 0 ? 'Yes' : 'No', issueDescription: i % 7 === 0 ? 'Recruitment delayed; agency staff in the meantime.' : '',
  }));
}

const data = (records: WorkbookRecord[]): WorkbookData => ({
  subject: 'Bench, Q1 2024-25', cover: { hwb: 'Bench', completedBy: 'Bench' }, tables: { spendActivity: records }, lists: { yesNo: ['Yes', 'No'] },
});

/** The same cells, written by exceljs into a plain workbook: no styles, validations, checkers or protection. */
async function baseline(records: WorkbookRecord[]): Promise<void> {
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
    const records = returnRecords(size);
    // Small files are dominated by start-up work: more runs, and a longer warm-up, so that the JIT has settled for both.
    const runs = size >= 5_000 ? 5 : 20;
    const warmup = size >= 5_000 ? 1 : size >= 500 ? 20 : 60;
    const inputs = table.columns.filter((c) => c.role === 'input').map((c) => c.field);
    const blank = records.map((r) => ({ ...r, ...Object.fromEntries(inputs.map((f) => [f, null])) }));
    const template = (await generateWorkbook({ profile, data: data(blank), now: new Date() })).bytes;
    const base = await time(() => baseline(records), runs, warmup);
    const gen = await time(() => generateWorkbook({ profile, data: data(records), now: new Date() }), runs, warmup);
    const fill = await time(() => fillWorkbook({ file: 'template.xlsx', bytes: template, profile, data: data(records) }), runs, warmup);
    for (const [name, t] of [['generate a quarterly return', gen], ['fill a quarterly return into its template', fill]] as const) {
      const ratio = t.ms / base.ms;
      figures.push({ group: 'workbooks', name, size, ms: t.ms, runs, baselineMs: base.ms, target: { label: '≤ 1.5× exceljs', met: ratio <= 1.5 } });
    }
  }
  return figures;
}
