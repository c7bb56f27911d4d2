import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type ReturnWorkbookImportPreview } from '../../shared/api';
import type { ReturnLine } from '../../shared/returns/line';
import { listAudit } from '../../electron/services/audit/audit';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { createReturn } from '../../electron/services/returns/create';
import { getReturnCover, setReturnCover } from '../../electron/services/returns/cover';
import { applyReturnEdits } from '../../electron/services/returns/entry';
import { reopen } from '../../electron/services/returns/signoff';
import { getReturnView } from '../../electron/services/returns/view';
import { importWorkbook, previewWorkbookImport } from '../../electron/services/workbooks/plan-workbooks';
import { exportReturnWorkbook } from '../../electron/services/workbooks/return-workbooks';
import { fileHash, tempContext, type TestContext } from '../helpers/db';
import { approveSeen, DISCHARGE, seedPlan, seedQ1 } from '../helpers/returns';
import { dumpWorkbook, makeTemplate, saveBytes } from '../helpers/workbooks';
import { listMetrics, setAssessment, setMetrics } from '../../electron/services/returns/metrics';
import { saveProfile } from '../../electron/services/workbooks/profiles';
import { rawProfile } from '../helpers/profiles';

/**
 * The return adapter through the services, on real SQLite files: a quarterly
 * return out to a workbook and back into a return, through the returns
 * importer's matching, preview and all-or-nothing commit; the return's cover
 * details; the sign-off lock.
 */
let ctx: TestContext;
let other: TestContext;
beforeEach(() => {
  ctx = tempContext();
  other = tempContext();
  seedQ1(ctx);
  seedPlan(other);
  createReturn(other, { year: '2024-25', period: 'Q1', sources: DISCHARGE });
});
afterEach(() => {
  ctx.close();
  other.close();
});

/** NHS England's pre-populated lines, as its copy of the Q1 template carries them. */
const prefilledLines = (c: TestContext) =>
  getReturnView(c, '2024-25', 'Q1').lines.map((l) => ({
    schemeId: l.schemeId,
    schemeName: l.schemeName,
    briefDescription: l.briefDescription,
    schemeType: l.schemeType,
    subType: l.subType,
    sourceOfFunding: l.sourceOfFunding,
    plannedPence: l.plannedPence,
  }));

const entries = (lines: readonly ReturnLine[]) =>
  lines.map((l) => [l.schemeName, l.plannedPence, l.actualPence, l.outputsDelivered, l.issues, l.issueDescription]);
const APPROVER = [{ name: 'Suzanne Westhead', role: 'Director of Adult Social Care', approvedOn: '2024-08-29' }];

function refused(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

async function generated(c: TestContext, period: 'Q1' | 'Q2' = 'Q1') {
  return exportReturnWorkbook(c, { year: '2024-25', period });
}

describe('a quarterly return out to a workbook and back', () => {
  it("generates the Q1 workbook and reads it back into another database's Q1 return: the same actuals, outputs and issues", async () => {
    const out = await generated(ctx);
    expect(out.mode).toBe('generate');
    expect(out.fileName).toBe(
      'Better Care Fund 2024-25 Quarterly Reporting Template - Bath and North East Somerset, Q1 2024-25 return.xlsx',
    );
    // Every line's checkers read Yes (the app finds no error); who signed it off waits for the approval, as the app's checks say.
    expect(out.generate!.checkers.filter((c) => c.value === 'No').map((c) => c.label)).toEqual([
      'Cover: Who signed off the report on behalf of the Health and Wellbeing Board',
      'Cover: Date signed off',
    ]);
    expect(out.generate!.banner).toBe('Incomplete Template');
    expect(
      getReturnView(ctx, '2024-25', 'Q1')
        .validation.findings.filter((f) => f.rule === 'return.cover-complete')
        .map((f) => [f.severity, f.field]),
    ).toEqual([
      ['warning', 'cover.signedOffBy'],
      ['warning', 'cover.dateSignedOff'],
    ]);
    const preview = previewWorkbookImport(other, {
      file: out.fileName,
      bytes: out.bytes,
    }) as ReturnWorkbookImportPreview;
    expect(preview).toMatchObject({
      kind: 'return',
      profile: '2024-25-quarterly',
      label: 'Q1 2024-25',
      period: 'Q1',
      sheet: '5. Spend and activity',
      headerRow: 7,
      problems: [],
      locked: false,
    });
    expect(
      preview.actuals.matches.map((m) => [
        m.row,
        m.schemeName,
        m.changes.map((c) => `${c.field} ${c.from || '(blank)'} → ${c.to}`),
      ]),
    ).toEqual([
      [
        8,
        'Care Act Assessments',
        [
          'actualPence (blank) → £30,000',
          'outputsDelivered (blank) → NA',
          'issues (blank) → Yes',
          'issueDescription (blank) → Recruitment, further consideration to be given to alternative routes of support',
        ],
      ],
      [
        9,
        'Care Journey/Coordination',
        ['actualPence (blank) → £26,750', 'outputsDelivered (blank) → NA', 'issues (blank) → No'],
      ],
      [
        10,
        'Home First Pathways',
        ['actualPence (blank) → £69,881', 'outputsDelivered (blank) → NA', 'issues (blank) → No'],
      ],
      [
        11,
        'Home First Pathways',
        ['actualPence (blank) → £14,380', 'outputsDelivered (blank) → NA', 'issues (blank) → No'],
      ],
      [
        12,
        'Discharge Schemes',
        ['actualPence (blank) → £145,425', 'outputsDelivered (blank) → NA', 'issues (blank) → No'],
      ],
      [
        13,
        'Discharge Schemes',
        ['actualPence (blank) → £455,107', 'outputsDelivered (blank) → NA', 'issues (blank) → No'],
      ],
    ]);
    // The workbook says nobody signed it off yet, nor when: the approval will.
    expect(preview.actuals.findings.map((f) => f.rule)).toEqual([
      'return.cover-complete',
      'return.cover-complete',
      ...Array(4).fill('return.straight-line-profile'),
    ]);
    const outcome = importWorkbook(other, { file: out.fileName, bytes: out.bytes, mode: 'refuse' });
    expect(outcome).toMatchObject({ kind: 'return', label: 'Q1 2024-25', matched: 6, changed: 19, dryRun: false });
    const a = getReturnView(ctx, '2024-25', 'Q1');
    const b = getReturnView(other, '2024-25', 'Q1');
    expect(entries(b.lines)).toEqual(entries(a.lines));
    expect(b.totals.actualPence).toBe(74_154_300);
    expect(b.lines[0]!.source).toEqual({ file: `${out.fileName} [5. Spend and activity]`, row: 8 });
    // The history says where each figure came from.
    expect(
      listAudit(other, {}).some(
        (e) =>
          e.entity === 'return_line' &&
          e.field === 'actualPence' &&
          e.reason === `Imported from ${out.fileName} [5. Spend and activity] row 8`,
      ),
    ).toBe(true);
  });

  it("fills NHS England's copy, whose lines it pre-populated, and reads the filled copy back", async () => {
    const template = makeTemplate({
      kind: 'quarterly',
      prefilled: prefilledLines(ctx),
      metrics: getReturnView(ctx, '2024-25', 'Q1').metrics.map((m) => ({ name: m.name, target: m.target })),
    });
    const out = await exportReturnWorkbook(ctx, {
      year: '2024-25',
      period: 'Q1',
      into: { file: 'Q1 template.xlsx', bytes: fs.readFileSync(template) },
    });
    expect(out.fileName).toBe('Q1 template (filled).xlsx');
    expect(out.fill!.tables[0]).toMatchObject({
      sheet: '5. Spend and activity',
      firstRow: 7,
      lastRow: 12,
      lines: 6,
      cells: 19,
    });
    expect(out.fill!.warnings).toEqual([]);
    // The official cover does not name the quarter: the return is chosen.
    const err = refused(() => previewWorkbookImport(other, { file: 'Q1 template (filled).xlsx', bytes: out.bytes }));
    expect(err.message).toBe(
      'Q1 template (filled).xlsx is a 2024-25 quarterly workbook, but its cover does not say which quarter it is for; choose the return it goes into (Q1, Q2, Q3 or year end).',
    );
    importWorkbook(other, { file: out.fileName, bytes: out.bytes, mode: 'refuse', period: 'Q1' });
    expect(entries(getReturnView(other, '2024-25', 'Q1').lines)).toEqual(
      entries(getReturnView(ctx, '2024-25', 'Q1').lines),
    );
  });

  it('refuses an official copy without a "Scheme ID" column before anything is written', async () => {
    const noIds = makeTemplate({
      kind: 'quarterly',
      drop: ['Scheme ID'],
      prefilled: [{ schemeId: '102', schemeName: 'Care Act Assessments', plannedPence: 12_000_000 }],
    });
    const before = fs.readFileSync(noIds);
    const db = fileHash(ctx.dbPath);
    await expect(
      exportReturnWorkbook(ctx, { year: '2024-25', period: 'Q1', into: { file: 'no-ids.xlsx', bytes: before } }),
    ).rejects.toMatchObject({
      code: 'refused',
      details: [
        'Sheet "5. Spend and activity": the header row (row 6) has no "Scheme ID" column, which identifies each line; it has "Scheme Name" (B), "Brief Description of Scheme" (C), "Scheme Type" (D) and 9 more.',
      ],
    });
    expect(fs.readFileSync(noIds).equals(before)).toBe(true);
    expect(fileHash(ctx.dbPath)).toBe(db);
    // Read back, such a workbook matches no template at all.
    expect(refused(() => previewWorkbookImport(other, { file: 'no-ids.xlsx', bytes: before })).message).toMatch(
      /^no-ids\.xlsx does not match any known template/,
    );
  });

  it('refuses a workbook import into an approved return, and writes nothing', async () => {
    const out = await generated(ctx);
    importWorkbook(other, { file: 'q1.xlsx', bytes: out.bytes, mode: 'refuse' });
    approveSeen(other, '2024-25', 'Q1', APPROVER, 'Scheme of delegation 4.2');
    const edited = await (async () => {
      applyReturnEdits(ctx, '2024-25', 'Q1', [
        { lineId: getReturnView(ctx, '2024-25', 'Q1').lines[1]!.id, field: 'actualPence', text: '£27,000' },
      ]);
      return generated(ctx);
    })();
    const db = fileHash(other.dbPath);
    const preview = previewWorkbookImport(other, {
      file: 'q1 v2.xlsx',
      bytes: edited.bytes,
    }) as ReturnWorkbookImportPreview;
    expect(preview).toMatchObject({ state: 'approved', locked: true });
    expect(preview.problems[0]).toBe(
      'The Q1 2024-25 return is approved, so its figures are locked. Reopen it with a reason to change them.',
    );
    const err = refused(() => importWorkbook(other, { file: 'q1 v2.xlsx', bytes: edited.bytes, mode: 'refuse' }));
    expect(err.message).toBe(
      'The Q1 2024-25 return is approved, so its figures are locked. Reopen it with a reason to change them.',
    );
    expect(fileHash(other.dbPath)).toBe(db);
    // Reopened (with a reason), the same workbook goes in.
    reopen(other, '2024-25', 'Q1', 'ICB finance found a coding error');
    expect(importWorkbook(other, { file: 'q1 v2.xlsx', bytes: edited.bytes, mode: 'refuse' })).toMatchObject({
      matched: 6,
      changed: 1,
    });
    expect(getReturnView(other, '2024-25', 'Q1').lines[1]!.actualPence).toBe(2_700_000);
  });

  it('refuses, listing every problem by sheet, row and column, a workbook with a bad figure or a row it cannot match; nothing is written', async () => {
    const out = await generated(ctx);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(out.bytes as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('5. Spend and activity')!;
    sheet.getCell('H9').value = 'twelve pounds';
    sheet.getCell('A10').value = '999';
    sheet.getCell('L11').value = { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
    const bad = new Uint8Array(await book.xlsx.writeBuffer());
    const db = fileHash(other.dbPath);
    const preview = previewWorkbookImport(other, { file: 'bad.xlsx', bytes: bad }) as ReturnWorkbookImportPreview;
    expect(preview.problems).toEqual([
      'bad.xlsx (sheet "5. Spend and activity") row 11, column "Have there been any implementation issues?" (L): the cell holds the spreadsheet error #DIV/0!; fix it in the workbook',
      'bad.xlsx [5. Spend and activity] row 9, column "Actual Expenditure to date" (H): "twelve pounds" is not an amount: the letter t (character 1) is not a digit, comma, point or £ sign',
      'bad.xlsx [5. Spend and activity] row 10, column "Scheme ID" (A): no line of this return has Scheme ID 999',
    ]);
    const err = refused(() => importWorkbook(other, { file: 'bad.xlsx', bytes: bad, mode: 'refuse' }));
    expect(err.details).toHaveLength(1);
    expect(fileHash(other.dbPath)).toBe(db);
  });

  it('reads two lines alike but for their planned expenditure each into its own line, by Planned Expenditure', async () => {
    const out = await generated(ctx);
    // Swap the two "Home First Pathways" rows: matching goes by Planned Expenditure, never by position.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(out.bytes as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('5. Spend and activity')!;
    for (let c = 1; c <= 13; c++) {
      const a = sheet.getCell(10, c).value;
      sheet.getCell(10, c).value = sheet.getCell(11, c).value;
      sheet.getCell(11, c).value = a;
    }
    const swapped = new Uint8Array(await book.xlsx.writeBuffer());
    importWorkbook(other, { file: 'swapped.xlsx', bytes: swapped, mode: 'refuse' });
    const pathways = getReturnView(other, '2024-25', 'Q1').lines.filter((l) => l.schemeName === 'Home First Pathways');
    expect(pathways.map((l) => [l.plannedPence, l.actualPence, l.source?.row])).toEqual([
      [27_952_100, 6_988_100, 11],
      [5_743_700, 1_438_000, 10],
    ]);
  });

  it('finds the quarter on the cover, and says when the chosen one differs', async () => {
    createReturn(other, { year: '2024-25', period: 'Q2' });
    const out = await generated(ctx);
    const toQ2 = previewWorkbookImport(other, {
      file: 'q1.xlsx',
      bytes: out.bytes,
      period: 'Q2',
    }) as ReturnWorkbookImportPreview;
    expect(toQ2.label).toBe('Q2 2024-25');
    expect(toQ2.notes).toContain(
      "The workbook's cover names Q1 2024-25; it is read into the Q2 2024-25 return, as chosen.",
    );
    createReturn(ctx, { year: '2024-25', period: 'Q2' });
    const q2 = await generated(ctx, 'Q2');
    expect(
      (previewWorkbookImport(other, { file: 'q2.xlsx', bytes: q2.bytes }) as ReturnWorkbookImportPreview).label,
    ).toBe('Q2 2024-25');
    const fresh = tempContext();
    seedPlan(fresh);
    expect(refused(() => previewWorkbookImport(fresh, { file: 'q1.xlsx', bytes: out.bytes })).message).toBe(
      'q1.xlsx is for the Q1 2024-25 return, which does not exist yet: create it from the plan first (bcf return create --year 2024-25 --period Q1).',
    );
    fresh.close();
  });
});

describe("a return's cover details", () => {
  it('takes each detail from the plan until the return has its own, and who signed off from its approvers', () => {
    setPlanCover(ctx, '2023-24', { completedBy: 'A. Manager', email: 'bcf@example.org', phone: '01225 477000' });
    expect(getReturnCover(ctx, '2024-25', 'Q1').fields.map((f) => [f.key, f.value, f.from])).toEqual([
      ['completedBy', 'A. Manager', 'plan'],
      ['email', 'bcf@example.org', 'plan'],
      ['phone', '01225 477000', 'plan'],
      ['signedOffBy', '', null],
      ['dateSignedOff', '', null],
    ]);
    setReturnCover(ctx, '2024-25', 'Q1', { completedBy: 'B. Officer' });
    approveSeen(ctx, '2024-25', 'Q1', APPROVER, '');
    const cover = getReturnCover(ctx, '2024-25', 'Q1');
    expect(cover.fields.map((f) => [f.key, f.value, f.from])).toEqual([
      ['completedBy', 'B. Officer', 'return'],
      ['email', 'bcf@example.org', 'plan'],
      ['phone', '01225 477000', 'plan'],
      ['signedOffBy', 'Suzanne Westhead (Director of Adult Social Care)', 'approvers'],
      ['dateSignedOff', '2024-08-29', 'approvers'],
    ]);
    expect(refused(() => setReturnCover(ctx, '2024-25', 'Q1', { completedBy: 'C. Other' })).message).toBe(
      'The Q1 2024-25 return is approved, so its cover details are locked. Reopen it with a reason to change them.',
    );
    expect(refused(() => setReturnCover(ctx, '2024-25', 'Q1', { email: 'nope' })).message).toBe(
      '"nope" is not an e-mail address such as bcf@council.gov.uk',
    );
  });

  it('writes the cover into the workbook, and reads a changed one back into the return', async () => {
    setPlanCover(ctx, '2023-24', { completedBy: 'A. Manager', email: 'bcf@example.org' });
    setReturnCover(ctx, '2024-25', 'Q1', {
      phone: '01225 477000',
      signedOffBy: 'Chair of the HWB',
      dateSignedOff: '2024-08-29',
    });
    const out = await generated(ctx);
    expect(out.generate!.checkers.filter((c) => c.label.startsWith('Cover')).map((c) => c.value)).toEqual([
      'Yes',
      'Yes',
      'Yes',
      'Yes',
      'Yes',
      'Yes',
    ]);
    // The date signed off is a date on the cover, shown as NHS England's cover shows it.
    const dated = dumpWorkbook(saveBytes(out.bytes, 'q1.xlsx')).cells['2. Cover']!;
    expect(
      Object.values(dated)
        .filter((c) => c[5] === 'dd/mm/yyyy')
        .map((c) => c[0]),
    ).toEqual(['2024-08-29 00:00:00']);
    expect(out.generate!.banner).toBe('Complete Template');
    const preview = previewWorkbookImport(other, { file: 'q1.xlsx', bytes: out.bytes }) as ReturnWorkbookImportPreview;
    // The other area's plan gives its own details (the same telephone number): the workbook's differ from them, and become the return's.
    expect(preview.cover.map((c) => [c.key, c.from, c.to])).toEqual([
      ['completedBy', 'Jane Smith', 'A. Manager'],
      ['email', 'bcf@bathnes.gov.uk', 'bcf@example.org'],
      ['signedOffBy', '', 'Chair of the HWB'],
      ['dateSignedOff', '', '2024-08-29'],
    ]);
    expect(importWorkbook(other, { file: 'q1.xlsx', bytes: out.bytes, mode: 'refuse' })).toMatchObject({
      cover: ['completedBy', 'email', 'signedOffBy', 'dateSignedOff'],
    });
    expect(getReturnCover(other, '2024-25', 'Q1').fields.map((f) => [f.value, f.from])).toEqual([
      ['A. Manager', 'return'],
      ['bcf@example.org', 'return'],
      ['01225 477000', 'plan'],
      ['Chair of the HWB', 'return'],
      ['2024-08-29', 'return'],
    ]);
    expect(
      listAudit(other, {})
        .filter((e) => e.entity === 'return_cover')
        .map((e) => e.reason),
    ).toEqual(Array(4).fill('From q1.xlsx'));
  });
});

it('writes the generated workbook name from the profile and the return, and keeps other years out', async () => {
  const out = await generated(ctx);
  expect(path.extname(out.fileName)).toBe('.xlsx');
  seedPlanYear2(other);
  await expect(exportReturnWorkbook(other, { year: '2023-24', period: 'Q1' })).rejects.toMatchObject({
    message:
      'The profile "NHS England BCF quarterly reporting template 2024-25" is for 2024-25, not 2023-24; bring the 2023-24 reporting workbook on the Template years screen (bcf template add WORKBOOK.xlsx --year 2023-24).',
  });
});

function seedPlanYear2(c: TestContext) {
  createReturn(c, { year: '2023-24', period: 'Q1', sources: DISCHARGE });
}

// ---------------------------------------------------------------------------
// The metrics sheet

const TARGETS = [
  { name: 'Avoidable admissions', target: '188.4 per 100,000' },
  { name: 'Falls', target: '1,650 per 100,000' },
  { name: 'Discharge to usual place of residence', target: '93.1%' },
  { name: 'Residential admissions', target: '' },
];

function metricId(c: TestContext, name: string): number {
  return listMetrics(c, '2024-25').find((m) => m.name === name)!.id;
}

/** The year's targets, and the Q1 return's assessments: one on track, one not (with its challenges, one beginning with "="), one without data. */
function assessQ1(c: TestContext) {
  setMetrics(c, '2024-25', TARGETS);
  setAssessment(c, '2024-25', 'Q1', metricId(c, 'Avoidable admissions'), {
    onTrack: 'On track to meet target',
    challenges: '',
    achievements: 'Virtual ward opened in May',
  });
  setAssessment(c, '2024-25', 'Q1', metricId(c, 'Falls'), {
    onTrack: 'Not on track to meet target',
    challenges: '=Winter pressures; support from the ICB asked for',
    achievements: '',
  });
  setAssessment(c, '2024-25', 'Q1', metricId(c, 'Discharge to usual place of residence'), {
    onTrack: 'Data not available to assess progress',
    challenges: '',
    achievements: '',
  });
}

const assessments = (c: TestContext) =>
  getReturnView(c, '2024-25', 'Q1').metrics.map((m) => [m.name, m.target, m.onTrack, m.challenges, m.achievements]);

describe('the metrics sheet of a quarterly workbook', () => {
  it("generates the metrics with their assessments and reads them back into another database's return, in the same preview and commit as the lines", async () => {
    setMetrics(ctx, '2024-25', TARGETS);
    const unassessed = await generated(ctx);
    expect(
      unassessed.generate!.checkers.filter((c) => c.label.startsWith('Metrics')).map((c) => [c.label, c.value]),
    ).toEqual([
      ['Metrics: progress assessed for every metric with a target', 'No'],
      ['Metrics: challenges described where a metric with a target is not on track', 'Yes'],
    ]);
    assessQ1(ctx);
    const out = await generated(ctx);
    expect(out.generate!.tables.map((t) => [t.table, t.sheet, t.lines, t.firstRow, t.lastRow])).toEqual([
      ['metrics', '4. Metrics', 4, 8, 11],
      ['spendActivity', '5. Spend and activity', 6, 8, 13],
    ]);
    expect(out.generate!.checkers.filter((c) => c.label.startsWith('Metrics')).map((c) => c.value)).toEqual([
      'Yes',
      'Yes',
    ]);
    expect(out.generate!.formulaLikeTexts).toBe(1);

    // The other database has the same metrics and targets; one metric it had assessed is blank in the workbook.
    setMetrics(other, '2024-25', TARGETS);
    setAssessment(other, '2024-25', 'Q1', metricId(other, 'Residential admissions'), {
      onTrack: 'On track to meet target',
      challenges: '',
      achievements: 'Fewer placements',
    });
    const db = fileHash(other.dbPath);
    const preview = previewWorkbookImport(other, { file: 'q1.xlsx', bytes: out.bytes }) as ReturnWorkbookImportPreview;
    expect(preview.problems).toEqual([]);
    expect(preview.metrics).toEqual({
      sheet: '4. Metrics',
      rows: 4,
      changes: [
        {
          metric: 'Avoidable admissions',
          field: 'onTrack',
          label: 'Assessment of progress',
          from: '',
          to: 'On track to meet target',
        },
        {
          metric: 'Avoidable admissions',
          field: 'achievements',
          label: 'Achievements',
          from: '',
          to: 'Virtual ward opened in May',
        },
        {
          metric: 'Falls',
          field: 'onTrack',
          label: 'Assessment of progress',
          from: '',
          to: 'Not on track to meet target',
        },
        {
          metric: 'Falls',
          field: 'challenges',
          label: 'Challenges and any support needs',
          from: '',
          to: '=Winter pressures; support from the ICB asked for',
        },
        {
          metric: 'Discharge to usual place of residence',
          field: 'onTrack',
          label: 'Assessment of progress',
          from: '',
          to: 'Data not available to assess progress',
        },
        {
          metric: 'Residential admissions',
          field: 'onTrack',
          label: 'Assessment of progress',
          from: 'On track to meet target',
          to: '',
        },
        {
          metric: 'Residential admissions',
          field: 'achievements',
          label: 'Achievements',
          from: 'Fewer placements',
          to: '',
        },
      ],
    });
    // The checks the preview promises see the metrics as they will be: no metric with a target is left unassessed.
    expect(preview.actuals.findings.filter((f) => f.field === 'onTrack' || f.field === 'challenges')).toEqual([]);
    expect(fileHash(other.dbPath)).toBe(db);
    const dry = importWorkbook(other, { file: 'q1.xlsx', bytes: out.bytes, mode: 'refuse', dryRun: true });
    expect(dry).toMatchObject({ kind: 'return', dryRun: true, metrics: 4 });
    expect(fileHash(other.dbPath)).toBe(db);

    const outcome = importWorkbook(other, { file: 'q1.xlsx', bytes: out.bytes, mode: 'refuse' });
    expect(outcome).toMatchObject({ kind: 'return', matched: 6, changed: 19, metrics: 4, dryRun: false });
    expect(assessments(other)).toEqual(assessments(ctx));
    expect(assessments(other)[3]).toEqual(['Residential admissions', '', '', '', '']);
    expect(
      listAudit(other, {})
        .filter((e) => e.entity === 'return_metric' && e.reason?.startsWith('Imported'))
        .map((e) => [e.field, e.reason]),
    ).toContainEqual(['Falls: challenges', 'Imported from q1.xlsx [4. Metrics] row 9']);
  });

  it("fills the metrics table of NHS England's copy: names checked one for one, a differing target a warning, a differing name refused", async () => {
    assessQ1(ctx);
    const metrics = TARGETS.map((m) => ({ ...m }));
    const template = makeTemplate({ kind: 'quarterly', prefilled: prefilledLines(ctx), metrics });
    const out = await exportReturnWorkbook(ctx, {
      year: '2024-25',
      period: 'Q1',
      into: { file: 'Q1 template.xlsx', bytes: fs.readFileSync(template) },
    });
    expect(out.fill!.warnings).toEqual([]);
    expect(out.fill!.tables[1]).toMatchObject({
      table: 'metrics',
      sheet: '4. Metrics',
      headerRow: 6,
      firstRow: 7,
      lastRow: 10,
      lines: 4,
      cells: 5,
    });
    expect(out.fill!.tables[1]!.columns.map((c) => `${c.letter} ${c.header}`)).toEqual([
      'D Assessment of progress against the metric plan for the reporting period',
      'E Challenges and any Support Needs',
      'F Achievements',
    ]);
    // Read back (the quarter chosen), the assessments are the return's.
    setMetrics(other, '2024-25', TARGETS);
    importWorkbook(other, { file: out.fileName, bytes: out.bytes, mode: 'refuse', period: 'Q1' });
    expect(assessments(other)).toEqual(assessments(ctx));

    // A target that differs is a warning; the fill goes ahead.
    metrics[1]!.target = '1,700 per 100,000';
    const otherTarget = await exportReturnWorkbook(ctx, {
      year: '2024-25',
      period: 'Q1',
      into: {
        file: 't.xlsx',
        bytes: fs.readFileSync(makeTemplate({ kind: 'quarterly', prefilled: prefilledLines(ctx), metrics })),
      },
    });
    expect(otherTarget.fill!.warnings).toEqual([
      'sheet "4. Metrics" cell C8 ("For information - Your planned performance as reported in 2024-25 planning"): the template has "1,700 per 100,000", the app\'s line 2 (Falls) has "1,650 per 100,000".',
    ]);

    // A name that differs is refused before anything is written.
    metrics[1]!.name = 'Falls (65 and over)';
    const renamed = fs.readFileSync(makeTemplate({ kind: 'quarterly', prefilled: prefilledLines(ctx), metrics }));
    const db = fileHash(ctx.dbPath);
    await expect(
      exportReturnWorkbook(ctx, { year: '2024-25', period: 'Q1', into: { file: 'renamed.xlsx', bytes: renamed } }),
    ).rejects.toMatchObject({
      code: 'refused',
      details: [
        'sheet "4. Metrics" cell A8 ("Metric"): the template has "Falls (65 and over)", the app\'s line 2 (Falls) has "Falls".',
      ],
    });
    // So is a table with another number of metrics.
    const three = fs.readFileSync(
      makeTemplate({ kind: 'quarterly', prefilled: prefilledLines(ctx), metrics: TARGETS.slice(0, 3) }),
    );
    await expect(
      exportReturnWorkbook(ctx, { year: '2024-25', period: 'Q1', into: { file: 'three.xlsx', bytes: three } }),
    ).rejects.toMatchObject({
      code: 'refused',
      details: [
        'Sheet "4. Metrics" has 3 pre-populated lines (rows 7 to 9), but there are 4 to fill; the template and the app\'s lines must match one for one.',
      ],
    });
    expect(fileHash(ctx.dbPath)).toBe(db);
  });

  it('fills a copy whose metrics sheet it cannot find all the same, saying the metrics were not written', async () => {
    assessQ1(ctx);
    const template = makeTemplate({ kind: 'quarterly', prefilled: prefilledLines(ctx) });
    const out = await exportReturnWorkbook(ctx, {
      year: '2024-25',
      period: 'Q1',
      into: { file: 'old.xlsx', bytes: fs.readFileSync(template) },
    });
    expect(out.fill!.tables.map((t) => t.table)).toEqual(['spendActivity']);
    expect(out.fill!.warnings).toEqual([
      'Sheet "4. Metrics" has no header row with the headings "Metric", "For information - Your planned performance as reported in 2024-25 planning", "Assessment of progress against the metric plan for the reporting period"… in its first 400 rows. The 4 rows of the metrics table were not written.',
    ]);
    // Read back, it sets the lines and leaves the metrics as they are.
    setMetrics(other, '2024-25', TARGETS);
    const preview = previewWorkbookImport(other, {
      file: 'old (filled).xlsx',
      bytes: out.bytes,
      period: 'Q1',
    }) as ReturnWorkbookImportPreview;
    expect(preview.metrics).toEqual({ sheet: null, rows: 0, changes: [] });
    expect(preview.notes).toContain('No metrics table was found (sheet "4. Metrics"); nothing is read for it.');
    expect(
      importWorkbook(other, { file: 'old (filled).xlsx', bytes: out.bytes, mode: 'refuse', period: 'Q1' }),
    ).toMatchObject({ matched: 6, metrics: 0 });
    expect(assessments(other).map((a) => a[2])).toEqual(['', '', '', '']);
  });

  it('refuses a metrics sheet naming an unknown metric or an assessment not in the list, by sheet, row and column; nothing is written', async () => {
    assessQ1(ctx);
    setMetrics(other, '2024-25', TARGETS);
    const out = await generated(ctx);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(out.bytes as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('4. Metrics')!;
    sheet.getCell('A9').value = 'Falls in care homes';
    sheet.getCell('C10').value = 'Nearly there';
    const bad = new Uint8Array(await book.xlsx.writeBuffer());
    const db = fileHash(other.dbPath);
    const preview = previewWorkbookImport(other, { file: 'bad.xlsx', bytes: bad }) as ReturnWorkbookImportPreview;
    expect(preview.problems).toEqual([
      'bad.xlsx (sheet "4. Metrics") row 9, column "Metric" (A): the return has no metric "Falls in care homes"; its metrics are "Avoidable admissions", "Falls", "Discharge to usual place of residence", "Residential admissions"',
      'bad.xlsx (sheet "4. Metrics") row 10, column "Assessment of progress against the metric plan for the reporting period" (C): "Nearly there" is not an assessment of progress: expected "On track to meet target", "Not on track to meet target", "Data not available to assess progress", or blank',
    ]);
    const err = refused(() => importWorkbook(other, { file: 'bad.xlsx', bytes: bad, mode: 'refuse' }));
    expect(err.details).toEqual(preview.problems);
    expect(fileHash(other.dbPath)).toBe(db);
    expect(assessments(other).map((a) => a[2])).toEqual(['', '', '', '']);
  });

  it("writes an approved return's metrics as approved, and a saved profile without a metrics table writes and reads none", async () => {
    assessQ1(ctx);
    approveSeen(ctx, '2024-25', 'Q1', APPROVER, '');
    setMetrics(
      ctx,
      '2024-25',
      TARGETS.map((m) => (m.name === 'Falls' ? { ...m, target: '1,500 per 100,000' } : m)),
    );
    const out = await generated(ctx);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(out.bytes as unknown as ExcelJS.Buffer);
    expect([
      book.getWorksheet('4. Metrics')!.getCell('A9').value,
      book.getWorksheet('4. Metrics')!.getCell('B9').value,
    ]).toEqual(['Falls', '1,650 per 100,000']);

    const raw = rawProfile('2024-25-quarterly');
    saveProfile(ctx, {
      ...raw,
      id: 'q1-without-metrics',
      label: 'Quarterly, no metrics',
      tables: raw.tables.filter((t) => t.id !== 'metrics'),
      checks: raw.checks.filter((c) => c.table !== 'metrics'),
    });
    const plain = await exportReturnWorkbook(ctx, { year: '2024-25', period: 'Q1', profile: 'q1-without-metrics' });
    expect(plain.generate!.sheets).not.toContain('4. Metrics');
    expect(plain.generate!.tables.map((t) => t.table)).toEqual(['spendActivity']);
    saveProfile(other, {
      ...raw,
      id: 'q1-without-metrics',
      label: 'Quarterly, no metrics',
      tables: raw.tables.filter((t) => t.id !== 'metrics'),
      checks: raw.checks.filter((c) => c.table !== 'metrics'),
    });
    setMetrics(other, '2024-25', TARGETS);
    // The full workbook read through the profile without metrics: its metrics sheet is not read, and that is no error.
    const preview = previewWorkbookImport(other, {
      file: 'q1.xlsx',
      bytes: out.bytes,
      profile: 'q1-without-metrics',
    }) as ReturnWorkbookImportPreview;
    expect([preview.problems, preview.metrics]).toEqual([[], { sheet: null, rows: 0, changes: [] }]);
    expect(
      importWorkbook(other, { file: 'q1.xlsx', bytes: out.bytes, mode: 'refuse', profile: 'q1-without-metrics' }),
    ).toMatchObject({ matched: 6, metrics: 0 });
    expect(assessments(other).map((a) => a[2])).toEqual(['', '', '', '']);
  });
});
