import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_LINE } from '../../shared/plans/line';
import { createArea } from '../../electron/services/areas/areas';
import { listAudit } from '../../electron/services/audit/audit';
import { historyCsv, historyView } from '../../electron/services/audit/history';
import { readTable } from '../../electron/services/files/read-table';
import { redo, undo } from '../../electron/services/plans/changesets';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { applyEdits, createLine, deleteLine } from '../../electron/services/plans/line-actions';
import { findPlan } from '../../electron/services/plans/plan-store';
import { fileHash, tempContext, type TestContext } from '../helpers/db';
import { published, TEST_DIR } from '../helpers/fixtures';

/**
 * An import is audited as ONE history row holding every line it wrote (not a
 * row per line); undo and redo read that row. These prove that nothing is lost
 * by it: undo takes away exactly the imported lines, redo puts them back as
 * they were (ids, positions, every field, where each came from), a replace
 * gives the old lines back, and the history still says what happened.
 */
const rows2019 = () => readTable('p.tsv', fs.readFileSync(published('plan-2019-20-schemes.tsv')));
const rows2023 = () => readTable('faults.tsv', fs.readFileSync(`${TEST_DIR}/fixtures/plans/plan-2023-25-faults.tsv`));

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext();
  createArea(ctx, 'Bath and North East Somerset');
});
afterEach(() => ctx.close());

/** Every stored column of every line, and the schemes, less the times of writing (a redo writes anew). */
function stored() {
  const lines = ctx.db
    .prepare('SELECT * FROM scheme_line ORDER BY id')
    .all()
    .map((r) => {
      const { created_at: _c, updated_at: _u, ...rest } = r as Record<string, unknown>;
      return rest;
    });
  // A scheme's own name is whichever line first made it (as it always was when undo put lines back one by one).
  const schemes = ctx.db.prepare('SELECT plan_id, code FROM scheme ORDER BY plan_id, code').all();
  return { lines, schemes };
}
const auditCount = () => (ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('undo and redo of an import', () => {
  it('takes away exactly the imported lines, and puts them back identically', () => {
    const year = '2023-24';
    // A line typed in first: an appended import must leave it alone.
    createLine(ctx, year, { ...EMPTY_LINE, schemeId: '900', schemeName: 'Typed by hand', expenditurePence: 12_345 });
    const typed = stored();
    const before = auditCount();
    const outcome = importPlanTable(ctx, { file: 'faults.tsv', rows: rows2023(), year, mode: 'append' });
    expect(outcome.imported).toBe(4);
    const imported = stored();
    expect(imported.lines).toHaveLength(typed.lines.length + outcome.imported);
    // One history row for the lines, not one per line.
    expect(auditCount() - before).toBe(1);

    const planId = findPlan(ctx, year)!.id;
    expect(undo(ctx, planId).label).toBe('Import faults.tsv');
    expect(stored()).toEqual(typed);
    expect(redo(ctx, planId).label).toBe('Import faults.tsv');
    expect(stored()).toEqual(imported);
    // And again, after an edit made and undone on one of the imported lines.
    const line = imported.lines[3] as { id: number };
    applyEdits(ctx, year, { edits: [{ lineId: line.id, field: 'schemeName', text: 'Renamed' }] });
    undo(ctx, planId);
    expect(stored()).toEqual(imported);
    undo(ctx, planId);
    expect(stored()).toEqual(typed);
    redo(ctx, planId);
    expect(stored()).toEqual(imported);
  });

  it('after a replace, gives the old lines back as they were, edits and all', () => {
    importPlanTable(ctx, { file: 'p.tsv', rows: rows2019(), year: '2019-20', mode: 'refuse' });
    const planId = findPlan(ctx, '2019-20')!.id;
    const first = stored().lines[0] as { id: number };
    applyEdits(ctx, '2019-20', { edits: [{ lineId: first.id, field: 'schemeName', text: 'Edited before' }] });
    const old = stored();
    importPlanTable(ctx, { file: 'again.tsv', rows: rows2019(), year: '2019-20', mode: 'replace' });
    const replaced = stored();
    expect(replaced.lines).toHaveLength(51);
    expect(replaced.lines.some((l) => l.id === first.id)).toBe(false);

    expect(undo(ctx, planId).label).toBe('Import again.tsv (replacing 51 lines)');
    expect(stored()).toEqual(old);
    expect(redo(ctx, planId).label).toBe('Import again.tsv (replacing 51 lines)');
    expect(stored()).toEqual(replaced);
  });
});

describe('the history of an import', () => {
  it('shows one row naming the file, the count and the first lines; its undo likewise', () => {
    importPlanTable(ctx, { file: 'p.tsv', rows: rows2019(), year: '2019-20', mode: 'refuse' });
    const planId = findPlan(ctx, '2019-20')!.id;
    const view = historyView(ctx, { scope: { kind: 'plan', id: planId } });
    const imported = view.rows.filter((r) => r.action === 'Imported');
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({ field: 'Lines', was: '' });
    expect(imported[0]!.now).toMatch(/^51 lines from p\.tsv: 1 .+ and 48 more$/);
    expect(imported[0]!.what).toContain('Plan 2019-20');

    undo(ctx, planId);
    const [latest] = historyView(ctx, { scope: { kind: 'plan', id: planId } }).rows;
    expect(latest).toMatchObject({ action: 'Deleted', field: 'Lines', now: '', why: 'Undo: Import p.tsv' });
    expect(latest!.was).toMatch(/^51 lines: /);
    expect(historyCsv(ctx, { scope: { kind: 'plan', id: planId } }).csv).toContain('51 lines from p.tsv');
  });

  it('still names a line that a replacing import took away', () => {
    importPlanTable(ctx, { file: 'p.tsv', rows: rows2019(), year: '2019-20', mode: 'refuse' });
    const planId = findPlan(ctx, '2019-20')!.id;
    const first = stored().lines[0] as { id: number };
    applyEdits(ctx, '2019-20', { edits: [{ lineId: first.id, field: 'expenditurePence', text: '£1' }] });
    importPlanTable(ctx, { file: 'again.tsv', rows: rows2019(), year: '2019-20', mode: 'replace' });
    const edit = historyView(ctx, { scope: { kind: 'plan', id: planId } }).rows.find((r) => r.action === 'Changed');
    expect(edit?.what).toBe(
      'Plan 2019-20 · Scheme line 1 Community Services Contract Integrated Delivery Infrastructure',
    );
  });

  it("shows an imported line's own trail from its import, field by field, and lists it among the plan's lines", () => {
    importPlanTable(ctx, { file: 'p.tsv', rows: rows2019(), year: '2019-20', mode: 'refuse' });
    const planId = findPlan(ctx, '2019-20')!.id;
    const third = stored().lines[2] as { id: number };
    applyEdits(ctx, '2019-20', { edits: [{ lineId: third.id, field: 'expenditurePence', text: '£1' }] });
    const trail = historyView(ctx, { entity: 'scheme_line', entityId: third.id }).rows;
    expect(trail[0]).toMatchObject({ action: 'Changed', now: '£1.00' });
    const added = trail.filter((r) => r.action === 'Imported');
    expect(added.map((r) => [r.field, r.now])).toEqual(
      expect.arrayContaining([
        ['Scheme ID', '2'],
        ['Scheme Name', 'Community Services Contract Discharge Liaison Nurse'],
        ['From', 'p.tsv row 4'],
      ]),
    );
    // Only this line: no other line's fields, and not the batch's summary.
    expect(added.some((r) => r.field === 'Lines')).toBe(false);
    expect(added.filter((r) => r.field === 'Scheme Name')).toHaveLength(1);
    const listed = historyView(ctx, { scope: { kind: 'plan', id: planId } }).lines;
    expect(listed.filter((l) => l.entity === 'scheme_line')).toHaveLength(51);
  });

  it('keeps the whole of each line in that one row', () => {
    importPlanTable(ctx, { file: 'p.tsv', rows: rows2019(), year: '2019-20', mode: 'refuse' });
    const [row] = listAudit(ctx, { entity: 'scheme_line' });
    const batch = JSON.parse(row!.newValue!) as { file: string; columns: string[]; rows: unknown[][] };
    expect(batch.file).toBe('p.tsv');
    expect(batch.rows).toHaveLength(51);
    const at = (c: string) => batch.columns.indexOf(c);
    const firstLine = ctx.db.prepare('SELECT * FROM scheme_line ORDER BY position LIMIT 1').get() as {
      id: number;
      expenditure_pence: number;
      source_row: number;
    };
    expect(batch.rows[0]![at('id')]).toBe(firstLine.id);
    expect(batch.rows[0]![at('expenditurePence')]).toBe(firstLine.expenditure_pence);
    expect(batch.rows[0]![at('sourceRow')]).toBe(firstLine.source_row);
  });
  it('names each line by its own id, though lines go into SQLite many to a statement', () => {
    // A line typed and deleted first: the id counter is then ahead of the highest id in the table.
    const year = '2019-20';
    const typed = createLine(ctx, year, { ...EMPTY_LINE, schemeId: '900', schemeName: 'Typed', expenditurePence: 1 });
    deleteLine(ctx, typed.id);
    importPlanTable(ctx, { file: 'p.tsv', rows: rows2019(), year, mode: 'refuse' });
    const [row] = listAudit(ctx, { entity: 'scheme_line' }).filter((r) => r.action === 'import');
    const batch = JSON.parse(row!.newValue!) as { columns: string[]; rows: unknown[][] };
    const at = (c: string) => batch.columns.indexOf(c);
    const lines = ctx.db
      .prepare('SELECT id, scheme_name, source_row, position FROM scheme_line ORDER BY position')
      .all() as {
      id: number;
      scheme_name: string;
      source_row: number;
      position: number;
    }[];
    expect(lines).toHaveLength(51);
    expect(Math.min(...lines.map((l) => l.id))).toBeGreaterThan(typed.id);
    expect(batch.rows.map((r) => [r[at('id')], r[at('schemeName')], r[at('sourceRow')], r[at('position')]])).toEqual(
      lines.map((l) => [l.id, l.scheme_name, l.source_row, l.position]),
    );
  });
});

describe('a failed import', () => {
  it('writes no line, no history row and no undo step', () => {
    importPlanTable(ctx, { file: 'p.tsv', rows: rows2019(), year: '2019-20', mode: 'refuse' });
    const before = fileHash(ctx.dbPath);
    const audit = auditCount();
    const bad = rows2019().map((r) => [...r]);
    bad[10]![7] = 'lots';
    expect(() => importPlanTable(ctx, { file: 'bad.tsv', rows: bad, year: '2019-20', mode: 'replace' })).toThrow(
      /bad\.tsv row 11/,
    );
    expect(() => importPlanTable(ctx, { file: 'p.tsv', rows: rows2019(), year: '2019-20', mode: 'refuse' })).toThrow(
      /already has 51 lines/,
    );
    expect(auditCount()).toBe(audit);
    expect(fileHash(ctx.dbPath)).toBe(before);
    expect(undo(ctx, findPlan(ctx, '2019-20')!.id).label).toBe('Import p.tsv');
  });
});
