import path from 'node:path';
import type { Row } from '../../../shared/imports/table';
import { readTable } from './read-table';
import { readXlsxTable } from './read-xlsx';

/**
 * Any table a user can import — TSV, CSV or xlsx — as rows of cell text, told
 * apart by content rather than by name (a .csv that is really a workbook is
 * read as a workbook). `isHeader` picks the sheet that holds the table.
 */
export async function readAnyTable(
  name: string,
  bytes: Uint8Array,
  isHeader: (row: Row) => boolean,
): Promise<{ file: string; rows: Row[]; sheet?: string }> {
  const file = path.basename(name);
  const zipOrOle = (bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0xd0 && bytes[1] === 0xcf);
  if (zipOrOle) {
    const { sheet, rows } = await readXlsxTable(file, bytes, isHeader);
    return { file, rows, sheet };
  }
  return { file, rows: readTable(file, bytes) };
}
