import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, safeFileName, toCsv } from '../../shared/exports/csv';
import { parseDelimited } from '../../shared/imports/delimited';

describe('CSV export', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])('keeps %j as text', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });
  it('leaves plain numbers, including negative ones, as numbers', () => {
    expect(neutraliseFormula('-14270.00')).toBe('-14270.00');
    expect(neutraliseFormula('850000.00')).toBe('850000.00');
  });
  it('quotes commas, quotes and line breaks', () => {
    expect(toCsv([['a,b', 'say "hi"', 'two\nlines', 3, null]])).toBe('"a,b","say ""hi""","two\nlines",3,\r\n');
  });
  it('makes file names safe on every OS', () => {
    expect(safeFileName('Bath/North: "East"? <Somerset>|*')).toBe('Bath North East Somerset');
    expect(safeFileName('..\\..\\etc\\passwd')).toBe('etc passwd');
    expect(safeFileName('CON')).toBe('export');
    expect(safeFileName('')).toBe('export');
  });
});

describe('CSV export, against formula injection', () => {
  it.each([
    '  =1+1',
    '\u00a0=cmd|"/c calc"!A1',
    '\n=1+1',
    '\uff1dSUM(A1)',
    '\uff0b1',
    '\uff20A1',
    '-1+2',
    '+44 1225 477000',
    '=-1',
  ])('keeps %j as text', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text and plain numbers alone', () => {
    for (const t of [
      'Falls Response Service',
      'Carers, young and old',
      '100% of costs',
      '(see note 3)',
      '14270',
      '-0.50',
      '',
    ])
      expect(neutraliseFormula(t)).toBe(t);
  });

  it('writes no cell that a spreadsheet could run, whatever the text, and reads back as written', () => {
    const trigger = /^[\s\u00a0\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.string({
              unit: fc.oneof(
                fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ' ', '"', ',', '\uff1d', '1', '.'),
                fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
              ),
              maxLength: 10,
            }),
            { minLength: 1, maxLength: 5 },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (rows) => {
          const parsed = parseDelimited('x.csv', toCsv(rows), ',');
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          parsed.rows.forEach((row, r) =>
            row.forEach((cell, c) => {
              const original = rows[r]![c]!;
              expect(cell).toBe(neutraliseFormula(original));
              if (trigger.test(cell)) expect(cell.startsWith("'") || /^-?\d+(\.\d+)?$/.test(cell)).toBe(true);
            }),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
