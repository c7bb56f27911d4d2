import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArea } from '../../electron/services/areas/areas';
import { exportStatementXlsx } from '../../electron/services/pools/exports';
import { saveContribution } from '../../electron/services/pools/contributions';
import { createPool } from '../../electron/services/pools/create';
import { setOutturn } from '../../electron/services/pools/figures';
import { tempContext, type TestContext } from '../helpers/db';

/**
 * Pool names Excel would refuse as sheet names (issue 19): the statement is
 * still written, each pool on a sheet of its own whose title names the pool.
 */

const APOSTROPHE_31 = `${'Integrated care for the elderly'.slice(0, 30)}'s pool`;
const NAMES = ['History', APOSTROPHE_31, "'Quoted'", 'Summary', 'Health/Care [A]: *?'];
let ctx: TestContext;

beforeAll(() => {
  ctx = tempContext();
  createArea(ctx, 'Bath and North East Somerset');
  for (const name of NAMES) {
    const pool = createPool(ctx, {
      year: '2019-20',
      name,
      legalBasis: 'other',
      partners: [
        { name: 'Council', kind: 'social care', ratio: '1' },
        { name: 'ICB', kind: 'health', ratio: '1' },
      ],
      host: 'Council',
    });
    saveContribution(ctx, { poolId: pool.id, partner: 'Council', label: 'Budget', amountPence: 10_000 });
    setOutturn(ctx, pool.id, 'outturn', undefined, 10_001);
  }
});
afterAll(() => ctx.close());

describe('the pool statement xlsx, for pools whose names Excel would refuse as sheet names', () => {
  it('is written, with a safe and unique sheet for each pool', async () => {
    const { bytes } = await exportStatementXlsx(ctx, '2019-20', 'outturn');
    const book = new (await import('exceljs')).default.Workbook();
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names).toHaveLength(NAMES.length + 1);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/^'|'$|[:\\/?*[\]]/);
      expect(n.toLowerCase()).not.toBe('history');
    }
    const titled = (pool: string) =>
      book.worksheets.find((w) => w.getCell('A1').value === `${pool}: pooled budget statement 2019-20`)?.name;
    expect(titled('History')).toBe('History (2)');
    expect(titled(APOSTROPHE_31)).toBe(APOSTROPHE_31.slice(0, 30));
    expect(titled("'Quoted'")).toBe('Quoted');
    expect(titled('Summary')).toBe('Summary (2)');
    expect(titled('Health/Care [A]: *?')).toBe('Health Care A');
  });
});
