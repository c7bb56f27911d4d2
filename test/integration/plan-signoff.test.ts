import path from 'node:path';
import { openServiceContext } from '../../electron/host';
import { ASSETS_DIR } from '../../electron/source-root';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { createArea } from '../../electron/services/areas/areas';
import { listAudit } from '../../electron/services/audit/audit';
import { undo } from '../../electron/services/plans/changesets';
import { planCoverDetails } from '../../electron/services/plans/cover';
import { createIncome, createLine, updateLine } from '../../electron/services/plans/line-actions';
import { requirePlan } from '../../electron/services/plans/plan-store';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { getPlanView } from '../../electron/services/plans/plan-view';
import type { PlanView } from '../../shared/api';
import { bcf } from '../helpers/cli';
import { PLAN_FILE } from '../helpers/returns';
import { downgrade, tempContext, tempDir, type TestContext } from '../helpers/db';
import { FALLS_LINE as LINE } from '../helpers/plans';

const quiet = { error: () => undefined };
const COUNCIL = 'Bath and North East Somerset Council';
const ICB = 'BSW ICB';

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext();
  createArea(ctx, 'Bath and North East Somerset');
});
afterEach(() => ctx.close());

const COVER = { completedBy: 'Jane Smith', email: 'bcf@bathnes.gov.uk', phone: '01225 477000' };

/** A plan the checks find no error in (but for the sign-off details the approval supplies). */
function readyPlan() {
  const line = createLine(ctx, '2019-20', LINE);
  setPlanCover(ctx, '2019-20', COVER);
  return line;
}

async function call<T>(method: string, payload: unknown): Promise<T> {
  const out = (await dispatch(ctx, method as never, payload, quiet)) as
    { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
  return out.value;
}

async function refused(method: string, payload: unknown): Promise<{ code: string; message: string; field?: string }> {
  const out = (await dispatch(ctx, method as never, payload, quiet)) as {
    ok: boolean;
    error: { code: string; message: string; field?: string };
  };
  expect(out.ok).toBe(false);
  return out.error;
}

describe('plan sign-off through the API', () => {
  it('is approved by the council and an ICB, ratified by the board, locked until reopened with a reason', async () => {
    const line = createLine(ctx, '2019-20', LINE);
    const plan = requirePlan(ctx, '2019-20');
    const councilApproval = {
      partner: COUNCIL,
      partnerKind: 'council',
      name: 'Will Godfrey',
      role: 'Chief Executive',
      authority: 'chief-executive',
      approvedOn: '20/03/2025',
    };
    // As a return: no approval while the checks find errors.
    const notReady = await refused('plan.approve', { year: '2019-20', approval: councilApproval });
    expect(notReady.message).toMatch(
      /^The 2019-20 plan cannot be approved: the checks find 3 errors, first plan.cover-complete/,
    );
    setPlanCover(ctx, '2019-20', COVER);

    // Its warnings (no income entered yet) do not stop it, but the approver must accept them, by their number.
    const unaccepted = await refused('plan.approve', { year: '2019-20', approval: councilApproval });
    expect(unaccepted).toMatchObject({ code: 'refused', field: 'acceptWarnings' });
    expect(unaccepted.message).toBe(
      "The 2019-20 plan's checks find 1 warning: accept it to approve the plan with it (--accept-warnings 1 on the command line), or deal with it first. First: No income has been entered for this plan, so the balance of each funding source cannot be checked. Add the plan's income by funding source.",
    );
    expect(
      (await refused('plan.approve', { year: '2019-20', approval: councilApproval, acceptWarnings: 2 })).message,
    ).toMatch(/^The 2019-20 plan's checks find 1 warning \(2 were accepted\): accept it/);
    expect(getPlanView(ctx, '2019-20').signOff.approvals).toEqual([]);

    const first = await call<PlanView>('plan.approve', {
      year: '2019-20',
      approval: councilApproval,
      acceptWarnings: 1,
    });
    expect(first.signOff).toMatchObject({ state: 'approving', locked: true });
    expect(first.signOff.outstanding).toContain("an ICB's approval");

    // Locked from the first approval: every kind of change is refused with a plain message.
    const edit = await refused('line.update', { id: line.id, line: { ...LINE, expenditurePence: 1 } });
    expect(edit).toMatchObject({ code: 'refused', field: 'state' });
    expect(edit.message).toMatch(
      /2019-20 plan is being approved \(approved by Bath and North East Somerset Council\), so it is locked: "Edit .*" was not done\. To change it, reopen the plan with a reason/,
    );
    expect((await refused('line.create', { year: '2019-20', line: LINE })).code).toBe('refused');
    expect(
      (
        await refused('income.create', {
          year: '2019-20',
          income: {
            sourceOfFunding: 'CCG Minimum Contribution',
            partner: 'CCG',
            amountPence: 100,
            amountYear2Pence: null,
          },
        })
      ).code,
    ).toBe('refused');
    expect((await refused('plan.setCover', { year: '2019-20', cover: { completedBy: 'Someone' } })).code).toBe(
      'refused',
    );
    expect(() => undo(ctx, plan.id)).toThrow(/locked/);

    // The date signed off waits for the full approval.
    expect(planCoverDetails(ctx, plan.id).find((d) => d.key === 'dateSignedOff')?.value).toBe('');

    const second = await call<PlanView>('plan.approve', {
      year: '2019-20',
      approval: {
        partner: ICB,
        partnerKind: 'icb',
        name: 'Sue Harriman',
        role: 'Chief Executive',
        authority: 'delegated',
        approvedOn: '2025-03-24',
      },
      acceptWarnings: 1,
    });
    expect(second.signOff.state).toBe('approved');
    // The cover's date signed off now comes from the recorded sign-off: the last approval.
    expect(planCoverDetails(ctx, plan.id).find((d) => d.key === 'dateSignedOff')?.value).toBe('2025-03-24');

    // The board ratifies before submission; each partner submits on its own date.
    const ratified = await call<PlanView>('plan.ratify', {
      year: '2019-20',
      ratifiedOn: '2025-03-27',
      meeting: 'HWB 27 March 2025, item 6',
    });
    expect(ratified.signOff).toMatchObject({ state: 'approved', ratifiedOn: '2025-03-27' });
    await call('plan.submit', { year: '2019-20', partner: COUNCIL, submittedOn: '2025-03-28' });
    const done = await call<PlanView>('plan.submit', { year: '2019-20', partner: ICB, submittedOn: '2025-03-31' });
    expect(done.signOff).toMatchObject({ state: 'ratified', ratifiedWhen: 'before submission', outstanding: [] });
    expect(done.signOff.approvals.map((a) => [a.partner, a.submittedOn])).toEqual([
      [COUNCIL, '2025-03-28'],
      [ICB, '2025-03-31'],
    ]);

    // Reopening needs a reason; it clears every approval and the ratification.
    expect((await refused('plan.reopen', { year: '2019-20', reason: ' ' })).field).toBe('reason');
    const reopened = await call<PlanView>('plan.reopen', { year: '2019-20', reason: 'ICB asked for a change' });
    expect(reopened.signOff).toMatchObject({ state: 'draft', locked: false, approvals: [], ratifiedOn: null });
    expect(updateLine(ctx, line.id, { ...LINE, expenditurePence: 32_000_000 }).expenditurePence).toBe(32_000_000);
    createIncome(ctx, '2019-20', {
      sourceOfFunding: 'CCG Minimum Contribution',
      partner: 'CCG',
      amountPence: 100,
      amountYear2Pence: null,
    });

    // The history shows each step, in the plan's own history.
    const steps = listAudit(ctx, { scope: { kind: 'plan', id: plan.id } })
      .filter((e) => e.entity === 'plan_approval' || (e.entity === 'plan' && e.action !== 'create'))
      .map((e) => [e.action, e.entity, e.field, e.reason])
      .reverse();
    expect(steps).toEqual([
      ['approve', 'plan_approval', null, 'Plan being approved; 1 warning accepted (plan.source-balance)'],
      ['approve', 'plan_approval', null, 'Plan approved; 1 warning accepted (plan.source-balance)'],
      [
        'ratify',
        'plan',
        'ratifiedOn',
        'Ratified by the Health and Wellbeing Board (HWB 27 March 2025, item 6), before submission',
      ],
      ['update', 'plan_approval', 'submittedOn', `Submitted by ${COUNCIL}; plan approved`],
      ['update', 'plan_approval', 'submittedOn', `Submitted by ${ICB}; plan ratified`],
      ['delete', 'plan_approval', null, 'ICB asked for a change'],
      ['delete', 'plan_approval', null, 'ICB asked for a change'],
      ['update', 'plan', 'ratifiedOn', 'ICB asked for a change'],
      ['state', 'plan', 'state', 'ICB asked for a change'],
    ]);
    expect(getPlanView(ctx, '2019-20').signOff.state).toBe('draft');
  });

  it('refuses steps out of order, and a request that is not well formed', async () => {
    readyPlan();
    expect((await refused('plan.reopen', { year: '2019-20', reason: 'why' })).message).toMatch(
      /open for changes already/,
    );
    expect((await refused('plan.ratify', { year: '2019-20', ratifiedOn: '2025-03-27' })).message).toMatch(
      /once the council and an ICB have approved/,
    );
    expect(
      (
        await refused('plan.approve', {
          year: '2019-20',
          approval: {
            partner: COUNCIL,
            partnerKind: 'parish',
            name: 'A',
            role: 'B',
            authority: 'delegated',
            approvedOn: '2025-03-20',
          },
        })
      ).code,
    ).toBe('invalid_request');
    await call('plan.approve', {
      year: '2019-20',
      approval: {
        partner: COUNCIL,
        partnerKind: 'council',
        name: 'A',
        role: 'B',
        authority: 'delegated',
        approvedOn: '2025-03-20',
      },
      acceptWarnings: 1,
    });
    expect(
      (await refused('plan.submit', { year: '2019-20', partner: COUNCIL, submittedOn: '2025-03-21' })).message,
    ).toMatch(/can be submitted once the council and an ICB have approved it/);
  });
});

describe('migration 010', () => {
  it('brings a version-9 file up with its plans as drafts, open for changes', () => {
    createLine(ctx, '2019-20', LINE);
    const dbPath = ctx.dbPath;
    ctx.close();
    downgrade(dbPath, 9);
    ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, actor: 'tester' }) as TestContext;
    expect(ctx.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(10);
    expect(getPlanView(ctx, '2019-20').signOff).toMatchObject({ state: 'draft', locked: false, approvals: [] });
    expect(createLine(ctx, '2019-20', { ...LINE, schemeId: '5' }).schemeId).toBe('5');
  });
});

describe('bcf plan approve, submit, ratify, reopen', () => {
  it('signs the plan off from the command line and refuses edits until it is reopened', () => {
    const dir = tempDir();
    const db = path.join(dir, 'area.sqlite');
    const run = (...args: string[]) => bcf(['--db', db, ...args]);
    const Y = ['--year', '2023-24'];
    expect(run('init', '--area', 'Bath and North East Somerset').code).toBe(0);
    expect(run('import', 'plan', PLAN_FILE, ...Y, '--template', '2023-25').code).toBe(0);
    expect(run('plan', 'cover', ...Y, ...Object.entries(COVER).flatMap(([k, v]) => ['--set', `${k}=${v}`])).code).toBe(
      0,
    );
    const council = [
      'plan',
      'approve',
      ...Y,
      '--partner',
      COUNCIL,
      '--kind',
      'council',
      '--approver',
      'Will Godfrey | Chief Executive | 2025-03-20',
    ];
    // The imported plan's checks find warnings: the approval says how many it accepts, as `bcf validate plan` counted them.
    const unaccepted = run(...council);
    expect(unaccepted.code).not.toBe(0);
    const seen = /checks find (\d+) warnings?/.exec(unaccepted.stderr);
    expect(unaccepted.stderr).toMatch(/--accept-warnings \d+ on the command line/);
    expect(run('plan', 'signoff', ...Y).stdout).toContain('The 2023-25 plan is draft.');
    const accept = ['--accept-warnings', seen![1]!];
    expect(run(...council, ...accept)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('the plan is being approved and locked'),
    });
    expect(
      run(
        'plan',
        'approve',
        ...Y,
        '--partner',
        ICB,
        '--kind',
        'icb',
        '--authority',
        'delegated',
        '--approver',
        'Sue Harriman | Chief Executive | 24/03/2025',
        ...accept,
      ).stdout,
    ).toContain('the plan is approved and locked');
    const refusedEdit = run('plan', 'cover', ...Y, '--set', 'completedBy=Someone Else');
    expect(refusedEdit.code).not.toBe(0);
    expect(refusedEdit.stderr).toMatch(/locked.*reopen the plan with a reason/s);
    const refusedImport = run('import', 'plan', PLAN_FILE, ...Y, '--template', '2023-25', '--replace');
    expect(refusedImport.code).not.toBe(0);
    expect(refusedImport.stderr).toMatch(/locked: "Import .*" was not done/);
    expect(run('plan', 'ratify', ...Y, '--on', '2025-03-27', '--meeting', 'HWB 27 March 2025').stdout).toContain(
      'before submission',
    );
    expect(run('plan', 'submit', ...Y, '--partner', COUNCIL, '--on', '2025-03-28').code).toBe(0);
    expect(run('plan', 'submit', ...Y, '--partner', ICB, '--on', '2025-03-31').stdout).toContain(
      'the plan is ratified',
    );
    const shown = run('plan', 'signoff', ...Y);
    expect(shown.stdout).toContain('The 2023-25 plan is ratified (locked).');
    expect(shown.stdout).toContain(
      'BSW ICB (ICB): approved by Sue Harriman, Chief Executive, on 24 March 2025 (delegated authority); submitted 31 March 2025',
    );
    expect(run('plan', 'reopen', ...Y).code).not.toBe(0);
    expect(run('plan', 'reopen', ...Y, '--reason', 'Revised allocation').code).toBe(0);
    expect(run('plan', 'cover', ...Y, '--set', 'completedBy=Someone Else').code).toBe(0);
    expect(run('plan', 'signoff', ...Y).stdout).toContain('The 2023-25 plan is draft.');
    const history = run('history', '--plan', '2023-24', '--csv').stdout;
    for (const step of ['Partner approval', 'Ratified', 'Date submitted', 'Revised allocation'])
      expect(history).toContain(step);
  });
});
