import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import type { LineInput } from '../../shared/plans/line';
import { createArea } from '../../electron/services/areas/areas';
import { listAudit } from '../../electron/services/audit/audit';
import { readTable } from '../../electron/services/files/read-table';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { createLine, deleteLine, getPlanView, updateLine } from '../../electron/services/plans/lines';
import { exportPlanCsv } from '../../electron/services/plans/export-csv';
import { loadSample } from '../../electron/services/sample/sample';
import { fileHash, tempContext, type TestContext } from '../helpers/db';
import { published } from '../helpers/fixtures';
import { smallXlsx } from '../helpers/hostile-corpus';

const LINE: LineInput = {
  schemeId: '4', schemeName: 'Falls Response Service', schemeType: '11. Intermediate care services', areaOfSpend: 'Social Care',
  sourceOfFunding: 'CCG Minimum Contribution', priorYearPence: 0, virementPence: 31_831_200, expenditurePence: 31_831_200,
  newOrExisting: 'Existing', schemeUpdate: '',
};

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext();
});
afterEach(() => ctx.close());

describe('scheme lines', () => {
  beforeEach(() => createArea(ctx, 'Bath and North East Somerset'));

  it('are created, changed and deleted, each change audited with old and new values', () => {
    const line = createLine(ctx, '2019-20', LINE);
    const changed = updateLine(ctx, line.id, { ...LINE, expenditurePence: 32_000_000, schemeId: '4a' }, 'revised business case');
    expect(changed).toMatchObject({ schemeId: '4a', expenditurePence: 32_000_000 });
    deleteLine(ctx, line.id);
    expect(getPlanView(ctx, '2019-20').lines).toEqual([]);

    const trail = listAudit(ctx, { entity: 'scheme_line', entityId: line.id }).reverse();
    expect(trail.map((e) => [e.action, e.field, e.oldValue, e.newValue, e.reason, e.actor])).toEqual([
      ['create', null, null, JSON.stringify(LINE), null, 'tester'],
      ['update', 'schemeId', '4', '4a', 'revised business case', 'tester'],
      ['update', 'expenditurePence', '31831200', '32000000', 'revised business case', 'tester'],
      ['delete', null, expect.stringContaining('"schemeId":"4a"'), null, null, 'tester'],
    ]);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM scheme').get()).toEqual({ n: 0 });
  });

  it('keep lines of one Scheme ID together under one scheme', () => {
    createLine(ctx, '2019-20', LINE);
    createLine(ctx, '2019-20', { ...LINE, schemeName: 'Falls Response Service (ambulance)', sourceOfFunding: 'Grant' });
    expect(ctx.db.prepare('SELECT code, name FROM scheme').all()).toEqual([{ code: '4', name: 'Falls Response Service' }]);
    expect(getPlanView(ctx, '2019-20').totals.bySourceOfFunding.map((r) => [r.key, r.pence])).toEqual([
      ['CCG Minimum Contribution', 31_831_200],
      ['Grant', 31_831_200],
    ]);
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
    expect(csv.split('\r\n')[1]).toBe(`2019-20,4,"'=HYPERLINK(""http://x"")",11. Intermediate care services,Social Care,CCG Minimum Contribution,0.00,-14270.00,318312.00,Existing,`);
  });
});

describe('importing a plan', () => {
  const rows = () => readTable('plan-2019-20-schemes.tsv', fs.readFileSync(published('plan-2019-20-schemes.tsv')));

  it('needs an area first', () => {
    expect(() => importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'refuse' })).toThrow(/No area is set up/);
  });

  it('writes every line in one go, refuses to mix silently, and replaces or appends when asked', () => {
    createArea(ctx, 'Bath and North East Somerset');
    importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'refuse' });
    const before = fileHash(ctx.dbPath);
    expect(() => importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'refuse' })).toThrow(/already has 51 lines/);
    expect(fileHash(ctx.dbPath)).toBe(before);
    expect(importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'replace' })).toMatchObject({ imported: 51, replaced: 51 });
    expect(getPlanView(ctx, '2019-20').lines).toHaveLength(51);
    importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'append' });
    expect(getPlanView(ctx, '2019-20').totals.expenditurePence).toBe(2 * 7_134_216_100);
  });

  it('writes nothing at all when one cell is bad', () => {
    createArea(ctx, 'Bath and North East Somerset');
    const bad = rows().map((r) => [...r]);
    bad[40]![7] = '12,34';
    const before = fileHash(ctx.dbPath);
    let error: ApiError | undefined;
    try {
      importPlanTable(ctx, { file: 'bad.tsv', rows: bad, year: '2019-20', mode: 'refuse' });
    } catch (err) {
      error = err as ApiError;
    }
    expect(error?.message).toBe('bad.tsv row 41, column "2019/20 Expenditure £" (H): "12,34" is not an amount: commas must separate groups of three digits, as in 1,234,567');
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('writes nothing on a dry run', () => {
    createArea(ctx, 'Bath and North East Somerset');
    const before = fileHash(ctx.dbPath);
    expect(importPlanTable(ctx, { file: 'p.tsv', rows: rows(), year: '2019-20', mode: 'refuse', dryRun: true })).toMatchObject({ imported: 51, dryRun: true });
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('loads the published sample for a new user', () => {
    expect(loadSample(ctx)).toEqual({ area: { id: 1, name: 'Bath and North East Somerset' }, year: '2019-20', lines: 51 });
    expect(getPlanView(ctx, '2019-20').lines[0]!.source).toEqual({ file: 'plan-2019-20-schemes.tsv', row: 2 });
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
    const csv = 'Scheme ID,Scheme Name,Source of Funding,2019/20 Expenditure £\n1,"Carers, young and old","Grant","£1,000"\n';
    expect(readTable('plan.csv', Buffer.from(csv))[1]).toEqual(['1', 'Carers, young and old', 'Grant', '£1,000']);
  });

  it.each([
    ['empty.tsv', Buffer.alloc(0), /empty.tsv is empty/],
    ['plan.xlsx', Buffer.from(smallXlsx([['Scheme ID'], [1]])), /plan.xlsx is a spreadsheet workbook \(xlsx\); save it as "Text \(Tab delimited\)" or CSV/],
    ['cut.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), /cut.xlsx is damaged or incomplete/],
    ['garbage.tsv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]), /not a text table/],
    ['quote.csv', Buffer.from('a,b\n1,"unclosed\n'), /quote.csv row 2: a quoted cell is never closed/],
  ])('refuses %s clearly', (name, bytes, why) => {
    expect(() => readTable(name, bytes)).toThrow(why);
  });
});
