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
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.constantFrom('f.csv', 'f.tsv', 'f.txt', 'f'),
        (bytes, name) => void outcome(name, bytes),
      ),
      { numRuns: 2000 },
    );
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
    const expected = [
      ['Scheme ID', 'Scheme Name', 'Expenditure'],
      ['1', 'Café club', '£1,000'],
    ];
    expect(readTable('a.tsv', Buffer.from(text, 'utf8'))).toEqual(expected);
    expect(readTable('a.tsv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual(
      expected,
    );
    expect(readTable('a.tsv', Buffer.from(text, 'latin1'))).toEqual(expected);
    const mixed = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from('2\tReablement\t£2,000\n', 'latin1')]);
    expect(() => readTable('a.tsv', mixed)).toThrow(/^a\.tsv row 3, column C: the file mixes text encodings/);
    const bomMixed = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x\t£1\n', 'latin1')]);
    expect(() => readTable('b.tsv', bomMixed)).toThrow(/^b\.tsv row 1, column B: the file mixes text encodings/);
  });

  it('refuses UTF-16 with half a surrogate pair or a stray final byte, and a broken UTF-8 byte after a BOM, naming row and column', () => {
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const head = 'Scheme ID\tScheme Name\tExpenditure\n1\tCafé club\t£1,000\n';
    expect(() => readTable('h.tsv', utf16(`${head}2\tReable\uD800ment\t£2\n`))).toThrow(
      /^h\.tsv row 3, column B: the file is UTF-16 but holds half of a UTF-16 surrogate pair \(0xD800\) with no other half, so a character there cannot be read\. Save the whole file again as "CSV UTF-8" or "Unicode Text"/,
    );
    expect(() => readTable('l.tsv', utf16(`${head}2\tx\t£2\uDC00\n`))).toThrow(
      /^l\.tsv row 3, column C: .*surrogate pair \(0xDC00\)/,
    );
    const big = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(utf16(head).subarray(2).swap16()),
      Buffer.from([0x00]),
    ]);
    expect(readTable('ok.tsv', big.subarray(0, big.length - 1))).toHaveLength(2);
    expect(() => readTable('s.tsv', big)).toThrow(
      /^s\.tsv row 3, column A: the file is UTF-16 but holds a stray single byte at the very end/,
    );
    const quoted = utf16('Name,Note\n"a, b\nc",\uDBFF\n');
    expect(() => readTable('q.csv', quoted)).toThrow(/^q\.csv row 2, column B: /);
    const bom8 = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('A\tB\nok\t', 'utf8'),
      Buffer.from([0xc3, 0x28]),
    ]);
    expect(() => readTable('u.tsv', bom8)).toThrow(/^u\.tsv row 2, column B: the file mixes text encodings/);
  });

  it('reads a pair of surrogates that belong together (an emoji) as the one character it is', () => {
    const text = 'Name\tNote\nCafé 😀\tok\n';
    expect(readTable('e.tsv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))[1]).toEqual([
      'Café 😀',
      'ok',
    ]);
  });
});
