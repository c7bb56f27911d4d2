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
  inflateGuarded(file, bytes, limits, false);
}

/** The parts of a workbook, in the order the zip holds them, once the guard has passed. */
export interface XlsxParts {
  names: string[];
  parts: Map<string, Uint8Array>;
}

/**
 * Guards the file exactly as guardXlsx does and returns its parts, inflated
 * once: for the code that edits a workbook's XML in place.
 */
export function unzipXlsx(file: string, bytes: Uint8Array, limits = XLSX_LIMITS): XlsxParts {
  return inflateGuarded(file, bytes, limits, true)!;
}

function inflateGuarded(file: string, bytes: Uint8Array, limits: typeof XLSX_LIMITS, collect: boolean): XlsxParts | null {
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
  const order: string[] = [];
  const chunks = new Map<string, Uint8Array[]>();
  let failure: ApiError | null = null;
  const unzip = new Unzip((entry) => {
    entries += 1;
    if (names.has(entry.name)) failure ??= new ApiError('refused', `${file} holds the part ${entry.name} twice; it is damaged or not a genuine workbook.`);
    names.add(entry.name);
    order.push(entry.name);
    const mine: Uint8Array[] = [];
    if (collect) chunks.set(entry.name, mine);
    if (entries > limits.entries) failure ??= new ApiError('refused', `${file} holds more than ${limits.entries} parts; it is not a BCF workbook.`);
    let size = 0;
    entry.ondata = (err, chunk) => {
      if (err) {
        failure ??= new ApiError('refused', `${file} is damaged: part ${entry.name} cannot be read (${err.message}).`);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (collect) mine.push(chunk);
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
  if (!collect) return null;
  const parts = new Map<string, Uint8Array>();
  for (const name of order) parts.set(name, concat(chunks.get(name)!));
  return { names: order, parts };
}

function concat(list: Uint8Array[]): Uint8Array {
  if (list.length === 1) return list[0]!;
  const out = new Uint8Array(list.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of list) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function hasEndOfCentralDirectory(bytes: Uint8Array): boolean {
  const start = Math.max(0, bytes.length - 65_557);
  for (let i = bytes.length - 22; i >= start; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
}
