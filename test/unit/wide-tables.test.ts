import { describe, expect, it } from 'vitest';
import { importPlanLines } from '../../shared/plans/import-lines';
import { importLedger } from '../../shared/pools/import-lines';
import { importPublishedPools } from '../../shared/pools/import-published';
import { appendAll, maxOf, minOf } from '../../shared/values/arrays';

/**
 * A table with far more headings than any real one: each importer lists the
 * problems, however many, rather than overflowing the stack (issue 19). The
 * text readers refuse such a table before it gets here; these call the
 * importers directly, as a workbook reader does.
 */
// Past the ~120,000 arguments a spread into push() or Math.max() can pass before the stack overflows.
const WIDE = 200_000;
const header = (needed: string[]) => [...needed, ...Array.from({ length: WIDE }, (_, i) => `Extra ${i}`)];

describe('importers given a table of 200,000 headings', () => {
  it('say what is wrong without overflowing the stack', { timeout: 120_000 }, () => {
    const plan = importPlanLines(
      'wide.tsv',
      [header(['Scheme ID', 'Scheme Name', '2019/20 Expenditure £']), ['1', 'A', '£1']],
      '2019-20',
    );
    expect(plan.problems.length).toBeGreaterThan(0);
    const pools = importPublishedPools('wide.tsv', [header(['Pooled Budget']), ['x']]);
    expect(pools.problems.length).toBeGreaterThan(0);
    expect(() => importLedger('wide.tsv', [header(['Line', 'Outturn']), ['H', '£1']], ['H'])).not.toThrow();
  });

  it('use helpers that take any number of values', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => i);
    const into: number[] = [];
    appendAll(into, many);
    expect(into).toHaveLength(1_000_000);
    expect(maxOf(many)).toBe(999_999);
    expect(minOf(many, 5)).toBe(0);
    expect(maxOf([], 3)).toBe(3);
  });
});
