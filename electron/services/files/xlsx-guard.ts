import { Unzip, UnzipInflate } from 'fflate';
import { ApiError } from '../../../shared/api';

/**
 * Checks an xlsx file before any spreadsheet library opens it: that it is a
 * zip at all (an encrypted workbook is an OLE file; a truncated one has no
 * end), and that it does not expand beyond what a BCF workbook ever needs.
 * Sizes are counted while inflating, chunk by chunk, so a zip whose headers
 * understate its contents is caught without holding it in memory.
 */
export const XLSX_LIMITS = {
  fileBytes: 50 * 1024 * 1024,
  entryBytes: 80 * 1024 * 1024,
  totalBytes: 160 * 1024 * 1024,
  entries: 5_000,
};

export function guardXlsx(file: string, bytes: Uint8Array, limits = XLSX_LIMITS): void {
  if (bytes.length === 0) throw new ApiError('refused', `${file} is empty.`);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ApiError('refused', `${file} is password-protected or an old-style .xls workbook; remove the password (or save it as .xlsx) in Excel and try again.`);
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new ApiError('refused', `${file} is not an xlsx workbook.`);
  if (bytes.length > limits.fileBytes) throw new ApiError('refused', `${file} is ${(bytes.length / 1048576).toFixed(1)} MB; the largest workbook this app reads is ${limits.fileBytes / 1048576} MB.`);
  if (!hasEndOfCentralDirectory(bytes)) throw new ApiError('refused', `${file} is damaged or incomplete (the end of the zip is missing): was the download or e-mail attachment cut short?`);

  let total = 0;
  let entries = 0;
  const names = new Set<string>();
  let failure: ApiError | null = null;
  const unzip = new Unzip((entry) => {
    entries += 1;
    names.add(entry.name);
    if (entries > limits.entries) failure ??= new ApiError('refused', `${file} holds more than ${limits.entries} parts; it is not a BCF workbook.`);
    let size = 0;
    entry.ondata = (err, chunk) => {
      if (err) {
        failure ??= new ApiError('refused', `${file} is damaged: part ${entry.name} cannot be read (${err.message}).`);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > limits.entryBytes || total > limits.totalBytes) {
        failure ??= new ApiError('refused', `${file} expands to more than ${Math.round((size > limits.entryBytes ? limits.entryBytes : limits.totalBytes) / 1048576)} MB when opened (${entry.name}); that is far larger than any BCF workbook, so it was not opened.`);
        entry.terminate();
      }
    };
    if (!failure) entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    const step = 1 << 20;
    for (let i = 0; i < bytes.length && !failure; i += step) unzip.push(bytes.subarray(i, Math.min(i + step, bytes.length)), i + step >= bytes.length);
  } catch (err) {
    failure ??= new ApiError('refused', `${file} is damaged and cannot be opened as a workbook (${(err as Error).message}).`);
  }
  if (failure) throw failure;
  if (!names.has('[Content_Types].xml') || ![...names].some((n) => n.startsWith('xl/'))) {
    throw new ApiError('refused', `${file} is a zip file but not an Excel workbook.`);
  }
}

function hasEndOfCentralDirectory(bytes: Uint8Array): boolean {
  const start = Math.max(0, bytes.length - 65_557);
  for (let i = bytes.length - 22; i >= start; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
}
