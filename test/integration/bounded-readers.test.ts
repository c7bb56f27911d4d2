import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { GridBuilder } from '../../electron/services/files/grid';
import { readXlsxTable } from '../../electron/services/files/read-xlsx';
import { runTs } from '../helpers/child';
import { tempDir } from '../helpers/db';
import { smallXlsx, sparseXlsx } from '../helpers/hostile-corpus';

/**
 * What a file costs grows with what it holds, not with the row and column
 * numbers it declares (issue 19, point 1). Each hostile file is made here,
 * small, and read in a process of its own by both ways into the one xlsx
 * reader (a table importer's, and the workbook importer's every sheet);
 * the child's peak resident memory is what is measured.
 */
const MAX_RSS_MB = 300;
const READERS = ['table', 'package'] as const;

interface Read {
  outcome: 'read' | 'refused';
  message: string;
  rows: number;
  maxRssMb: number;
}

async function readInChild(reader: (typeof READERS)[number], name: string, bytes: Uint8Array): Promise<Read> {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  const r = await runTs('test/helpers/children/read-file.ts', [reader, file]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Read;
}

describe.each(READERS)('the %s reader, given a small file that declares a huge one', (reader) => {
  it('refuses 5,000 rows each holding one cell in column XFD, naming the bound, within 300 MB', async () => {
    const bytes = sparseXlsx('far-column');
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const read = await readInChild(reader, 'far-column.xlsx', bytes);
    expect(read).toMatchObject({ outcome: 'refused' });
    expect(read.message).toMatch(
      /far-column\.xlsx, sheet "5\. Expenditure", spreads over more than 2,000,000 cells \(row \d+ reaches column XFD\); the most this app reads is 2,000,000/,
    );
    expect(read.maxRssMb).toBeLessThanOrEqual(MAX_RSS_MB);
  });

  it('refuses a row numbered 9,999,999 written ahead of the others, within 300 MB', async () => {
    const read = await readInChild(reader, 'far-row.xlsx', sparseXlsx('far-row'));
    expect(read).toMatchObject({ outcome: 'refused' });
    expect(read.message).toMatch(/9,999,999.*the most this app reads is 100,000/);
    expect(read.maxRssMb).toBeLessThanOrEqual(MAX_RSS_MB);
  });

  it('still reads a table that is within bounds', async () => {
    const read = await readInChild(
      reader,
      'fine.xlsx',
      smallXlsx([
        ['Scheme ID', 'Scheme Name'],
        ['1', 'Reablement'],
      ]),
    );
    expect(read).toMatchObject({ outcome: 'read', rows: 2 });
  });
});

describe('the text reader, given a table of a million headings', () => {
  it('refuses it naming the widest table it reads, without overflowing the stack, within 300 MB', async () => {
    const headings = [
      'Scheme ID',
      'Scheme Name',
      'Expenditure',
      ...Array.from({ length: 1_000_000 }, (_, i) => `h${i}`),
    ];
    const read = await readInChild('table', 'wide.tsv', Buffer.from(`${headings.join('\t')}\n1\tA\t£1\n`));
    expect(read.message).toMatch(
      /^wide\.tsv row 1 has a value in column [A-Z]+, 1,000,003 columns across; the widest table this app reads has 1,000 columns/,
    );
    expect(read.maxRssMb).toBeLessThanOrEqual(MAX_RSS_MB);
  });
});

describe('the rows every xlsx reader lays a sheet out as', () => {
  it('fill the gaps a sheet leaves with empty cells and rows, and count them against the bound', () => {
    const grid = new GridBuilder('g.xlsx, sheet "S",', 100, 20);
    grid.set(0, 0, 'Scheme ID');
    grid.set(0, 2, 'Expenditure');
    grid.set(3, 1, 'x');
    expect(grid.done()).toEqual([['Scheme ID', '', 'Expenditure'], [], [], ['', 'x']]);
    expect(() => grid.set(4, 19, 'far')).toThrow(
      'g.xlsx, sheet "S", spreads over more than 20 cells (row 5 reaches column T); the most this app reads is 20.',
    );
    expect(() => grid.set(100, 0, 'low')).toThrow(
      'g.xlsx, sheet "S", has a row numbered 101; the most this app reads is 100 rows.',
    );
  });
});

describe('a workbook the spreadsheet library cannot read', () => {
  it("is refused saying what to do first, the library's words after, labelled", async () => {
    const bytes = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="A"'),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships/>'),
    });
    await expect(readXlsxTable('odd.xlsx', bytes, () => true)).rejects.toThrow(
      /^odd\.xlsx cannot be read as a workbook: it is damaged, or written in a way Excel itself would not\. Open it in Excel, save it again as an Excel Workbook \(\.xlsx\) and import it again\. \(The reader said: .+\.\)$/,
    );
  });
});
