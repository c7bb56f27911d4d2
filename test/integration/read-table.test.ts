import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../electron/services/files/read-table';
import { ApiError } from '../../shared/api';

/** Whatever bytes a user picks, readTable gives rows or a refusal naming the file: never anything else. */
describe('readTable, fuzzed', () => {
  const outcome = (name: string, bytes: Uint8Array) => {
    try {
      return { rows: readTable(name, bytes) };
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).message.startsWith(name)).toBe(true);
      return { refused: (err as ApiError).message };
    }
  };

  it('never throws anything but a refusal on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom('f.csv', 'f.tsv', 'f.txt', 'f'), (bytes, name) => void outcome(name, bytes)), { numRuns: 2000 });
  });

  it('never throws anything but a refusal on text in any encoding, with a byte or two spoilt', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.constantFrom<BufferEncoding>('utf8', 'latin1', 'utf16le'),
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 2 }),
        (text, encoding, flips) => {
          const bytes = Buffer.from(text, encoding);
          for (const f of flips) if (bytes.length > 0) bytes[f.at % bytes.length] = f.byte;
          void outcome('f.csv', bytes);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads UTF-8, UTF-16 with its mark and Windows-1252 alike, and refuses a mixture naming the row', () => {
    const text = 'Scheme ID\tScheme Name\tExpenditure\n1\tCafé club\t£1,000\n';
    const expected = [['Scheme ID', 'Scheme Name', 'Expenditure'], ['1', 'Café club', '£1,000']];
    expect(readTable('a.tsv', Buffer.from(text, 'utf8'))).toEqual(expected);
    expect(readTable('a.tsv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual(expected);
    expect(readTable('a.tsv', Buffer.from(text, 'latin1'))).toEqual(expected);
    const mixed = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from('2\tReablement\t£2,000\n', 'latin1')]);
    expect(() => readTable('a.tsv', mixed)).toThrow(/^a\.tsv row 3: the file mixes text encodings/);
    const bomMixed = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x\t£1\n', 'latin1')]);
    expect(() => readTable('b.tsv', bomMixed)).toThrow(/^b\.tsv row 1: the file mixes text encodings/);
  });
});
