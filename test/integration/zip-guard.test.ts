import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/files/limits';
import { countSheetRows, inflatePart, openXlsx, readDirectory } from '../../electron/services/files/xlsx-zip';
import { BAD_DIR, manyRowXlsx, smallXlsx, zipBomb } from '../helpers/hostile-corpus';

/**
 * The guard every xlsx importer puts in front of a workbook: it refuses what
 * is damaged, too big or a bomb, from the zip's directory alone where it can,
 * and otherwise by decompressing in small steps that stop at the limit.
 */
describe('the workbook guard', () => {
  it('passes a small well-formed workbook and counts its rows', () => {
    const bytes = smallXlsx([
      ['Scheme ID', 'Expenditure'],
      [1, 100],
      [2, 200],
    ]);
    const sheet = readDirectory('plan.xlsx', bytes).find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
    expect(countSheetRows('plan.xlsx', bytes, sheet, 10)).toMatchObject({ rows: 3, overLimit: false });
    const opened = openXlsx('plan.xlsx', bytes);
    expect(new TextDecoder().decode(opened.parts.get('xl/worksheets/sheet1.xml'))).toContain('<t>Scheme ID</t>');
  });

  it('counts rows exactly however the decompressed text falls into pieces', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 40 }), (rows, pad) => {
        const bytes = smallXlsx(Array.from({ length: rows }, (_, i) => [i, 'x'.repeat(pad)]));
        const sheet = readDirectory('p.xlsx', bytes).find((p) => p.name.startsWith('xl/worksheets/'))!;
        expect(countSheetRows('p.xlsx', bytes, sheet, 1_000_000).rows).toBe(rows);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a workbook with a million rows without decompressing all of it', () => {
    const bytes = manyRowXlsx();
    const sheet = readDirectory('big.xlsx', bytes).find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
    expect(sheet.size).toBeLessThan(LIMITS.entryBytes); // so it is the row limit, not the size, that stops it
    expect(() => openXlsx('big.xlsx', bytes)).toThrow(
      'big.xlsx: the worksheet sheet1.xml has more than 100,000 rows; a BCF workbook has far fewer. Nothing was imported.',
    );
    const counted = countSheetRows('big.xlsx', bytes, sheet, LIMITS.rows);
    expect(counted.overLimit).toBe(true);
    // It stopped a little past the 100,000th row: about a tenth of the sheet was ever decompressed.
    expect(counted.inflated).toBeLessThan(sheet.size / 5);
  });

  it('refuses an honest zip bomb from its directory alone', () => {
    expect(() => openXlsx('bomb.xlsx', zipBomb('honest'))).toThrow(
      /bomb\.xlsx: the part "xl\/worksheets\/sheet1\.xml" would expand to 304 MB; the largest this app opens is 80 MB\. Nothing was decompressed\./,
    );
  });

  it('stops a bomb whose directory lies as soon as it passes its declared size', () => {
    const bytes = zipBomb('lying');
    const sheet = readDirectory('liar.xlsx', bytes).find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
    expect(sheet.size).toBe(4096);
    let seen = 0;
    expect(() => openXlsx('liar.xlsx', bytes)).toThrow(
      /liar\.xlsx: the part "xl\/worksheets\/sheet1\.xml" expands beyond the .* its directory declares \(a "zip bomb"\)/,
    );
    expect(() => countSheetRows('liar.xlsx', bytes, sheet, 10)).toThrow(/zip bomb/);
    expect(() => openXlsx('liar.xlsx', bytes)).toThrow(/zip bomb/);
    // What was handed on before it stopped never exceeded what the directory declared.
    expect(() =>
      inflatePart('liar.xlsx', bytes, sheet, LIMITS.entryBytes, (chunk) => {
        seen += chunk.length;
      }),
    ).toThrow(/zip bomb/);
    expect(seen).toBeLessThanOrEqual(4096);
  });

  it('refuses damaged, truncated and foreign files, naming them', () => {
    const truncated = fs.readFileSync(path.join(BAD_DIR, 'truncated.xlsx'));
    expect(() => openXlsx('t.xlsx', truncated)).toThrow(
      /^t\.xlsx is damaged or incomplete \(the end of the zip is missing\)/,
    );
    expect(() => openXlsx('z.xlsx', fs.readFileSync(path.join(BAD_DIR, 'not-a-workbook.zip')))).toThrow(
      /z\.xlsx is a zip archive but not an Excel workbook/,
    );
    expect(() => openXlsx('g.xlsx', fs.readFileSync(path.join(BAD_DIR, 'binary-garbage.tsv')))).toThrow(
      /g\.xlsx is not an xlsx workbook/,
    );
    const good = Buffer.from(smallXlsx([[1]]));
    // Cut inside the directory, and a directory pointing past the end.
    expect(() => openXlsx('c.xlsx', good.subarray(0, good.length - 30))).toThrow(/damaged or incomplete/);
    const bent = Buffer.from(good);
    bent.writeUInt32LE(bent.length * 2, bent.length - 6);
    expect(() => openXlsx('b.xlsx', bent)).toThrow(
      /damaged or incomplete: its table of contents points outside the file/,
    );
  });

  it('never throws anything but a clear refusal, whatever the bytes', () => {
    const good = Buffer.from(
      smallXlsx([
        ['a', 1],
        ['b', 2],
      ]),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        (flips) => {
          const bytes = Buffer.from(good);
          for (const f of flips) bytes[f.at % bytes.length] = f.byte;
          try {
            openXlsx('fuzz.xlsx', bytes);
          } catch (err) {
            expect((err as Error).name).toBe('ApiError');
            expect((err as Error).message).toMatch(/^fuzz\.xlsx/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
