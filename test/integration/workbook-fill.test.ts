import crypto from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import type { LineInput } from '../../shared/plans/line';
import type { WorkbookData } from '../../shared/workbooks/data';
import { planWorkbookData } from '../../shared/workbooks/plan-adapter';
import type { Profile } from '../../shared/workbooks/profile';
import { fillWorkbook, type FillResult } from '../../electron/services/workbooks/fill';
import { readWorkbook } from '../../electron/services/workbooks/read';
import { formatPence } from '../../shared/money';
import { shippedProfile } from '../helpers/profiles';
import { carersLine, seedQ1Return } from '../helpers/workbook-data';
import { shippedReference } from '../helpers/reference';
import { libreOfficeSheets, openpyxl } from '../helpers/readers';
import {
  at,
  compareWorkbooks,
  makeTemplate,
  resaveWithLibreOffice,
  saveBytes,
  writtenRefs,
} from '../helpers/workbooks';

/**
 * Filling official-like templates written by openpyxl and by LibreOffice
 * (never by exceljs): only the input cells may differ afterwards, as openpyxl
 * and a raw XML comparison confirm; LibreOffice recalculates the template's
 * own checkers from what was written.
 */
const planning = shippedProfile('2023-25-planning');
const quarterly = shippedProfile('2024-25-quarterly');
const set = shippedReference('2023-25');

const line = (i: number, over: Partial<LineInput> = {}) =>
  carersLine(i, { commissioner: 'Joint', jointNhsPercent: '62.5', jointLaPercent: '37.5', ...over });
const FORMULA_LIKE = [
  '=HYPERLINK("http://evil.example","click")',
  '+44 1225 477000',
  '-1 day',
  '@SUM(A1:A2)',
  '\tTabbed',
  '\rReturn',
];
const lines: LineInput[] = [
  ...FORMULA_LIKE.map((text, i) => line(i, { schemeName: text })),
  line(6, { briefDescription: '' }),
  line(7, {
    schemeName: 'Carers & families <support>',
    commissioner: 'ICB',
    jointNhsPercent: null,
    jointLaPercent: null,
  }),
];
const income = [
  {
    id: 1,
    source: null,
    sourceOfFunding: 'iBCF',
    partner: 'Bath and North East Somerset Council',
    amountPence: 9_876_543_21,
    amountYear2Pence: null,
  },
];
const cover = {
  completedBy: 'A. Manager',
  email: 'bcf@example.invalid',
  phone: '01225 000000',
  signedOffBy: 'Chair of the HWB',
};
const planData: WorkbookData = planWorkbookData(
  { area: 'Bath and North East Somerset', label: '2023-25', lines, income, cover },
  set,
  planning,
);

const save = saveBytes;
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const refsOf = (result: FillResult) => writtenRefs(result.summary);

function fill(file: string, profile: Profile, data: WorkbookData): FillResult {
  return fillWorkbook({ file: path.basename(file), bytes: fs.readFileSync(file), profile, data });
}

function refused(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('filling an official-like template', () => {
  let template: string;
  let result: FillResult;
  let filled: string;
  let shifted: { template: string; result: FillResult; filled: string };
  let lo: { template: string; result: FillResult; filled: string };
  let seed: ReturnType<typeof seedQ1Return>;
  let q: { template: string; result: FillResult; filled: string };
  let recalculated: Record<string, Record<string, string[][]>>;

  beforeAll(() => {
    template = makeTemplate({ kind: 'planning', extlst: true, rows: 40 });
    result = fill(template, planning, planData);
    filled = save(result.bytes, 'planning (filled).xlsx');

    const shiftedTemplate = makeTemplate({ kind: 'planning', shift: 2, rows: 40 });
    const shiftedResult = fill(shiftedTemplate, planning, planData);
    shifted = {
      template: shiftedTemplate,
      result: shiftedResult,
      filled: save(shiftedResult.bytes, 'shifted (filled).xlsx'),
    };

    const loTemplate = resaveWithLibreOffice(makeTemplate({ kind: 'planning', rows: 40 }));
    const loResult = fill(loTemplate, planning, planData);
    lo = { template: loTemplate, result: loResult, filled: save(loResult.bytes, 'libreoffice (filled).xlsx') };

    seed = seedQ1Return();
    const qTemplate = makeTemplate({ kind: 'quarterly', extlst: true, prefilled: seed.prefilled as never });
    const qResult = fill(qTemplate, quarterly, {
      subject: 'Q1',
      cover: { ...cover, hwb: 'Bath and North East Somerset' },
      tables: { spendActivity: seed.reported },
      lists: { yesNo: ['Yes', 'No'] },
    });
    q = { template: qTemplate, result: qResult, filled: save(qResult.bytes, 'quarterly (filled).xlsx') };

    recalculated = libreOfficeSheets([filled, q.filled]);
  }, 240_000);

  it('changes nothing but the input cells, as openpyxl and the raw XML see it', () => {
    const comparison = compareWorkbooks(template, filled, refsOf(result));
    expect(comparison.differences).toEqual([]);
    expect(comparison.written['5. Expenditure!B7']).toBe('=HYPERLINK("http://evil.example","click")');
    expect(comparison.written['5. Expenditure!P7']).toBe(12345.67);
    expect(comparison.written['5. Expenditure!L7']).toBe(62.5);
    expect(comparison.written['5. Expenditure!B14']).toBe('Carers & families <support>');
    expect(comparison.written['4. Income!C4']).toBe(9876543.21);
    expect(comparison.written['2. Cover!C5']).toBe('A. Manager');
    expect(result.summary.tables.find((t) => t.table === 'expenditure')).toMatchObject({
      sheet: '5. Expenditure',
      headerRow: 6,
      firstRow: 7,
      lastRow: 14,
      lines: 8,
    });
    // "3. Summary" is not written, but its total's saved result is now the true one.
    expect(result.summary.verification.partsChanged.sort()).toEqual([
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
      'xl/worksheets/sheet4.xml',
      'xl/worksheets/sheet5.xml',
    ]);
    // Every value written was read back from the finished bytes: the lines' and the income's non-blank values, and five cover cells.
    const values = [...planData.tables.expenditure!, ...planData.tables.income!]
      .flatMap((r) => Object.values(r))
      .filter((v) => v !== null && v !== '');
    expect(result.summary.verification.cells).toBe(values.length + 5);
    expect(result.summary.warnings).toEqual([]);
    expect(result.summary.formulaLikeTexts).toBe(FORMULA_LIKE.length);
  });

  it('writes text that begins with = + - @ tab or CR as text, never as a formula', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fs.readFileSync(filled) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('5. Expenditure')!;
    FORMULA_LIKE.forEach((text, i) => {
      const cell = sheet.getCell(`B${7 + i}`);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
    });
    expect(recalculated[filled]!['5. Expenditure']![6]![1]).toBe('=HYPERLINK("http://evil.example","click")');
  });

  it("keeps the template's own checkers working: LibreOffice recalculates Yes and No from what was written", () => {
    const sheet = recalculated[filled]!['5. Expenditure']!;
    expect(at(sheet, 'B5')).toBe('Yes'); // Scheme Name: every line has one
    expect(at(sheet, 'C5')).toBe('No'); // Brief Description: line 7 has none
    expect(at(sheet, 'P5')).toBe('Yes');
    expect(at(sheet, 'P7')).toBe('£12,345.67');
    const coverSheet = recalculated[filled]!['2. Cover']!;
    expect([at(coverSheet, 'C12'), at(coverSheet, 'C13'), at(coverSheet, 'C16')]).toEqual(['Yes', 'Yes', 'Yes']);
    expect(at(coverSheet, 'A2')).toBe('Complete Template');
  });

  it('fills a template whose header moved two rows down', () => {
    expect(shifted.result.summary.tables.find((t) => t.table === 'expenditure')).toMatchObject({
      headerRow: 8,
      firstRow: 9,
      lastRow: 16,
    });
    const comparison = compareWorkbooks(shifted.template, shifted.filled, refsOf(shifted.result));
    expect(comparison.differences).toEqual([]);
    expect(comparison.written['5. Expenditure!A9']).toBe('100');
  });

  it('fills a template saved by LibreOffice, keeping its protection and unlocked cells', () => {
    const comparison = compareWorkbooks(lo.template, lo.filled, refsOf(lo.result));
    expect(comparison.differences).toEqual([]);
    expect(comparison.written['5. Expenditure!R14']).toBe('Existing');
  });

  it("fills a quarterly return's pre-populated lines, checking each one, through a plain rows-in adapter", () => {
    const comparison = compareWorkbooks(q.template, q.filled, refsOf(q.result));
    expect(comparison.differences).toEqual([]);
    expect(comparison.written['5. Spend and activity!H7']).toBe(30000);
    expect(comparison.written['5. Spend and activity!L7']).toBe('Yes');
    expect(q.result.summary.tables[0]).toMatchObject({
      sheet: '5. Spend and activity',
      firstRow: 7,
      lastRow: 12,
      lines: 6,
    });
    expect(q.result.summary.tables[0]!.columns.map((c) => c.letter)).toEqual(['H', 'J', 'L', 'M']);
    const sheet = recalculated[q.filled]!['5. Spend and activity']!;
    expect([at(sheet, 'H5'), at(sheet, 'L5')]).toEqual(['Yes', 'Yes']);
    // The pre-populated Health and Wellbeing Board was checked, not written.
    expect(q.result.summary.cover.map((c) => c.label)).not.toContain('Health and Wellbeing Board:');
  });

  it('refuses, before writing anything, a return whose lines differ from the pre-populated ones, saying where', () => {
    const changed = seed.reported.map((r, i) => (i === 1 ? { ...r, schemeName: 'Care Journey' } : r));
    const err = refused(() =>
      fill(q.template, quarterly, { subject: 'Q1', cover: {}, tables: { spendActivity: changed }, lists: {} }),
    );
    expect(err.message).toMatch(
      /^quarterly\.xlsx was not filled, and nothing was written: sheet "5\. Spend and activity" cell B8 \("Scheme Name"\): the template has "Care Journey\/Coordination", the app's line 2 \(102 Care Journey\) has "Care Journey"\.$/,
    );
    const fewer = refused(() =>
      fill(q.template, quarterly, {
        subject: 'Q1',
        cover: {},
        tables: { spendActivity: seed.reported.slice(0, 5) },
        lists: {},
      }),
    );
    expect(fewer.details).toContain(
      'Sheet "5. Spend and activity" has 6 pre-populated lines (rows 7 to 12), but there are 5 to fill; the template and the app\'s lines must match one for one.',
    );
    const wrongArea = refused(() =>
      fill(q.template, quarterly, {
        subject: 'Q1',
        cover: { hwb: 'Bristol' },
        tables: { spendActivity: seed.reported },
        lists: {},
      }),
    );
    expect(wrongArea.details).toEqual([
      'sheet "2. Cover" cell C4 ("Health and Wellbeing Board:") says "Bath and North East Somerset", but the app\'s is "Bristol": is this the right workbook?',
    ]);
  });

  it("warns, and still fills, where a pre-populated figure differs from the app's", () => {
    const differs = seed.reported.map((r, i) => (i === 0 ? { ...r, plannedPence: 120_500_00 } : r));
    const out = fill(q.template, quarterly, {
      subject: 'Q1',
      cover: {},
      tables: { spendActivity: differs },
      lists: {},
    });
    expect(out.summary.warnings).toEqual([
      'sheet "5. Spend and activity" cell G7 ("Planned Expenditure"): the template has £120,000.00, the app\'s line 1 (102 Care Act Assessments) has £120,500.00.',
    ]);
  });

  it('refuses a template without a "Scheme ID" column before anything is written, and leaves the file as it was', () => {
    const file = makeTemplate({ kind: 'planning', drop: ['Scheme ID'], rows: 40 });
    const before = sha(file);
    const err = refused(() => fill(file, planning, planData));
    expect(err.code).toBe('refused');
    expect(err.details).toEqual([
      'Sheet "5. Expenditure": the header row (row 6) has no "Scheme ID" column, which identifies each line; it has "Scheme Name" (B), "Brief Description of Scheme" (C), "Scheme Type" (D) and 14 more.',
    ]);
    expect(sha(file)).toBe(before);
  });

  it('refuses more lines than the template has rows for, a formula in an input cell, and a locked cell', () => {
    const small = makeTemplate({ kind: 'planning', rows: 5 });
    expect(refused(() => fill(small, planning, planData)).details).toEqual([
      'Sheet "5. Expenditure" has room for 5 lines (rows 7 to 11), but there are 8. Use a template with more rows, or generate a workbook instead.',
    ]);
    const formula = makeTemplate({ kind: 'planning', rows: 40, formulas: { C9: '=A9&" "&B9' } } as never);
    expect(refused(() => fill(formula, planning, planData)).details).toEqual([
      'sheet "5. Expenditure" cell C9 holds a formula, so it is not an input cell for "Brief Description of Scheme"; the template may not match the profile.',
    ]);
    const asInput = {
      ...quarterly,
      tables: [
        {
          ...quarterly.tables[0]!,
          columns: quarterly.tables[0]!.columns.map((c) =>
            c.field === 'briefDescription' ? { ...c, role: 'input' as const } : c,
          ),
        },
      ],
    };
    const locked = refused(() =>
      fill(q.template, asInput, { subject: 'Q1', cover: {}, tables: { spendActivity: seed.reported }, lists: {} }),
    );
    expect(locked.details![0]).toBe(
      'sheet "5. Spend and activity" cell C7 is locked on a protected sheet, so it is not an input cell for "Brief Description of Scheme"; the template may not match the profile.',
    );
    expect(locked.details).toHaveLength(6);
  });

  it('fills a filled copy again: lines it no longer has are emptied, input cells only', () => {
    const fewer = {
      ...planData,
      tables: { ...planData.tables, expenditure: planData.tables.expenditure!.slice(0, 3) },
    };
    const again = fill(filled, planning, fewer);
    const table = again.summary.tables.find((t) => t.table === 'expenditure')!;
    expect(table).toMatchObject({ lines: 3, lastRow: 9 });
    expect(table.replaced).toBeGreaterThan(0);
    // Every value the five dropped lines had was emptied; their blank cells were left alone.
    const values = planData.tables
      .expenditure!.slice(3)
      .flatMap((r) => Object.values(r))
      .filter((v) => v !== null && v !== '');
    expect(table.cleared).toBe(values.length);
    // Against the blank template, the twice-filled copy differs only in the three lines' cells and the cover.
    const refs = [
      ...table.columns.flatMap((c) => [7, 8, 9].map((r) => `5. Expenditure!${c.letter}${r}`)),
      ...again.summary.cover.map((c) => c.cell),
      ...['A', 'B', 'C', 'D'].map((c) => `4. Income!${c}4`),
    ];
    expect(compareWorkbooks(template, save(again.bytes, 'again.xlsx'), refs).differences).toEqual([]);
  });

  it('fills a filled copy exactly as it fills the blank template: a detail the app no longer has is emptied, cover included', () => {
    const { phone: _phone, ...withoutPhone } = planData.cover;
    const changed: WorkbookData = {
      ...planData,
      cover: withoutPhone,
      tables: {
        ...planData.tables,
        expenditure: planData.tables.expenditure!.slice(0, 3).map((r) => ({ ...r, briefDescription: null })),
      },
    };
    const again = fill(filled, planning, changed);
    expect(again.summary.cover.find((c) => c.label === 'Contact number:')).toEqual({
      label: 'Contact number:',
      cell: '2. Cover!C7',
      value: '',
    });
    const fresh = fill(template, planning, changed);
    expect(
      compareWorkbooks(save(fresh.bytes, 'fresh.xlsx'), save(again.bytes, 'refilled.xlsx'), []).differences,
    ).toEqual([]);
    // The same for NHS England's quarterly copy, whose Health and Wellbeing Board is pre-populated and stays.
    const qChanged = {
      subject: 'Q1',
      cover: { hwb: 'Bath and North East Somerset', completedBy: 'B. Officer' },
      tables: { spendActivity: seed.reported.map((r) => ({ ...r, issueDescription: null })) },
      lists: { yesNo: ['Yes', 'No'] },
    };
    const qAgain = fill(q.filled, quarterly, qChanged);
    expect(qAgain.summary.cover.map((c) => c.value)).toEqual(['B. Officer', '', '', '']);
    expect(
      compareWorkbooks(
        save(fill(q.template, quarterly, qChanged).bytes, 'q-fresh.xlsx'),
        save(qAgain.bytes, 'q-refilled.xlsx'),
        [],
      ).differences,
    ).toEqual([]);
  });

  it("writes the date signed off in the cover's own date format, a date where the cell shows dates and UK text where it shows text", () => {
    const signed = { ...planData, cover: { ...planData.cover, dateSignedOff: '2024-08-29' } };
    const asDate = fill(makeTemplate({ kind: 'planning', rows: 40, dateSignedOff: 'date' }), planning, signed);
    const asText = fill(makeTemplate({ kind: 'planning', rows: 40, dateSignedOff: 'text' }), planning, signed);
    expect(asDate.summary.cover.at(-1)).toEqual({
      label: 'Date signed off:',
      cell: '2. Cover!C9',
      value: '2024-08-29',
    });
    const files = [save(asDate.bytes, 'date (filled).xlsx'), save(asText.bytes, 'text (filled).xlsx')];
    const cells = openpyxl<[unknown, string][]>(
      'import sys, json\nfrom openpyxl import load_workbook\nout = []\nfor f in sys.argv[1:]:\n    c = load_workbook(f)["2. Cover"]["C9"]\n    out.append([str(c.value), c.number_format])\nprint(json.dumps(out))',
      ...files,
    );
    expect(cells).toEqual([
      ['2024-08-29 00:00:00', 'dd/mm/yyyy'],
      ['29/08/2024', '@'],
    ]);
    // LibreOffice, recalculating, shows the date as the template formats it, and the template's own checker and banner agree.
    const shown = libreOfficeSheets(files);
    for (const f of files) {
      expect(at(shown[f]!['2. Cover'], 'C9')).toBe('29/08/2024');
      expect(at(shown[f]!['2. Cover'], 'C17')).toBe('Yes');
      expect(at(shown[f]!['2. Cover'], 'A2')).toBe('Complete Template');
    }
    // A template without the label: the date is not written, and the summary says so.
    expect(fill(template, planning, signed).summary.warnings).toContain(
      'Sheet "2. Cover" has no "Date signed off:" label, so that detail was not written.',
    );
  });

  it('reads back its own fill of a template with a total row: the total is never a line, and a stale saved total is reported', () => {
    // openpyxl saves the total's formula with no result, as many programs do.
    const withTotal = makeTemplate({
      kind: 'quarterly',
      prefilled: seed.prefilled as never,
      formulas: { H13: '=SUM(H7:H12)' },
    });
    const data = {
      subject: 'Q1',
      cover: { hwb: 'Bath and North East Somerset' },
      tables: { spendActivity: seed.reported },
      lists: { yesNo: ['Yes', 'No'] },
    };
    const filledBytes = fill(withTotal, quarterly, data).bytes;
    const back = readWorkbook('total.xlsx', filledBytes, { candidates: [], profile: quarterly }).read;
    expect(back.problems).toEqual([]);
    expect(back.tables.spendActivity!.rows.map((r) => r.row)).toEqual([7, 8, 9, 10, 11, 12]);
    // The same total saved as £0 (a program that wrote the lines without recalculating): reported, not accepted.
    const parts = unzipSync(filledBytes);
    const sheetPart = Object.keys(parts).find((n) => /<f>SUM\(H7:H12\)<\/f>/.test(strFromU8(parts[n]!)))!;
    const stale = strFromU8(parts[sheetPart]!).replace(
      /(<c r="H13"[^>]*?)(\/?)>(?:<f>SUM\(H7:H12\)<\/f>(?:<v>[^<]*<\/v>)?<\/c>)?/,
      '$1><f>SUM(H7:H12)</f><v>0</v></c>',
    );
    const staleRead = readWorkbook('stale.xlsx', zipSync({ ...parts, [sheetPart]: strToU8(stale) }), {
      candidates: [],
      profile: quarterly,
    }).read;
    const total = seed.reported.reduce((s, r) => s + (r.actualPence as number), 0);
    expect(staleRead.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [
        13,
        '"Actual Expenditure to date" (H)',
        `the total saved in the file (=SUM(H7:H12)) is £0.00, but the lines it adds up come to ${formatPence(total)}: the saved results are out of date; open the workbook in Excel (or LibreOffice), let it calculate, and save it`,
      ],
    ]);
  });

  it('says, without refusing, that a table it has nothing for is missing; refuses when it has lines for it', () => {
    const elsewhere = {
      ...planning,
      tables: planning.tables.map((t) => (t.id === 'income' ? { ...t, sheet: 'Funding', sheetAliases: [] } : t)),
    };
    const noIncome = { ...planData, tables: { ...planData.tables, income: [] } };
    const out = fill(template, elsewhere, noIncome);
    expect(out.summary.warnings).toEqual([
      'There is no sheet "Funding" for the income table; the workbook\'s sheets are "1. Guidance", "2. Cover", "3. Summary", "4. Income", "5. Expenditure", "6. Metrics", "7. Planning Requirements", "Lists". Nothing was to be written there.',
    ]);
    expect(refused(() => fill(template, elsewhere, planData)).details).toEqual([
      'There is no sheet "Funding" for the income table; the workbook\'s sheets are "1. Guidance", "2. Cover", "3. Summary", "4. Income", "5. Expenditure", "6. Metrics", "7. Planning Requirements", "Lists".',
    ]);
  });

  it('refuses files that are not whole, unprotected xlsx workbooks', () => {
    const bytes = fs.readFileSync(template);
    const truncated = refused(() =>
      fillWorkbook({
        file: 'cut.xlsx',
        bytes: bytes.subarray(0, bytes.length - 100),
        profile: planning,
        data: planData,
      }),
    );
    expect(truncated.message).toMatch(/cut\.xlsx is damaged or incomplete/);
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(
      refused(() => fillWorkbook({ file: 'locked.xlsx', bytes: ole, profile: planning, data: planData })).message,
    ).toMatch(/password-protected/);
    expect(
      refused(() =>
        fillWorkbook({
          file: 'notes.xlsx',
          bytes: new TextEncoder().encode('hello'),
          profile: planning,
          data: planData,
        }),
      ).message,
    ).toBe('notes.xlsx is not an xlsx workbook.');
  });
});
