import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArea } from '../../electron/services/areas/areas';
import { readTable } from '../../electron/services/files/read-table';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { reviseMetricTarget, setMetrics } from '../../electron/services/returns/metrics';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { setPlanCondition } from '../../electron/services/plans/line-actions';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { approvePlan, reopenPlan } from '../../electron/services/plans/signoff';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { openServiceContext } from '../../electron/host';
import { ASSETS_DIR } from '../../electron/source-root';
import { beforeApproval } from '../../shared/signoff/approval';
import { bringTemplate } from '../../electron/services/templates/bring';
import { saveTemplateFile } from '../../electron/services/templates/template-years';
import { exportPlanWorkbook } from '../../electron/services/workbooks/plan-workbooks';
import { choiceKey, draftFrom } from '../../shared/templates/draft';
import { downgrade, tempContext, tempDir, type TestContext } from '../helpers/db';
import { openpyxl } from '../helpers/readers';
import { income2027Tsv, METRICS, plan2027Tsv, planningSpec } from '../helpers/unseen';
import { makeUnseen, saveBytes } from '../helpers/workbooks';

/**
 * A metric's absolute numbers (numerator and denominator, DOMAIN §9) go into
 * a workbook only where its template year maps a column to them: no known
 * template has one, so a year that adds them is mapped when the BCF manager
 * brings it. Read back by openpyxl, an independent reader.
 */
const FILE = 'BCF 2027-28 Planning Template.xlsx';

/** The metrics sheet's rows under its header: each cell's value (null when empty). */
const READ_METRICS = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Metrics']
print(json.dumps([[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=7, max_col=5)]))
`;

let ctx: TestContext;
let official: string;
beforeEach(() => {
  ctx = tempContext();
  createArea(ctx, 'Bath and North East Somerset');
  official = makeUnseen({ ...planningSpec(), metricColumns: ['Numerator', 'Denominator'] });
});
afterEach(() => ctx.close());

function bring() {
  return bringTemplate(ctx, { file: FILE, bytes: fs.readFileSync(official), year: '2027-28' });
}

const tsvFile = (text: string, name: string) => {
  const file = path.join(tempDir('bcf-tsv-'), name);
  fs.writeFileSync(file, text);
  return { file: name, rows: readTable(file, fs.readFileSync(file)) };
};

/** The 2027-28 plan with its targets, the first two with their absolute numbers, the third without. */
async function filledMetrics(): Promise<{ rows: unknown[][]; warnings: string[] }> {
  importPlanTable(ctx, { ...tsvFile(plan2027Tsv(), 'plan-2027-28.tsv'), year: '2027-28', mode: 'refuse' });
  setMetrics(ctx, '2027-28', [
    { name: METRICS[0]!.name, target: '1,900', numerator: '1,045', denominator: '55,000' },
    { name: METRICS[1]!.name, target: '0.8', numerator: '2,400.5', denominator: '3,000' },
    { name: METRICS[2]!.name, target: '540' },
  ]);
  return metricsOfWorkbook();
}

async function metricsOfWorkbook(): Promise<{ rows: unknown[][]; warnings: string[] }> {
  const out = await exportPlanWorkbook(ctx, {
    year: '2027-28',
    into: { file: FILE, bytes: fs.readFileSync(official) },
  });
  const file = saveBytes(out.bytes, 'filled.xlsx');
  return { rows: openpyxl<unknown[][]>(READ_METRICS, file), warnings: out.fill!.warnings };
}

describe("a metric's numerator and denominator in a template year's workbook", () => {
  it('are found when the year is brought, and filled where mapped, as numbers', async () => {
    const brought = bring();
    const metrics = brought.tables.find((t) => t.id === 'metrics')!;
    expect(metrics.columns.map((c) => [c.letter, c.header, c.field])).toEqual([
      ['A', 'Metric', 'name'],
      ['B', 'Definition', null],
      ['C', 'Planned 2027-28', 'target'],
      ['D', 'Numerator', 'numerator'],
      ['E', 'Denominator', 'denominator'],
    ]);
    saveTemplateFile(ctx, brought.draft, { broughtFrom: brought.file });
    const { rows, warnings } = await filledMetrics();
    expect(warnings).toEqual([]);
    expect(rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['Metric', 'Planned 2027-28', 'Numerator', 'Denominator'],
      [METRICS[0]!.name, '1,900', 1045, 55000],
      [METRICS[1]!.name, '0.8', 2400.5, 3000],
      // Not given: left blank.
      [METRICS[2]!.name, '540', null, null],
    ]);
  });

  it('are left alone where the BCF manager did not map them', async () => {
    const brought = bring();
    const unmapped = { field: null, role: 'input' as const, required: false };
    const draft = draftFrom(brought, { [choiceKey('metrics', 'D')]: unmapped, [choiceKey('metrics', 'E')]: unmapped });
    saveTemplateFile(ctx, draft, { broughtFrom: brought.file });
    const { rows, warnings } = await filledMetrics();
    expect(warnings).toEqual([]);
    expect(rows.slice(1).map((r) => [r[2], r[3], r[4]])).toEqual([
      ['1,900', null, null],
      ['0.8', null, null],
      ['540', null, null],
    ]);
  });
});

/**
 * Metrics belong to the year: its returns report against them, and targets are revised during the year
 * (DOMAIN §9). What the partners approved in the plan stays in the plan's workbook.
 */
const APPROVER = {
  partner: 'Bath and North East Somerset Council',
  partnerKind: 'council',
  name: 'Will Godfrey',
  role: 'Chief Executive',
  authority: 'chief-executive',
  approvedOn: '2027-03-20',
} as const;

describe("an approved plan's metric targets", () => {
  /** The plan made ready for approval (income, national conditions, cover) and approved by the council. */
  async function approvedPlan() {
    saveTemplateFile(ctx, bring().draft, { broughtFrom: FILE });
    await filledMetrics();
    importIncomeTable(ctx, { ...tsvFile(income2027Tsv(), 'income-2027-28.tsv'), year: '2027-28', mode: 'refuse' });
    for (const key of ['1', '2', '3', '4']) setPlanCondition(ctx, '2027-28', key, { answer: 'Yes', explanation: '' });
    setPlanCover(ctx, '2027-28', { completedBy: 'A. Manager', email: 'bcf@bathnes.gov.uk', phone: '01225 477000' });
    const { errors, warnings } = beforeApproval(getPlanView(ctx, '2027-28').validation.findings);
    expect(errors).toEqual([]);
    approvePlan(ctx, '2027-28', APPROVER, warnings.length);
  }
  const targets = async () => (await metricsOfWorkbook()).rows.slice(1).map((r) => [r[2], r[3], r[4]]);
  const APPROVED = [
    ['1,900', 1045, 55000],
    ['0.8', 2400.5, 3000],
    ['540', null, null],
  ];

  it("stay in its workbook as approved when the year's targets are set again or revised, and follow the year once reopened", async () => {
    await approvedPlan();
    expect(await targets()).toEqual(APPROVED);

    // The year's targets change — set again, then one revised with a reason — and its returns follow them.
    const [first] = setMetrics(ctx, '2027-28', [
      { name: METRICS[0]!.name, target: '1,850', numerator: '1,020', denominator: '55,000' },
      { name: METRICS[1]!.name, target: '0.8', numerator: '2,400.5', denominator: '3,000' },
      { name: METRICS[2]!.name, target: '540' },
    ]);
    reviseMetricTarget(ctx, '2027-28', first!.id, {
      target: '1,800',
      numerator: '990',
      denominator: '55,000',
      reason: 'Winter plan agreed with the ICB',
    });
    expect(await targets()).toEqual(APPROVED);
    // The ICB approves next: the plan was locked, and so its targets kept, at the council's approval.
    approvePlan(
      ctx,
      '2027-28',
      { ...APPROVER, partner: 'BSW ICB', partnerKind: 'icb', name: 'Sue Harriman', approvedOn: '2027-03-24' },
      beforeApproval(getPlanView(ctx, '2027-28').validation.findings).warnings.length,
    );
    expect(await targets()).toEqual(APPROVED);

    reopenPlan(ctx, '2027-28', 'Targets revised for winter');
    expect(await targets()).toEqual([['1,800', 990, 55000], ...APPROVED.slice(1)]);
  }, 60_000);

  it('stay in its workbook as the year had them at the upgrade, for a plan approved before the copy was kept', async () => {
    await approvedPlan();
    const dbPath = ctx.dbPath;
    ctx.close();
    downgrade(dbPath, 17);
    ctx = Object.assign(openServiceContext({ dbPath, assetsDir: ASSETS_DIR, actor: 'tester' }), { dbPath });
    setMetrics(ctx, '2027-28', [{ name: METRICS[0]!.name, target: '1,850' }]);
    expect(await targets()).toEqual(APPROVED);
  }, 60_000);
});
