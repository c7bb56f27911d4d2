import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiError, type WorkbookImportPreview } from '../../shared/api';
import type { PlanLine } from '../../shared/plans/line';
import { createArea } from '../../electron/services/areas/areas';
import { readTable } from '../../electron/services/files/read-table';
import { undo } from '../../electron/services/plans/changesets';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { ensurePlan, findPlan } from '../../electron/services/plans/plan-store';
import { inTransaction } from '../../electron/services/context';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { rollForward } from '../../electron/services/plans/rollforward';
import { createReturn } from '../../electron/services/returns/create';
import { loadSample } from '../../electron/services/sample/sample';
import { bringTemplate } from '../../electron/services/templates/bring';
import { deleteTemplateYear, saveTemplateFile } from '../../electron/services/templates/template-years';
import {
  exportPlanWorkbook,
  getPlanCover,
  importPlanWorkbook,
  previewWorkbookImport,
  setPlanCover,
} from '../../electron/services/workbooks/plan-workbooks';
import { listProfiles } from '../../electron/services/workbooks/profiles';
import { fileHash, tempContext, tempDir, type TestContext } from '../helpers/db';
import { TEST_DIR } from '../helpers/fixtures';
import { sheetPart } from '../helpers/hostile-corpus';
import { compareWorkbooks, makeTemplate } from '../helpers/workbooks';

/**
 * The plan adapter through the services, on real SQLite files: a plan out to
 * a workbook (generated, or NHS England's copy filled) and back in, with the
 * same preview, strict parsing and one undoable, all-or-nothing commit as
 * every import; cover details; profiles derived, corrected, saved.
 */
const planFile = (name: string) => path.join(TEST_DIR, 'fixtures', 'plans', name);
const rowsOf = (file: string) => readTable(file, fs.readFileSync(file));
const cover = {
  completedBy: 'A. Manager',
  email: 'bcf@example.org',
  phone: '01225 477000',
  signedOffBy: 'Chair of the Health and Wellbeing Board',
};

/** A line as the user sees it, without where it was stored or read from. */
const plain = (l: PlanLine) => {
  const { id: _i, position: _p, source: _s, updatedAt: _u, ...rest } = l;
  return rest;
};

function plan2023(ctx: TestContext) {
  createArea(ctx, 'Bath and North East Somerset');
  importPlanTable(ctx, {
    file: 'plan-2023-25-faults.tsv',
    rows: rowsOf(planFile('plan-2023-25-faults.tsv')),
    year: '2023-24',
    mode: 'refuse',
    template: '2023-25',
  });
  importIncomeTable(ctx, {
    file: 'income-2023-25.tsv',
    rows: rowsOf(planFile('income-2023-25.tsv')),
    year: '2023-24',
    mode: 'refuse',
  });
  setPlanCover(ctx, '2023-24', cover);
}

function saveBytes(bytes: Uint8Array, name: string): string {
  const file = path.join(tempDir('bcf-wb-'), name);
  fs.writeFileSync(file, bytes);
  return file;
}

let ctx: TestContext;
let other: TestContext;
beforeEach(() => {
  ctx = tempContext();
  other = tempContext();
  createArea(other, 'Bath and North East Somerset');
});
afterEach(() => {
  ctx.close();
  other.close();
});

describe('a plan out to a workbook and back', () => {
  it('generates the 2023-25 workbook and reads it back into another database: the same lines, income and cover', async () => {
    plan2023(ctx);
    const out = await exportPlanWorkbook(ctx, { year: '2023-24' });
    expect(out.mode).toBe('generate');
    expect(out.fileName).toBe(
      'Better Care Fund 2023-25 Planning Template - Bath and North East Somerset, 2023-25 plan.xlsx',
    );
    const back = importPlanWorkbook(other, { file: out.fileName, bytes: out.bytes, mode: 'refuse' });
    expect(back).toMatchObject({
      profile: '2023-25-planning',
      year: '2023-24',
      lines: 4,
      income: 3,
      cover: ['completedBy', 'email', 'phone', 'signedOffBy'],
    });
    const a = getPlanView(ctx, '2023-24');
    const b = getPlanView(other, '2023-24');
    expect(b.lines.map(plain)).toEqual(a.lines.map(plain));
    expect(b.income.map(({ id: _i, source: _s, ...x }) => x)).toEqual(
      a.income.map(({ id: _i, source: _s, ...x }) => x),
    );
    expect(getPlanCover(other, '2023-24')).toEqual(getPlanCover(ctx, '2023-24'));
    expect(b.lines[0]!.source).toEqual({ file: `${out.fileName} [5. Expenditure]`, row: 8 });
    expect(b.validation.findings.map((f) => f.rule).sort()).toEqual(a.validation.findings.map((f) => f.rule).sort());
  });

  it("fills NHS England's copy (an official-like template by openpyxl) and reads the filled copy back", async () => {
    plan2023(ctx);
    const official = makeTemplate({ kind: 'planning', extlst: true, rows: 30 });
    const before = fileHash(official);
    const out = await exportPlanWorkbook(ctx, {
      year: '2023-24',
      into: { file: 'BCF Planning Template 2023-25.xlsx', bytes: fs.readFileSync(official) },
    });
    expect(out.mode).toBe('fill');
    expect(out.fileName).toBe('BCF Planning Template 2023-25 (filled).xlsx');
    expect(fileHash(official)).toBe(before);
    const filled = saveBytes(out.bytes, out.fileName);
    const refs = [
      ...out.fill!.tables.flatMap((t) =>
        t.columns.flatMap((c) => Array.from({ length: t.lines }, (_, i) => `${t.sheet}!${c.letter}${t.firstRow + i}`)),
      ),
      ...out.fill!.cover.map((c) => c.cell),
    ];
    expect(compareWorkbooks(official, filled, refs).differences).toEqual([]);
    importPlanWorkbook(other, { file: out.fileName, bytes: out.bytes, mode: 'refuse' });
    expect(getPlanView(other, '2023-24').lines.map(plain)).toEqual(getPlanView(ctx, '2023-24').lines.map(plain));
    expect(getPlanView(other, '2023-24').income).toHaveLength(3);
    expect(getPlanCover(other, '2023-24').fields.find((f) => f.key === 'email')!.value).toBe('bcf@example.org');
  });

  it("fills a workbook it generated, as it would NHS England's: the generated workbook is a template too", async () => {
    plan2023(ctx);
    const generated = await exportPlanWorkbook(ctx, { year: '2023-24' });
    setPlanCover(ctx, '2023-24', { phone: '01225 111111' });
    const again = await exportPlanWorkbook(ctx, {
      year: '2023-24',
      into: { file: 'draft.xlsx', bytes: generated.bytes },
    });
    // The one thing it notices: a generated workbook leaves out the official sheets the app has nothing for.
    expect(again.fill!.warnings).toEqual([
      'The profile "NHS England BCF planning template 2023-25" expects sheets this workbook does not have: "3. Summary", "6. Metrics", "7. Planning Requirements".',
    ]);
    expect(again.fill!.tables.map((t) => [t.sheet, t.firstRow, t.lines, t.replaced])).toEqual([
      ['4. Income', 8, 3, 12],
      ['5. Expenditure', 8, 4, 52],
    ]);
    expect(again.fill!.cover.find((c) => c.label === 'Contact number:')).toEqual({
      label: 'Contact number:',
      cell: '2. Cover!C9',
      value: '01225 111111',
    });
  });

  it('refuses to read a workbook into a plan of another layout', async () => {
    plan2023(ctx);
    const out = await exportPlanWorkbook(ctx, { year: '2023-24' });
    inTransaction(other, () => ensurePlan(other, '2023-24', '2019-20'));
    expect(previewWorkbookImport(other, { file: 'plan.xlsx', bytes: out.bytes }).problems[0]).toBe(
      'plan.xlsx: the 2023-24 plan follows the 2019-20 layout, but this workbook is laid out as the NHS England BCF planning template 2023-25 (2023-25); choose a 2019-20 profile',
    );
  });

  it('exports a rolled-forward 2020-21 plan with the 2019/20 layout, its headers naming its own years', async () => {
    loadSample(ctx);
    rollForward(ctx, {
      from: '2019-20',
      to: '2020-21',
      uplifts: [{ source: 'CCG Minimum Contribution', percent: '5.3' }],
    });
    const out = await exportPlanWorkbook(ctx, { year: '2020-21' });
    expect(out.generate!.sheets).toEqual(['1. Guidance', '2. Cover', '3. Funding Sources', '4. Schemes', 'Lists']);
    expect(out.generate!.checkers.map((c) => c.label)).toContain('Schemes: 2019/20 + virement = 2020/21 on every line');
    const preview = previewWorkbookImport(other, { file: 'plan.xlsx', bytes: out.bytes }) as WorkbookImportPreview;
    expect(preview).toMatchObject({ kind: 'plan', year: '2020-21', lines: 51, problems: [] });
    expect(preview.columns.filter((c) => /Expenditure/.test(c.header)).map((c) => [c.field, c.header])).toEqual([
      ['priorYearPence', '2019/20 Expenditure £'],
      ['expenditurePence', '2020/21 Expenditure £'],
    ]);
  });

  it('refuses a profile made for another layout or another year, saying which to choose', async () => {
    loadSample(ctx);
    await expect(exportPlanWorkbook(ctx, { year: '2019-20', profile: '2023-25-planning' })).rejects.toThrow(
      'The 2019-20 plan follows the 2019-20 layout, but the profile "NHS England BCF planning template 2023-25" is for 2023-25 plans; choose a 2019-20 profile.',
    );
    await expect(exportPlanWorkbook(ctx, { year: '2019-20', profile: '2024-25-quarterly' })).rejects.toThrow(
      '"2024-25-quarterly" is a return profile, not a plan profile.',
    );
    await expect(exportPlanWorkbook(ctx, { year: '2021-22' })).rejects.toThrow('There is no 2021-22 plan yet.');
  });
});

describe('reading a workbook into a plan', () => {
  it('lists every bad cell with file, sheet, row and column, and writes nothing', () => {
    const bad = makeTemplate({
      kind: 'planning',
      rows: 10,
      formulas: {
        A7: '7',
        B7: 'Falls',
        C7: 'Team',
        D7: 'Carers Services',
        I7: 'Social Care',
        K7: 'ICB',
        N7: 'Local Authority',
        O7: 'iBCF',
        P7: '£2.184k',
        Q7: 100,
        R7: 'New',
        A8: '8',
        B8: 'Reablement',
        P8: '#REF!',
        Q8: 100,
        R8: 'Maybe',
      },
    } as never);
    const before = fileHash(other.dbPath);
    const preview = previewWorkbookImport(other, { file: 'bad.xlsx', bytes: fs.readFileSync(bad) });
    expect(preview.problems).toEqual([
      'bad.xlsx (sheet "5. Expenditure") row 7, column "Expenditure for 2023-24 (£)" (P): "£2.184k" is not an amount: scaled figures (k, m, bn) are not accepted; write the amount in full pounds, e.g. £2,184,000',
      'bad.xlsx (sheet "5. Expenditure") row 8, column "Expenditure for 2023-24 (£)" (P): the cell holds the spreadsheet error #REF!; fix it in the workbook',
      'bad.xlsx (sheet "5. Expenditure") row 8, column "New/ Existing Scheme" (R): "Maybe" should be "New", "Existing" or blank',
    ]);
    expect(() => importPlanWorkbook(other, { file: 'bad.xlsx', bytes: fs.readFileSync(bad), mode: 'refuse' })).toThrow(
      /^bad\.xlsx \(sheet "5\. Expenditure"\) row 7.*\(and 2 more problems\)$/,
    );
    expect(fileHash(other.dbPath)).toBe(before);
  });

  it("reads a formula by the value Excel saved, lets the template's own formulas beyond the table be, and refuses a value typed there", async () => {
    plan2023(ctx);
    const out = await exportPlanWorkbook(ctx, { year: '2023-24' });
    const part = sheetPart(out.bytes, '5. Expenditure');
    const edited = (edit: (xml: string) => string) => {
      const parts = unzipSync(out.bytes);
      return zipSync({ ...parts, [part]: strToU8(edit(strFromU8(parts[part]!))) });
    };
    const inRow8 = (xml: string, cell: string) => xml.replace(/(<row r="8"[^>]*>[\s\S]*?)(<\/row>)/, `$1${cell}$2`);
    // Expenditure typed as =1000*12 in Excel, and a checker in column Z that the template computes for each line.
    const book = edited((xml) =>
      inRow8(
        xml.replace(/<c r="P8"[^>]*>[\s\S]*?<\/c>/, '<c r="P8"><f>1000*12</f><v>12000</v></c>'),
        '<c r="Z8" t="str"><f>IF(A8="","","ok")</f><v>ok</v></c>',
      ),
    );
    importPlanWorkbook(other, { file: 'formulas.xlsx', bytes: book, mode: 'refuse' });
    expect(getPlanView(other, '2023-24').lines[0]!.expenditurePence).toBe(1_200_000);
    const typed = edited((xml) => inRow8(xml, '<c r="Z8" t="inlineStr"><is><t>£4,000 (see note)</t></is></c>'));
    const before = fileHash(ctx.dbPath);
    expect(() => importPlanWorkbook(ctx, { file: 'typed.xlsx', bytes: typed, mode: 'replace' })).toThrow(
      /^typed\.xlsx \(sheet "5\. Expenditure"\) row 8, column Z: a value beyond the last heading: "£4,000 \(see note\)"$/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
    // Income is bounded as the income importer bounds it.
    const income = sheetPart(out.bytes, '4. Income');
    const parts = unzipSync(out.bytes);
    const negative = zipSync({
      ...parts,
      [income]: strToU8(
        strFromU8(parts[income]!).replace(/<c r="C8"[^>]*>[\s\S]*?<\/c>/, '<c r="C8"><v>-5000</v></c>'),
      ),
    });
    expect(() => importPlanWorkbook(ctx, { file: 'income.xlsx', bytes: negative, mode: 'replace' })).toThrow(
      /^income\.xlsx \(sheet "4\. Income"\) row 8, column "Income 2023-24 \(£\)" \(C\): Income cannot be negative/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('never mixes a workbook into a plan silently, replaces on request, and undoes the whole import in one step', async () => {
    plan2023(ctx);
    const out = await exportPlanWorkbook(ctx, { year: '2023-24' });
    plan2023(other);
    setPlanCover(other, '2023-24', { email: 'old@example.org' });
    createReturn(other, { year: '2023-24', period: 'Q1' });
    const returnLinks = () =>
      (
        other.db.prepare('SELECT plan_line_id AS id FROM return_line ORDER BY position').all() as {
          id: number | null;
        }[]
      ).map((r) => r.id);
    const before = getPlanView(other, '2023-24');
    expect(returnLinks()).toEqual(before.lines.map((l) => l.id));
    const conflict = (() => {
      try {
        importPlanWorkbook(other, { file: 'x.xlsx', bytes: out.bytes, mode: 'refuse' });
      } catch (err) {
        return err as ApiError;
      }
      return null;
    })();
    expect(conflict?.code).toBe('conflict');
    expect(conflict?.message).toBe(
      "The 2023-24 plan already has 4 lines and 3 income lines; choose to replace them or to append the workbook's 4 lines and 3 income lines.",
    );
    const outcome = importPlanWorkbook(other, { file: 'x.xlsx', bytes: out.bytes, mode: 'replace' });
    expect(outcome.replaced).toEqual({ lines: 4, income: 3 });
    // The Q1 return's lines follow the plan's lines to their new rows.
    expect(outcome.links).toEqual({ relinked: 4, dropped: [] });
    expect(returnLinks()).toEqual(getPlanView(other, '2023-24').lines.map((l) => l.id));
    expect(getPlanCover(other, '2023-24').fields.find((f) => f.key === 'email')!.value).toBe('bcf@example.org');
    expect(undo(other, findPlan(other, '2023-24')!.id).label).toBe('Import workbook x.xlsx (replacing the plan)');
    const after = getPlanView(other, '2023-24');
    expect(after.lines.map(plain)).toEqual(before.lines.map(plain));
    expect(after.income).toEqual(before.income);
    expect(returnLinks()).toEqual(before.lines.map((l) => l.id));
    expect(getPlanCover(other, '2023-24').fields.find((f) => f.key === 'email')!.value).toBe('old@example.org');
  });

  it('reads a quarterly return workbook into its return, never into a plan', () => {
    const q = makeTemplate({
      kind: 'quarterly',
      prefilled: [{ schemeId: '1', schemeName: 'Falls', plannedPence: 100 }],
    });
    expect(() => previewWorkbookImport(other, { file: 'q1.xlsx', bytes: fs.readFileSync(q), period: 'Q1' })).toThrow(
      /^q1\.xlsx is for the Q1 2024-25 return, which does not exist yet/,
    );
    expect(() => importPlanWorkbook(other, { file: 'q1.xlsx', bytes: fs.readFileSync(q), mode: 'refuse' })).toThrow(
      /^q1\.xlsx is laid out as the NHS England BCF quarterly reporting template 2024-25, a quarterly return: it goes into its return, not a plan/,
    );
    expect(findPlan(other, '2024-25')).toBeNull();
  });

  it('says when a workbook has no table of scheme lines, and refuses one that matches no profile', async () => {
    const noIds = makeTemplate({ kind: 'planning', drop: ['Scheme ID'], rows: 3 });
    expect(previewWorkbookImport(other, { file: 'odd.xlsx', bytes: fs.readFileSync(noIds) }).problems).toEqual([
      'odd.xlsx: no table of scheme lines was found (a header row with "Scheme ID" and "Scheme Name")',
    ]);
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').getCell('A1').value = 'Minutes of the meeting';
    const notes = new Uint8Array(await book.xlsx.writeBuffer());
    expect(() => previewWorkbookImport(other, { file: 'notes.xlsx', bytes: notes })).toThrow(
      /^notes\.xlsx does not match any known template \(2019-20-plan-appendix, 2023-25-planning, 2024-25-quarterly\): no sheet has a header row with "Funding Source" and "Scheme ID"\.$/,
    );
  });
});

describe('cover details', () => {
  it('are checked as typed, and audited so that undo restores them', () => {
    plan2023(ctx);
    expect(() => setPlanCover(ctx, '2023-24', { email: 'not an address' })).toThrow(
      '"not an address" is not an e-mail address such as bcf@council.gov.uk',
    );
    expect(() => setPlanCover(ctx, '2023-24', { hwb: 'Bristol' })).toThrow(/"hwb" is not a cover detail the app keeps/);
    setPlanCover(ctx, '2023-24', { phone: '01225 477000 ext 12', completedBy: '' });
    expect(getPlanCover(ctx, '2023-24').fields.map((f) => [f.key, f.value])).toEqual([
      ['completedBy', ''],
      ['email', 'bcf@example.org'],
      ['phone', '01225 477000 ext 12'],
      ['signedOffBy', cover.signedOffBy],
      ['dateSignedOff', ''],
    ]);
    undo(ctx, findPlan(ctx, '2023-24')!.id);
    expect(getPlanCover(ctx, '2023-24').fields.find((f) => f.key === 'completedBy')!.value).toBe('A. Manager');
  });
});

describe('template years brought from an official workbook', () => {
  it('finds the tables, inputs, required columns, drop-downs (extension lists too) and cover labels', () => {
    const official = makeTemplate({ kind: 'planning', extlst: true, rows: 30, shift: 1 });
    const d = bringTemplate(ctx, {
      file: 'BCF 2023-25 Planning Template.xlsx',
      bytes: fs.readFileSync(official),
      year: '2023-24',
    });
    expect(d.problems).toEqual([]);
    expect(d).toMatchObject({
      templateId: '2023-25',
      kind: 'plan',
      profileId: '2023-25-planning-official',
      replaces: { origin: 'shipped', confidence: 'likely' },
    });
    const profile = d.draft.profiles.find((p) => p.id === d.profileId)!;
    expect(profile).toMatchObject({ kind: 'plan', template: '2023-25', years: ['2023-24', '2024-25'] });
    expect(d.sheets.map((s) => s.name)).toEqual([
      '1. Guidance',
      '2. Cover',
      '3. Summary',
      '4. Income',
      '5. Expenditure',
      '6. Metrics',
      '7. Planning Requirements',
      'Lists',
    ]);
    const exp = d.tables.find((t) => t.id === 'expenditure')!;
    expect(exp.headerRow).toBe(7);
    expect(exp.columns.find((c) => c.header === 'Scheme Type')).toMatchObject({
      field: 'schemeType',
      role: 'input',
      required: true,
      listValues: expect.arrayContaining(['Carers Services', 'Other']),
    });
    expect(exp.columns.find((c) => c.header === 'Sub Types')).toMatchObject({
      field: 'subType',
      required: false,
      listValues: ['Respite services', 'Assessment teams/joint assessment', 'Other'],
    });
    expect(exp.columns.find((c) => c.header === 'Expenditure for 2024-25 (£)')).toMatchObject({
      field: 'expenditureYear2Pence',
      role: 'input',
      required: true,
    });
    expect(d.tables.find((t) => t.id === 'income')!.columns.map((c) => c.field)).toEqual([
      'sourceOfFunding',
      'partner',
      'amountPence',
      'amountYear2Pence',
    ]);
    expect(d.cover.map((c) => [c.key, c.cell, c.role])).toEqual([
      ['hwb', '2. Cover!C4', 'input'],
      ['completedBy', '2. Cover!C5', 'input'],
      ['email', '2. Cover!C6', 'input'],
      ['phone', '2. Cover!C7', 'input'],
      ['signedOffBy', '2. Cover!C8', 'input'],
    ]);
    expect(profile.checks.map((c) => c.id)).toContain('income.balance');
    // The drop-downs become the year's lists; the plan layout is the workbook's.
    expect(d.draft.templateYear.lists.sourcesOfFunding).toContain('Local Authority Discharge Funding');
    expect(d.draft.templateYear.required).toContain('briefDescription');
  });

  it('brings a quarterly workbook with its pre-populated lines: saved, used to fill, listed and deleted', async () => {
    const q = makeTemplate({
      kind: 'quarterly',
      extlst: true,
      prefilled: [{ schemeId: '1', schemeName: 'Falls', plannedPence: 100 }],
    });
    const d = bringTemplate(ctx, { file: 'Q1.xlsx', bytes: fs.readFileSync(q), year: '2024-25', period: 'Q1' });
    expect(d).toMatchObject({ templateId: '2023-25', kind: 'return', period: 'Q1', profileId: '2023-25-quarterly-q1' });
    expect(d.tables[0]).toMatchObject({ id: 'spendActivity', mode: 'prefilled', sheet: '5. Spend and activity' });
    expect(d.tables[0]!.columns.filter((c) => c.role === 'input').map((c) => c.letter)).toEqual(['H', 'J', 'L', 'M']);
    expect(d.tables[0]!.columns.find((c) => c.letter === 'L')!.listValues).toEqual(['Yes', 'No']);
    expect(d.cover.find((c) => c.key === 'hwb')).toMatchObject({
      role: 'prefilled',
      value: 'Bath and North East Somerset',
    });

    const saved = saveTemplateFile(ctx, d.draft, { broughtFrom: 'Q1.xlsx' });
    expect(saved).toMatchObject({
      id: '2023-25',
      origin: 'user',
      confidence: 'official',
      overridesShipped: true,
      broughtFrom: 'Q1.xlsx',
    });
    expect(listProfiles(ctx, 'return').map((p) => p.id)).toEqual(['2024-25-quarterly', '2023-25-quarterly-q1']);
    // A file whose profile takes a shipped profile's name, changed, is refused; so is one that is not a template year.
    expect(() =>
      saveTemplateFile(ctx, { ...d.draft, profiles: [{ ...d.draft.profiles[0]!, id: '2024-25-quarterly' }] }),
    ).toThrow(/"2024-25-quarterly" has the name of one shipped with the app but differs from it/);
    const invalid = (() => {
      try {
        saveTemplateFile(ctx, { ...d.draft, profiles: [{ ...d.draft.profiles[0]!, id: 'Bad Name', tables: [] }] });
      } catch (err) {
        return err as ApiError;
      }
      return null;
    })();
    expect(invalid?.details).toEqual([
      'profiles.0.id: a short name in lower case, digits and "-", e.g. 2023-25-planning',
      'profiles.0.tables: Too small: expected array to have >=1 items',
      'profiles.0.checks.0.table: check spend.issue-described: no table spendActivity',
    ]);
    expect(deleteTemplateYear(ctx, '2023-25')).toEqual({ id: '2023-25', shippedBack: true });
    expect(listProfiles(ctx, 'return').map((p) => p.id)).toEqual(['2024-25-quarterly']);
    expect(() => deleteTemplateYear(ctx, '2023-25')).toThrow(/shipped with the app and cannot be deleted/);
  });

  it('saves a brought planning template whose profile then fills the workbook it came from', async () => {
    plan2023(ctx);
    const official = makeTemplate({ kind: 'planning', rows: 30, shift: 2 });
    const d = bringTemplate(ctx, { file: 'official.xlsx', bytes: fs.readFileSync(official), year: '2023-24' });
    saveTemplateFile(ctx, d.draft, { broughtFrom: 'official.xlsx' });
    const out = await exportPlanWorkbook(ctx, {
      year: '2023-24',
      into: { file: 'official.xlsx', bytes: fs.readFileSync(official) },
    });
    expect(out.profile).toBe('2023-25-planning-official');
    expect(out.fill!.tables.find((t) => t.table === 'expenditure')).toMatchObject({
      headerRow: 8,
      firstRow: 9,
      lines: 4,
    });
    expect(out.fill!.warnings).toEqual([]);
  });
});
