import { EMPTY_LINE } from '../../shared/plans/line';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { createArea } from '../../electron/services/areas/areas';
import { readTable } from '../../electron/services/files/read-table';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { exportPlanCsv, planCsvName } from '../../electron/services/plans/export-csv';
import { parseDelimited } from '../../shared/imports/delimited';
import { tempContext, type TestContext } from '../helpers/db';

/** Text that came in from someone else's file must leave the app unable to do harm: in a cell, or in a file name. */
let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext();
});
afterEach(() => ctx.close());

const HOSTILE = [
  '=HYPERLINK("http://evil.example","Click")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1)',
  ' =1+1',
  '\uff1dSUM(A1:A9)',
];

describe('what leaves the app', () => {
  it('a plan imported from a file full of formulas exports as CSV with every one of them kept as text', () => {
    createArea(ctx, 'Testshire');
    const rows = [
      ['Scheme ID', 'Scheme Name', 'Scheme Type', 'Area of Spend', 'Source of Funding', 'Expenditure', 'Scheme update'],
    ];
    HOSTILE.forEach((h, i) => rows.push([String(i + 1), h, h, h, h, '£100', h]));
    const tsv = rows.map((r) => r.join('\t')).join('\n');
    importPlanTable(ctx, {
      file: 'formulas.tsv',
      rows: readTable('formulas.tsv', Buffer.from(tsv)),
      year: '2019-20',
      mode: 'refuse',
    });

    const csv = exportPlanCsv(ctx, '2019-20');
    const parsed = parseDelimited('out.csv', csv, ',');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const body = parsed.rows.slice(1);
    expect(body).toHaveLength(HOSTILE.length);
    for (const [i, row] of body.entries()) {
      // (Imported text is trimmed, so " =1+1" arrives as "=1+1".)
      for (const col of [2, 3, 4, 5, 10]) expect(row[col], `row ${i + 2} column ${col}`).toBe(`'${HOSTILE[i]!.trim()}`);
      expect(row[8]).toBe('100.00');
    }
  });

  it('names an export file safely whatever the area is called', async () => {
    createArea(ctx, '../../Windows/System32/con: "Bath" <North> | East?*');
    const name = planCsvName(ctx, '2019-20');
    expect(name).toBe('Windows System32 con Bath North East BCF plan 2019-20.csv');
    expect(await dispatch(ctx, 'plan.exportCsv', { year: '2019-20' }, { error: () => undefined })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await dispatch(
      ctx,
      'line.create',
      { year: '2019-20', line: { ...EMPTY_LINE, schemeId: '1', schemeName: 'A', expenditurePence: 100 } },
      { error: () => undefined },
    );
    expect(await dispatch(ctx, 'plan.exportCsv', { year: '2019-20' }, { error: () => undefined })).toMatchObject({
      ok: true,
      value: { fileName: name },
    });
  });
});
