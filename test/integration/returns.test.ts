import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { openServiceContext } from '../../electron/host';
import { listAudit } from '../../electron/services/audit/audit';
import { updateLine } from '../../electron/services/plans/line-actions';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { addMeeting, getCalendar, setDeadline } from '../../electron/services/returns/calendar';
import { createReturn } from '../../electron/services/returns/create';
import { deleteReturn } from '../../electron/services/returns/delete';
import { applyReturnEdits, unlockLine } from '../../electron/services/returns/entry';
import { importReturnTable, previewReturnImport } from '../../electron/services/returns/import-actuals';
import { listMetrics, setAssessment, setMetrics } from '../../electron/services/returns/metrics';
import { createArea } from '../../electron/services/areas/areas';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { returnSummaryPdf } from '../../electron/services/returns/pdf';
import { setReturnSettings } from '../../electron/services/returns/settings';
import { approve, markReady, ratify, reopen, submit } from '../../electron/services/returns/signoff';
import { getReturnCover, setReturnCover } from '../../electron/services/returns/cover';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { getReturnView } from '../../electron/services/returns/view';
import { yearPicture } from '../../electron/services/returns/year';
import { ApiError } from '../../shared/api';
import { toLineInput } from '../../shared/plans/line';
import type { Finding } from '../../shared/rules/types';
import { DEFAULT_RETURN_SETTINGS } from '../../shared/returns/settings';
import { ASSETS_DIR } from '../../electron/source-root';
import { downgrade, fileHash, tempContext, tempDir, type TestContext, unstamped } from '../helpers/db';
import { approveSeen, DISCHARGE, Q1_FILE, Q2_FILE, rowsOf, seedPlan, seedQ1 } from '../helpers/returns';
import { PLAN_2025_HEAD, plan2025Row } from '../helpers/plan-2025';

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext('bcf.manager');
});
afterEach(() => ctx.close());

const q1 = () => getReturnView(ctx, '2024-25', 'Q1');
const q2 = () => getReturnView(ctx, '2024-25', 'Q2');
const as = (actor: string) => ({ ...ctx, actor });
const APPROVERS = [
  { name: 'Suzanne Westhead', role: 'Director of Adult Social Care', approvedOn: '2024-08-29' },
  { name: 'Rebecca Hayes', role: 'ICB Place Director', approvedOn: '2024-08-29' },
];

describe('the published 2024-25 Q1 return, rebuilt from a plan and its actuals', () => {
  beforeEach(() => seedQ1(ctx));

  it('takes the Discharge Fund lines of the 2023-25 plan, with their 2024-25 expenditure as Planned Expenditure', () => {
    const v = q1();
    expect(v).toMatchObject({
      label: 'Q1 2024-25',
      planLabel: '2023-25',
      sources: DISCHARGE,
      template: '2024-25 Q1 (Discharge Fund)',
      state: 'draft',
      locked: false,
    });
    expect(v.lines.map((l) => [l.schemeId, l.schemeName, l.sourceOfFunding, l.plannedPence])).toEqual([
      ['102', 'Care Act Assessments', 'Local Authority Discharge Funding', 12_000_000],
      ['102', 'Care Journey/Coordination', 'Local Authority Discharge Funding', 10_100_000],
      ['102', 'Home First Pathways', 'Local Authority Discharge Funding', 27_952_100],
      ['102', 'Home First Pathways', 'Local Authority Discharge Funding', 5_743_700],
      ['102', 'Discharge Schemes', 'Local Authority Discharge Funding', 58_163_900],
      ['103', 'Discharge Schemes', 'ICB Discharge Funding', 190_338_400],
    ]);
  });

  it('totals planned £3,042,981 and actual £741,543, by funding source too', () => {
    const { totals } = q1();
    expect([totals.plannedPence, totals.actualPence]).toEqual([304_298_100, 74_154_300]);
    expect(totals.bySourceOfFunding.map((r) => [r.key, r.lines, r.plannedPence, r.actualPence])).toEqual([
      ['ICB Discharge Funding', 1, 190_338_400, 45_510_700],
      ['Local Authority Discharge Funding', 5, 113_959_700, 28_643_600],
    ]);
  });

  it('flags its profile-like lines as warnings and accuses nothing else, but for the sign-off its approval will give', () => {
    const { validation, lines } = q1();
    expect(
      validation.findings.map((f) => [
        f.rule,
        f.severity,
        lines.find((l) => l.id === f.lineId)?.plannedPence,
        f.source?.row,
      ]),
    ).toEqual([
      ['return.cover-complete', 'warning', undefined, undefined],
      ['return.cover-complete', 'warning', undefined, undefined],
      ['return.straight-line-profile', 'warning', 12_000_000, 2],
      ['return.straight-line-profile', 'warning', 27_952_100, 4],
      ['return.straight-line-profile', 'warning', 5_743_700, 5],
      ['return.straight-line-profile', 'warning', 58_163_900, 6],
    ]);
  });

  it('keeps the actuals of the two identical "Home First Pathways" lines apart, by planned expenditure', () => {
    const homeFirst = q1().lines.filter((l) => l.schemeName === 'Home First Pathways');
    expect(homeFirst.map((l) => [l.plannedPence, l.actualPence, l.outputsDelivered])).toEqual([
      [27_952_100, 6_988_100, 'NA'],
      [5_743_700, 1_438_000, 'NA'],
    ]);
  });

  it('is a snapshot: a later change to the plan does not change the return', () => {
    const planLine = getPlanView(ctx, '2023-24').lines.find((l) => l.schemeName === 'Care Act Assessments')!;
    updateLine(ctx, planLine.id, { ...toLineInput(planLine), expenditureYear2Pence: 99_900_000 });
    expect(q1().lines[0]!.plannedPence).toBe(12_000_000);
    // ...but the open return says so, at the line's Planned Expenditure, until the line is brought in line or the return approved.
    expect(
      q1()
        .validation.findings.filter((f) => f.rule === 'return.plan-changed')
        .map((f) => [f.field, f.message]),
    ).toEqual([
      [
        'plannedPence',
        'Scheme 102 "Care Act Assessments" (Local Authority Discharge Funding, return-2024-25-q1-discharge.tsv row 2): the plan has changed since the return was created; it now has Planned Expenditure £999,000 (here £120,000).',
      ],
    ]);
  });
});

describe('the fixed columns', () => {
  beforeEach(() => seedQ1(ctx));

  it('are read-only until the line is unlocked with a reason, which the history keeps', () => {
    const line = q1().lines[1]!;
    const before = fileHash(ctx.dbPath);
    expect(() =>
      applyReturnEdits(ctx, '2024-25', 'Q1', [{ lineId: line.id, field: 'plannedPence', text: '£100,000' }]),
    ).toThrow(/Planned Expenditure: this column is copied from the plan and is read-only; unlock the line/);
    expect(fileHash(ctx.dbPath)).toBe(before);
    unlockLine(ctx, '2024-25', 'Q1', line.id, 'Plan addendum agreed at JCC, 3 July 2024');
    applyReturnEdits(ctx, '2024-25', 'Q1', [{ lineId: line.id, field: 'plannedPence', text: '£100,000' }]);
    expect(q1().lines[1]!).toMatchObject({
      plannedPence: 10_000_000,
      unlockedReason: 'Plan addendum agreed at JCC, 3 July 2024',
    });
    expect(
      listAudit(ctx, { entity: 'return_line', entityId: line.id })
        .slice(0, 2)
        .map((e) => [e.action, e.field, e.oldValue, e.newValue, e.reason, e.actor]),
    ).toEqual([
      ['update', 'plannedPence', '10100000', '10000000', null, 'bcf.manager'],
      ['unlock', 'fixed columns', 'read-only', 'editable', 'Plan addendum agreed at JCC, 3 July 2024', 'bcf.manager'],
    ]);
  });

  it('refuse a bad value in any cell, naming it, and change nothing', () => {
    const [a, b] = q1().lines;
    const before = fileHash(ctx.dbPath);
    try {
      applyReturnEdits(ctx, '2024-25', 'Q1', [
        { lineId: a!.id, field: 'actualPence', text: '£31,000' },
        { lineId: b!.id, field: 'issues', text: 'Maybe' },
      ]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).message).toBe(
        'Scheme 102 "Care Journey/Coordination", Implementation issues?: "Maybe" should be "Yes", "No" or blank; nothing was changed.',
      );
    }
    expect(fileHash(ctx.dbPath)).toBe(before);
  });
});

describe('importing actuals', () => {
  beforeEach(() => {
    seedPlan(ctx);
    createReturn(ctx, { year: '2024-25', period: 'Q1', sources: DISCHARGE });
  });

  it('previews what will change, line by line, and the checks after it, writing nothing', () => {
    const before = fileHash(ctx.dbPath);
    const preview = previewReturnImport(ctx, {
      year: '2024-25',
      period: 'Q1',
      file: 'return-2024-25-q1-discharge.tsv',
      rows: rowsOf(Q1_FILE),
    });
    expect(fileHash(ctx.dbPath)).toBe(before);
    expect(preview.problems).toEqual([]);
    expect(preview.ignored).toEqual([]);
    expect(preview.untouched).toBe(0);
    expect(
      preview.matches.map((m) => [m.row, m.schemeName, m.changes.find((c) => c.field === 'actualPence')?.to]),
    ).toEqual([
      [2, 'Care Act Assessments', '£30,000'],
      [3, 'Care Journey/Coordination', '£26,750'],
      [4, 'Home First Pathways', '£69,881'],
      [5, 'Home First Pathways', '£14,380'],
      [6, 'Discharge Schemes', '£145,425'],
      [7, 'Discharge Schemes', '£455,107'],
    ]);
    expect(preview.findings.map((f) => f.rule)).toEqual([
      'return.cover-complete',
      'return.cover-complete',
      ...Array(4).fill('return.straight-line-profile'),
    ]);
  });

  it('refuses the whole file when one row cannot be matched without guessing, and writes nothing', () => {
    const file = path.join(tempDir(), 'ledger.csv');
    fs.writeFileSync(
      file,
      'Scheme ID,Scheme Name,Actual Expenditure to date\n102,Care Act Assessments,"£30,000"\n102,Home First Pathways,"£69,881"\n',
    );
    const before = fileHash(ctx.dbPath);
    expect(() =>
      importReturnTable(ctx, { year: '2024-25', period: 'Q1', file: 'ledger.csv', rows: rowsOf(file) }),
    ).toThrow(
      'ledger.csv row 3, column "Scheme ID" (A): 2 lines of the return match Scheme ID 102 "Home First Pathways" in every fixed column the file has (planned £279,521 and £57,437); add a Planned Expenditure column so each row can be matched to one line. Nothing was guessed.; nothing was imported.',
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
    expect(q1().totals.actualPence).toBe(0);
  });

  it('sets each printed subtotal beside what the matched rows above it add up to', () => {
    const file = path.join(tempDir(), 'ledger.csv');
    fs.writeFileSync(
      file,
      [
        'Scheme ID,Scheme Name,Planned Expenditure,Actual Expenditure to date',
        '102,Care Act Assessments,"£120,000","£30,000"',
        ',Page 1 total,"£120,000","£30,000"',
        '102,Care Journey/Coordination,"£101,000",',
        '103,Discharge Schemes,"£1,903,384","£455,107"',
        ',Total,"£2,124,384","£485,000"',
      ].join('\n'),
    );
    const preview = previewReturnImport(ctx, { year: '2024-25', period: 'Q1', file: 'ledger.csv', rows: rowsOf(file) });
    expect(preview.problems).toEqual([]);
    // The blank actual keeps the line's own (none yet): the total printed £107 more than the rows give.
    expect(preview.printedTotals.map((t) => [t.row, t.label, t.field, t.printedPence, t.computedPence])).toEqual([
      [3, 'Page 1 total', 'plannedPence', 12_000_000, 12_000_000],
      [3, 'Page 1 total', 'actualPence', 3_000_000, 3_000_000],
      [6, 'Total', 'plannedPence', 212_438_400, 212_438_400],
      [6, 'Total', 'actualPence', 48_500_000, 48_510_700],
    ]);
  });

  it('reads a workbook too, on whichever sheet holds the return', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('1. Guidance').addRow(['Read me first']);
    const ws = wb.addWorksheet('3. Spend and activity');
    ws.addRow(['Checklist', 'Yes', 'Yes']);
    rowsOf(Q1_FILE).forEach((row, r) =>
      ws.addRow(row.map((c, i) => (r > 0 && (i === 6 || i === 7) ? Number(c.replace(/[£,]/g, '')) : c))),
    );
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await dispatch(ctx, 'return.commitImport', {
      year: '2024-25',
      period: 'Q1',
      fileName: 'q1.xlsx',
      contentBase64: Buffer.from(bytes).toString('base64'),
    });
    expect(unstamped(res)).toEqual({ ok: true, value: expect.objectContaining({ matched: 6 }) });
    expect(q1().totals.actualPence).toBe(74_154_300);
    expect(q1().lines[0]!.source).toEqual({ file: 'q1.xlsx', row: 3 });
  });
});

describe('a Q1 → Q2 pair with planted faults', () => {
  beforeEach(() => {
    seedQ1(ctx);
    createReturn(ctx, { year: '2024-25', period: 'Q2' });
  });

  it("starts Q2 from Q1's figures, for the same funding sources, and shows the movement", () => {
    const v = q2();
    expect(v.sources).toEqual(DISCHARGE);
    expect(v.previousPeriod).toBe('Q1');
    expect(v.lines.map((l) => [l.actualPence, l.previousActualPence, l.movementPence, l.issues])).toEqual(
      q1().lines.map((l) => [l.actualPence, l.actualPence, 0, l.issues]),
    );
  });

  it('catches each planted fault with its own rule', () => {
    importReturnTable(ctx, {
      year: '2024-25',
      period: 'Q2',
      file: 'return-2024-25-q2-faults.tsv',
      rows: rowsOf(Q2_FILE),
    });
    const v = q2();
    const lineOf = (f: Finding) => v.lines.find((l) => l.id === f.lineId);
    const named = v.validation.findings.map((f) => [
      f.rule,
      f.severity,
      lineOf(f)?.schemeName,
      lineOf(f)?.plannedPence,
    ]);
    expect(named).toEqual([
      ['return.cover-complete', 'warning', undefined, undefined],
      ['return.cover-complete', 'warning', undefined, undefined],
      ['return.actual-decreased', 'error', 'Care Journey/Coordination', 10_100_000],
      ['return.issue-description-missing', 'error', 'Discharge Schemes', 190_338_400],
      ['return.straight-line-profile', 'warning', 'Care Act Assessments', 12_000_000],
      ['return.straight-line-profile', 'warning', 'Home First Pathways', 27_952_100],
      // £290,850 is £30.50 from ½ of £581,639: within 0.05% of plan (£290.81).
      ['return.straight-line-profile', 'warning', 'Discharge Schemes', 58_163_900],
      ['return.overspend', 'warning', 'Home First Pathways', 5_743_700],
    ]);
    expect(v.lines[1]!.movementPence).toBe(-675_000);
    expect(v.validation.findings[2]!.message).toBe(
      'Scheme 102 "Care Journey/Coordination" (Local Authority Discharge Funding, return-2024-25-q2-faults.tsv row 3): actual to date is £20,000, £6,750 less than the £26,750 reported at Q1; spend to date cannot fall — correct it, or explain the correction in "Explanation of variance".',
    );
    // The unexplained overspend becomes an error at year end.
    createReturn(ctx, { year: '2024-25', period: 'YE' });
    const ye = getReturnView(ctx, '2024-25', 'YE').validation.findings.filter((f) => f.rule === 'return.overspend');
    expect(ye.map((f) => f.severity)).toEqual(['error']);
  });

  it('refuses to be marked ready or approved while errors stand, and takes approval once they are fixed', () => {
    importReturnTable(ctx, {
      year: '2024-25',
      period: 'Q2',
      file: 'return-2024-25-q2-faults.tsv',
      rows: rowsOf(Q2_FILE),
    });
    const before = fileHash(ctx.dbPath);
    expect(() => markReady(ctx, '2024-25', 'Q2')).toThrow(
      /cannot be marked ready for approval: the checks find 2 errors, first return\.actual-decreased/,
    );
    expect(() => approve(ctx, '2024-25', 'Q2', APPROVERS, '')).toThrow(/cannot be approved/);
    expect(fileHash(ctx.dbPath)).toBe(before);
    const [, journey, , , , icb] = q2().lines;
    applyReturnEdits(ctx, '2024-25', 'Q2', [
      {
        lineId: journey!.id,
        field: 'note',
        text: 'Q1 included £6,750 charged to this line in error; moved to Care Act Assessments',
      },
      { lineId: icb!.id, field: 'issueDescription', text: 'Provider capacity in August; spot purchase agreed' },
    ]);
    markReady(ctx, '2024-25', 'Q2');
    expect(q2().state).toBe('ready');
    // An edit after "ready" sends it back to draft, to be checked again.
    applyReturnEdits(ctx, '2024-25', 'Q2', [{ lineId: journey!.id, field: 'forecastPence', text: '£101,000' }]);
    expect(q2().state).toBe('draft');
  });
});

describe('sign-off', () => {
  beforeEach(() => {
    seedQ1(ctx);
    setDeadline(ctx, '2024-25', 'Q1', '2024-08-30');
  });

  it('checks the cover as the workbook does: a blank detail is an error; who signed off, the approval gives', () => {
    const cover = () =>
      q1()
        .validation.findings.filter((f) => f.rule === 'return.cover-complete')
        .map((f) => [f.severity, f.field]);
    // The plan's details stand in for the return's own blank ones.
    expect(cover()).toEqual([
      ['warning', 'cover.signedOffBy'],
      ['warning', 'cover.dateSignedOff'],
    ]);
    // With no number on the plan either, the workbook's checker would read "No".
    setPlanCover(ctx, '2023-24', { phone: '' });
    expect(cover()).toEqual([
      ['error', 'cover.phone'],
      ['warning', 'cover.signedOffBy'],
      ['warning', 'cover.dateSignedOff'],
    ]);
    expect(() => markReady(ctx, '2024-25', 'Q1')).toThrow(
      /the checks find 1 error, first return\.cover-complete: Cover: "Contact number" is blank/,
    );
    setReturnCover(ctx, '2024-25', 'Q1', { phone: '01225 396000' });
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS);
    expect(q1().validation.findings.filter((f) => f.rule === 'return.cover-complete')).toEqual([]);
    expect(getReturnCover(ctx, '2024-25', 'Q1').fields.find((f) => f.key === 'signedOffBy')).toMatchObject({
      value: 'Suzanne Westhead (Director of Adult Social Care); Rebecca Hayes (ICB Place Director)',
      from: 'approvers',
    });
    // Signed off on the day the last approver approved: the date the cover's checklist asks for.
    expect(getReturnCover(ctx, '2024-25', 'Q1').fields.find((f) => f.key === 'dateSignedOff')).toMatchObject({
      value: APPROVERS.map((a) => a.approvedOn)
        .sort()
        .at(-1),
      from: 'approvers',
    });
  });

  it('asks once about the warnings: approval names how many it accepts, and is refused if the checks now find others', () => {
    const before = fileHash(ctx.dbPath);
    expect(() => approve(ctx, '2024-25', 'Q1', APPROVERS, '')).toThrow(
      /checks find 4 warnings: accept all 4 to approve the return with them \(--accept-warnings 4 on the command line\)/,
    );
    expect(() => approve(ctx, '2024-25', 'Q1', APPROVERS, '', 3)).toThrow(/find 4 warnings \(3 were accepted\)/);
    expect(fileHash(ctx.dbPath)).toBe(before);
    // The sign-off warning is not among them: the approval fills it in.
    approve(ctx, '2024-25', 'Q1', APPROVERS, '', 4);
    expect(q1().state).toBe('approved');
  });

  it('locks an approved return: edits, imports, unlocking and assessments are refused until it is reopened with a reason', () => {
    markReady(as('bcf.manager'), '2024-25', 'Q1');
    approveSeen(
      as('bcf.manager'),
      '2024-25',
      'Q1',
      APPROVERS,
      'Delegated authority of the Health and Wellbeing Board, 11 June 2024',
    );
    expect(q1()).toMatchObject({ state: 'approved', locked: true, approvers: APPROVERS });
    const line = q1().lines[0]!;
    const metric = listMetrics(ctx, '2024-25')[0]!;
    const before = fileHash(ctx.dbPath);
    const refused = /The Q1 2024-25 return is approved, so .* locked\. Reopen it with a reason to change them\./;
    expect(() =>
      applyReturnEdits(ctx, '2024-25', 'Q1', [{ lineId: line.id, field: 'actualPence', text: '£31,000' }]),
    ).toThrow(refused);
    expect(() =>
      importReturnTable(ctx, { year: '2024-25', period: 'Q1', file: 'q1.tsv', rows: rowsOf(Q1_FILE) }),
    ).toThrow(refused);
    expect(() => unlockLine(ctx, '2024-25', 'Q1', line.id, 'typo')).toThrow(refused);
    expect(() =>
      setAssessment(ctx, '2024-25', 'Q1', metric.id, {
        onTrack: 'On track to meet target',
        challenges: '',
        achievements: '',
      }),
    ).toThrow(refused);
    expect(fileHash(ctx.dbPath)).toBe(before);

    expect(() => reopen(ctx, '2024-25', 'Q1', '  ')).toThrow(/Give the reason/);
    reopen(as('finance.partner'), '2024-25', 'Q1', 'ICB finance found a coding error on scheme 103');
    expect(q1()).toMatchObject({ state: 'draft', locked: false, approvers: [] });
    applyReturnEdits(ctx, '2024-25', 'Q1', [{ lineId: line.id, field: 'actualPence', text: '£31,000' }]);
    expect(q1().lines[0]!.actualPence).toBe(3_100_000);

    const states = listAudit(ctx, { entity: 'bcf_return', entityId: q1().id })
      .filter((e) => e.field === 'state')
      .reverse();
    expect(states.map((e) => [e.actor, e.oldValue, e.newValue, e.reason])).toEqual([
      ['bcf.manager', 'draft', 'ready', null],
      [
        'bcf.manager',
        'ready',
        'approved',
        'Approved by Suzanne Westhead (Director of Adult Social Care) on 2024-08-29, Rebecca Hayes (ICB Place Director) on 2024-08-29; Delegated authority of the Health and Wellbeing Board, 11 June 2024; 4 warnings accepted (return.straight-line-profile)',
      ],
      ['finance.partner', 'approved', 'draft', 'ICB finance found a coding error on scheme 103'],
    ]);
    expect(listAudit(ctx, { entity: 'return_approval' }).map((e) => [e.action, e.actor, e.reason])).toEqual([
      ['delete', 'finance.partner', 'ICB finance found a coding error on scheme 103'],
      ['delete', 'finance.partner', 'ICB finance found a coding error on scheme 103'],
      ['approve', 'bcf.manager', null],
      ['approve', 'bcf.manager', null],
    ]);
  });

  it('keeps the metrics as approved: a later target changes the open returns, not what was signed', () => {
    const targets = (period: 'Q1' | 'Q2') =>
      getReturnView(ctx, '2024-25', period).metrics.map((m) => [m.name, m.target]);
    setMetrics(ctx, '2024-25', [
      { name: 'Avoidable admissions', target: '188.4 per 100,000' },
      { name: 'Falls', target: '1,650 per 100,000' },
    ]);
    const [admissions, falls] = listMetrics(ctx, '2024-25');
    setAssessment(ctx, '2024-25', 'Q1', admissions!.id, {
      onTrack: 'On track to meet target',
      challenges: '',
      achievements: 'Virtual ward opened',
    });
    setAssessment(ctx, '2024-25', 'Q1', falls!.id, {
      onTrack: 'Not on track to meet target',
      challenges: 'Winter',
      achievements: '',
    });
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS, '');
    createReturn(ctx, { year: '2024-25', period: 'Q2' });
    const approved = [
      ['Avoidable admissions', '188.4 per 100,000'],
      ['Falls', '1,650 per 100,000'],
    ];
    expect(targets('Q1')).toEqual(approved);

    // A plan addendum: a new target and a new metric for the rest of the year.
    setMetrics(ctx, '2024-25', [
      { name: 'Avoidable admissions', target: '180 per 100,000' },
      { name: 'Falls', target: '1,650 per 100,000' },
      { name: 'Discharge to usual place of residence', target: '92%' },
    ]);
    expect(targets('Q1')).toEqual(approved);
    expect(q1().metrics.map((m) => m.onTrack)).toEqual(['On track to meet target', 'Not on track to meet target']);
    expect(targets('Q2')).toEqual([
      ['Avoidable admissions', '180 per 100,000'],
      ['Falls', '1,650 per 100,000'],
      ['Discharge to usual place of residence', '92%'],
    ]);
    // Removing or renaming a metric the approved return holds is refused, and changes nothing.
    const before = fileHash(ctx.dbPath);
    expect(() =>
      setMetrics(ctx, '2024-25', [
        { name: 'Avoidable admissions', target: '180 per 100,000' },
        { name: 'Falls (65+)', target: '1,650 per 100,000' },
      ]),
    ).toThrow(
      '"Falls" is part of the approved Q1 2024-25 return, so it cannot be removed or renamed; reopen that return first, with a reason.',
    );
    expect(fileHash(ctx.dbPath)).toBe(before);

    // Reopened, the return follows the year's metrics again (and needs the new one assessed).
    reopen(ctx, '2024-25', 'Q1', 'The board asked for the new discharge metric');
    expect(targets('Q1')).toEqual(targets('Q2'));
    expect(
      q1()
        .validation.findings.filter((f) => f.rule === 'return.required-field')
        .map((f) => f.message),
    ).toEqual([
      'Metric "Discharge to usual place of residence" (target 92%): say whether it is on track to meet its target.',
    ]);
  });

  it('upgrading a file whose return was approved before version 7 keeps the metrics it was approved with', () => {
    setMetrics(ctx, '2024-25', [
      { name: 'Avoidable admissions', target: '188.4 per 100,000' },
      { name: 'Falls', target: '1,650 per 100,000' },
    ]);
    for (const m of listMetrics(ctx, '2024-25'))
      setAssessment(ctx, '2024-25', 'Q1', m.id, {
        onTrack: 'On track to meet target',
        challenges: '',
        achievements: '',
      });
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS, '');
    const dbPath = ctx.dbPath;
    ctx.close();
    // The file as version 6 left it: no copies of the approved metrics, no rows for unassessed ones (and nothing of version 8's).
    const old = new Database(dbPath);
    old.exec("DELETE FROM return_metric WHERE on_track = ''");
    old.close();
    downgrade(dbPath, 6);
    ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, actor: 'bcf.manager' }) as TestContext;
    setMetrics(ctx, '2024-25', [
      { name: 'Avoidable admissions', target: '180 per 100,000' },
      { name: 'Falls', target: '1,650 per 100,000' },
    ]);
    expect(q1().metrics.map((m) => [m.name, m.target])).toEqual([
      ['Avoidable admissions', '188.4 per 100,000'],
      ['Falls', '1,650 per 100,000'],
    ]);
  });

  it('records the submission against the deadline, and ratification after it', () => {
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS, '');
    expect(() => submit(ctx, '2024-25', 'Q1', '2024-08-28')).toThrow(
      'The submission date 28 August 2024 is before the approval on 29 August 2024.',
    );
    expect(submit(ctx, '2024-25', 'Q1', '2024-08-30')).toEqual({ met: true });
    ratify(ctx, '2024-25', 'Q1', '2024-09-10', 'HWB 10 September 2024, item 7');
    expect(q1()).toMatchObject({
      state: 'ratified',
      deadline: '2024-08-30',
      submittedOn: '2024-08-30',
      deadlineMet: true,
      ratifiedOn: '2024-09-10',
      ratifiedWhen: 'after submission',
      locked: true,
    });
    // Changing the calendar afterwards does not rewrite the deadline the submission was judged by.
    setDeadline(ctx, '2024-25', 'Q1', '2024-08-15');
    expect(q1()).toMatchObject({ deadline: '2024-08-30', deadlineMet: true });
  });

  it('records a late submission, and ratification by a board meeting before submission', () => {
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS, '');
    ratify(ctx, '2024-25', 'Q1', '2024-08-30');
    expect(q1()).toMatchObject({ state: 'approved', ratifiedOn: '2024-08-30', ratifiedWhen: 'before submission' });
    expect(submit(ctx, '2024-25', 'Q1', '2024-09-02')).toEqual({ met: false });
    expect(q1()).toMatchObject({ state: 'ratified', deadlineMet: false, ratifiedWhen: 'before submission' });
    expect(() => ratify(ctx, '2024-25', 'Q1', '2024-09-10')).toThrow(/already ratified on 30 August 2024/);
  });

  it('refuses steps out of order, and a submission with no deadline known', () => {
    expect(() => submit(ctx, '2024-25', 'Q1', '2024-08-30')).toThrow(
      'The Q1 2024-25 return is draft; it can be submitted only when it is approved.',
    );
    expect(() => ratify(ctx, '2024-25', 'Q1', '2024-08-30')).toThrow(
      /can be ratified only when it is approved or submitted/,
    );
    expect(() => reopen(ctx, '2024-25', 'Q1', 'why not')).toThrow(/is draft: it is open for changes already/);
    setDeadline(ctx, '2024-25', 'Q1', null);
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS, '');
    expect(() => submit(ctx, '2024-25', 'Q1', '2024-08-30')).toThrow(
      /No deadline is recorded for the Q1 2024-25 return/,
    );
    expect(submit(ctx, '2024-25', 'Q1', '2024-08-30', '2024-08-31')).toEqual({ met: true });
  });

  it('tells the home screen what to do next, from the returns, deadlines and board dates', () => {
    addMeeting(ctx, '2024-09-10', 'Q1 return for ratification');
    setDeadline(ctx, '2024-25', 'Q2', '2024-10-31');
    const on = (date: string) => getCalendar({ ...ctx, now: () => new Date(`${date}T12:00:00`) }).next.text;
    expect(on('2024-08-20')).toBe(
      'Complete and check the Q1 2024-25 return, then mark it ready for approval by 30 August 2024 (10 days left).',
    );
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS, '');
    submit(ctx, '2024-25', 'Q1', '2024-08-30');
    expect(on('2024-09-01')).toBe(
      'Take the Q1 2024-25 return to the Health and Wellbeing Board for ratification at its meeting on 10 September 2024.',
    );
    ratify(ctx, '2024-25', 'Q1', '2024-09-10');
    expect(on('2024-09-11')).toBe('Start the Q2 2024-25 return by 31 October 2024 (50 days left).');
  });
});

describe('deleting a return created by mistake', () => {
  const quiet = { error: () => undefined };
  beforeEach(() => {
    seedQ1(ctx);
    createReturn(ctx, { year: '2024-25', period: 'Q2' });
  });

  it('deletes an open return, keeping its figures in the history, and the quarter can be created again', async () => {
    const entered = q2().lines.map((l) => l.actualPence);
    expect(
      unstamped(
        await dispatch(
          ctx,
          'return.delete',
          { year: '2024-25', period: 'Q2', reason: 'Created for the wrong quarter' },
          quiet,
        ),
      ),
    ).toEqual({ ok: true, value: { year: '2024-25', period: 'Q2' } });
    expect(await dispatch(ctx, 'return.get', { year: '2024-25', period: 'Q2' }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const [deleted] = listAudit(ctx, { entity: 'bcf_return' }).filter((e) => e.action === 'delete');
    expect(deleted).toMatchObject({ actor: 'bcf.manager', reason: 'Created for the wrong quarter' });
    const kept = JSON.parse(String(deleted!.oldValue)) as {
      year: string;
      period: string;
      state: string;
      lines: { actualPence: number | null }[];
    };
    expect(kept).toMatchObject({ year: '2024-25', period: 'Q2', state: 'draft' });
    expect(kept.lines.map((l) => l.actualPence)).toEqual(entered);
    expect((ctx.db.prepare('SELECT count(*) AS n FROM return_line').get() as { n: number }).n).toBe(q1().lines.length);
    expect(createReturn(ctx, { year: '2024-25', period: 'Q2' }).lines).toHaveLength(q1().lines.length);
  });

  it('refuses a return a later quarter follows on from, an approved one, and no reason; nothing changes', async () => {
    const before = fileHash(ctx.dbPath);
    expect(await dispatch(ctx, 'return.delete', { year: '2024-25', period: 'Q1', reason: 'x' }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'The Q2 2024-25 return follows on from Q1 2024-25; delete that first.' },
    });
    expect(await dispatch(ctx, 'return.delete', { year: '2024-25', period: 'Q2', reason: ' ' }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'reason' },
    });
    expect(await dispatch(ctx, 'return.delete', { year: '2024-25', period: 'Q3', reason: 'x' }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // The schema bounds the reason's length; an unsafe one is refused by the service itself.
    expect(() => deleteReturn(ctx, '2024-25', 'Q2', 'wrong\u001b[2Jquarter')).toThrow(
      /The reason contains an invisible control character/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
    deleteReturn(ctx, '2024-25', 'Q2', 'not needed');
    markReady(ctx, '2024-25', 'Q1');
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS, 'Delegated authority of the Health and Wellbeing Board, 11 June 2024');
    expect(() => deleteReturn(ctx, '2024-25', 'Q1', 'x')).toThrow(
      'The Q1 2024-25 return is approved; reopen it (with a reason) before deleting it.',
    );
    expect(q1().state).toBe('approved');
  });
});

describe('creating a return', () => {
  it('needs a plan covering the year, one return per period, and sources the plan has', () => {
    seedPlan(ctx);
    expect(() => createReturn(ctx, { year: '2026-27', period: 'Q1' })).toThrow(
      'There is no plan covering 2026-27: import or enter the plan first.',
    );
    expect(() => createReturn(ctx, { year: '2024-25', period: 'Q1', sources: ['Better Care Fund'] })).toThrow(
      'No line of the 2023-25 plan is funded by "Better Care Fund"; its sources are "Minimum NHS Contribution", "Local Authority Discharge Funding", "ICB Discharge Funding".',
    );
    const all = createReturn(ctx, { year: '2023-24', period: 'Q1' });
    expect(all.lines.map((l) => l.plannedPence)).toEqual([
      31_831_200, 25_000_000, 11_000_000, 9_500_000, 27_000_000, 5_500_000, 56_000_000, 185_000_000,
    ]);
    expect(() => createReturn(ctx, { year: '2023-24', period: 'Q1' })).toThrow('The Q1 2023-24 return already exists.');
  });

  it("seeds the year's metrics, which the user can set targets for and assess", () => {
    seedQ1(ctx);
    expect(listMetrics(ctx, '2024-25').map((m) => m.name)).toEqual([
      'Avoidable admissions',
      'Falls',
      'Discharge to usual place of residence',
      'Residential admissions',
    ]);
    markReady(ctx, '2024-25', 'Q1');
    // Saving the same list changes nothing; a new target sends a return marked ready back to draft, to be checked again.
    setMetrics(
      ctx,
      '2024-25',
      listMetrics(ctx, '2024-25').map((m) => ({ name: m.name, target: m.target })),
    );
    expect(q1().state).toBe('ready');
    const metrics = setMetrics(ctx, '2024-25', [
      { name: 'Avoidable admissions', target: '188.4 per 100,000' },
      { name: 'Falls', target: '1,650 per 100,000' },
    ]);
    expect(
      q1()
        .validation.findings.filter((f) => f.rule === 'return.required-field')
        .map((f) => f.message),
    ).toEqual([
      'Metric "Avoidable admissions" (target 188.4 per 100,000): say whether it is on track to meet its target.',
      'Metric "Falls" (target 1,650 per 100,000): say whether it is on track to meet its target.',
    ]);
    expect(q1().state).toBe('draft');
    expect(listMetrics(ctx, '2024-25').map((m) => m.name)).toEqual(['Avoidable admissions', 'Falls']);
    setAssessment(ctx, '2024-25', 'Q1', metrics[0]!.id, {
      onTrack: 'On track to meet target',
      challenges: '',
      achievements: 'Virtual ward opened',
    });
    setAssessment(ctx, '2024-25', 'Q1', metrics[1]!.id, {
      onTrack: 'Not on track to meet target',
      challenges: 'Winter',
      achievements: '',
    });
    expect(q1().validation.findings.filter((f) => f.rule === 'return.required-field')).toEqual([]);
    expect(q1().metrics.map((m) => [m.name, m.onTrack])).toEqual([
      ['Avoidable admissions', 'On track to meet target'],
      ['Falls', 'Not on track to meet target'],
    ]);
  });
});

describe('settings, the year and the summary', () => {
  beforeEach(() => seedQ1(ctx));

  it('uses the profile tolerances the area sets', () => {
    const flagged = () =>
      q1()
        .validation.findings.filter((f) => f.rule === 'return.straight-line-profile')
        .map((f) => q1().lines.find((l) => l.id === f.lineId)!.actualPence);
    setReturnSettings(ctx, { ...DEFAULT_RETURN_SETTINGS, profileTolerancePercent: '0' });
    // £1 alone: £14,380 (£20.75 from ¼ of £57,437) and £145,425 (£15.25 from ¼ of £581,639) are no longer flagged.
    expect(flagged()).toEqual([3_000_000, 6_988_100]);
    setReturnSettings(ctx, { ...DEFAULT_RETURN_SETTINGS, profileTolerancePercent: '0', profileTolerancePence: 2_100 });
    expect(flagged()).toEqual([3_000_000, 6_988_100, 1_438_000, 14_542_500]);
    expect(listAudit(ctx, { entity: 'setting' }).map((a) => [a.field, a.oldValue, a.newValue])).toEqual(
      expect.arrayContaining([
        ['returns.profileTolerancePercent', '0.05', '0'],
        ['returns.profileTolerancePence', '100', '2100'],
      ]),
    );
  });

  it('draws the year quarter by quarter', () => {
    const picture = yearPicture(ctx, '2024-25');
    expect(picture.quarters.map((q) => [q.period, q.actualPence, q.profilePence])).toEqual([
      ['Q1', 74_154_300, 76_074_525],
      ['Q2', null, 152_149_050],
      ['Q3', null, 228_223_575],
      ['YE', null, 304_298_100],
    ]);
    expect(picture.bySchemeType.map((r) => [r.key, r.plannedPence, r.actualPence])).toEqual([
      ['Community Based Schemes', 248_502_300, 60_053_200],
      ['High Impact Change Model for Managing Transfer of Care', 33_695_800, 8_426_100],
      ['Integrated Care Planning and Navigation', 22_100_000, 5_675_000],
    ]);
  });

  it('prints a one-page summary for the board, as a PDF that text tools can read', async () => {
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS, 'Delegated authority of the Health and Wellbeing Board');
    const { fileName, bytes } = await returnSummaryPdf(ctx, '2024-25', 'Q1');
    expect(fileName).toBe('BCF Q1 2024-25 return summary.pdf');
    const file = path.join(tempDir(), fileName);
    fs.writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    expect(text).toContain('Better Care Fund: Q1 2024-25 return');
    expect(text).toMatch(/Total\s+6\s+£3,042,981\s+£741,543\s+24\.4%\s+£3,042,981/);
    expect(text).toMatch(/Local Authority Discharge Funding\s+5\s+£1,139,597\s+£286,436/);
    expect(text).toContain('Suzanne Westhead, Director of Adult Social Care (29 August 2024)');
    expect(text).toContain('0 errors and 4 warnings.');
  });

  it('is reached through the API like everything else, and rules.list names plan and return rules', async () => {
    const rules = await dispatch(ctx, 'rules.list', {});
    expect(rules.ok && (rules.value as { id: string }[]).map((r) => r.id)).toEqual(
      expect.arrayContaining(['plan.required-field', 'return.straight-line-profile', 'return.overspend']),
    );
    expect(await dispatch(ctx, 'return.get', { year: '2024-25', period: 'Q5' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'period' },
    });
    expect(
      await dispatch(ctx, 'return.submit', { year: '2024-25', period: 'Q1', submittedOn: '31/02/2024' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: 'submittedOn: "31/02/2024" is not a date: February 2024 has 29 days' },
    });
    const pdf = await dispatch(ctx, 'return.summaryPdf', { year: '2024-25', period: 'Q1' });
    expect(
      pdf.ok &&
        Buffer.from((pdf.value as { contentBase64: string }).contentBase64, 'base64')
          .subarray(0, 5)
          .toString(),
    ).toBe('%PDF-');
  });
});

describe('metrics by template year', () => {
  const PLAN_2025 = [
    PLAN_2025_HEAD,
    plan2025Row('1', 'Local Authority Better Care Fund Grant', { amount: '£500,000', name: 'Home care' }),
  ];
  const quiet = { error: () => undefined };
  const seed2025 = () => {
    createArea(ctx, 'Testshire');
    importPlanTable(ctx, { file: 'plan-2025-26.tsv', rows: PLAN_2025, year: '2025-26', mode: 'refuse' });
    return createReturn(ctx, { year: '2025-26', period: 'Q1' });
  };

  it('asks a 2025-26 return for the three headline metrics', () => {
    seed2025();
    expect(getReturnView(ctx, '2025-26', 'Q1').metrics.map((m) => m.name)).toEqual([
      'Emergency admissions, people aged 65 and over, per 100,000 population',
      'Average length of discharge delay, acute adult patients',
      'Long-term admissions to residential and nursing care, people aged 65 and over, per 100,000 population',
    ]);
  });

  it('asks a 2023-24 return for five metrics, reablement among them, and a 2024-25 one for four', () => {
    seedPlan(ctx);
    createReturn(ctx, { year: '2023-24', period: 'Q1' });
    expect(listMetrics(ctx, '2023-24').map((m) => m.name)).toEqual([
      'Avoidable admissions',
      'Falls',
      'Discharge to usual place of residence',
      'Residential admissions',
      'Reablement',
    ]);
    createReturn(ctx, { year: '2024-25', period: 'Q1' });
    expect(listMetrics(ctx, '2024-25').map((m) => m.name)).not.toContain('Reablement');
  });

  it('keeps the absolute numbers beside the rate, and a revised target keeps the old one, through the API', async () => {
    seed2025();
    const [admissions] = listMetrics(ctx, '2025-26');
    const set = await dispatch(
      ctx,
      'metrics.set',
      {
        year: '2025-26',
        metrics: listMetrics(ctx, '2025-26').map((m) =>
          m.id === admissions!.id
            ? { name: m.name, target: '1,650 per 100,000', numerator: '825', denominator: '50,000' }
            : { name: m.name, target: m.target },
        ),
      },
      quiet,
    );
    expect(set.ok).toBe(true);
    expect(
      await dispatch(
        ctx,
        'metrics.set',
        { year: '2025-26', metrics: [{ name: 'X', target: '', numerator: 'lots' }] },
        quiet,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(getReturnView(ctx, '2025-26', 'Q1').metrics[0]).toMatchObject({
      target: '1,650 per 100,000',
      numerator: '825',
      denominator: '50,000',
      revisions: [],
    });

    const revised = await dispatch(
      ctx,
      'metrics.revise',
      {
        year: '2025-26',
        metricId: admissions!.id,
        revision: { target: '1,600 per 100,000', numerator: '800', denominator: '50,000', reason: 'ICB refresh, July' },
      },
      quiet,
    );
    expect(revised).toMatchObject({ ok: true, value: { target: '1,600 per 100,000', numerator: '800' } });
    const shown = getReturnView(ctx, '2025-26', 'Q1').metrics[0]!;
    expect(shown).toMatchObject({ target: '1,600 per 100,000', numerator: '800', denominator: '50,000' });
    expect(shown.revisions).toEqual([
      {
        target: '1,650 per 100,000',
        numerator: '825',
        denominator: '50,000',
        revisedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        reason: 'ICB refresh, July',
      },
    ]);
    expect(
      await dispatch(
        ctx,
        'metrics.revise',
        { year: '2025-26', metricId: admissions!.id, revision: { target: '1,500', reason: '' } },
        quiet,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'revision.reason' } });
  });
});
