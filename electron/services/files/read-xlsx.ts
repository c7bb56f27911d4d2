// exceljs is loaded when a workbook is first read or written, not when the app or CLI starts (it costs ~0.4 s).
import type ExcelJS from 'exceljs';
import { ApiError } from '../../../shared/api';
import { printable } from '../../../shared/values/text';
import type { Row } from '../../../shared/imports/table';
import { GridBuilder } from './grid';
import { LIMITS } from './limits';
import { openXlsx } from './xlsx-zip';

const MAX_SHEET_ROWS = LIMITS.rows;

/** A cell as the text Excel shows, for the same strict parsers CSV cells go through. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '#NUM!';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('error' in value) return String(value.error);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    // The value Excel last calculated is what the user sees; a formula never saved with one cannot be trusted.
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined
      ? `=${(value as { formula?: string }).formula ?? ''}`
      : cellText(result as ExcelJS.CellValue);
  }
  if ('text' in value) return String((value as { text: unknown }).text);
  return '';
}

export async function loadWorkbook(file: string, bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  openXlsx(file, bytes);
  const workbook = new (await import('exceljs')).default.Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer,
    );
  } catch (err) {
    // The spreadsheet library's words mean little to a user: they follow, labelled, after what to do.
    throw new ApiError(
      'refused',
      `${file} cannot be read as a workbook: it is damaged, or written in a way Excel itself would not. Open it in Excel, save it again as an Excel Workbook (.xlsx) and import it again. (The reader said: ${printable((err as Error).message).slice(0, 200)}.)`,
    );
  }
  return workbook;
}

/** A worksheet as rows of cell text; row i is the sheet's row i + 1, column j its column j + 1. */
export function sheetRows(file: string, sheet: ExcelJS.Worksheet): Row[] {
  if (sheet.rowCount > MAX_SHEET_ROWS)
    throw new ApiError(
      'refused',
      `${file}, sheet "${sheet.name}", has ${sheet.rowCount.toLocaleString('en-GB')} rows; the most this app reads is ${MAX_SHEET_ROWS.toLocaleString('en-GB')}.`,
    );
  const grid = new GridBuilder(`${file}, sheet "${sheet.name}",`);
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, col) => grid.set(rowNumber - 1, col - 1, cellText(cell.value)));
  });
  return grid.done();
}

/**
 * Reads the first sheet whose rows satisfy `isHeader` (the sheet holding the
 * table), or the first sheet when none does.
 */
export async function readXlsxTable(
  file: string,
  bytes: Uint8Array,
  isHeader: (row: Row) => boolean,
): Promise<{ sheet: string; rows: Row[] }> {
  const workbook = await loadWorkbook(file, bytes);
  const sheets = workbook.worksheets.filter((s) => s.state !== 'veryHidden');
  if (sheets.length === 0) throw new ApiError('refused', `${file} has no worksheets.`);
  for (const sheet of sheets) {
    const rows = sheetRows(file, sheet);
    if (rows.some(isHeader)) return { sheet: sheet.name, rows };
  }
  return { sheet: sheets[0]!.name, rows: sheetRows(file, sheets[0]!) };
}
