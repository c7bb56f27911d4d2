import { describe, expect, it } from 'vitest';
import { neutraliseFormula, safeFileName, toCsv } from '../../shared/exports/csv';

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
