import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReferenceValue, importReferenceList, referenceSet } from '../../electron/services/reference/reference';
import { ApiError } from '../../shared/api';
import { fileHash, tempContext, type TestContext } from '../helpers/db';

/**
 * A reference list read from a file goes through the same table check as
 * every importer (shared/imports/hygiene.ts): it is not in the hostile-corpus
 * registry because it has no money column, so its share of the corpus is here.
 */
describe('importing a reference list', () => {
  let ctx: TestContext;
  let before: string;
  beforeAll(() => {
    ctx = tempContext();
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    before = fileHash(ctx.dbPath);
  });
  afterAll(() => ctx.close());

  const refused = (rows: string[][]): ApiError => {
    try {
      importReferenceList(ctx, { template: '2023-25', list: 'providers', file: 'providers.csv', rows });
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      return err as ApiError;
    }
    throw new Error('the list was accepted');
  };

  it('refuses invisible characters, headings twice, values under no heading and over-long cells, naming each, and writes nothing', () => {
    expect(refused([['Provider'], ['Falls\u001b]0;pwned\u0007 team']]).message).toBe(
      'providers.csv row 2, column "Provider" (A): contains an invisible control character (U+001B); retype the text or remove it; nothing was imported.',
    );
    expect(refused([['Provider'], ['Charity \u202eytirahc']]).message).toMatch(
      /row 2, column "Provider" \(A\): contains an invisible control character \(U\+202E\)/,
    );
    expect(
      refused([
        ['Provider', 'Provider'],
        ['A', 'B'],
      ]).message,
    ).toMatch(/^providers\.csv row 1, column "Provider" \(B\): a second column with this heading/);
    expect(refused([['Provider'], ['A', 'stray']]).message).toMatch(
      /^providers\.csv row 2, column B: a value beyond the last heading: "stray"/,
    );
    const long = refused([['Provider'], ['x'.repeat(20_000)]]);
    expect(long.message).toMatch(/more than 10,000 characters/);
    expect(long.message.length).toBeLessThan(600);
    expect(refused([['Provider'], ['y'.repeat(301)]]).message).toMatch(
      /row 2, column A: the value is more than 300 characters/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('still takes a clean list', () => {
    const probe = tempContext();
    try {
      const out = importReferenceList(probe, {
        template: '2023-25',
        list: 'providers',
        file: 'providers.csv',
        rows: [['Provider'], ['Local Authority'], ['Hospice']],
      });
      expect(out.count).toBe(2);
      expect(referenceSet(probe, '2023-25').lists.providers).toEqual(['Local Authority', 'Hospice']);
    } finally {
      probe.close();
    }
  });

  it('refuses a typed value with a control character, as it refuses one in a file', () => {
    expect(() => addReferenceValue(ctx, '2023-25', 'providers', 'Hospice\u202e')).toThrow(
      /The value contains an invisible control character \(U\+202E\)/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
  });
});
