import { describe, expect, it } from 'vitest';
import { sumsAbove } from '../../shared/plans/import-lines';
import { EMPTY_LINE } from '../../shared/plans/line';

/** A printed total covers the lines of its own file printed above it, whatever order the plan holds them in. */
const line = (file: string | null, row: number, pence: number, year2: number | null = null) => ({
  ...EMPTY_LINE,
  expenditurePence: pence,
  expenditureYear2Pence: year2,
  source: file === null ? null : { file, row },
});

describe('the lines above a printed total', () => {
  it('are those of its file with a row above it, counted and summed exactly', () => {
    const lines = [
      line('a.tsv', 7, 700, 7),
      line('a.tsv', 2, 200),
      line('b.tsv', 3, 30_000),
      line(null, 1, 1_000_000),
      line('a.tsv', 5, 500, 5),
      line('a.tsv', 10, 1_000),
    ];
    const sums = sumsAbove(lines, [
      { file: 'a.tsv', row: 6, field: 'expenditurePence' }, // a page subtotal
      { file: 'a.tsv', row: 11, field: 'expenditurePence' }, // the grand total
      { file: 'a.tsv', row: 11, field: 'expenditureYear2Pence' }, // blank second years count as nothing
      { file: 'a.tsv', row: 1, field: 'expenditurePence' }, // nothing above it
      { file: 'b.tsv', row: 4, field: 'expenditurePence' },
      { file: 'c.tsv', row: 9, field: 'expenditurePence' },
    ]);
    expect(sums).toEqual([
      { count: 2, pence: 700 },
      { count: 4, pence: 2_400 },
      { count: 4, pence: 12 },
      { count: 0, pence: 0 },
      { count: 1, pence: 30_000 },
      { count: 0, pence: 0 },
    ]);
  });

  it('refuses a sum too large to hold exactly, as adding them one by one does', () => {
    const big = Number.MAX_SAFE_INTEGER - 1;
    expect(() =>
      sumsAbove([line('a.tsv', 2, big), line('a.tsv', 3, big)], [{ file: 'a.tsv', row: 4, field: 'expenditurePence' }]),
    ).toThrow(/too large/);
  });
});
