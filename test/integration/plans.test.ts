import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { EMPTY_LINE, type LineInput } from '../../shared/plans/line';
import type { PlanView } from '../../shared/api';
import { yearOf } from '../../shared/years/financial-year';
import { openServiceContext } from '../../electron/host';
import { dispatch } from '../../electron/api/dispatch';
import { getPlanCover, setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { createArea } from '../../electron/services/areas/areas';
import { listAudit } from '../../electron/services/audit/audit';
import { readTable } from '../../electron/services/files/read-table';
import { redo, undo } from '../../electron/services/plans/changesets';
import { createReturn } from '../../electron/services/returns/create';
import { exportPlanCsv } from '../../electron/services/plans/export-csv';
import { importPlanTable, previewPlanImport, readPlanFile } from '../../electron/services/plans/import-plan';
import { applyEdits, createLine, deleteLine, updateLine } from '../../electron/services/plans/line-actions';
import { ensurePlan, findPlan, listPlans } from '../../electron/services/plans/plan-store';
import { deletePlan } from '../../electron/services/plans/delete-plan';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { rollForward } from '../../electron/services/plans/rollforward';
import { loadSample } from '../../electron/services/sample/sample';
import { linkContribution } from '../../electron/services/pools/contributions';
import { loadPublishedPools } from '../../electron/services/pools/published';
import { ASSETS_DIR } from '../../electron/source-root';
import { fileHash, tempContext, type TestContext } from '../helpers/db';
import { published } from '../helpers/fixtures';
import { shippedReference } from '../helpers/reference';
import { syntheticPlanRows } from '../bench/synthetic';
import { smallXlsx } from '../helpers/hostile-corpus';
import { PLAN_2025_HEAD, plan2025Row, STREAMS_2025 } from '../helpers/plan-2025';
import { FALLS_LINE as LINE, importPlan2023, rowsOf } from '../helpers/plans';

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext();
});
afterEach(() => ctx.close());

describe('scheme lines', () => {
  beforeEach(() => createArea(ctx, 'Bath and North East Somerset'));

  it('are created, changed and deleted, each change audited with old and new values', () => {
    const line = createLine(ctx, '2019-20', LINE);
    const changed = updateLine(
      ctx,
      line.id,
      { ...LINE, expenditurePence: 32_000_000, schemeId: '4a' },
      'revised business case',
    );
    expect(changed).toMatchObject({ schemeId: '4a', expenditurePence: 32_000_000 });
    // The scheme the line left is empty and goes, so that Scheme ID 4 can be used afresh.
    expect(ctx.db.prepare('SELECT code FROM scheme').all()).toEqual([{ code: '4a' }]);
    deleteLine(ctx, line.id);
    expect(getPlanView(ctx, '2019-20').lines).toEqual([]);

    const trail = listAudit(ctx, { entity: 'scheme_line', entityId: line.id }).reverse();
    expect(trail.map((e) => [e.action, e.field, e.oldValue, e.newValue, e.reason, e.actor])).toEqual([
      ['create', null, null, expect.stringContaining('"schemeName":"Falls Response Service"'), null, 'tester'],
      ['update', 'schemeId', '4', '4a', 'revised business case', 'tester'],
      ['update', 'expenditurePence', '31831200', '32000000', 'revised business case', 'tester'],
      ['delete', null, expect.stringContaining('"schemeId":"4a"'), null, null, 'tester'],
    ]);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM scheme').get()).toEqual({ n: 0 });
  });

  it('say so, and change nothing, when the line is not there', () => {
    const before = fileHash(ctx.dbPath);
    expect(() => updateLine(ctx, 999, LINE)).toThrow(ApiError);
    expect(() => deleteLine(ctx, 999)).toThrow(/no scheme line 999/);
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('export as CSV that Excel cannot mistake for formulas', () => {
    createLine(ctx, '2019-20', { ...LINE, schemeName: '=HYPERLINK("http://x")', virementPence: -1_427_000 });
    const csv = exportPlanCsv(ctx, '2019-20');
    expect(csv.split('\r\n')[1]).toBe(
      `2019-20,4,"'=HYPERLINK(""http://x"")",11. Intermediate care services,Social Care,CCG Minimum Contribution,0.00,-14270.00,318312.00,Existing,`,
    );
  });
});

describe('cell edits, undo and redo', () => {
  beforeEach(() => loadSample(ctx));
  const line4 = () => getPlanView(ctx, '2019-20').lines.find((l) => l.schemeId === '4')!;

  it('apply a pasted block as one step, and refuse the whole block if one cell is bad', () => {
    const [a, b] = getPlanView(ctx, '2019-20').lines;
    const before = fileHash(ctx.dbPath);
    expect(() =>
      applyEdits(ctx, '2019-20', {
        edits: [
          { lineId: a!.id, field: 'expenditurePence', text: '£900,000' },
          { lineId: b!.id, field: 'expenditurePence', text: '£2.184k' },
        ],
      }),
    ).toThrow(
      /Scheme 2 "Community Services Contract 7 Day Working", Expenditure £: "£2.184k" is not an amount.*nothing was changed/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
    applyEdits(ctx, '2019-20', {
      edits: [
        { lineId: a!.id, field: 'expenditurePence', text: '£900,000' },
        { lineId: b!.id, field: 'schemeType', text: '16. Other' },
      ],
      newLines: [{ schemeId: '200', schemeName: 'Pasted', sourceOfFunding: 'Grant', expenditurePence: '1,000' }],
    });
    const view = getPlanView(ctx, '2019-20');
    expect(view.lines[0]!.expenditurePence).toBe(90_000_000);
    expect(view.lines.at(-1)).toMatchObject({ schemeId: '200', expenditurePence: 100_000 });
    expect(view.undo.undo).toBe('Paste 2 cells and 1 new lines');
  });

  it('undo and redo step back and forth through changes, and survive closing the database', () => {
    const id = line4().id;
    applyEdits(ctx, '2019-20', { edits: [{ lineId: id, field: 'expenditurePence', text: '£320,000' }] });
    deleteLine(ctx, id);
    const planId = findPlan(ctx, '2019-20')!.id;
    expect(undo(ctx, planId).label).toBe('Delete line 4 "Falls Response Service"');
    expect(line4()).toMatchObject({
      id,
      expenditurePence: 32_000_000,
      source: { file: 'plan-2019-20-schemes.tsv', row: 11 },
    });

    // Close the file and open it again, as after a restart.
    const file = ctx.dbPath;
    ctx.close();
    ctx = openServiceContext({ dbPath: file, assetsDir: ASSETS_DIR, actor: 'tester' });
    expect(undo(ctx, planId).label).toBe('Edit Expenditure £');
    expect(line4().expenditurePence).toBe(31_831_200);
    expect(redo(ctx, planId).label).toBe('Edit Expenditure £');
    expect(line4().expenditurePence).toBe(32_000_000);
    expect(getPlanView(ctx, '2019-20').undo).toMatchObject({
      undo: 'Edit Expenditure £',
      redo: 'Delete line 4 "Falls Response Service"',
    });
    // Undo names the step it would take back: one that is not the database's next is refused, and nothing changes.
    const { undoStep, redoStep } = getPlanView(ctx, '2019-20').undo;
    expect(() => undo(ctx, planId, redoStep!)).toThrow(
      'The plan changed since this screen showed it: the next undo is now "Edit Expenditure £". Nothing was undone',
    );
    expect(line4().expenditurePence).toBe(32_000_000);
    // An edit that changes nothing leaves what can be redone alone.
    applyEdits(ctx, '2019-20', { edits: [{ lineId: id, field: 'expenditurePence', text: '£320,000' }] });
    expect(getPlanView(ctx, '2019-20').undo).toMatchObject({ undoStep, redoStep });
    applyEdits(ctx, '2019-20', { edits: [{ lineId: id, field: 'schemeUpdate', text: 'New note' }] });
    expect(getPlanView(ctx, '2019-20').undo.redo).toBeNull();
    expect(
      listAudit(ctx, { entity: 'scheme_line', entityId: id }).some((e) => e.reason === 'Undo: Edit Expenditure £'),
    ).toBe(true);
  });

  it('undo an import whole', () => {
    const planId = findPlan(ctx, '2019-20')!.id;
    expect(undo(ctx, planId).label).toBe('Import plan-2019-20-schemes.tsv');
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(0);
    expect(redo(ctx, planId).label).toBe('Import plan-2019-20-schemes.tsv');
    expect(getPlanView(ctx, '2019-20').totals.expenditurePence).toBe(7_134_216_100);
    expect(() => redo(ctx, planId)).toThrow(/nothing to redo/);
  });
});

describe('importing a plan', () => {
  const rows = () => rowsOf(published('plan-2019-20-schemes.tsv'));

  it('needs an area first', () => {
    expect(() => importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'refuse' })).toThrow(
      /No area is set up/,
    );
  });

  it('writes every line in one go, refuses to mix silently, and replaces or appends when asked', () => {
    createArea(ctx, 'Bath and North East Somerset');
    importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'refuse' });
    const before = fileHash(ctx.dbPath);
    expect(() => importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'refuse' })).toThrow(
      /already has 51 lines/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
    expect(importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'replace' })).toMatchObject({
      imported: 51,
      replaced: 51,
    });
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(51);
    importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'append' });
    expect(getPlanView(ctx, '2019-20').totals.expenditurePence).toBe(2 * 7_134_216_100);
  });

  it('previews what it will create and what the checks will say, writing nothing', () => {
    createArea(ctx, 'Bath and North East Somerset');
    const before = fileHash(ctx.dbPath);
    const preview = previewPlanImport(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20' });
    expect(preview).toMatchObject({ lines: 51, headerRow: 1, template: '2019-20', problems: [], existingLines: 0 });
    expect(preview.columns.map((c) => `${c.letter} ${c.field}`)).toEqual([
      'A schemeId',
      'B schemeName',
      'C schemeType',
      'D areaOfSpend',
      'E sourceOfFunding',
      'F priorYearPence',
      'G virementPence',
      'H expenditurePence',
      'I newOrExisting',
      'J schemeUpdate',
    ]);
    expect(preview.findings.filter((f) => f.rule === 'plan.virement-identity')).toHaveLength(6);
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('writes nothing at all when one cell is bad', () => {
    createArea(ctx, 'Bath and North East Somerset');
    const bad = rows().map((r) => [...r]);
    bad[40]![7] = '12,34';
    const before = fileHash(ctx.dbPath);
    expect(() => importPlanTable(ctx, { file: 'bad.tsv', rows: bad, year: '2019-20', mode: 'refuse' })).toThrow(
      'bad.tsv row 41, column "2019/20 Expenditure £" (H): "12,34" is not an amount: commas must separate groups of three digits, as in 1,234,567',
    );
    expect(previewPlanImport(ctx, { file: 'bad.tsv', rows: bad, year: '2019-20' }).problems).toHaveLength(1);
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('reads an xlsx workbook whose table sits below a title, on its second sheet', async () => {
    createArea(ctx, 'Bath and North East Somerset');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover').getCell('A1').value = 'Better Care Fund 2019/20';
    const sheet = wb.addWorksheet('Schemes');
    sheet.getCell('A1').value = 'Appendix 1 - Better Care Fund 2017/20 Schemes';
    const fixture = rows();
    fixture.forEach((r, i) => {
      sheet.getRow(i + 3).values = r.map((c, j) => (i > 0 && j >= 5 && j <= 7 ? Number(c.replace(/[£,]/g, '')) : c));
    });
    sheet.getCell('H13').value = { formula: 'F13+G13', result: 318_312 } as ExcelJS.CellFormulaValue;
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = await readPlanFile('plan.xlsx', bytes);
    expect(read.sheet).toBe('Schemes');
    const outcome = importPlanTable(ctx, { file: read.file, rows: read.rows, year: '2019-20', mode: 'refuse' });
    expect(outcome.imported).toBe(51);
    const view = getPlanView(ctx, '2019-20');
    expect(view.totals.expenditurePence).toBe(7_134_216_100);
    expect(view.lines[0]!.source).toEqual({ file: 'plan.xlsx', row: 4 });
  });

  it('refuses xlsx money cells holding an error, naming the cell', async () => {
    createArea(ctx, 'Testshire');
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('Plan');
    s.addRow(['Scheme ID', 'Scheme Name', 'Source of Funding', 'Expenditure']);
    s.addRow(['1', 'A', 'Grant', { error: '#REF!' }]);
    const read = await readPlanFile('broken.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(() => importPlanTable(ctx, { file: read.file, rows: read.rows, year: '2019-20', mode: 'refuse' })).toThrow(
      'broken.xlsx row 2, column "Expenditure" (D): "#REF!" is not an amount: it is a spreadsheet error',
    );
  });

  it('imports a two-year 2023-25 plan and its income, and catches the planted faults by their rules', () => {
    importPlan2023(ctx);
    const view = getPlanView(ctx, '2024-25');
    expect(view).toMatchObject({
      year: '2023-24',
      years: ['2023-24', '2024-25'],
      label: '2023-25',
      template: '2023-25',
    });
    expect(view.totals).toMatchObject({ expenditurePence: 307_803_400, expenditureYear2Pence: 316_000_000 });
    expect(view.lines[2]).toMatchObject({
      commissioner: 'Joint',
      jointNhsPercent: '60',
      jointLaPercent: '30',
      plannedOutputs: '4000',
    });
    const [cover, rest] = [
      view.validation.findings.filter((f) => f.rule === 'plan.cover-complete'),
      view.validation.findings.filter((f) => f.rule !== 'plan.cover-complete'),
    ];
    expect(rest.map((f) => [f.rule, f.source?.row ?? null])).toEqual([
      ['plan.source-balance', null],
      ['plan.subtype-mismatch', 3],
      ['plan.commissioner-split', 4],
    ]);
    // Nobody has said who completed it, or signed it off (which the partners' approvals will fill in): the workbook's cover checklist would read "No".
    expect(cover.map((f) => [f.severity, f.field])).toEqual([
      ['error', 'cover.completedBy'],
      ['error', 'cover.email'],
      ['error', 'cover.phone'],
      ['warning', 'cover.signedOffBy'],
      ['warning', 'cover.dateSignedOff'],
    ]);
    // The date signed off as typed on a UK cover, kept as a date.
    setPlanCover(ctx, '2023-24', {
      completedBy: 'Jane Smith',
      email: 'bcf@testshire.gov.uk',
      phone: '01632 960000',
      signedOffBy: 'Cllr A. Chair, HWB',
      dateSignedOff: '15/7/2023',
    });
    expect(getPlanCover(ctx, '2023-24').fields.find((f) => f.key === 'dateSignedOff')?.value).toBe('2023-07-15');
    expect(() => setPlanCover(ctx, '2023-24', { dateSignedOff: '31/02/2023' })).toThrow(
      '"31/02/2023" is not a date such as 2024-07-15 or 15/07/2024',
    );
    expect(getPlanView(ctx, '2023-24').validation.findings.filter((f) => f.rule === 'plan.cover-complete')).toEqual([]);
  });

  it('loads the published sample for a new user', () => {
    expect(loadSample(ctx)).toEqual({
      area: { id: 1, name: 'Bath and North East Somerset' },
      year: '2019-20',
      lines: 51,
    });
    expect(getPlanView(ctx, '2019-20').lines[0]!.source).toEqual({ file: 'plan-2019-20-schemes.tsv', row: 2 });
  });
});

describe('opening the Plan screen', () => {
  const open = async (request: { year?: string }) => {
    const answer = await dispatch(ctx, 'plan.get', request, { error: () => undefined });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value as PlanView;
  };

  it('opens the latest year a plan covers without being told the year, with its lists in the same answer', async () => {
    createArea(ctx, 'Testshire');
    // No plan yet: this financial year, laid out by the template year it would follow.
    const empty = await open({});
    expect(empty).toMatchObject({ year: yearOf(ctx.now()), exists: false });
    loadSample(ctx);
    ensurePlan(ctx, '2023-24');
    const first = await open({});
    expect(first).toMatchObject({ year: '2023-24', years: ['2023-24', '2024-25'], exists: true });
    // The drop-down lists travel with the plan: the same set `reference.get` answers for its template year.
    const lists = await dispatch(ctx, 'reference.get', { template: first.template }, { error: () => undefined });
    expect(lists.ok && lists.value).toEqual(first.reference);
    expect(first.reference.lists.schemeTypes.length).toBeGreaterThan(0);
    // A year named is still the year opened.
    const sample = await open({ year: '2019-20' });
    expect(sample.lines).toHaveLength(51);
    expect(sample.reference.template).toBe(sample.template);
  });
});

describe('rolling a plan forward', () => {
  beforeEach(() => loadSample(ctx));

  it('copies every line with its Scheme ID and uplifts by funding source, to the penny', () => {
    const out = rollForward(ctx, {
      from: '2019-20',
      to: '2020-21',
      uplifts: [{ source: 'CCG Minimum Contribution', percent: '5.3' }],
    });
    expect(out).toMatchObject({ lines: 51, uplifts: [{ source: 'CCG Minimum Contribution', lines: 18 }] });
    const next = getPlanView(ctx, '2020-21');
    expect(next.lines.map((l) => l.schemeId)).toEqual(getPlanView(ctx, '2019-20').lines.map((l) => l.schemeId));
    // £850,000 × 1.053 = £895,050.00; the Additional CCG line is not uplifted.
    expect(next.lines[0]).toMatchObject({
      priorYearPence: 85_000_000,
      virementPence: 4_505_000,
      expenditurePence: 89_505_000,
      newOrExisting: 'Existing',
      schemeUpdate: '',
    });
    expect(next.lines[2]).toMatchObject({ priorYearPence: 5_851_100, expenditurePence: 5_851_100 });
    // The rolled plan's identity holds on every line.
    expect(next.validation.findings.filter((f) => f.rule === 'plan.virement-identity')).toEqual([]);
  });

  it('refuses a source no line uses, and a year that already has lines', () => {
    expect(() =>
      rollForward(ctx, {
        from: '2019-20',
        to: '2020-21',
        uplifts: [{ source: 'Minimum NHS Contribution', percent: '5' }],
      }),
    ).toThrow(/No line or income .* "Minimum NHS Contribution"/);
    rollForward(ctx, { from: '2019-20', to: '2020-21', uplifts: [] });
    expect(() => rollForward(ctx, { from: '2019-20', to: '2020-21', uplifts: [] })).toThrow(/already has 51 lines/);
    expect(() => rollForward(ctx, { from: '2019-20', to: '2018-19', uplifts: [] })).toThrow(/later year/);
  });
});

describe('a 2025-26 plan on the shipped provisional year', () => {
  it('is imported with the new stream names and another name of one, and checked without "not in the list"', () => {
    createArea(ctx, 'Testshire');
    const out = importPlanTable(ctx, {
      file: 'plan-2025-26.tsv',
      rows: [PLAN_2025_HEAD, ...STREAMS_2025.map((source, i) => plan2025Row(String(i + 1), source))],
      year: '2025-26',
      mode: 'refuse',
    });
    expect(out.imported).toBe(6);
    const view = getPlanView(ctx, '2025-26');
    expect(view).toMatchObject({ template: '2025-26', confidence: 'provisional' });
    expect(view.lines[2]!.sourceOfFunding).toBe('Local Authority Better Care Grant');
    expect(view.validation.findings.filter((f) => f.rule === 'plan.unknown-value')).toEqual([]);
  });
});

describe('rolling a 2023-25 plan forward to 2025-26', () => {
  it("moves the old streams to 2025-26's, from 2024-25's amounts, and says which went where", () => {
    importPlan2023(ctx);
    const out = rollForward(ctx, {
      from: '2023-24',
      to: '2025-26',
      uplifts: [{ source: 'Minimum NHS Contribution', percent: '3.9' }],
    });
    expect(out).toMatchObject({ template: '2025-26', lines: 4, income: 3 });
    expect(out.note).toBeUndefined();
    expect(out.streams).toEqual([
      { from: 'Local Authority Discharge Funding', to: 'Local Authority Better Care Grant', lines: 2, income: 1 },
      { from: 'Minimum NHS Contribution', to: 'NHS Minimum Contribution', lines: 1, income: 1 },
      { from: 'ICB Discharge Funding', to: 'NHS Minimum Contribution', lines: 1, income: 1 },
    ]);
    const next = getPlanView(ctx, '2025-26');
    expect(next.template).toBe('2025-26');
    expect(next.lines.map((l) => [l.sourceOfFunding, l.expenditurePence])).toEqual([
      ['Local Authority Better Care Grant', 600_000_00],
      ['Local Authority Better Care Grant', 120_000_00],
      // £490,000 (2024-25) × 1.039 = £509,110.
      ['NHS Minimum Contribution', 509_110_00],
      ['NHS Minimum Contribution', 1_950_000_00],
    ]);
    expect(new Set(next.income.map((x) => x.sourceOfFunding))).toEqual(
      new Set(['Local Authority Better Care Grant', 'NHS Minimum Contribution']),
    );
    // Every line lands on a stream of the 2025-26 list.
    expect(
      next.validation.findings.filter((f) => f.rule === 'plan.unknown-value' && f.field === 'sourceOfFunding'),
    ).toEqual([]);
  });

  it("checks the NHS minimum to adult social care against last year's baseline plus 3.9%, to the penny", async () => {
    importPlan2023(ctx, { income: false });
    rollForward(ctx, { from: '2023-24', to: '2025-26', uplifts: [] });
    const quiet = { error: () => undefined };
    // The two NHS minimum lines (£490,000 + £1,950,000 = £2,440,000) become Social Care.
    const nhs = getPlanView(ctx, '2025-26').lines.filter((l) => l.sourceOfFunding === 'NHS Minimum Contribution');
    const edits = nhs.map((l) => ({ lineId: l.id, field: 'areaOfSpend', text: 'Social Care' }));
    expect((await dispatch(ctx, 'plan.applyEdits', { year: '2025-26', edits }, quiet)).ok).toBe(true);
    const asc = (v: { validation: { findings: { rule: string; message: string }[] } }) =>
      v.validation.findings.filter((f) => f.rule === 'plan.asc-minimum-uplift').map((f) => f.message);
    expect(getPlanView(ctx, '2025-26').ascUpliftPercent).toBe('3.9');
    // £2,348,411.93 × 1.039 = £2,440,000.0003…, rounded once: £2,440,000.00, met exactly.
    const at = await dispatch(
      ctx,
      'plan.setRequirement',
      { year: '2025-26', kind: 'asc-baseline', pence: 234_841_193 },
      quiet,
    );
    expect(at.ok).toBe(true);
    expect(asc(getPlanView(ctx, '2025-26'))).toEqual([]);
    // A penny more of baseline needs £2,440,000.01: a penny short.
    await dispatch(ctx, 'plan.setRequirement', { year: '2025-26', kind: 'asc-baseline', pence: 234_841_194 }, quiet);
    expect(asc(getPlanView(ctx, '2025-26'))).toEqual([
      'NHS minimum to adult social care, 2025-26: the plan has £2,440,000 against £2,440,000.01 (the baseline £2,348,411.94 plus 3.9%), £0.01 short.',
    ]);
  });
});

describe('one plan per year', () => {
  beforeEach(() => createArea(ctx, 'Testshire'));
  const line2023 = (id: string): LineInput => ({
    ...EMPTY_LINE,
    schemeId: id,
    schemeName: `Scheme ${id}`,
    sourceOfFunding: 'iBCF',
    expenditurePence: 100,
    expenditureYear2Pence: 100,
  });

  it('opens the two-year plan from either of its years: a line added in 2024-25 goes into the 2023-25 plan', () => {
    expect(getPlanView(ctx, '2024-25')).toMatchObject({
      year: '2023-24',
      years: ['2023-24', '2024-25'],
      label: '2023-25',
      exists: false,
    });
    createLine(ctx, '2024-25', line2023('1'));
    createLine(ctx, '2023-24', line2023('2'));
    expect(listPlans(ctx).map((p) => [p.year, p.years])).toEqual([['2023-24', ['2023-24', '2024-25']]]);
    expect(getPlanView(ctx, '2024-25').lines.map((l) => l.schemeId)).toEqual(['1', '2']);
  });

  it('refuses a plan that would cover a year another plan covers, naming it; shows plans that already do, and deletes the one made by mistake', async () => {
    // A file from before one plan per year: a one-year 2024-25 plan under the 2023-25 template year.
    const area = (ctx.db.prepare('SELECT id FROM area').get() as { id: number }).id;
    ctx.db
      .prepare("INSERT INTO financial_year (label, starts_on, ends_on) VALUES ('2024-25', '2024-04-01', '2025-03-31')")
      .run();
    ctx.db
      .prepare(
        "INSERT INTO plan (area_id, year_id, template, span, created_at) SELECT ?, id, '2023-25', 1, '2024-05-01' FROM financial_year WHERE label = '2024-25'",
      )
      .run(area);
    createLine(ctx, '2024-25', { ...line2023('9'), expenditureYear2Pence: null });
    expect(() => createLine(ctx, '2023-24', line2023('1'))).toThrow(
      'The 2024-25 plan already covers 2024-25; a 2023-25 plan cannot be made beside it (one plan per year). Open the 2024-25 plan instead.',
    );
    expect(listPlans(ctx)).toHaveLength(1);

    // And one made anyway, as the old version did: both are shown, and one is deleted with a reason.
    ctx.db
      .prepare("INSERT INTO financial_year (label, starts_on, ends_on) VALUES ('2023-24', '2023-04-01', '2024-03-31')")
      .run();
    ctx.db
      .prepare(
        "INSERT INTO plan (area_id, year_id, template, span, created_at) SELECT ?, id, '2023-25', 2, '2024-05-02' FROM financial_year WHERE label = '2023-24'",
      )
      .run(area);
    createLine(ctx, '2023-24', line2023('1'));
    expect(getPlanView(ctx, '2023-24').overlaps).toEqual([
      {
        years: ['2024-25'],
        plans: [
          { year: '2023-24', label: '2023-25', lines: 1 },
          { year: '2024-25', label: '2024-25', lines: 1 },
        ],
      },
    ]);
    expect(
      await dispatch(ctx, 'plan.delete', { year: '2024-25', reason: ' ' }, { error: () => undefined }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'reason', message: expect.stringContaining('Give a reason') },
    });
    expect(deletePlan(ctx, '2024-25', 'Made by opening 2024-25 before 2023-24')).toEqual({ year: '2024-25', lines: 1 });
    expect(listPlans(ctx).map((p) => p.year)).toEqual(['2023-24']);
    expect(getPlanView(ctx, '2024-25')).toMatchObject({ year: '2023-24', overlaps: [] });
    const history = listAudit(ctx, {}).slice(0, 2);
    expect(history.map((e) => [e.action, e.entity, e.reason])).toEqual([
      ['delete', 'plan', 'Made by opening 2024-25 before 2023-24'],
      ['delete', 'scheme_line', 'Made by opening 2024-25 before 2023-24'],
    ]);
    expect(ctx.db.prepare('SELECT * FROM pragma_foreign_key_check').all()).toEqual([]);
  });
});

/** The published Mental Health pool's first contribution (loadPublishedPools). */
/** The plan line a pool contribution is linked to now. */
function poolLink(contribution: number): number | null {
  return (
    ctx.db.prepare('SELECT scheme_line_id AS id FROM pool_contribution WHERE id = ?').get(contribution) as {
      id: number | null;
    }
  ).id;
}

function mentalHealthContribution(c: TestContext): number {
  return (
    c.db
      .prepare(
        "SELECT c.id FROM pool_contribution c JOIN pool p ON p.id = c.pool_id WHERE p.name = 'Mental Health' ORDER BY c.id LIMIT 1",
      )
      .get() as { id: number }
  ).id;
}

describe('a plan import that replaces lines linked from a pool and a return', () => {
  const ALIKE = [
    'Q1 2019-20 return: scheme 3 Community Services Contract Integrated Reablement (CCG Minimum Contribution) (2 lines)',
    'Q1 2019-20 return: scheme 5 Community Services Contract Home from Hospital (CCG Minimum Contribution) (2 lines)',
  ];
  /** The published 2019-20 plan, a Q1 return made from it, and the Mental Health pool linked to line 8 (Grant). */
  function linkedPlan() {
    loadSample(ctx);
    loadPublishedPools(ctx);
    createReturn(ctx, { year: '2019-20', period: 'Q1' });
    const grant8 = () =>
      getPlanView(ctx, '2019-20').lines.find((l) => l.schemeId === '8' && l.sourceOfFunding === 'Grant')?.id ?? null;
    const oldId = grant8()!;
    const contribution = mentalHealthContribution(ctx);
    linkContribution(ctx, contribution, oldId);
    const { returnLine, returnId } = ctx.db
      .prepare('SELECT id AS returnLine, return_id AS returnId FROM return_line WHERE plan_line_id = ?')
      .get(oldId) as { returnLine: number; returnId: number };
    const { poolId } = ctx.db
      .prepare('SELECT pool_id AS poolId FROM pool_contribution WHERE id = ?')
      .get(contribution) as {
      poolId: number;
    };
    const links = () => ({
      pool: poolLink(contribution),
      return: (
        ctx.db.prepare('SELECT plan_line_id AS id FROM return_line WHERE id = ?').get(returnLine) as {
          id: number | null;
        }
      ).id,
    });
    /** The newest row of a pool's or a return's own history about the link. */
    const lastSaid = (scope: { kind: 'pool' | 'return'; id: number }, entity: string, entityId: number) =>
      listAudit(ctx, { scope })
        .filter((e) => e.entity === entity && e.entityId === entityId)
        .map((e) => [e.oldValue, e.newValue, e.reason])
        .at(0);
    return { grant8, oldId, links, poolId, returnId, contribution, returnLine, lastSaid };
  }

  it('links each to the new line with the same identity, in its own history, and undo puts the old links back', () => {
    const { grant8, oldId, links, poolId, returnId, contribution, returnLine, lastSaid } = linkedPlan();
    const rows = rowsOf(published('plan-2019-20-schemes.tsv'));

    const outcome = importPlanTable(ctx, { file: 'again.tsv', rows, year: '2019-20', mode: 'replace' });
    // The published plan has two pairs of alike lines (same Scheme ID, name and source): never paired by guesswork.
    expect(outcome.links).toEqual({ relinked: 48, dropped: ALIKE });
    expect(grant8()).not.toBe(oldId);
    expect(links()).toEqual({ pool: grant8(), return: grant8() });
    const why =
      'The plan line it was linked to was replaced by an import: linked to the new line with the same identity';
    expect(lastSaid({ kind: 'pool', id: poolId }, 'pool_contribution', contribution)).toEqual([
      null,
      String(grant8()),
      why,
    ]);
    expect(lastSaid({ kind: 'return', id: returnId }, 'return_line', returnLine)).toEqual([
      null,
      String(grant8()),
      why,
    ]);

    const newId = grant8();
    const planId = findPlan(ctx, '2019-20')!.id;
    expect(undo(ctx, planId).leftAlone).toEqual([]);
    expect(grant8()).toBe(oldId);
    expect(links()).toEqual({ pool: oldId, return: oldId });
    expect(ctx.db.prepare('SELECT * FROM pragma_foreign_key_check').all()).toEqual([]);
    // Redo links them to the new lines again: nobody changed them in between.
    expect(redo(ctx, planId).leftAlone).toEqual([]);
    expect(links()).toEqual({ pool: newId, return: newId });
  });

  it('undone, leaves a link changed by hand to an imported line as the user made it, and says it lost its line', () => {
    const { links } = linkedPlan();
    const rows = rowsOf(published('plan-2019-20-schemes.tsv'));
    importPlanTable(ctx, { file: 'again.tsv', rows, year: '2019-20', mode: 'replace' });
    const imported = getPlanView(ctx, '2019-20').lines.find((l) => l.schemeId === '1')!.id;
    const contribution = mentalHealthContribution(ctx);
    linkContribution(ctx, contribution, imported);

    const done = undo(ctx, findPlan(ctx, '2019-20')!.id);
    // The line it was linked to went with the import; it is not quietly put back on the line it had before.
    expect(done.leftAlone).toEqual(['Mental Health pool: CCG Contribution (now unlinked: its line was taken away)']);
    expect(links().pool).toBeNull();
    // Redone, the imported line is back and the link is where the user had it: nothing to say about it.
    expect(redo(ctx, findPlan(ctx, '2019-20')!.id)).toEqual({
      label: expect.stringMatching(/^Import again.tsv /),
      leftAlone: [],
      unlinked: [],
    });
    expect(links().pool).toBe(imported);
  });

  it('undone or redone, leaves a link the user took away by hand as they left it, and says so', () => {
    const { links, oldId } = linkedPlan();
    const rows = rowsOf(published('plan-2019-20-schemes.tsv'));
    const planId = findPlan(ctx, '2019-20')!.id;
    const contribution = mentalHealthContribution(ctx);
    importPlanTable(ctx, { file: 'again.tsv', rows, year: '2019-20', mode: 'replace' });
    linkContribution(ctx, contribution, null);
    expect(undo(ctx, planId).leftAlone).toEqual(['Mental Health pool: CCG Contribution']);
    expect(links()).toEqual({ pool: null, return: oldId });

    linkContribution(ctx, contribution, oldId);
    redo(ctx, planId);
    undo(ctx, planId);
    linkContribution(ctx, contribution, null);
    expect(redo(ctx, planId).leftAlone).toEqual(['Mental Health pool: CCG Contribution']);
    expect(links().pool).toBeNull();
  });

  it('undone twice and redone twice, leaves a link to a line added by hand where the import put it', () => {
    loadSample(ctx);
    loadPublishedPools(ctx);
    const planId = findPlan(ctx, '2019-20')!.id;
    const added = createLine(ctx, '2019-20', LINE).id;
    const contribution = mentalHealthContribution(ctx);
    linkContribution(ctx, contribution, added);
    const link = () => poolLink(contribution);
    const falls = [
      '4',
      LINE.schemeName,
      LINE.schemeType,
      LINE.areaOfSpend,
      LINE.sourceOfFunding,
      '£0',
      '£318,312',
      '£318,312',
      'Existing',
      '',
    ];
    importPlanTable(ctx, {
      file: 'again.tsv',
      rows: [...rowsOf(published('plan-2019-20-schemes.tsv')), falls],
      year: '2019-20',
      mode: 'replace',
    });
    const imported = link()!;
    expect(imported).not.toBe(added);

    expect(undo(ctx, planId)).toEqual({
      label: expect.stringMatching(/^Import again.tsv /),
      leftAlone: [],
      unlinked: [],
    });
    expect(link()).toBe(added);
    // Undoing the added line takes the link away with it, and says so; redoing it links it again.
    expect(undo(ctx, planId)).toEqual({
      label: 'Add line 4 "Falls Response Service"',
      leftAlone: [],
      unlinked: ['Mental Health pool: CCG Contribution'],
    });
    expect(link()).toBeNull();
    expect(redo(ctx, planId)).toEqual({ label: 'Add line 4 "Falls Response Service"', leftAlone: [], unlinked: [] });
    expect(link()).toBe(added);
    // Nobody touched the link: redoing the import moves it to the imported line again, and names nothing.
    expect(redo(ctx, planId)).toEqual({
      label: expect.stringMatching(/^Import again.tsv /),
      leftAlone: [],
      unlinked: [],
    });
    expect(link()).toBe(imported);
  });

  it('undone and redone, links a return made after the import to the imported lines again', () => {
    loadSample(ctx);
    const planId = findPlan(ctx, '2019-20')!.id;
    importPlanTable(ctx, {
      file: 'again.tsv',
      rows: rowsOf(published('plan-2019-20-schemes.tsv')),
      year: '2019-20',
      mode: 'replace',
    });
    createReturn(ctx, { year: '2019-20', period: 'Q1' });
    const returnLinks = () => ctx.db.prepare('SELECT id, plan_line_id AS lineId FROM return_line ORDER BY id').all();
    const made = returnLinks() as { lineId: number | null }[];
    expect(made.filter((l) => l.lineId === null)).toEqual([]);

    // The return's lines were linked to lines that the undo takes away: unlinked, and said, not silently.
    expect(undo(ctx, planId).unlinked).toEqual([`Q1 2019-20 return (${made.length} lines)`]);
    expect((returnLinks() as { lineId: number | null }[]).every((l) => l.lineId === null)).toBe(true);
    expect(redo(ctx, planId)).toEqual({
      label: expect.stringMatching(/^Import again.tsv /),
      leftAlone: [],
      unlinked: [],
    });
    expect(returnLinks()).toEqual(made);
    expect(ctx.db.prepare('SELECT * FROM pragma_foreign_key_check').all()).toEqual([]);
  });

  it('undone and redone, links a return made after a roll forward to every rolled line again', () => {
    // A roll forward writes one history row per line: each line put back must not cost a search of every link.
    const lines = 300;
    createArea(ctx, 'Bath and North East Somerset');
    const rows = syntheticPlanRows(shippedReference('2023-25'), lines);
    importPlanTable(ctx, { file: 'big.tsv', rows, year: '2023-24', mode: 'refuse' });
    rollForward(ctx, { from: '2023-24', to: '2025-26', uplifts: [] });
    createReturn(ctx, { year: '2025-26', period: 'Q1' });
    const returnLinks = () =>
      ctx.db.prepare('SELECT id, plan_line_id AS lineId FROM return_line ORDER BY id').all() as {
        lineId: number | null;
      }[];
    const made = returnLinks();
    expect(made.filter((l) => l.lineId !== null)).toHaveLength(lines);
    const planId = findPlan(ctx, '2025-26')!.id;

    expect(undo(ctx, planId).unlinked).toEqual([`Q1 2025-26 return (${lines} lines)`]);
    // Every line's scheme went with it: none is left empty.
    expect(
      ctx.db
        .prepare('SELECT s.code FROM scheme s WHERE NOT EXISTS (SELECT 1 FROM scheme_line l WHERE l.scheme_id = s.id)')
        .all(),
    ).toEqual([]);
    expect(redo(ctx, planId)).toEqual({ label: expect.any(String), leftAlone: [], unlinked: [] });
    expect(returnLinks()).toEqual(made);
    // Each link is linked again by one history row, not one per line put back.
    const relinked = ctx.db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'return_line' AND reason LIKE 'Redo: %'")
      .get() as { n: number };
    expect(relinked.n).toBe(lines);
  });

  it('undo of an import puts a link the user moved back where the user had it, not where the import found it', () => {
    loadSample(ctx);
    loadPublishedPools(ctx);
    const planId = findPlan(ctx, '2019-20')!.id;
    const lineOf = (code: string, source: string) =>
      getPlanView(ctx, '2019-20').lines.find((l) => l.schemeId === code && l.sourceOfFunding === source)!.id;
    const grant8 = lineOf('8', 'Grant');
    const contribution = mentalHealthContribution(ctx);
    linkContribution(ctx, contribution, grant8);
    const link = () => poolLink(contribution);
    const [header, ...lines] = rowsOf(published('plan-2019-20-schemes.tsv'));
    const withoutGrant8 = [header!, ...lines.filter((r) => !(r[0] === '8' && r.includes('Grant')))];
    // The import drops the link (no line with its identity): its only row in the step is "grant8 -> null".
    importPlanTable(ctx, { file: 'fewer.tsv', rows: withoutGrant8, year: '2019-20', mode: 'replace' });
    expect(link()).toBeNull();
    undo(ctx, planId);
    expect(link()).toBe(grant8);
    // The user moves the link to another of the old lines.
    const other = getPlanView(ctx, '2019-20').lines[0]!.id;
    expect(other).not.toBe(grant8);
    linkContribution(ctx, contribution, other);
    // Redo takes every old line away, the user's too: the link is theirs, named, and unlinked.
    expect(redo(ctx, planId).leftAlone).toEqual([
      'Mental Health pool: CCG Contribution (now unlinked: its line was taken away)',
    ]);
    expect(link()).toBeNull();
    // Undo puts the old lines back: the link goes back where the user had it before the redo.
    const done = undo(ctx, planId);
    expect(link()).toBe(other);
    expect(done.leftAlone).toEqual([]);
  });

  it('undone, then linked by hand, redone: the link the user made stays', () => {
    loadSample(ctx);
    const planId = findPlan(ctx, '2019-20')!.id;
    const added = createLine(ctx, '2019-20', LINE).id;
    loadPublishedPools(ctx);
    const contribution = mentalHealthContribution(ctx);
    linkContribution(ctx, contribution, added);
    undo(ctx, planId);
    const other = getPlanView(ctx, '2019-20').lines[0]!.id;
    linkContribution(ctx, contribution, other);
    expect(redo(ctx, planId).unlinked).toEqual([]);
    expect(poolLink(contribution)).toBe(other);
  });

  it('says which links found no single matching line, and leaves them unlinked', () => {
    const { links } = linkedPlan();
    const [header, ...lines] = rowsOf(published('plan-2019-20-schemes.tsv'));
    const withoutGrant8 = [header!, ...lines.filter((r) => !(r[0] === '8' && r.includes('Grant')))];

    const outcome = importPlanTable(ctx, { file: 'fewer.tsv', rows: withoutGrant8, year: '2019-20', mode: 'replace' });
    expect(outcome.links).toEqual({
      relinked: 46,
      dropped: [
        'Mental Health pool: CCG Contribution',
        ...ALIKE,
        'Q1 2019-20 return: scheme 8 Protection of Social Care (Grant)',
      ],
    });
    expect(links()).toEqual({ pool: null, return: null });
  });
});

describe('a link changed by hand, then steps undone and redone', () => {
  /** The published 2019-20 plan and pools, the Mental Health contribution linked to line 8 (Grant). */
  function linked() {
    loadSample(ctx);
    loadPublishedPools(ctx);
    const planId = findPlan(ctx, '2019-20')!.id;
    const grant8 = getPlanView(ctx, '2019-20').lines.find(
      (l) => l.schemeId === '8' && l.sourceOfFunding === 'Grant',
    )!.id;
    const contribution = mentalHealthContribution(ctx);
    linkContribution(ctx, contribution, grant8);
    const link = () => poolLink(contribution);
    return { planId, grant8, contribution, link };
  }

  it('is not put back on a deleted line by undoing the deletion, and is linked again by redoing', () => {
    const { planId, grant8, contribution, link } = linked();
    deleteLine(ctx, grant8, 'replaced by a new line'); // the contribution loses its link in this step
    const added = createLine(ctx, '2019-20', LINE).id;
    linkContribution(ctx, contribution, added); // and is linked by hand to the new line
    expect(undo(ctx, planId).unlinked).toEqual(['Mental Health pool: CCG Contribution']);
    // Unlinked by the undo before, it has the value the deletion left — by coincidence: it is the user's.
    expect(undo(ctx, planId).leftAlone).toEqual(['Mental Health pool: CCG Contribution']);
    expect(link()).toBeNull();
    redo(ctx, planId);
    redo(ctx, planId);
    expect(link()).toBe(added);
  });

  it('unlinked by hand between an undo and a redo, stays unlinked when the step is undone again', () => {
    const { planId, grant8, contribution, link } = linked();
    deleteLine(ctx, grant8, 'not needed');
    undo(ctx, planId);
    expect(link()).toBe(grant8);
    linkContribution(ctx, contribution, null, 'This contribution is not funded by line 8');
    redo(ctx, planId);
    expect(link()).toBeNull();
    // The redo left it where the user put it; undoing the deletion again does not link it back.
    expect(undo(ctx, planId).leftAlone).toEqual(['Mental Health pool: CCG Contribution']);
    expect(link()).toBeNull();
  });

  it('linked by hand to an imported line where the import dropped it, stays so through undo and redo', () => {
    const { planId, contribution, link } = linked();
    const [header, ...lines] = rowsOf(published('plan-2019-20-schemes.tsv'));
    const withoutGrant8 = [header!, ...lines.filter((r) => !(r[0] === '8' && r.includes('Grant')))];
    importPlanTable(ctx, { file: 'fewer.tsv', rows: withoutGrant8, year: '2019-20', mode: 'replace' });
    expect(link()).toBeNull(); // named in the import's "dropped", for the user to link by hand
    const imported = getPlanView(ctx, '2019-20').lines[0]!.id;
    linkContribution(ctx, contribution, imported);
    expect(undo(ctx, planId).leftAlone).toEqual([
      'Mental Health pool: CCG Contribution (now unlinked: its line was taken away)',
    ]);
    expect(link()).toBeNull();
    expect(redo(ctx, planId)).toEqual({
      label: expect.stringMatching(/^Import fewer.tsv /),
      leftAlone: [],
      unlinked: [],
    });
    expect(link()).toBe(imported);
  });
});

describe('reading table files', () => {
  const tsv = 'Scheme ID\tScheme Name\tSource of Funding\t2019/20 Expenditure £\r\n1\tCarers\tGrant\t£1,000\r\n';

  it('reads UTF-8 with and without a BOM, UTF-16 and Windows-1252 alike', () => {
    const utf8 = Buffer.from(tsv, 'utf8');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    const cp1252 = Buffer.from(tsv, 'latin1'); // £ is 0xA3 in both latin1 and Windows-1252
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
    for (const bytes of [utf8, bom, cp1252, utf16]) {
      expect(readTable('plan.tsv', bytes)).toEqual([
        ['Scheme ID', 'Scheme Name', 'Source of Funding', '2019/20 Expenditure £'],
        ['1', 'Carers', 'Grant', '£1,000'],
      ]);
    }
  });

  it('reads CSV with quoted commas and line breaks', () => {
    const csv =
      'Scheme ID,Scheme Name,Source of Funding,2019/20 Expenditure £\n1,"Carers, young and old","Grant","£1,000"\n';
    expect(readTable('plan.csv', Buffer.from(csv))[1]).toEqual(['1', 'Carers, young and old', 'Grant', '£1,000']);
  });

  it.each([
    ['empty.tsv', Buffer.alloc(0), /empty.tsv is empty/],
    [
      'plan.xlsx',
      Buffer.from(smallXlsx([['Scheme ID'], [1]])),
      /plan.xlsx is a spreadsheet workbook \(xlsx\); save it as "Text \(Tab delimited\)" or CSV/,
    ],
    ['cut.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), /cut.xlsx is damaged or incomplete/],
    ['garbage.tsv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]), /not a text table/],
    ['quote.csv', Buffer.from('a,b\n1,"unclosed\n'), /quote.csv row 2: a quoted cell is never closed/],
  ])('refuses %s clearly', (name, bytes, why) => {
    expect(() => readTable(name, bytes)).toThrow(why);
  });
});

describe('deleting a plan line that a return and a pool are linked to', () => {
  it('unlinks them with a history row each, and undo links them back', () => {
    loadSample(ctx);
    loadPublishedPools(ctx);
    createReturn(ctx, { year: '2019-20', period: 'Q1' });
    const planId = findPlan(ctx, '2019-20')!.id;
    const line = getPlanView(ctx, '2019-20').lines.find((l) => l.schemeId === '8' && l.sourceOfFunding === 'Grant')!;
    const contribution = mentalHealthContribution(ctx);
    linkContribution(ctx, contribution, line.id);
    const returnLine = (
      ctx.db.prepare('SELECT id FROM return_line WHERE plan_line_id = ?').get(line.id) as { id: number }
    ).id;
    const links = () => ({
      pool: poolLink(contribution),
      return: (
        ctx.db.prepare('SELECT plan_line_id AS id FROM return_line WHERE id = ?').get(returnLine) as {
          id: number | null;
        }
      ).id,
    });

    deleteLine(ctx, line.id, 'Counted twice');
    expect(links()).toEqual({ pool: null, return: null });
    // The pool's and the return's history say what happened to their link.
    const said = (scope: { kind: 'pool' | 'return'; id: number }, entity: string) =>
      listAudit(ctx, { scope })
        .filter((e) => e.entity === entity)
        .map((e) => [e.action, e.oldValue, e.newValue, e.reason]);
    const poolId = (
      ctx.db.prepare('SELECT pool_id AS id FROM pool_contribution WHERE id = ?').get(contribution) as {
        id: number;
      }
    ).id;
    const returnId = (
      ctx.db.prepare('SELECT return_id AS id FROM return_line WHERE id = ?').get(returnLine) as {
        id: number;
      }
    ).id;
    expect(said({ kind: 'pool', id: poolId }, 'pool_contribution').at(0)).toEqual([
      'update',
      String(line.id),
      null,
      'The plan line it was linked to was deleted',
    ]);
    expect(said({ kind: 'return', id: returnId }, 'return_line').at(0)).toEqual([
      'update',
      String(line.id),
      null,
      'The plan line it was linked to was deleted',
    ]);

    // Undo puts the line back with its links, as the user left them; redo takes them away again.
    expect(undo(ctx, planId).label).toBe('Delete line 8 "Protection of Social Care"');
    expect(links()).toEqual({ pool: line.id, return: line.id });
    expect(ctx.db.prepare('SELECT * FROM pragma_foreign_key_check').all()).toEqual([]);
    redo(ctx, planId);
    expect(links()).toEqual({ pool: null, return: null });
    undo(ctx, planId);
    expect(links()).toEqual({ pool: line.id, return: line.id });
  });
});

describe('undoing the deletion of a plan line whose link was changed by hand since', () => {
  it('leaves that link as the user made it and says so; the others are linked back, in their own history', () => {
    loadSample(ctx);
    loadPublishedPools(ctx);
    createReturn(ctx, { year: '2019-20', period: 'Q1' });
    const planId = findPlan(ctx, '2019-20')!.id;
    const lines = getPlanView(ctx, '2019-20').lines;
    const line = lines.find((l) => l.schemeId === '8' && l.sourceOfFunding === 'Grant')!;
    const other = lines.find((l) => l.id !== line.id)!;
    const contribution = mentalHealthContribution(ctx);
    linkContribution(ctx, contribution, line.id);
    const { returnLine, returnId } = ctx.db
      .prepare('SELECT id AS returnLine, return_id AS returnId FROM return_line WHERE plan_line_id = ?')
      .get(line.id) as { returnLine: number; returnId: number };
    const links = () => ({
      pool: poolLink(contribution),
      return: (
        ctx.db.prepare('SELECT plan_line_id AS id FROM return_line WHERE id = ?').get(returnLine) as {
          id: number | null;
        }
      ).id,
    });

    deleteLine(ctx, line.id, 'Counted twice');
    linkContribution(ctx, contribution, other.id); // the finance partner links the pool to another line meanwhile

    expect(undo(ctx, planId)).toEqual({
      label: 'Delete line 8 "Protection of Social Care"',
      leftAlone: ['Mental Health pool: CCG Contribution'],
      unlinked: [],
    });
    expect(links()).toEqual({ pool: other.id, return: line.id });
    const returnSaid = listAudit(ctx, { scope: { kind: 'return', id: returnId } }).filter(
      (e) => e.entity === 'return_line' && e.entityId === returnLine,
    )[0]!;
    expect([returnSaid.oldValue, returnSaid.newValue, returnSaid.reason]).toEqual([
      null,
      String(line.id),
      'Undo: Delete line 8 "Protection of Social Care"',
    ]);

    // Redo takes away only the link it put back.
    expect(redo(ctx, planId).leftAlone).toEqual(['Mental Health pool: CCG Contribution']);
    expect(links()).toEqual({ pool: other.id, return: null });
  });
});
