import { ApiError } from '../../../shared/api';
import type { Row } from '../../../shared/imports/table';
import { XlsxPackage } from '../workbooks/package';

/**
 * Reads the first sheet whose rows satisfy `isHeader` (the sheet holding the
 * table), or the first sheet when none does, as rows of cell text: row i is
 * the sheet's row i + 1, column j its column j + 1. The workbook is opened by
 * the one xlsx reader (XlsxPackage over files/xlsx-zip.ts), within the bounds
 * of files/limits.ts, and each sheet is laid out only when it is looked at.
 */
export async function readXlsxTable(
  file: string,
  bytes: Uint8Array,
  isHeader: (row: Row) => boolean,
): Promise<{ sheet: string; rows: Row[] }> {
  const pkg = new XlsxPackage(file, bytes);
  const sheets = pkg.sheets.filter((s) => s.state !== 'veryHidden');
  if (sheets.length === 0) throw new ApiError('refused', `${file} has no worksheets.`);
  for (const sheet of sheets) {
    const rows = pkg.table(sheet);
    if (rows.some(isHeader)) return { sheet: sheet.name, rows };
  }
  return { sheet: sheets[0]!.name, rows: pkg.table(sheets[0]!) };
}
