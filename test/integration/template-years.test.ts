import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbookExport } from '../../shared/api';
import { createArea } from '../../electron/services/areas/areas';
import { readTable } from '../../electron/services/files/read-table';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { setPlanCondition } from '../../electron/services/plans/line-actions';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { setReturnCover } from '../../electron/services/returns/cover';
import { createReturn } from '../../electron/services/returns/create';
import { applyReturnEdits, setReturnCondition } from '../../electron/services/returns/entry';
import { listMetrics, setAssessment, setMetrics } from '../../electron/services/returns/metrics';
import { getReturnView } from '../../electron/services/returns/view';
import { bringTemplate } from '../../electron/services/templates/bring';
import {
  exportTemplateYear,
  listTemplateYears,
  parseTemplateFileBytes,
  saveTemplateFile,
} from '../../electron/services/templates/template-years';
import { exportPlanWorkbook, importWorkbook, setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { exportReturnWorkbook } from '../../electron/services/workbooks/return-workbooks';
import { validatePlan } from '../../shared/plans/rules';
import type { ReturnColumn } from '../../shared/returns/line';
import { tempContext, tempDir, type TestContext } from '../helpers/db';
import {
  CONDITIONS,
  income2027Tsv,
  METRICS,
  plan2026Tsv,
  plan2027Tsv,
  planningWorkbook,
  quarterlySpec,
  quarterlyWorkbook,
} from '../helpers/unseen';
import { choiceKey, draftFrom } from '../../shared/templates/draft';
import { referenceSet } from '../../electron/services/reference/reference';
import {
  at,
  compareWorkbooks,
  makeTemplate,
  makeUnseen,
  resaveWithLibreOffice,
  saveBytes,
  writtenRefs,
} from '../helpers/workbooks';
import { libreOfficeSheets, openpyxl } from '../helpers/readers';
import { planSubject } from '../../electron/services/plans/plan-view';
import { findPlan } from '../../electron/services/plans/plan-store';

/**
 * A year the app was never shipped with, tried as a BCF manager would meet
 * it: NHS England's 2026-27 Q2 reporting workbook and 2027-28 planning
 * workbook (written by openpyxl, and the Q2 one saved again by LibreOffice)
 * with new sheet names and order, the header further down, a renamed
 * column, columns the app has no field for, new stream names, a national
 * conditions block and three metrics. Brought, saved, used by the year's plan
 * and return, filled (nothing but the input cells changes), recalculated by
 * LibreOffice (its checkers read Yes where the app finds the return
 * complete) and read back into another area's database to the penny.
 */
const AREA = 'Bath and North East Somerset';
const ALIGNED = 'extra.isTheSchemeAlignedWithNeighbourhood' as ReturnColumn;

function tsv(text: string, name: string) {
  const file = path.join(tempDir('bcf-tsv-'), name);
  fs.writeFileSync(file, text);
  return { file: name, rows: readTable(file, fs.readFileSync(file)) };
}

const save = saveBytes;

/** An area with the brought 2026-27 year, its plan and its Q2 return. */
function area2026(ctx: TestContext, file: string) {
  createArea(ctx, AREA);
  const brought = bringTemplate(ctx, {
    file: 'BCF 2026-27 Q2 Reporting Template.xlsx',
    bytes: fs.readFileSync(file),
    year: '2026-27',
  });
  saveTemplateFile(ctx, brought.draft, { broughtFrom: brought.file });
  const plan = tsv(plan2026Tsv(), 'plan-2026-27.tsv');
  importPlanTable(ctx, { ...plan, year: '2026-27', mode: 'refuse' });
  createReturn(ctx, { year: '2026-27', period: 'Q2' });
  setMetrics(ctx, '2026-27', METRICS);
  return brought;
}

/** Everything the Q2 workbook asks, answered: a complete return. */
function complete2026(ctx: TestContext) {
  const lines = getReturnView(ctx, '2026-27', 'Q2').lines;
  const edit = (i: number, field: ReturnColumn, text: string) => ({ lineId: lines[i]!.id, field, text });
  applyReturnEdits(ctx, '2026-27', 'Q2', [
    edit(0, 'actualPence', '£612,345.67'),
    edit(0, 'outputsDelivered', '201'),
    edit(0, 'issues', 'No'),
    edit(0, ALIGNED, 'Yes'),
    edit(1, 'actualPence', '£150,000'),
    edit(1, 'outputsDelivered', '30'),
    edit(1, 'issues', 'Yes'),
    edit(1, 'issueDescription', 'Two providers left the market'),
    edit(1, ALIGNED, 'No'),
    edit(2, 'actualPence', '£456,789.01'),
    edit(2, 'outputsDelivered', '70'),
    edit(2, 'issues', 'No'),
    edit(2, ALIGNED, 'Yes'),
  ]);
  for (const key of ['1', '2', '4']) setReturnCondition(ctx, '2026-27', 'Q2', key, { answer: 'Yes', explanation: '' });
  setReturnCondition(ctx, '2026-27', 'Q2', '3', {
    answer: 'No',
    explanation: 'The ASC minimum is £12,000 short; the JCC agreed to correct it in Q3',
  });
  const [a, b, c] = listMetrics(ctx, '2026-27');
  setAssessment(ctx, '2026-27', 'Q2', a!.id, {
    onTrack: 'On track to meet target',
    challenges: '',
    achievements: 'Virtual ward open',
  });
  setAssessment(ctx, '2026-27', 'Q2', b!.id, {
    onTrack: 'Not on track to meet target',
    challenges: 'Winter pressures',
    achievements: '',
  });
  setAssessment(ctx, '2026-27', 'Q2', c!.id, {
    onTrack: 'Data not available to assess progress',
    challenges: '',
    achievements: '',
  });
  setReturnCover(ctx, '2026-27', 'Q2', {
    completedBy: 'A. Manager',
    email: 'bcf@bathnes.gov.uk',
    phone: '01225 477000',
    signedOffBy: 'Chair of the HWB',
    dateSignedOff: '2026-10-20',
  });
}

const figures = (ctx: TestContext) => {
  const v = getReturnView(ctx, '2026-27', 'Q2');
  return {
    lines: v.lines.map((l) => [
      l.schemeId,
      l.plannedPence,
      l.actualPence,
      l.outputsDelivered,
      l.issues,
      l.issueDescription,
      l.extra ?? {},
    ]),
    conditions: v.conditions.map((c) => [c.key, c.answer, c.explanation]),
    metrics: v.metrics.map((m) => [m.name, m.target, m.onTrack, m.challenges, m.achievements]),
  };
};

describe('a reporting workbook of a year the app has never seen (2026-27 Q2)', () => {
  const contexts: TestContext[] = [];
  let official: string;
  let loOfficial: string;
  let ctx: TestContext;
  let faulty: TestContext;
  let brought: ReturnType<typeof bringTemplate>;
  let filled: { template: string; out: WorkbookExport & { bytes: Uint8Array }; file: string }[];
  let faultyFile: string;
  let recalculated: Record<string, Record<string, string[][]>>;

  beforeAll(async () => {
    official = quarterlyWorkbook();
    loOfficial = resaveWithLibreOffice(official);
    ctx = tempContext();
    faulty = tempContext();
    contexts.push(ctx, faulty);
    brought = area2026(ctx, official);
    complete2026(ctx);
    area2026(faulty, official);
    filled = [];
    for (const template of [official, loOfficial]) {
      const out = await exportReturnWorkbook(ctx, {
        year: '2026-27',
        period: 'Q2',
        into: { file: path.basename(template), bytes: fs.readFileSync(template) },
      });
      filled.push({
        template,
        out,
        file: save(out.bytes, `${path.basename(path.dirname(template))} Q2 (filled).xlsx`),
      });
    }
    // The faulty return: actuals entered, the new field and the conditions not; nothing else.
    const lines = getReturnView(faulty, '2026-27', 'Q2').lines;
    applyReturnEdits(
      faulty,
      '2026-27',
      'Q2',
      lines.flatMap((l) => [
        { lineId: l.id, field: 'actualPence' as const, text: '£1' },
        { lineId: l.id, field: 'issues' as const, text: 'No' },
        { lineId: l.id, field: 'outputsDelivered' as const, text: '1' },
      ]),
    );
    setReturnCover(faulty, '2026-27', 'Q2', {
      completedBy: 'A. Manager',
      email: 'bcf@bathnes.gov.uk',
      phone: '01225 477000',
      signedOffBy: 'Chair',
      dateSignedOff: '2026-10-20',
    });
    const bad = await exportReturnWorkbook(faulty, {
      year: '2026-27',
      period: 'Q2',
      into: { file: 'q2.xlsx', bytes: fs.readFileSync(official) },
    });
    faultyFile = save(bad.bytes, 'faulty Q2.xlsx');
    recalculated = libreOfficeSheets([...filled.map((f) => f.file), faultyFile]);
  }, 240_000);
  afterAll(() => contexts.forEach((c) => c.close()));

  it('is brought whole: new sheets, the header moved down, a renamed column, a new Yes/No field from the extension list, the conditions and the metrics', () => {
    expect(brought).toMatchObject({
      templateId: '2026-27',
      kind: 'return',
      period: 'Q2',
      profileId: '2026-27-quarterly-q2',
      valid: true,
      // The shipped 2026-27 is provisional: the official workbook stands in front of it.
      replaces: { origin: 'shipped', confidence: 'provisional' },
    });
    expect(brought.sheets.map((s) => s.name)).toEqual([
      'Cover',
      'Guidance notes',
      'A. Spend and Activity',
      'B. National Conditions',
      'C. Metrics',
      'Lists',
    ]);
    const spend = brought.tables.find((t) => t.id === 'spendActivity')!;
    expect(spend).toMatchObject({ sheet: 'A. Spend and Activity', headerRow: 9, mode: 'prefilled', checklist: true });
    expect(spend.columns.find((c) => c.letter === 'H')).toMatchObject({
      header: 'Actual spend to date (£)',
      field: 'actualPence',
      matchedBy: 'similar',
      role: 'input',
      required: true,
    });
    expect(spend.columns.find((c) => c.letter === 'N')).toMatchObject({
      field: null,
      matchedBy: 'new',
      extraKind: 'yesNo',
      role: 'input',
      required: true,
      listValues: ['Yes', 'No'],
    });
    expect(spend.columns.filter((c) => c.role === 'prefilled').map((c) => c.letter)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'I',
      'K',
    ]);
    expect(brought.tables.map((t) => [t.id, t.sheet, t.headerRow])).toEqual([
      ['spendActivity', 'A. Spend and Activity', 9],
      ['nationalConditions', 'B. National Conditions', 5],
      ['metrics', 'C. Metrics', 4],
    ]);
    const year = brought.draft.templateYear;
    expect(year.fields).toEqual([
      {
        key: 'isTheSchemeAlignedWithNeighbourhood',
        label: 'Is the scheme aligned with neighbourhood health services?',
        kind: 'yesNo',
        on: 'return',
        required: true,
      },
    ]);
    expect(year.lists.sourcesOfFunding).toEqual([
      'NHS Minimum Contribution',
      'Local Authority Better Care Grant',
      'Disabled Facilities Grant (DFG)',
    ]);
    expect(year.nhsMinimumSource).toBe('NHS Minimum Contribution');
    expect(year.nationalConditions.map((c) => [c.key, c.text])).toEqual(CONDITIONS.map((t, i) => [String(i + 1), t]));
    expect(year.metrics.map((m) => m.name)).toEqual(METRICS.map((m) => m.name));
    expect(year.lists.schemeTypes.find((t) => t.value === 'Home-based intermediate care services')!.subTypes).toContain(
      'Reablement',
    );
    expect(brought.cover.map((c) => [c.key, c.cell, c.role])).toEqual([
      ['hwb', 'Cover!C4', 'prefilled'],
      ['completedBy', 'Cover!C5', 'input'],
      ['email', 'Cover!C6', 'input'],
      ['phone', 'Cover!C7', 'input'],
      ['signedOffBy', 'Cover!C8', 'input'],
    ]);
    expect(listTemplateYears(ctx).find((t) => t.id === '2026-27')).toMatchObject({
      confidence: 'official',
      origin: 'user',
      broughtFrom: 'BCF 2026-27 Q2 Reporting Template.xlsx',
      profiles: [{ id: '2026-27-quarterly-q2', kind: 'return', periods: ['Q2'] }],
    });
  });

  it('lays out the year\'s plan and return with its own lists and fields: no "not in the list" for its own values', () => {
    const plan = findPlan(ctx, '2026-27')!;
    expect(plan.template).toBe('2026-27');
    const findings = validatePlan(planSubject(ctx, plan)).findings;
    expect(findings.filter((f) => f.rule === 'plan.unknown-value')).toEqual([]);
    expect(getPlanView(ctx, '2026-27').notice).toBeNull();
    const view = getReturnView(faulty, '2026-27', 'Q2');
    expect(view.fields.map((f) => f.key)).toEqual(['isTheSchemeAlignedWithNeighbourhood']);
    expect(view.metrics.map((m) => m.name)).toEqual(METRICS.map((m) => m.name));
    // Unanswered: the year's own required field and the national conditions are findings, and Ready is refused.
    const messages = view.validation.findings.map((f) => `${f.rule} ${f.field}`);
    expect(messages.filter((m) => m === `return.required-field ${ALIGNED}`)).toHaveLength(3);
    expect(messages.filter((m) => m === 'return.required-field answer')).toHaveLength(4);
    expect(getReturnView(ctx, '2026-27', 'Q2').validation.findings).toEqual([]);
  });

  it("fills the official copy, openpyxl's and LibreOffice's, changing nothing but its input cells", () => {
    for (const f of filled) {
      expect(f.out.fill!.warnings, path.basename(f.template)).toEqual([]);
      expect(
        f.out.fill!.tables.map((t) => [t.sheet, t.firstRow, t.lastRow, t.columns.map((c) => c.letter).join('')]),
      ).toEqual([
        ['A. Spend and Activity', 10, 12, 'HJLMN'],
        ['B. National Conditions', 6, 9, 'BC'],
        ['C. Metrics', 5, 7, 'DEF'],
      ]);
      const comparison = compareWorkbooks(f.template, f.file, writtenRefs(f.out.fill!));
      expect(comparison.differences, path.basename(f.template)).toEqual([]);
      expect([
        comparison.written['A. Spend and Activity!H10'],
        comparison.written['A. Spend and Activity!N10'],
        comparison.written['A. Spend and Activity!N11'],
      ]).toEqual([612345.67, 'Yes', 'No']);
      expect(comparison.written['B. National Conditions!B8']).toBe('No');
      expect(comparison.written['C. Metrics!E6']).toBe('Winter pressures');
    }
  });

  it('opens in LibreOffice, whose recalculated checkers read Yes for a complete return and No where the app finds something missing', () => {
    for (const f of filled) {
      const cover = recalculated[f.file]!.Cover;
      expect(at(cover, 'A2'), path.basename(f.file)).toBe('Complete Template');
      const checkers = (cover ?? [])
        .slice(11)
        .filter((r) => r[1])
        .map((r) => [r[1], r[2]]);
      expect(checkers.length).toBeGreaterThanOrEqual(11);
      expect(checkers.filter(([, v]) => v !== 'Yes')).toEqual([]);
    }
    const cover = recalculated[faultyFile]!.Cover;
    expect(at(cover, 'A2')).toBe('Incomplete Template');
    const no = (cover ?? [])
      .slice(11)
      .filter((r) => r[2] === 'No')
      .map((r) => r[1]);
    expect(no).toEqual([
      'A. Spend and Activity: Is the scheme aligned with neighbourhood health services?',
      'B. National Conditions: every condition confirmed',
      'C. Metrics: every metric assessed',
    ]);
    // The app says the same three things are missing, and nothing else.
    const findings = getReturnView(faulty, '2026-27', 'Q2').validation.findings;
    expect([...new Set(findings.map((f) => f.field))].sort()).toEqual([ALIGNED, 'answer', 'onTrack'].sort());
  });

  it("reads back into another area's database, which imported the exported template year: the same figures to the penny", () => {
    const other = tempContext();
    contexts.push(other);
    createArea(other, AREA);
    const shared = exportTemplateYear(ctx, '2026-27');
    saveTemplateFile(
      other,
      parseTemplateFileBytes(shared.fileName, new TextEncoder().encode(JSON.stringify(shared.file))),
      { replace: false },
    );
    importPlanTable(other, { ...tsv(plan2026Tsv(), 'plan.tsv'), year: '2026-27', mode: 'refuse' });
    createReturn(other, { year: '2026-27', period: 'Q2' });
    setMetrics(other, '2026-27', METRICS);
    const outcome = importWorkbook(other, {
      file: filled[1]!.file,
      bytes: fs.readFileSync(filled[1]!.file),
      mode: 'refuse',
    });
    expect(outcome).toMatchObject({ kind: 'return', matched: 3, metrics: 3, conditions: 4 });
    expect(figures(other)).toEqual(figures(ctx));
    // The year's cover has no "Date signed off" cell, so the date does not travel with the workbook; all else does.
    expect(getReturnView(other, '2026-27', 'Q2').validation.findings.map((f) => f.field)).toEqual([
      'cover.dateSignedOff',
    ]);
  });
});

describe('a planning workbook of a year the app has never seen (2027-28)', () => {
  const contexts: TestContext[] = [];
  let official: string;
  let ctx: TestContext;
  let brought: ReturnType<typeof bringTemplate>;
  let out: WorkbookExport & { bytes: Uint8Array };
  let file: string;
  let generated: string;
  let recalculated: Record<string, Record<string, string[][]>>;

  beforeAll(async () => {
    official = planningWorkbook();
    ctx = tempContext();
    contexts.push(ctx);
    createArea(ctx, AREA);
    brought = bringTemplate(ctx, {
      file: 'BCF 2027-28 Planning Template.xlsx',
      bytes: fs.readFileSync(official),
      year: '2027-28',
    });
    saveTemplateFile(ctx, brought.draft, { broughtFrom: brought.file });
    importPlanTable(ctx, { ...tsv(plan2027Tsv(), 'plan-2027-28.tsv'), year: '2027-28', mode: 'refuse' });
    importIncomeTable(ctx, { ...tsv(income2027Tsv(), 'income-2027-28.tsv'), year: '2027-28', mode: 'refuse' });
    for (const key of ['1', '2', '3', '4']) setPlanCondition(ctx, '2027-28', key, { answer: 'Yes', explanation: '' });
    setMetrics(ctx, '2027-28', [
      { name: METRICS[0]!.name, target: '1,900' },
      { name: METRICS[1]!.name, target: '0.8' },
      { name: METRICS[2]!.name, target: '540' },
    ]);
    setPlanCover(ctx, '2027-28', {
      completedBy: 'A. Manager',
      email: 'bcf@bathnes.gov.uk',
      phone: '01225 477000',
      signedOffBy: 'Chair of the HWB',
      dateSignedOff: '2026-10-20',
    });
    out = await exportPlanWorkbook(ctx, {
      year: '2027-28',
      into: { file: 'BCF 2027-28 Planning Template.xlsx', bytes: fs.readFileSync(official) },
    });
    file = save(out.bytes, 'BCF 2027-28 Planning Template (filled).xlsx');
    generated = save((await exportPlanWorkbook(ctx, { year: '2027-28' })).bytes, 'generated 2027-28.xlsx');
    recalculated = libreOfficeSheets([file, generated]);
  }, 240_000);
  afterAll(() => contexts.forEach((c) => c.close()));

  it("is brought with its plan layout: blank input rows, income by source, the year's own fields (a choice, a date, an amount), metrics to plan, assurance statements", () => {
    expect(brought).toMatchObject({
      templateId: '2027-28',
      kind: 'plan',
      period: null,
      profileId: '2027-28-planning',
      valid: true,
    });
    expect(brought.tables.map((t) => [t.id, t.sheet, t.headerRow, t.mode])).toEqual([
      ['income', 'Income', 4, 'rows'],
      ['expenditure', 'Expenditure', 7, 'rows'],
      ['metrics', 'Metrics', 4, 'prefilled'],
      ['nationalConditions', 'Assurance', 5, 'prefilled'],
    ]);
    const year = brought.draft.templateYear;
    expect(year).toMatchObject({
      template: '2027-28',
      years: ['2027-28'],
      confidence: 'official',
      // A new year starts from the latest before it: the shipped (provisional) 2026-27.
      copiedFrom: '2026-27',
    });
    expect(year.fields.map((f) => [f.key, f.kind, f.on, f.required ?? false])).toEqual([
      ['neighbourhoodHealthService', 'choice', 'plan', true],
      ['startDate', 'date', 'plan', false],
      ['capitalElement', 'money', 'plan', false],
    ]);
    expect(year.customLists.neighbourhoodHealthServiceList).toEqual([
      'Intermediate care',
      'Urgent community response',
      'Integrated neighbourhood team',
    ]);
    expect(year.columns).toEqual([
      'schemeId',
      'schemeName',
      'briefDescription',
      'schemeType',
      'areaOfSpend',
      'commissioner',
      'provider',
      'sourceOfFunding',
      'expenditurePence',
      'newOrExisting',
    ]);
    expect(getPlanView(ctx, '2027-28').columns.slice(-3)).toEqual([
      'extra.neighbourhoodHealthService',
      'extra.startDate',
      'extra.capitalElement',
    ]);
  });

  it("keeps the year's own fields on the plan's lines, checked against their list", () => {
    const view = getPlanView(ctx, '2027-28');
    expect(view.lines.map((l) => l.extra)).toEqual([
      { neighbourhoodHealthService: 'Intermediate care', startDate: '2027-04-01' },
      { neighbourhoodHealthService: 'Integrated neighbourhood team' },
      { neighbourhoodHealthService: 'Urgent community response', startDate: '2027-06-30', capitalElement: 25_000_050 },
    ]);
    expect(view.validation.findings).toEqual([]);
  });

  it('fills the official copy, changing nothing but its input cells, and LibreOffice reads every checker Yes', () => {
    expect(out.fill!.warnings).toEqual([]);
    expect(
      out.fill!.tables.map((t) => [t.sheet, t.firstRow, t.lastRow, t.columns.map((c) => c.letter).join('')]),
    ).toEqual([
      ['Income', 5, 7, 'ABC'],
      ['Expenditure', 8, 10, 'ABCDEFGHIJKLM'],
      ['Metrics', 5, 7, 'C'],
      ['Assurance', 6, 9, 'BC'],
    ]);
    const comparison = compareWorkbooks(official, file, writtenRefs(out.fill!));
    expect(comparison.differences).toEqual([]);
    // A date as a date serial (30 June 2027), an amount as pounds and pence.
    expect([
      comparison.written['Expenditure!L10'],
      comparison.written['Expenditure!M10'],
      comparison.written['Expenditure!K10'],
    ]).toEqual(['2027-06-30 00:00:00', 250000.5, 'Urgent community response']);
    const cover = recalculated[file]!.Cover;
    expect(at(cover, 'A2')).toBe('Complete Template');
    expect((cover ?? []).slice(11).filter((r) => r[1] && r[2] !== 'Yes')).toEqual([]);
  });

  it("reads back into another area's database to the penny: lines and their own fields, income, targets, assurance statements", () => {
    const other = tempContext();
    contexts.push(other);
    createArea(other, AREA);
    saveTemplateFile(other, exportTemplateYear(ctx, '2027-28').file);
    const outcome = importWorkbook(other, { file, bytes: fs.readFileSync(file), mode: 'refuse' });
    expect(outcome).toMatchObject({ kind: 'plan', lines: 3, income: 3 });
    const pick = (c: TestContext) => {
      const v = getPlanView(c, '2027-28');
      return [
        v.lines.map((l) => [l.schemeId, l.expenditurePence, l.extra]),
        v.income.map((x) => [x.sourceOfFunding, x.amountPence]),
        v.conditions.map((x) => [x.key, x.answer]),
        listMetrics(c, '2027-28').map((m) => [m.name, m.target]),
      ];
    };
    expect(pick(other)).toEqual(pick(ctx));
  });

  it('generates a workbook of the year when there is no official copy: its own fields with their drop-down and date, read back the same', () => {
    const sheets = recalculated[generated]!;
    const exp = Object.entries(sheets).find(([name]) => /expenditure/i.test(name))![1];
    const header = exp.findIndex((r) => r[0] === 'Scheme ID');
    expect(exp[header]!.slice(-3)).toEqual(['Neighbourhood health service', 'Start date', 'Capital element (£)']);
    expect(exp[header + 3]!.slice(-3)).toEqual(['Urgent community response', '30/06/2027', '£250,000.50']);
    const other = tempContext();
    contexts.push(other);
    createArea(other, AREA);
    saveTemplateFile(other, exportTemplateYear(ctx, '2027-28').file);
    importWorkbook(other, { file: generated, bytes: fs.readFileSync(generated), mode: 'refuse' });
    expect(getPlanView(other, '2027-28').lines.map((l) => l.extra)).toEqual(
      getPlanView(ctx, '2027-28').lines.map((l) => l.extra),
    );
  });
});

describe('bringing a workbook that is not one', () => {
  it('refuses what is not an xlsx, a cut-short file, a workbook with no table of lines, and two tables claiming the lines, changing nothing', () => {
    const ctx = tempContext();
    createArea(ctx, AREA);
    const dir = tempDir();
    const noTable = path.join(dir, 'notes.xlsx');
    const twoTables = path.join(dir, 'two.xlsx');
    openpyxl<null>(
      `
import sys
from openpyxl import Workbook
wb = Workbook(); wb.active['A1'] = 'Meeting notes'; wb.save(sys.argv[1])
wb = Workbook()
for name in ['Spend', 'Spend (copy)']:
    ws = wb.create_sheet(name); ws.append(['Scheme ID', 'Scheme Name', 'Actual Expenditure to date']); ws.append(['1', 'Reablement', 5])
wb.save(sys.argv[2])
print('null')`,
      noTable,
      twoTables,
    );
    const rows = () =>
      ctx.db
        .prepare(
          'SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM template_year) + (SELECT count(*) FROM workbook_profile) AS n',
        )
        .get();
    const before = rows();
    const bring = (bytes: Uint8Array, file: string) => () =>
      bringTemplate(ctx, { file, bytes, year: '2028-29', period: 'Q1' });
    expect(bring(new TextEncoder().encode('Scheme ID\tScheme Name\n'), 'plan.xlsx')).toThrow(
      'plan.xlsx is not an xlsx workbook',
    );
    expect(bring(fs.readFileSync(quarterlyWorkbook()).subarray(0, 2000), 'cut.xlsx')).toThrow(
      /cut\.xlsx is damaged or incomplete/,
    );
    expect(bring(fs.readFileSync(noTable), 'notes.xlsx')).toThrow(
      'notes.xlsx has no table of scheme lines that the app can find: no sheet has a header row with "Scheme ID" and "Scheme Name"',
    );
    expect(bring(fs.readFileSync(twoTables), 'two.xlsx')).toThrow(
      'two.xlsx has two tables that both claim the spend and activity (return lines): sheet "Spend" (header on row 1) and sheet "Spend (copy)" (header on row 1)',
    );
    expect(listTemplateYears(ctx).map((t) => t.id)).toEqual(['2019-20', '2023-25', '2025-26', '2026-27']);
    expect(rows()).toEqual(before);
    ctx.close();
  });
});

describe('bringing a workbook for a year it is not for', () => {
  it("reads a 2023-25 planning workbook brought for its second year with each year's figures in their own column", () => {
    const ctx = tempContext();
    createArea(ctx, AREA);
    const file = makeTemplate({ kind: 'planning', rows: 40 });
    const brought = bringTemplate(ctx, {
      file: 'BCF 2023-25 Planning Template.xlsx',
      bytes: fs.readFileSync(file),
      year: '2024-25',
    });
    expect(brought.templateId).toBe('2023-25');
    const byYear = (id: string) =>
      brought.tables
        .find((t) => t.id === id)!
        .columns.filter((c) => /20\d\d-\d\d/.test(c.header))
        .map((c) => [c.header, c.field]);
    // Before: "2023-24" was read as the prior year's spend and "2024-25" as the first year's, one column right.
    expect(byYear('expenditure')).toEqual([
      ['Expenditure for 2023-24 (£)', 'expenditurePence'],
      ['Expenditure for 2024-25 (£)', 'expenditureYear2Pence'],
    ]);
    expect(byYear('income')).toEqual([
      ['Income 2023-24 (£)', 'amountPence'],
      ['Income 2024-25 (£)', 'amountYear2Pence'],
    ]);
    ctx.close();
  });

  it("refuses a workbook whose titles name other years only, so it never replaces this year's template, and says which year it is for", () => {
    const ctx = tempContext();
    createArea(ctx, AREA);
    const before = listTemplateYears(ctx);
    const bring = (file: string, bytes: Uint8Array, year: string) => () => bringTemplate(ctx, { file, bytes, year });
    expect(bring('BCF 2026-27 Q2 Reporting Template.xlsx', fs.readFileSync(quarterlyWorkbook()), '2025-26')).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        field: 'year',
        message:
          'BCF 2026-27 Q2 Reporting Template.xlsx is for 2026-27, not 2025-26: its titles and headers name that year and never 2025-26. Bring it for 2026-27 (or choose the workbook for 2025-26); nothing was saved.',
      }),
    );
    expect(bring('planning.xlsx', fs.readFileSync(makeTemplate({ kind: 'planning', rows: 40 })), '2026-27')).toThrow(
      'planning.xlsx is for 2023-24 and 2024-25, not 2026-27',
    );
    expect(listTemplateYears(ctx)).toEqual(before);
    ctx.close();
  });
});

describe("a new field renamed in the review, and the next quarter's workbook", () => {
  it('takes the column for the field it was saved as, not for a second new field that no return fills', () => {
    const ctx = tempContext();
    createArea(ctx, AREA);
    const q2 = bringTemplate(ctx, {
      file: 'BCF 2026-27 Q2 Reporting Template.xlsx',
      bytes: fs.readFileSync(quarterlyWorkbook()),
      year: '2026-27',
    });
    const column = q2.tables
      .find((t) => t.id === 'spendActivity')!
      .columns.find((c) => c.matchedBy === 'new' && /neighbourhood/i.test(c.header))!;
    // The BCF manager gives the new field a shorter name in the review.
    saveTemplateFile(
      ctx,
      draftFrom(q2, {
        [choiceKey('spendActivity', column.letter)]: {
          field: 'new',
          role: column.role,
          required: column.required,
          label: 'Aligned with neighbourhood working',
          kind: column.extraKind,
        },
      }),
      { broughtFrom: q2.file },
    );
    const ownFields = () =>
      referenceSet(ctx, '2026-27')
        .fields.filter((f) => f.on === 'return')
        .map((f) => [f.key, f.label]);
    const saved = ownFields();
    expect(saved).toEqual([[expect.any(String), 'Aligned with neighbourhood working']]);

    // The Q3 workbook has the same column under the same header: it is that field, and saving adds no other.
    const q3 = bringTemplate(ctx, {
      file: 'BCF 2026-27 Q3 Reporting Template.xlsx',
      bytes: fs.readFileSync(makeUnseen({ ...quarterlySpec(), period: 'Q3' })),
      year: '2026-27',
    });
    const again = q3.tables.find((t) => t.id === 'spendActivity')!.columns.find((c) => c.header === column.header)!;
    expect(again).toMatchObject({ field: saved[0]![0], matchedBy: 'exact' });
    saveTemplateFile(ctx, draftFrom(q3), { broughtFrom: q3.file });
    expect(ownFields()).toEqual(saved);
    ctx.close();
  });
});
