import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyScope } from '../../electron/db/migrations/009-history-scope';
import { historyCsv, historyView } from '../../electron/services/audit/history';
import { applyEdits, deleteLine } from '../../electron/services/plans/line-actions';
import { deletePlan } from '../../electron/services/plans/delete-plan';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { loadPublishedPools } from '../../electron/services/pools/published';
import { deleteContribution } from '../../electron/services/pools/contributions';
import { listPools } from '../../electron/services/pools/statements';
import { loadPool } from '../../electron/services/pools/store';
import { loadSample } from '../../electron/services/sample/sample';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { dispatch } from '../../electron/api/dispatch';
import { tempContext, type TestContext } from '../helpers/db';
import { seedQ1 } from '../helpers/returns';

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext('jane.smith');
});
afterEach(() => ctx.close());

const lineCalled = (name: string) => getPlanView(ctx, '2019-20').lines.find((l) => l.schemeName === name)!;

describe('the history, as a finance partner reads it', () => {
  beforeEach(() => {
    loadSample(ctx);
  });

  it('names fields as the screens do, shows £ not pence, and a deleted line field by field, not as JSON', () => {
    const line = getPlanView(ctx, '2019-20').lines[0]!;
    applyEdits(ctx, '2019-20', { edits: [{ lineId: line.id, field: 'expenditurePence', text: '£900,000' }] });
    deleteLine(ctx, lineCalled('Community Services Contract Integrated Reablement').id, 'Merged into scheme 3');
    const { rows } = historyView(ctx, { scope: { kind: 'plan', id: 1 } });

    const edit = rows.find((r) => r.action === 'Changed' && r.field === 'Expenditure £')!;
    expect(edit).toMatchObject({
      who: 'jane.smith',
      what: `Plan 2019-20 · Scheme line ${line.schemeId} ${line.schemeName}`,
      was: expect.stringMatching(/^£[\d,]+\.\d\d$/),
      now: '£900,000.00',
    });

    const deleted = rows.filter((r) => r.action === 'Deleted');
    expect(deleted.length).toBeGreaterThan(3);
    expect(
      deleted.every(
        (r) => r.what.startsWith('Plan 2019-20 · Scheme line') && r.why === 'Merged into scheme 3' && r.now === '',
      ),
    ).toBe(true);
    expect(deleted.map((r) => r.field)).toEqual(expect.arrayContaining(['Scheme Name', 'Source of Funding']));
    expect(deleted.find((r) => r.field === 'Scheme Name')!.was).toBe(
      'Community Services Contract Integrated Reablement',
    );
    for (const r of rows) {
      expect(`${r.field} ${r.was} ${r.now}`).not.toMatch(/[{}]|Pence\b/);
    }
  });

  it('filters by plan, by line, by date; and a deleted plan keeps its name', () => {
    const line = lineCalled('Community Services Contract Integrated Reablement');
    applyEdits(ctx, '2019-20', { edits: [{ lineId: line.id, field: 'expenditurePence', text: '£1' }] });
    setPlanCover(ctx, '2019-20', { completedBy: 'Jane Smith' });
    loadPublishedPools(ctx);

    const all = historyView(ctx, {});
    expect(all.scopes.map((s) => s.label)).toEqual(
      expect.arrayContaining(['Plan 2019-20', expect.stringMatching(/^Pool Learning Disabilities/)]),
    );
    const plan = historyView(ctx, { scope: { kind: 'plan', id: 1 } });
    expect(plan.rows.every((r) => r.what.startsWith('Plan 2019-20'))).toBe(true);
    expect(plan.rows.find((r) => r.field === 'Completed by')).toMatchObject({
      what: 'Plan 2019-20 · Cover details',
      now: 'Jane Smith',
    });
    expect(plan.lines.map((l) => l.label)).toContain(
      `Scheme line ${line.schemeId} Community Services Contract Integrated Reablement`,
    );

    const one = historyView(ctx, { entity: 'scheme_line', entityId: line.id });
    expect(one.rows.map((r) => [r.action, r.now])).toEqual([
      ['Changed', '£1.00'],
      ...one.rows.slice(1).map((r) => [r.action, r.now]),
    ]);
    expect(one.rows.every((r) => r.what.includes('Community Services Contract Integrated Reablement'))).toBe(true);

    const tomorrow = new Date(ctx.now().getTime() + 86_400_000);
    const iso = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    expect(historyView(ctx, { from: iso as never }).rows).toEqual([]);
    expect(historyView(ctx, { to: iso as never }).rows.length).toBe(all.rows.length);

    const pool = loadPool(ctx, listPools(ctx, '2019-20').pools[0]!.id);
    deleteContribution(ctx, pool.contributions[0]!.id, 'Duplicated');
    const poolRows = historyView(ctx, { scope: { kind: 'pool', id: pool.id } }).rows;
    expect(poolRows[0]).toMatchObject({ action: 'Deleted', why: 'Duplicated' });
    expect(poolRows[0]!.what).toBe(`Pool ${pool.name} 2019-20 · Contribution ${pool.contributions[0]!.label}`);

    deletePlan(ctx, '2019-20', 'Loaded by mistake');
    expect(historyView(ctx, {}).scopes.map((s) => s.label)).toContain('Plan 2019-20 (deleted)');
    expect(historyView(ctx, { scope: { kind: 'plan', id: 1 } }).rows[0]).toMatchObject({
      action: 'Deleted',
      what: 'Plan 2019-20 (deleted)',
      why: 'Loaded by mistake',
    });
  });

  it('writes the same rows to CSV, oldest first, readable in Excel', () => {
    const line = lineCalled('Community Services Contract Integrated Reablement');
    applyEdits(ctx, '2019-20', { edits: [{ lineId: line.id, field: 'expenditurePence', text: '£26,750' }] });
    const { fileName, csv } = historyCsv(ctx, { entity: 'scheme_line', entityId: line.id });
    expect(fileName).toBe('BCF history.csv');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('When,Who,Action,What,Field,Was,Now,Why');
    expect(lines.at(-1)).toMatch(
      /^\d\d\/\d\d\/\d{4} \d\d:\d\d,jane\.smith,Changed,Plan 2019-20 · Scheme line \d+ Community Services Contract Integrated Reablement,Expenditure £,"£[\d,]+\.\d\d","£26,750\.00",$/,
    );
    expect(historyCsv(ctx, { scope: { kind: 'plan', id: 1 } }).fileName).toBe('BCF history Plan 2019-20.csv');
  });

  it('is reached through the API, which refuses a date that is not one', async () => {
    const quiet = { error: () => undefined };
    const ok = await dispatch(ctx, 'history.view', { scope: { kind: 'plan', id: 1 }, from: '01/04/2019' }, quiet);
    expect(ok).toMatchObject({ ok: true });
    const bad = await dispatch(ctx, 'history.view', { from: '31/02/2026' }, quiet);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});

describe('the history of a return', () => {
  it('belongs to the return: its lines, cover and sign-off', () => {
    seedQ1(ctx);
    const { rows, scopes } = historyView(ctx, { scope: { kind: 'return', id: 1 } });
    expect(scopes.map((s) => s.label)).toContain('Q1 2024-25 return');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.what.startsWith('Q1 2024-25 return'))).toBe(true);
    expect(
      rows.some(
        (r) =>
          r.what.startsWith('Q1 2024-25 return · Return line 102') &&
          r.field === 'Actual Expenditure to date' &&
          /^£/.test(r.now),
      ),
    ).toBe(true);
  });
});

describe("an older file's history", () => {
  it('is sorted by plan, return and pool when it is upgraded, wherever what it belongs to still exists', () => {
    seedQ1(ctx);
    loadPublishedPools(ctx);
    const scoped = () =>
      ctx.db
        .prepare(
          'SELECT scope_kind, scope_id, count(*) AS n FROM audit_log GROUP BY scope_kind, scope_id ORDER BY 1, 2',
        )
        .all();
    const asWritten = scoped();
    ctx.db.exec('UPDATE audit_log SET scope_kind = NULL, scope_id = NULL');
    // The upgrade's own statements, after the columns it adds.
    ctx.db.exec(
      historyScope
        .split('\n')
        .filter((l) => !/^(ALTER TABLE|CREATE INDEX)/.test(l))
        .join('\n'),
    );
    expect(scoped()).toEqual(asWritten);
  });

  it('sends at most 500 changes to a screen unless it asks for more', async () => {
    const add = ctx.db.prepare(
      "INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value, new_value) VALUES ('2026-01-01T00:00:00Z', 'x', 'update', 'scheme_line', 1, 'schemeName', 'a', 'b')",
    );
    ctx.db.transaction(() => {
      for (let i = 0; i < 600; i++) add.run();
    })();
    const bounded = (await dispatch(ctx, 'history.list', {}, { error: () => undefined })) as {
      ok: true;
      value: unknown[];
    };
    expect(bounded.value).toHaveLength(500);
    const asked = (await dispatch(ctx, 'history.list', { limit: 2000 }, { error: () => undefined })) as {
      ok: true;
      value: unknown[];
    };
    expect(asked.value).toHaveLength(600);
  });
});
