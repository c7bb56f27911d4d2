import fs from 'node:fs';
import crypto from 'node:crypto';
import { unzipSync } from 'fflate';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReturnCover, WorkbookExport } from '../../shared/api';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { listIncome } from '../../electron/services/plans/income';
import { requirePlan } from '../../electron/services/plans/plan-store';
import { createReturn } from '../../electron/services/returns/create';
import { applyReturnEdits } from '../../electron/services/returns/entry';
import { setIncomeActual } from '../../electron/services/returns/year-end';
import { getReturnView } from '../../electron/services/returns/view';
import { openServiceContext } from '../../electron/host';
import { ASSETS_DIR } from '../../electron/source-root';
import { call, refusal } from '../helpers/api';
import { downgrade, fileHash, tempContext, type TestContext } from '../helpers/db';
import { TEST_DIR } from '../helpers/fixtures';
import { approveSeen, PLAN_FILE, rowsOf, seedPlan, seedQ1 } from '../helpers/returns';
import { createArea } from '../../electron/services/areas/areas';
import { createLine } from '../../electron/services/plans/line-actions';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { beforeApproval } from '../../shared/signoff/approval';
import { FALLS_LINE } from '../helpers/plans';

/**
 * What partners signed stays as they signed it. An approved, submitted or ratified return shows and exports what was signed, while the plan it was made
 * from stays open to change for the next quarter: the cover details it inherits, the income its year-end
 * figures are planned against and its metrics' absolute numbers are kept at approval. Reopened, it follows
 * the plan again.
 */
let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext('bcf.manager');
  // A fixed clock, so that two exports of the same return are byte for byte the same.
  ctx.now = () => new Date('2024-09-02T09:00:00Z');
});
afterEach(() => ctx.close());

const APPROVERS = [
  { name: 'Suzanne Westhead', role: 'Director of Adult Social Care', approvedOn: '2024-08-29' },
  { name: 'Rebecca Hayes', role: 'ICB Place Director', approvedOn: '2024-08-29' },
];
/**
 * What a return's workbook holds, part by part: the zip's own entry times (the second it was written)
 * are left out, so that two exports of the same return compare alike.
 */
const exportHash = async (year: string, period: string) => {
  const { contentBase64 } = await call<WorkbookExport>(ctx, 'workbook.exportReturn', { year, period });
  const parts = unzipSync(Buffer.from(contentBase64, 'base64'));
  const hash = crypto.createHash('sha256');
  for (const name of Object.keys(parts).sort()) hash.update(name).update(parts[name]!);
  return hash.digest('hex');
};

async function submittedQ1(): Promise<void> {
  seedQ1(ctx);
  approveSeen(ctx, '2024-25', 'Q1', APPROVERS);
  await call(ctx, 'return.submit', {
    year: '2024-25',
    period: 'Q1',
    submittedOn: '2024-08-30',
    deadline: '2024-09-01',
  });
}

const email = async () =>
  (await call<ReturnCover>(ctx, 'return.cover', { year: '2024-25', period: 'Q1' })).fields.find(
    (f) => f.key === 'email',
  )!;

describe("a submitted return and its plan's cover details", () => {
  it("keeps the details it was submitted with when the plan's are changed, and follows the plan again once reopened", async () => {
    await submittedQ1();
    expect(await email()).toMatchObject({ value: 'bcf@bathnes.gov.uk', from: 'plan' });
    const before = await exportHash('2024-25', 'Q1');

    // The plan is open: its cover changes, for the next quarter's return.
    await call(ctx, 'plan.setCover', { year: '2023-24', cover: { email: 'new.officer@bathnes.gov.uk' } });
    expect(await email()).toMatchObject({ value: 'bcf@bathnes.gov.uk', from: 'plan' });
    expect(await exportHash('2024-25', 'Q1')).toBe(before);

    await call(ctx, 'return.reopen', { year: '2024-25', period: 'Q1', reason: 'NHS England asked for a correction' });
    expect((await email()).value).toBe('new.officer@bathnes.gov.uk');
  });
});

const INCOME_FILE = path.join(TEST_DIR, 'fixtures', 'plans', 'income-2023-25.tsv');

/** The 2024-25 year-end return, complete and approved. */
function approvedYearEnd(): void {
  seedPlan(ctx);
  importIncomeTable(ctx, { file: 'income-2023-25.tsv', rows: rowsOf(INCOME_FILE), year: '2023-24', mode: 'refuse' });
  createReturn(ctx, { year: '2024-25', period: 'YE' });
  for (const [source, actual] of [
    ['Local Authority Discharge Funding', 70_000_000],
    ['Minimum NHS Contribution', 49_000_000],
    ['ICB Discharge Funding', 195_000_000],
  ] as const)
    setIncomeActual(ctx, '2024-25', 'YE', { sourceOfFunding: source, actualPence: actual, note: '' });
  const lines = getReturnView(ctx, '2024-25', 'YE').lines;
  applyReturnEdits(
    ctx,
    '2024-25',
    'YE',
    lines.flatMap((l) => [
      { lineId: l.id, field: 'actualPence' as const, text: String(l.plannedPence / 100) },
      { lineId: l.id, field: 'issues' as const, text: 'No' },
      ...(l.plannedOutputs
        ? [{ lineId: l.id, field: 'outputsDelivered' as const, text: String(l.plannedOutputs) }]
        : []),
    ]),
  );
  approveSeen(ctx, '2024-25', 'YE', APPROVERS);
}

describe("an approved year-end return and its plan's income", () => {
  const income = () =>
    getReturnView(ctx, '2024-25', 'YE').yearEnd!.income.map((i) => [
      i.sourceOfFunding,
      i.plannedPence,
      i.variancePence,
    ]);

  it('keeps the planned income and variance it was approved with, to the penny, in the workbook too', async () => {
    approvedYearEnd();
    const before = income();
    expect(before).toContainEqual(['ICB Discharge Funding', 195_000_000, 0]);
    const hash = await exportHash('2024-25', 'YE');
    const icb = listIncome(ctx, requirePlan(ctx, '2023-24').id).find(
      (i) => i.sourceOfFunding === 'ICB Discharge Funding',
    )!;

    await call(ctx, 'income.update', {
      id: icb.id,
      income: {
        sourceOfFunding: icb.sourceOfFunding,
        partner: icb.partner,
        amountPence: icb.amountPence,
        amountYear2Pence: 100_000_000,
      },
    });
    expect(income()).toEqual(before);
    expect(await exportHash('2024-25', 'YE')).toBe(hash);

    await call(ctx, 'return.reopen', { year: '2024-25', period: 'YE', reason: 'Income restated' });
    expect(income()).toContainEqual(['ICB Discharge Funding', 100_000_000, 95_000_000]);
  });

  it('keeps, after an upgrade, what the plan held then for a return approved before the copy was kept', () => {
    approvedYearEnd();
    const before = income();
    const dbPath = ctx.dbPath;
    ctx.close();
    downgrade(dbPath, 16);
    ctx = Object.assign(openServiceContext({ dbPath, assetsDir: ASSETS_DIR, actor: 'tester' }), { dbPath });
    const icb = listIncome(ctx, requirePlan(ctx, '2023-24').id).find(
      (i) => i.sourceOfFunding === 'ICB Discharge Funding',
    )!;
    ctx.db.prepare('UPDATE income_line SET amount_y2_pence = 1 WHERE id = ?').run(icb.id);
    expect(income()).toEqual(before);
  });
});

describe("an approved return's metrics", () => {
  it('keep the numerator and denominator they were approved with', async () => {
    seedQ1(ctx);
    const metrics = await call<{ id: number }[]>(ctx, 'metrics.set', {
      year: '2024-25',
      metrics: [{ name: 'Avoidable admissions', target: '180.5', numerator: '350', denominator: '193900' }],
    });
    await call(ctx, 'return.setAssessment', {
      year: '2024-25',
      period: 'Q1',
      metricId: metrics[0]!.id,
      assessment: { onTrack: 'On track to meet target', challenges: 'Winter', achievements: 'Falls service' },
    });
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS);
    const shown = () => getReturnView(ctx, '2024-25', 'Q1').metrics.map((m) => [m.numerator, m.denominator]);
    expect(shown()).toEqual([['350', '193900']]);

    await call(ctx, 'metrics.set', {
      year: '2024-25',
      metrics: [{ name: 'Avoidable admissions', target: '180.5', numerator: '999', denominator: '1' }],
    });
    expect(shown()).toEqual([['350', '193900']]);
    await call(ctx, 'return.reopen', { year: '2024-25', period: 'Q1', reason: 'Figures restated' });
    expect(shown()).toEqual([['999', '1']]);
  });
});

describe('a submitted return and the template year it follows', () => {
  it('keeps the national conditions and fields it was submitted with when the template year is saved again', async () => {
    await submittedQ1();
    const shown = () => getReturnView(ctx, '2024-25', 'Q1');
    const before = shown();
    const hash = await exportHash('2024-25', 'Q1');

    // The next quarter's workbook brings national conditions and a field of its own to the template year.
    const { json } = await call<{ json: string }>(ctx, 'template.export', { id: '2023-25' });
    const file = JSON.parse(json);
    file.templateYear.nationalConditions = [{ key: '1', text: 'Plans to be jointly agreed' }];
    file.templateYear.fields = [{ key: 'pathway', label: 'Discharge pathway', kind: 'text', on: 'return' }];
    await call(ctx, 'template.save', { file, broughtFrom: 'BCF 2023-25 planning template.xlsx' });

    expect(shown().conditions).toEqual(before.conditions);
    expect(shown().fields).toEqual(before.fields);
    expect(shown().validation.findings).toEqual(before.validation.findings);
    expect(await exportHash('2024-25', 'Q1')).toBe(hash);

    await call(ctx, 'return.reopen', { year: '2024-25', period: 'Q1', reason: 'The national conditions were added' });
    expect(shown().conditions.map((c) => c.key)).toEqual(['1']);
    expect(shown().fields.map((f) => f.key)).toEqual(['pathway']);
  });
});

describe("a submitted return's workbook", () => {
  it("keeps the layout it was approved with when the year's reporting layout is saved again", async () => {
    await submittedQ1();
    const before = await exportHash('2024-25', 'Q1');
    // NHS England's revised quarterly layout: a field of the year's own, and a column for it.
    const { json } = await call<{ json: string }>(ctx, 'template.export', { id: '2023-25' });
    const file = JSON.parse(json);
    file.templateYear.fields = [{ key: 'pathway', label: 'Discharge pathway', kind: 'text', on: 'return' }];
    const quarterly = file.profiles.find((p: { kind: string }) => p.kind === 'return');
    quarterly.id = '2024-25-quarterly-official';
    quarterly.tables[0].columns.push({
      field: 'pathway',
      header: 'Discharge pathway',
      kind: 'text',
      role: 'input',
      width: 20,
    });
    await call(ctx, 'template.save', { file, broughtFrom: 'BCF 2024-25 Q1 reporting template (revised).xlsx' });
    expect(await exportHash('2024-25', 'Q1')).toBe(before);
    // Reopened, it is laid out as the year's workbooks are now.
    await call(ctx, 'return.reopen', { year: '2024-25', period: 'Q1', reason: 'NHS England revised the layout' });
    const reopened = await call<WorkbookExport>(ctx, 'workbook.exportReturn', { year: '2024-25', period: 'Q1' });
    expect(reopened.profile).toBe('2024-25-quarterly-official');
  });
});

describe("a submitted return's copy of what it was approved with, unreadable", () => {
  it('shows the template year as it is now when only that part no longer reads', async () => {
    await submittedQ1();
    ctx.db
      .prepare("UPDATE bcf_return SET approved_plan = json_set(approved_plan, '$.template', json('{\"lists\": 1}'))")
      .run();
    expect(getReturnView(ctx, '2024-25', 'Q1').state).toBe('submitted');
    expect((await email()).value).toBe('bcf@bathnes.gov.uk');
  });

  it('says which return and how to go on when the rest does not, and changes nothing', async () => {
    await submittedQ1();
    ctx.db.prepare("UPDATE bcf_return SET approved_plan = json_set(approved_plan, '$.cover', 5)").run();
    const before = fileHash(ctx.dbPath);
    const unreadable =
      /^The Q1 2024-25 return's copy of what it was approved with cannot be read \(.+\); nothing was changed\. Reopen the return with a reason to have it follow its plan again\.$/;
    expect(await refusal(ctx, 'return.get', { year: '2024-25', period: 'Q1' })).toMatch(unreadable);
    // The board's ratification, whose answer is the return's view: refused with it, and not recorded.
    const ratification = { year: '2024-25', period: 'Q1', ratifiedOn: '2024-09-01' };
    expect(await refusal(ctx, 'return.ratify', ratification)).toMatch(unreadable);
    expect(fileHash(ctx.dbPath)).toBe(before);
    await call(ctx, 'return.reopen', { year: '2024-25', period: 'Q1', reason: 'Its kept copy was damaged' });
    expect(getReturnView(ctx, '2024-25', 'Q1').state).toBe('draft');
  });
});

describe('a line of a submitted return', () => {
  it('cannot be locked again: refused, the return named, nothing changed', async () => {
    seedQ1(ctx);
    const line = getReturnView(ctx, '2024-25', 'Q1').lines[0]!;
    await call(ctx, 'return.unlockLine', { year: '2024-25', period: 'Q1', lineId: line.id, reason: 'Plan corrected' });
    approveSeen(ctx, '2024-25', 'Q1', APPROVERS);
    const before = fileHash(ctx.dbPath);
    expect(await refusal(ctx, 'return.lockLine', { year: '2024-25', period: 'Q1', lineId: line.id })).toBe(
      'The Q1 2024-25 return is approved, so its figures are locked. Reopen it with a reason to change them.',
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
  });
});

describe('an approved plan and a template year saved for its year', () => {
  it('keeps the template, and the answers, it was approved on, and follows the new one once reopened', async () => {
    createArea(ctx, 'Bath and North East Somerset');
    createLine(ctx, '2026-27', {
      ...FALLS_LINE,
      sourceOfFunding: 'Minimum NHS Contribution',
      briefDescription: 'Falls response',
      commissioner: 'Local Authority',
      provider: 'Virgin Care',
    });
    await call(ctx, 'plan.rollForward', { from: '2026-27', to: '2027-28', uplifts: [] });
    // No template year of its own yet: it follows 2026-27's.
    expect(getPlanView(ctx, '2027-28').template).toBe('2026-27');
    for (const key of ['1', '2', '3', '4'])
      await call(ctx, 'plan.setCondition', { year: '2027-28', key, answer: { answer: 'Yes', explanation: '' } });
    setPlanCover(ctx, '2027-28', { completedBy: 'Jane Smith', email: 'bcf@bathnes.gov.uk', phone: '01225 477000' });
    for (const [partner, partnerKind] of [
      ['Bath and North East Somerset Council', 'council'],
      ['BSW ICB', 'icb'],
    ] as const)
      await call(ctx, 'plan.approve', {
        year: '2027-28',
        approval: {
          partner,
          partnerKind,
          name: 'A Person',
          role: 'Chief Executive',
          authority: 'chief-executive',
          approvedOn: '2027-03-24',
        },
        acceptWarnings: beforeApproval(getPlanView(ctx, '2027-28').validation.findings).warnings.length,
      });
    const conditions = () => getPlanView(ctx, '2027-28').conditions.map((c) => [c.key, c.answer]);
    const approved = conditions();
    expect(approved).toHaveLength(4);

    // NHS England's 2027-28 workbook is brought and its template year saved: new national conditions.
    const { json } = await call<{ json: string }>(ctx, 'template.export', { id: '2026-27' });
    const file = JSON.parse(json);
    Object.assign(file.templateYear, {
      template: '2027-28',
      years: ['2027-28'],
      label: '2027-28',
      nationalConditions: [{ key: 'NC1', text: 'A jointly agreed neighbourhood health plan' }],
    });
    file.profiles = [];
    await call(ctx, 'template.save', { file, broughtFrom: 'BCF 2027-28 planning template.xlsx' });
    expect(getPlanView(ctx, '2027-28').template).toBe('2026-27');
    expect(conditions()).toEqual(approved);
    expect(getPlanView(ctx, '2027-28').notice?.message).toMatch(
      /^2027-28 has been given a template year of its own, 2027-28, since this plan was approved\. The plan is shown, checked and exported with the 2026-27 template year as it was approved; reopen it/,
    );

    await call(ctx, 'plan.reopen', { year: '2027-28', reason: 'The 2027-28 template has been published' });
    expect(getPlanView(ctx, '2027-28').template).toBe('2027-28');
    expect(conditions()).toEqual([['NC1', '']]);
  });
});

describe('an approved plan and its template year saved again', () => {
  /** The 2023-25 plan, approved by the council (and the ICB) as ones who have read the checks. */
  async function approvedPlan(partners: 1 | 2 = 1): Promise<void> {
    seedPlan(ctx);
    const who = [
      ['Bath and North East Somerset Council', 'council'],
      ['BSW ICB', 'icb'],
    ] as const;
    for (const [i, [partner, partnerKind]] of who.slice(0, partners).entries())
      await call(ctx, 'plan.approve', {
        year: '2023-24',
        approval: { partner, partnerKind, ...APPROVERS[i]!, authority: 'delegated' },
        acceptWarnings: beforeApproval(getPlanView(ctx, '2023-24').validation.findings).warnings.length,
      });
  }
  /** What a plan's workbook holds, part by part (as `exportHash`), and the layout it used. */
  const planExport = async () => {
    const out = await call<WorkbookExport>(ctx, 'workbook.exportPlan', { year: '2023-24' });
    const parts = unzipSync(Buffer.from(out.contentBase64, 'base64'));
    const hash = crypto.createHash('sha256');
    for (const name of Object.keys(parts).sort()) hash.update(name).update(parts[name]!);
    return { hash: hash.digest('hex'), profile: out.profile };
  };

  it('keeps the national conditions, fields, lists and layout it was approved on, and follows them once reopened', async () => {
    await approvedPlan();
    const shown = () => getPlanView(ctx, '2023-24');
    const before = shown();
    const exported = await planExport();
    const csv = async () => (await call<{ csv: string }>(ctx, 'plan.exportCsv', { year: '2023-24' })).csv;
    const csvBefore = await csv();

    // NHS England's workbook brought again for the template year: national conditions, a field of the
    // plan's own, a scheme type fewer in its list, and a revised planning layout.
    const { json } = await call<{ json: string }>(ctx, 'template.export', { id: '2023-25' });
    const file = JSON.parse(json);
    file.templateYear.nationalConditions = [{ key: '1', text: 'Plans to be jointly agreed' }];
    file.templateYear.fields = [{ key: 'pathway', label: 'Discharge pathway', kind: 'text', on: 'plan' }];
    const used = before.lines[0]!.schemeType;
    file.templateYear.lists.schemeTypes = file.templateYear.lists.schemeTypes.filter(
      (t: { value: string }) => t.value !== used,
    );
    const planning = file.profiles.find((p: { kind: string }) => p.kind === 'plan');
    planning.id = '2023-25-planning-revised';
    planning.label = 'BCF 2023-25 planning template (revised)';
    await call(ctx, 'template.save', { file, broughtFrom: 'BCF 2023-25 planning template (revised).xlsx' });

    expect(before.notice).toBeNull();
    expect(shown().notice).toMatchObject({
      kind: 'approved',
      message:
        'The 2023-25 template year has been saved again since this plan was approved. The plan is shown, checked and exported with the 2023-25 template year as it was approved; reopen it (Sign-off) to follow the template year as it is now.',
    });
    expect(shown().conditions).toEqual(before.conditions);
    expect(shown().fields).toEqual(before.fields);
    expect(shown().columns).toEqual(before.columns);
    expect(shown().reference.lists.schemeTypes.map((t) => t.value)).toContain(used);
    expect(shown().validation.findings).toEqual(before.validation.findings);
    expect(await planExport()).toEqual(exported);
    expect(await csv()).toBe(csvBefore);
    // The file its lines came from, read again as an import would take it, is checked against the same lists.
    const preview = await call<{ problems: string[]; findings: { field?: string }[] }>(ctx, 'plan.previewImport', {
      year: '2023-24',
      fileName: path.basename(PLAN_FILE),
      contentBase64: fs.readFileSync(PLAN_FILE).toString('base64'),
    });
    expect(preview.problems).toEqual([]);
    expect(preview.findings.filter((f) => f.field === 'schemeType')).toEqual([]);

    await call(ctx, 'plan.reopen', { year: '2023-24', reason: 'NHS England revised the planning template' });
    expect(shown().notice).toBeNull();
    expect(shown().conditions.map((c) => c.key)).toEqual(['1']);
    expect(shown().fields.map((f) => f.key)).toEqual(['pathway']);
    expect(shown().validation.findings.some((f) => f.lineId === before.lines[0]!.id && f.field === 'schemeType')).toBe(
      true,
    );
    expect((await planExport()).profile).toBe('2023-25-planning-revised');
    expect((await csv()).split('\n')[0]).toContain('Discharge pathway');
  });

  it('says which plan and how to go on when its copy does not read, and changes nothing, not even a submission', async () => {
    await approvedPlan(2);
    ctx.db.prepare("UPDATE plan SET approved_copy = json_set(approved_copy, '$.metrics', 5)").run();
    const before = fileHash(ctx.dbPath);
    const unreadable =
      /^The 2023-25 plan's copy of what it was approved with cannot be read \(.+\); nothing was changed\. Reopen the plan with a reason to have it follow its year's metrics and template year again\.$/;
    expect(await refusal(ctx, 'plan.get', { year: '2023-24' })).toMatch(unreadable);
    // A step whose answer is the plan's view: refused with it, and not recorded.
    const submission = { year: '2023-24', partner: 'Bath and North East Somerset Council', submittedOn: '2024-08-30' };
    expect(await refusal(ctx, 'plan.submit', submission)).toMatch(unreadable);
    expect(await refusal(ctx, 'plan.ratify', { year: '2023-24', ratifiedOn: '2024-08-30' })).toMatch(unreadable);
    expect(fileHash(ctx.dbPath)).toBe(before);
    await call(ctx, 'plan.reopen', { year: '2023-24', reason: 'Its kept copy was damaged' });
    expect(getPlanView(ctx, '2023-24').signOff.state).toBe('draft');
  });
});
