import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbookExport } from '../../shared/api';
import { parseMoney } from '../../shared/money';
import type { ReturnLine } from '../../shared/returns/line';
import { checkersOf } from '../../shared/workbooks/checks';
import { setReturnCover } from '../../electron/services/returns/cover';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { createReturn } from '../../electron/services/returns/create';
import { applyReturnEdits } from '../../electron/services/returns/entry';
import { getReturnView } from '../../electron/services/returns/view';
import { importWorkbook } from '../../electron/services/workbooks/plan-workbooks';
import { exportReturnWorkbook, returnProfile } from '../../electron/services/workbooks/return-workbooks';
import { findReturn } from '../../electron/services/returns/store';
import { listMetrics, setAssessment, setMetrics } from '../../electron/services/returns/metrics';
import type { AssessmentInput } from '../../shared/returns/metrics';
import { tempContext, type TestContext } from '../helpers/db';
import { published, printedPence, tsvRows } from '../helpers/fixtures';
import { appSays } from '../helpers/profiles';
import { DISCHARGE, seedPlan, seedQ1 } from '../helpers/returns';
import { gnumericSheets, libreOfficeSheets } from '../helpers/readers';
import {
  at,
  compareWorkbooks,
  dumpWorkbook,
  makeTemplate,
  resaveWithLibreOffice,
  saveBytes,
  writtenRefs,
} from '../helpers/workbooks';

/**
 * The published Q1 2024-25 return, rebuilt from a plan, written into
 * official-like quarterly templates made by openpyxl and by LibreOffice
 * (never by exceljs) and generated; then checked by readers that share no
 * code with the app: openpyxl and a raw XML diff find nothing changed but
 * the input cells, and LibreOffice, recalculating every formula, reads each
 * checker "Yes" exactly where the app's rules find the return complete.
 */
const COVER = {
  completedBy: 'A. Manager',
  email: 'bcf@example.org',
  phone: '01225 477000',
  signedOffBy: 'Chair of the Health and Wellbeing Board',
  dateSignedOff: '2024-08-29',
};

/** NHS England's Q1 template as it arrives: the published return's lines pre-populated, the inputs empty. */
function officialTemplate(): string {
  const [, ...rows] = tsvRows(published('return-2024-25-q1-discharge.tsv'));
  const prefilled = rows.map((r) => ({
    schemeId: r[0]!,
    schemeName: r[1]!,
    briefDescription: r[2]!,
    schemeType: r[3]!,
    subType: r[4]!,
    sourceOfFunding: r[5]!,
    plannedPence: printedPence(r[6]!),
  }));
  return makeTemplate({ kind: 'quarterly', extlst: true, prefilled, metrics: TARGETS, dateSignedOff: 'date' });
}

/** The year's metrics and targets (the fourth has none), as NHS England pre-populates them on "4. Metrics". */
const TARGETS = [
  { name: 'Avoidable admissions', target: '188.4 per 100,000' },
  { name: 'Falls', target: '1,650 per 100,000' },
  { name: 'Discharge to usual place of residence', target: '93.1%' },
  { name: 'Residential admissions', target: '' },
];

function assess(c: TestContext, answers: Record<string, AssessmentInput>) {
  setMetrics(c, '2024-25', TARGETS);
  for (const m of listMetrics(c, '2024-25'))
    if (answers[m.name]) setAssessment(c, '2024-25', 'Q1', m.id, answers[m.name]!);
}

const assessments = (c: TestContext) =>
  getReturnView(c, '2024-25', 'Q1').metrics.map((m) => [m.name, m.target, m.onTrack, m.challenges, m.achievements]);

const save = saveBytes;

const entries = (lines: readonly ReturnLine[]) =>
  lines.map((l) => [
    l.schemeId,
    l.schemeName,
    l.plannedPence,
    l.actualPence,
    l.outputsDelivered,
    l.issues,
    l.issueDescription,
  ]);

interface Generated {
  name: string;
  ctx: TestContext;
  out: WorkbookExport & { bytes: Uint8Array };
  file: string;
}

describe('the published Q1 return in workbooks, as independent readers see them', () => {
  let ctx: TestContext;
  let faulty: TestContext;
  const contexts: TestContext[] = [];
  let openpyxlTemplate: string;
  let loTemplate: string;
  let filled: { template: string; out: WorkbookExport & { bytes: Uint8Array }; file: string }[];
  let generated: Generated[];
  let recalculated: Record<string, Record<string, string[][]>>;

  beforeAll(async () => {
    ctx = tempContext();
    seedQ1(ctx);
    setReturnCover(ctx, '2024-25', 'Q1', COVER);
    assess(ctx, {
      'Avoidable admissions': {
        onTrack: 'On track to meet target',
        challenges: '',
        achievements: 'Virtual ward opened in May',
      },
      Falls: {
        onTrack: 'Not on track to meet target',
        challenges: 'Winter pressures; support from the ICB asked for',
        achievements: '',
      },
      'Discharge to usual place of residence': {
        onTrack: 'Data not available to assess progress',
        challenges: '',
        achievements: '',
      },
      // No target, so the rule asks for no challenges although it is not on track: its checker must read Yes too.
      'Residential admissions': { onTrack: 'Not on track to meet target', challenges: '', achievements: '' },
    });
    faulty = tempContext();
    seedQ1(faulty);
    // The cover half done: the plan gives no e-mail or number to fall back on.
    setPlanCover(faulty, '2023-24', { email: '', phone: '' });
    setReturnCover(faulty, '2024-25', 'Q1', { completedBy: 'A. Manager' });
    const lines = getReturnView(faulty, '2024-25', 'Q1').lines;
    applyReturnEdits(faulty, '2024-25', 'Q1', [
      { lineId: lines[0]!.id, field: 'actualPence', text: '' },
      { lineId: lines[1]!.id, field: 'issues', text: 'Yes' },
      { lineId: lines[2]!.id, field: 'issues', text: '' },
      { lineId: lines[3]!.id, field: 'outputsDelivered', text: '12' },
    ]);
    // One metric with a target not assessed; one not on track with no challenges described.
    assess(faulty, {
      Falls: { onTrack: 'Not on track to meet target', challenges: '', achievements: '' },
      'Residential admissions': { onTrack: 'Not on track to meet target', challenges: '', achievements: '' },
    });
    contexts.push(ctx, faulty);

    openpyxlTemplate = officialTemplate();
    loTemplate = resaveWithLibreOffice(officialTemplate());
    filled = [];
    for (const template of [openpyxlTemplate, loTemplate]) {
      const out = await exportReturnWorkbook(ctx, {
        year: '2024-25',
        period: 'Q1',
        into: { file: path.basename(template), bytes: fs.readFileSync(template) },
      });
      filled.push({ template, out, file: save(out.bytes, `${path.basename(path.dirname(template))} (filled).xlsx`) });
    }
    generated = [];
    for (const [name, c] of [
      ['published', ctx],
      ['faulty', faulty],
    ] as const) {
      const out = await exportReturnWorkbook(c, { year: '2024-25', period: 'Q1' });
      generated.push({ name, ctx: c, out, file: save(out.bytes, `${name}.xlsx`) });
    }
    recalculated = libreOfficeSheets([...filled.map((f) => f.file), ...generated.map((g) => g.file)]);
  }, 240_000);
  afterAll(() => contexts.forEach((c) => c.close()));

  it('fills the openpyxl and the LibreOffice template: only the input cells differ, as openpyxl and the raw XML see it', () => {
    for (const f of filled) {
      const comparison = compareWorkbooks(f.template, f.file, writtenRefs(f.out.fill!));
      expect(comparison.differences, path.basename(f.template)).toEqual([]);
      expect(f.out.fill!.tables[0]).toMatchObject({
        sheet: '5. Spend and activity',
        firstRow: 7,
        lastRow: 12,
        lines: 6,
      });
      expect(f.out.fill!.tables[0]!.columns.map((c) => `${c.letter} ${c.header}`)).toEqual([
        'H Actual Expenditure to date',
        'J Outputs delivered to date (estimate if none)',
        'L Have there been any implementation issues?',
        'M If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.',
      ]);
      // The published figures, as the sheet holds them: numbers for money, "NA" as text, the Yes/No as typed.
      expect([
        comparison.written['5. Spend and activity!H7'],
        comparison.written['5. Spend and activity!J7'],
        comparison.written['5. Spend and activity!L7'],
      ]).toEqual([30000, 'NA', 'Yes']);
      expect(comparison.written['5. Spend and activity!H12']).toBe(455107);
      expect(comparison.written['5. Spend and activity!M7']).toBe(
        'Recruitment, further consideration to be given to alternative routes of support',
      );
      expect(comparison.written['2. Cover!C5']).toBe('A. Manager');
      // The pre-populated Health and Wellbeing Board is checked, not written; nothing differed from the app's lines.
      expect(f.out.fill!.cover.map((c) => c.label)).not.toContain('Health and Wellbeing Board:');
      expect(f.out.fill!.warnings).toEqual([]);
      // The metrics sheet: the assessments written beside NHS England's metric names and targets, which are left as they were.
      expect(f.out.fill!.tables[1]).toMatchObject({
        table: 'metrics',
        sheet: '4. Metrics',
        firstRow: 7,
        lastRow: 10,
        lines: 4,
      });
      expect(f.out.fill!.tables[1]!.columns.map((c) => c.letter)).toEqual(['D', 'E', 'F']);
      expect(
        ['D7', 'F7', 'D8', 'E8', 'D9', 'D10'].map((ref) => comparison.written[`4. Metrics!${ref}`] ?? null),
      ).toEqual([
        'On track to meet target',
        'Virtual ward opened in May',
        'Not on track to meet target',
        'Winter pressures; support from the ICB asked for',
        'Data not available to assess progress',
        'Not on track to meet target',
      ]);
    }
  });

  it("keeps the template's own checkers working: LibreOffice recalculates them from what was written", () => {
    for (const f of filled) {
      const sheet = recalculated[f.file]!['5. Spend and activity']!;
      expect([at(sheet, 'H5'), at(sheet, 'L5')], path.basename(f.template)).toEqual(['Yes', 'Yes']);
      expect(at(sheet, 'H7')).toBe('£30,000.00');
      expect(at(recalculated[f.file]!['2. Cover'], 'A2')).toBe('Complete Template');
      // The metrics sheet's own checker (every metric with a target assessed).
      expect(at(recalculated[f.file]!['4. Metrics'], 'D5')).toBe('Yes');
    }
  });

  it('reads each filled copy back into a fresh Q1 return: the same actuals, outputs and issues', () => {
    const want = entries(getReturnView(ctx, '2024-25', 'Q1').lines);
    for (const f of filled) {
      const other = tempContext();
      seedPlan(other);
      createReturn(other, { year: '2024-25', period: 'Q1', sources: DISCHARGE });
      importWorkbook(other, {
        file: path.basename(f.file),
        bytes: fs.readFileSync(f.file),
        mode: 'refuse',
        period: 'Q1',
      });
      const got = getReturnView(other, '2024-25', 'Q1');
      expect(entries(got.lines), path.basename(f.template)).toEqual(want);
      expect([got.totals.plannedPence, got.totals.actualPence]).toEqual([304_298_100, 74_154_300]);
      other.close();
    }
  });

  it('reads the metrics of each filled copy and of the generated workbook back: the same assessments', () => {
    const want = assessments(ctx);
    expect(want.map((a) => a[2])).toEqual([
      'On track to meet target',
      'Not on track to meet target',
      'Data not available to assess progress',
      'Not on track to meet target',
    ]);
    for (const file of [...filled.map((f) => f.file), generated[0]!.file]) {
      const other = tempContext();
      seedPlan(other);
      createReturn(other, { year: '2024-25', period: 'Q1', sources: DISCHARGE });
      setMetrics(other, '2024-25', TARGETS);
      const outcome = importWorkbook(other, {
        file: path.basename(file),
        bytes: fs.readFileSync(file),
        mode: 'refuse',
        period: 'Q1',
      });
      expect(outcome, path.basename(file)).toMatchObject({ metrics: 4 });
      expect(assessments(other), path.basename(file)).toEqual(want);
      other.close();
    }
  });

  it("generates the metrics sheet as NHS England's: grey locked names and targets, yellow unlocked inputs, the assessment a drop-down of the three answers", () => {
    const dump = dumpWorkbook(generated[0]!.file);
    const sheet = dump.sheets.find((s) => s.name === '4. Metrics')!;
    expect(sheet.protected).toBe(true);
    expect(sheet.validations).toContainEqual({ type: 'list', formula1: 'onTrack', sqref: 'C8:C11' });
    const list = dump.names.find((n) => n.name === 'onTrack')!;
    const [, range] = /!\$?([A-Z]+)\$?2:/.exec(list.value)!;
    expect(
      Object.entries(dump.cells.Lists!)
        .filter(([ref]) => ref.startsWith(range!) && ref !== `${range}1`)
        .map(([, v]) => v[0]),
    ).toEqual(['On track to meet target', 'Not on track to meet target', 'Data not available to assess progress']);
    const cells = dump.cells['4. Metrics']!;
    expect(['A7', 'B7', 'C7', 'D7', 'E7'].map((ref) => cells[ref]![0])).toEqual([
      'Metric',
      'For information - Your planned performance as reported in 2024-25 planning',
      'Assessment of progress against the metric plan for the reporting period',
      'Challenges and any Support Needs',
      'Achievements',
    ]);
    expect(['A9', 'B9', 'C9', 'D9'].map((ref) => cells[ref]![0])).toEqual([
      'Falls',
      '1,650 per 100,000',
      'Not on track to meet target',
      'Winter pressures; support from the ICB asked for',
    ]);
    // [value, cached, type, locked, fill]: the name and target locked and grey, the inputs unlocked and yellow.
    expect(['A9', 'B9', 'C9', 'D9', 'E9'].map((ref) => [cells[ref]![3], cells[ref]![4]])).toEqual([
      [true, 'FFD9D9D9'],
      [true, 'FFD9D9D9'],
      [false, 'FFFFFF99'],
      [false, 'FFFFFF99'],
      [false, 'FFFFFF99'],
    ]);
  });

  it('LibreOffice opens each generated return workbook, and its recalculated figures equal the cached ones', () => {
    for (const g of generated) {
      const sheets = recalculated[g.file]!;
      expect(Object.keys(sheets).sort()).toEqual(g.out.generate!.sheets.slice().sort());
      const dump = dumpWorkbook(g.file);
      let formulas = 0;
      for (const [sheet, cells] of Object.entries(dump.cells)) {
        for (const [ref, [value, cached, type]] of Object.entries(cells)) {
          if (type !== 'f') continue;
          formulas++;
          const shown = at(sheets[sheet], ref);
          if (typeof cached === 'number') {
            const p = parseMoney(shown);
            expect(p.ok && p.pence, `${g.name}: ${sheet}!${ref} ${String(value)}`).toBe(Math.round(cached * 100));
          } else {
            expect(shown, `${g.name}: ${sheet}!${ref} ${String(value)}`).toBe(cached ?? '');
          }
        }
      }
      expect(formulas, g.name).toBeGreaterThan(8);
    }
  });

  it('Gnumeric, recalculating, reads each checker and the banner of a complete and an incomplete return as the app cached them', () => {
    for (const g of generated) {
      const cover = gnumericSheets(g.file).get('2. Cover')!;
      expect(
        g.out.generate!.checkers.map((k) => `${k.label}: ${at(cover, k.cell)}`),
        g.name,
      ).toEqual(g.out.generate!.checkers.map((k) => `${k.label}: ${k.value}`));
      expect(at(cover, 'A2'), g.name).toBe(g.out.generate!.banner);
    }
  });

  it('reads "Yes" in each checker exactly where the app\'s rules find the return complete, and the banner follows', () => {
    for (const g of generated) {
      const r = findReturn(g.ctx, '2024-25', 'Q1')!;
      const profile = returnProfile(g.ctx, r);
      const findings = getReturnView(g.ctx, '2024-25', 'Q1').validation.findings;
      const cover = recalculated[g.file]![profile.cover.sheet]!;
      for (const spec of checkersOf(profile)) {
        const checker = g.out.generate!.checkers.find((k) => k.label === spec.label)!;
        expect(at(cover, checker.cell), `${g.name}: ${spec.label}`).toBe(appSays(spec, findings) ? 'Yes' : 'No');
      }
      const allYes = g.out.generate!.checkers.every((k) => at(cover, k.cell) === 'Yes');
      expect(at(cover, 'A2'), g.name).toBe(allYes ? 'Complete Template' : 'Incomplete Template');
    }
    const [good, bad] = generated;
    // The published return: no error, only the four straight-line warnings, every checker Yes.
    expect(getReturnView(ctx, '2024-25', 'Q1').validation.findings.map((f) => f.rule)).toEqual(
      Array(4).fill('return.straight-line-profile'),
    );
    expect(at(recalculated[good!.file]!['2. Cover'], 'A2')).toBe('Complete Template');
    // The faulty one: a missing actual, a "Yes" with no description, an unanswered question, and the cover half done.
    const badCover = recalculated[bad!.file]!['2. Cover']!;
    const read = (label: string) => at(badCover, bad!.out.generate!.checkers.find((k) => k.label === label)!.cell);
    expect(read('Spend and activity: Actual Expenditure to date')).toBe('No');
    expect(read('Spend and activity: Have there been any implementation issues?')).toBe('No');
    expect(read('Spend and activity: implementation issues described')).toBe('No');
    expect(read('Cover: Completed by')).toBe('Yes');
    expect(read('Cover: E-mail')).toBe('No');
    expect(read('Metrics: progress assessed for every metric with a target')).toBe('No');
    expect(read('Metrics: challenges described where a metric with a target is not on track')).toBe('No');
    // In the published return "Residential admissions" is not on track without challenges, but it has no target: the rule lets it be, and so does the checker.
    const goodCover = recalculated[good!.file]!['2. Cover']!;
    expect(
      at(
        goodCover,
        good!.out.generate!.checkers.find(
          (k) => k.label === 'Metrics: challenges described where a metric with a target is not on track',
        )!.cell,
      ),
    ).toBe('Yes');
    expect(at(badCover, 'A2')).toBe('Incomplete Template');
    const sheet = recalculated[bad!.file]!['5. Spend and activity']!;
    // The outputs typed as a number stay a number; "NA" stays text.
    expect([at(sheet, 'J11'), at(sheet, 'J12')]).toEqual(['12', 'NA']);
  });
});
