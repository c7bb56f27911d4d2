import { ApiError } from '../../../shared/api';
import { checkWorkbook, streamPart, WORKBOOK_LIMITS } from './zip';

/** The largest xlsx file any importer opens. */
export const MAX_XLSX_BYTES = 50 * 1024 * 1024;

/**
 * Everything checked before a spreadsheet library is given an xlsx file: not
 * empty, not password-protected (an encrypted workbook is an OLE file), not too
 * large, a sound zip that is a workbook with no sheet over the row limit
 * (checkWorkbook), and every part within its declared size. Parts are inflated
 * in small steps and discarded, so a zip whose directory understates a part
 * is refused without filling the memory.
 */
export function guardXlsx(file: string, bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ApiError('refused', `${file} is empty.`);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ApiError('refused', `${file} is password-protected or an old-style .xls workbook; remove the password (or save it as .xlsx) in Excel and try again.`);
  }
  if (bytes.length > MAX_XLSX_BYTES) throw new ApiError('refused', `${file} is ${(bytes.length / 1048576).toFixed(1)} MB; the largest workbook this app reads is ${MAX_XLSX_BYTES / 1048576} MB.`);
  const parts = checkWorkbook(file, bytes);
  for (const part of parts) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(part.name)) streamPart(file, bytes, part, WORKBOOK_LIMITS.maxPartBytes, () => undefined);
  }
}
