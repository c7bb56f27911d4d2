import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LineInput } from '../../shared/plans/line';
import type { WorkbookData } from '../../shared/workbooks/data';
import { planWorkbookData } from '../../shared/workbooks/plan-adapter';
import type { Profile } from '../../shared/workbooks/profile';
import type { WorkbookRecord } from '../../shared/workbooks/values';
import { fillWorkbook, type FillResult } from '../../electron/services/workbooks/fill';
import { generateWorkbook } from '../../electron/services/workbooks/generate';
import { recalculate } from '../../electron/services/workbooks/formulas/recalc';
import { numberText, XlError } from '../../electron/services/workbooks/formulas/values';
import { XlsxPackage } from '../../electron/services/workbooks/package';
import { findCell, readCell } from '../../electron/services/workbooks/sheet-xml';
import { shippedProfile } from '../helpers/profiles';
import { shippedReference } from '../helpers/reference';
import { gnumericSheets, libreOfficeSheets, openpyxl, shownPence } from '../helpers/readers';
import { carersLine, seedQ1Return } from '../helpers/workbook-data';
import { at, dumpWorkbook, makeTemplate, saveBytes } from '../helpers/workbooks';

/**
 * Issue 18, point 1: a filled NHS England template carries the true results
 * of its own checkers, totals and banner, so a script reading saved results
 * (openpyxl data_only, pandas) sees what Excel would show. For a complete and
 * an incomplete plan and return, openpyxl's saved values, LibreOffice's and
 * Gnumeric's recalculation and the app's own data must agree, to the penny.
 */
const planning = shippedProfile('2023-25-planning');
const quarterly = shippedProfile('2024-25-quarterly');

const line = (i: number, over: Partial<LineInput> = {}) =>
  carersLine(i, { expenditurePence: 1_234_567 * (i + 1) + 3, ...over });
const cover = { completedBy: 'A. Manager', email: 'bcf@example.invalid', phone: '01225 000000', signedOffBy: 'Chair' };

function planData(complete: boolean): WorkbookData {
  const lines = [0, 1, 2, 3].map((i) => line(i, !complete && i === 2 ? { briefDescription: '' } : {}));
  return planWorkbookData(
    {
      area: 'Bath and North East Somerset',
      label: '2023-25',
      lines,
      income: [],
      cover: complete ? cover : { ...cover, phone: '' },
    },
    shippedReference('2023-25'),
    planning,
  );
}

function returnData(complete: boolean): { prefilled: WorkbookRecord[]; data: WorkbookData } {
  const { prefilled, reported } = seedQ1Return(complete ? undefined : 1);
  const c = { ...cover, hwb: 'Bath and North East Somerset', ...(complete ? {} : { signedOffBy: '' }) };
  return {
    prefilled,
    data: { subject: 'Q1', cover: c, tables: { spendActivity: reported }, lists: { yesNo: ['Yes', 'No'] } },
  };
}

/** Every formula cell of the workbook with the result openpyxl reads as saved (data_only=True). */
const SAVED = `
import json, sys
from openpyxl import load_workbook
f, v = load_workbook(sys.argv[1]), load_workbook(sys.argv[1], data_only=True)
out = {}
for ws in f.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == 'f':
                out[ws.title + '!' + c.coordinate] = [c.value, v[ws.title][c.coordinate].value]
print(json.dumps(out))
`;

interface Case {
  name: string;
  profile: Profile;
  data: WorkbookData;
  table: string;
  tableSheet: string;
  /** The total checked to the penny: the cell and the field of the table's lines it adds up. */
  total: { cell: string; field: string };
  file: string;
  result: FillResult;
}

function fillCase(
  name: string,
  template: string,
  profile: Profile,
  data: WorkbookData,
  c: Omit<Case, 'name' | 'profile' | 'data' | 'file' | 'result'>,
): Case {
  const result = fillWorkbook({ file: path.basename(template), bytes: fs.readFileSync(template), profile, data });
  return { name, profile, data, ...c, result, file: saveBytes(result.bytes, `${name}.xlsx`) };
}

/** The app's own answer for a checker: a table column's checklist cell, a cover detail's, or the banner. */
function expected(c: Case, ref: string, formula: string, saved: Record<string, [string, unknown]>): string | number {
  const [sheet, cell] = ref.split('!') as [string, string];
  if (ref === c.total.cell) {
    const pence = (c.data.tables[c.table] ?? []).reduce((s, r) => s + Number(r[c.total.field] ?? 0), 0);
    return pence / 100;
  }
  if (cell === 'A2') {
    const cover = Object.entries(saved).filter(([r]) => /^2\. Cover!C1[2-6]$/.test(r));
    return cover.every(([r, f]) => expected(c, r, f[0], saved) === 'Yes') ? 'Complete Template' : 'Incomplete Template';
  }
  if (sheet === '2. Cover') {
    const label = labels.get(`${c.name}:${cell.replace('C', 'B')}`)!;
    const field = c.profile.cover.fields.find((f) => f.label === label)!;
    return (c.data.cover[field.key] ?? '').trim() !== '' ? 'Yes' : 'No';
  }
  // A table checker: =IF(SUMPRODUCT(($A$7:$A$46<>"")*(C7:C46=""))=0,"Yes","No") — every line has the column.
  const col = /\(([A-Z]+)\d+:[A-Z]+\d+=""\)/.exec(formula)![1]!;
  const header = labels.get(`${c.name}:${col}`)!;
  const field = c.profile.tables.find((t) => t.id === c.table)!.columns.find((x) => x.header === header)!.field;
  return (c.data.tables[c.table] ?? []).every((r) => r[field] !== null && r[field] !== undefined && r[field] !== '')
    ? 'Yes'
    : 'No';
}

/** Labels the checkers stand for: the cover's B column and each table column's header, by case. */
const labels = new Map<string, string>();

/** A reader's text for a result: money shown as £1,234.56 becomes pounds; other numbers as numbers. */
function asValue(text: string): string | number {
  if (/^-?£/.test(text.trim())) return shownPence(text) / 100;
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}

describe('a filled template carries true saved results (issue 18, point 1)', () => {
  const cases: Case[] = [];

  beforeAll(() => {
    const planTemplate = makeTemplate({ kind: 'planning', rows: 40 });
    for (const complete of [true, false])
      cases.push(
        fillCase(`plan-${complete ? 'complete' : 'incomplete'}`, planTemplate, planning, planData(complete), {
          table: 'expenditure',
          tableSheet: '5. Expenditure',
          total: { cell: '3. Summary!B3', field: 'expenditurePence' },
        }),
      );
    for (const complete of [true, false]) {
      const { prefilled, data } = returnData(complete);
      const template = makeTemplate({
        kind: 'quarterly',
        prefilled: prefilled as never,
        formulas: { H14: '=SUM(H7:H12)' },
      });
      cases.push(
        fillCase(`return-${complete ? 'complete' : 'incomplete'}`, template, quarterly, data, {
          table: 'spendActivity',
          tableSheet: '5. Spend and activity',
          total: { cell: '5. Spend and activity!H14', field: 'actualPence' },
        }),
      );
    }
    for (const c of cases) {
      const dump = dumpWorkbook(c.file);
      for (const r of [12, 13, 14, 15, 16])
        labels.set(`${c.name}:B${r}`, String(dump.cells['2. Cover']?.[`B${r}`]?.[0] ?? ''));
      for (const [ref, cell] of Object.entries(dump.cells[c.tableSheet] ?? {}))
        if (/^[A-Z]+6$/.test(ref)) labels.set(`${c.name}:${ref.slice(0, -1)}`, String(cell[0] ?? ''));
    }
  }, 240_000);

  it('saves each checker, total and banner as the app has it, and openpyxl, LibreOffice and Gnumeric agree', () => {
    const recalculated = libreOfficeSheets(
      cases.map((c) => c.file),
      true,
    );
    for (const c of cases) {
      const saved = openpyxl<Record<string, [string, unknown]>>(SAVED, c.file);
      const lo = recalculated[c.file]!;
      const gn = gnumericSheets(c.file);
      const checked = Object.entries(saved).filter(
        ([ref]) => ref === c.total.cell || /^2\. Cover!(A2|C1[2-6])$/.test(ref) || ref.startsWith(`${c.tableSheet}!`),
      );
      expect(checked.length, c.name).toBeGreaterThan(8);
      for (const [ref, [formula, value]] of checked) {
        const [sheet, cell] = ref.split('!') as [string, string];
        const want = expected(c, ref, formula, saved);
        const what = `${c.name} ${ref} ${formula}`;
        expect(value, `${what}: openpyxl data_only`).toBe(want);
        expect(asValue(at(lo[sheet], cell)), `${what}: LibreOffice`).toBe(want);
        expect(asValue(at(gn.get(sheet), cell)), `${what}: Gnumeric`).toBe(want);
      }
      const banner = saved['2. Cover!A2']![1];
      expect(banner, c.name).toBe(c.name.endsWith('-complete') ? 'Complete Template' : 'Incomplete Template');
      // The incomplete ones must show a "No" where the app's data has a gap, not only a banner.
      expect(
        checked.some(([, [, v]]) => v === 'No'),
        c.name,
      ).toBe(!c.name.endsWith('-complete'));
      expect(c.result.summary.formulas.leftForExcel).toEqual([]);
      expect(c.result.summary.formulas.calculated).toBe(Object.keys(saved).length);
      expect(dumpWorkbook(c.file).calc.fullCalcOnLoad).toBe(true);
    }
  }, 600_000);

  it('reports a formula whose function is not on the allow-list by name, and saves no result for it', () => {
    const template = makeTemplate({
      kind: 'planning',
      rows: 40,
      formulas: { T2: '=VLOOKUP(A7,A7:B46,2,FALSE)', U2: '=T2&"!"', V2: '=_xlfn.XLOOKUP(A7,A7:A46,B7:B46)' },
    });
    const c = fillCase('plan-unsupported', template, planning, planData(true), {
      table: 'expenditure',
      tableSheet: '5. Expenditure',
      total: { cell: '3. Summary!B3', field: 'expenditurePence' },
    });
    expect(c.result.summary.formulas.leftForExcel).toEqual([
      { reason: 'the function VLOOKUP', cells: ['5. Expenditure!T2', '5. Expenditure!U2'] },
      { reason: 'the function XLOOKUP', cells: ['5. Expenditure!V2'] },
    ]);
    expect(c.result.summary.warnings.join('\n')).toMatch(/VLOOKUP.*left for Excel/);
    expect(c.result.summary.warnings.join('\n')).toMatch(/XLOOKUP/);
    const saved = openpyxl<Record<string, [string, unknown]>>(SAVED, c.file);
    expect(saved['5. Expenditure!T2']).toEqual(['=VLOOKUP(A7,A7:B46,2,FALSE)', null]);
    expect(saved['5. Expenditure!U2']![1]).toBeNull();
    expect(saved['5. Expenditure!V2']![1]).toBeNull();
    // Everything else still carries its result; Excel recalculates all on opening.
    expect(saved['2. Cover!A2']![1]).toBe('Complete Template');
    expect(dumpWorkbook(c.file).calc.fullCalcOnLoad).toBe(true);
  }, 120_000);

  it('a generated workbook already saves the results the engine calculates, for every formula', async () => {
    for (const [profile, data] of [
      [planning, planData(true)],
      [planning, planData(false)],
      [quarterly, returnData(true).data],
      [quarterly, returnData(false).data],
    ] as const) {
      const { bytes } = await generateWorkbook({ profile, data, now: new Date('2026-03-31T12:00:00Z') });
      const pkg = new XlsxPackage('generated.xlsx', bytes);
      const sheets = pkg.sheets.map((info) => ({ info, scan: pkg.scan(info) }));
      const rec = recalculate(sheets, pkg.definedNames, pkg.sharedStrings());
      expect(rec.left, profile.id).toEqual([]);
      const differ: string[] = [];
      for (const { info, scan } of sheets)
        for (const [row, cols] of rec.results.get(info.part) ?? [])
          for (const [col, v] of cols) {
            const saved = readCell(scan, findCell(scan, row, col)!, pkg.sharedStrings());
            const mine =
              v instanceof XlError
                ? v.code
                : typeof v === 'number'
                  ? numberText(v)
                  : typeof v === 'boolean'
                    ? v
                      ? 'TRUE'
                      : 'FALSE'
                    : String(v);
            const theirs = saved.type === 'number' ? numberText(Number(saved.text)) : saved.text;
            if (mine !== theirs) differ.push(`${info.name}!${row}:${col} engine ${mine}, saved ${theirs}`);
          }
      expect(differ, profile.id).toEqual([]);
      expect(rec.calculated, profile.id).toBeGreaterThan(5);
    }
  });
});
