import zlib from 'node:zlib';
import { ApiError } from '../../../shared/api';
import { checkWorkbook } from './zip';

/**
 * Checks an xlsx file before any spreadsheet library opens it: that it is a
 * zip at all (an encrypted workbook is an OLE file; a truncated one has no
 * end), and that it does not expand beyond what a BCF workbook ever needs.
 * Each part is inflated by Node's zlib with a ceiling on its output, so a
 * zip whose directory understates its contents is stopped at the ceiling
 * without ever being held whole in memory; every part's checksum is checked.
 */
export const XLSX_LIMITS = {
  fileBytes: 50 * 1024 * 1024,
  entryBytes: 80 * 1024 * 1024,
  totalBytes: 160 * 1024 * 1024,
  entries: 5_000,
};

/** The parts of a workbook, in the order the zip holds them, once the guard has passed. */
export interface XlsxParts {
  names: string[];
  parts: Map<string, Uint8Array>;
  /** Each part as the zip stores it (compressed), to carry a part over into a new file unchanged. */
  stored: Map<string, StoredPart>;
}

export interface StoredPart {
  method: 0 | 8;
  crc: number;
  size: number;
  data: Uint8Array;
}

export function guardXlsx(file: string, bytes: Uint8Array, limits = XLSX_LIMITS): void {
  inflateGuarded(file, bytes, limits, false);
}

/**
 * Guards the file exactly as guardXlsx does and returns its parts, inflated
 * once: for the code that edits a workbook's XML in place.
 */
export function unzipXlsx(file: string, bytes: Uint8Array, limits = XLSX_LIMITS): XlsxParts {
  return inflateGuarded(file, bytes, limits, true)!;
}

/**
 * The zip's directory and each part as stored, inflating (and checking) only
 * the parts named: for reading back a file the app has just written, whose
 * other parts were carried over stored bytes and all.
 */
export function storedXlsx(file: string, bytes: Uint8Array, inflate: ReadonlySet<string>, limits = XLSX_LIMITS): XlsxParts {
  return inflateGuarded(file, bytes, limits, true, inflate)!;
}

const MAX32 = 0xffffffff;

function inflateGuarded(file: string, bytes: Uint8Array, limits: typeof XLSX_LIMITS, collect: boolean, only?: ReadonlySet<string>): XlsxParts | null {
  if (bytes.length === 0) throw new ApiError('refused', `${file} is empty.`);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ApiError('refused', `${file} is password-protected or an old-style .xls workbook; remove the password (or save it as .xlsx) in Excel and try again.`);
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new ApiError('refused', `${file} is not an xlsx workbook.`);
  if (bytes.length > limits.fileBytes) throw new ApiError('refused', `${file} is ${(bytes.length / 1048576).toFixed(1)} MB; the largest workbook this app reads is ${limits.fileBytes / 1048576} MB.`);
  const end = endOfCentralDirectory(bytes);
  if (end < 0) throw new ApiError('refused', `${file} is damaged or incomplete (the end of the zip is missing): was the download or e-mail attachment cut short?`);
  // A sheet of a million short rows is small once zipped and within the size limits, yet far too many
  // rows for any library to hold: checkWorkbook counts each sheet's rows while inflating and stops early.
  checkWorkbook(file, bytes);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const damaged = (why: string): ApiError => new ApiError('refused', `${file} is damaged and cannot be opened as a workbook (${why}).`);
  let count = view.getUint16(end + 10, true);
  let dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirOffset === MAX32) {
    // ZIP64: the real figures are in the ZIP64 end record, which a locator just before the end points to.
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) throw damaged('a ZIP64 directory without its locator');
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record + 56 > bytes.length || view.getUint32(record, true) !== 0x06064b50) throw damaged('a ZIP64 directory that is not there');
    count = Number(view.getBigUint64(record + 32, true));
    dirOffset = Number(view.getBigUint64(record + 48, true));
  }
  if (count > limits.entries) throw new ApiError('refused', `${file} holds more than ${limits.entries} parts; it is not a BCF workbook.`);

  const names: string[] = [];
  const parts = new Map<string, Uint8Array>();
  const stored = new Map<string, StoredPart>();
  const seen = new Set<string>();
  let total = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw damaged('its directory is broken');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let packed = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let local = view.getUint32(at + 42, true);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64 sizes and offset, in that order, for the fields that overflowed.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let p = extra + 4;
        if (size === MAX32) {
          size = Number(view.getBigUint64(p, true));
          p += 8;
        }
        if (packed === MAX32) {
          packed = Number(view.getBigUint64(p, true));
          p += 8;
        }
        if (local === MAX32) local = Number(view.getBigUint64(p, true));
      }
      extra += 4 + length;
    }
    at = extraEnd + commentLength;

    if (flags & 0x1) throw new ApiError('refused', `${file} is password-protected; remove the password in Excel and try again.`);
    if (seen.has(name)) throw new ApiError('refused', `${file} holds the part ${name} twice; it is damaged or not a genuine workbook.`);
    seen.add(name);
    names.push(name);
    const tooBig = (limit: number) => new ApiError('refused', `${file} expands to more than ${Math.round(limit / 1048576)} MB when opened (${name}); that is far larger than any BCF workbook, so it was not opened.`);
    if (size > limits.entryBytes) throw tooBig(limits.entryBytes);
    if (total + size > limits.totalBytes) throw tooBig(limits.totalBytes);

    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw damaged(`part ${name} is missing`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + packed > bytes.length) throw new ApiError('refused', `${file} is damaged or incomplete (part ${name} is cut short): was the download or e-mail attachment cut short?`);
    const data = bytes.subarray(start, start + packed);
    if (only && !only.has(name)) {
      if (method !== 0 && method !== 8) throw new ApiError('refused', `${file} stores part ${name} with a compression Excel does not use (method ${method}); it is not a genuine workbook.`);
      stored.set(name, { method, crc, size, data });
      total += size;
      continue;
    }
    let out: Uint8Array;
    if (method === 0) {
      out = data;
    } else if (method === 8) {
      // The directory's size (already within the limits) is the ceiling: a part that inflates past it is stopped there.
      try {
        out = zlib.inflateRawSync(data, { maxOutputLength: size + 1 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw new ApiError('refused', `${file} is not a genuine workbook: part ${name} expands to more than the zip says it holds (a "zip bomb"), so it was not opened.`);
        }
        throw damaged(`part ${name} cannot be read: ${(err as Error).message}`);
      }
    } else {
      throw new ApiError('refused', `${file} stores part ${name} with a compression Excel does not use (method ${method}); it is not a genuine workbook.`);
    }
    if (out.length !== size || (zlib.crc32(out) >>> 0) !== crc) throw damaged(`part ${name} does not match its checksum`);
    total += out.length;
    if (collect) {
      parts.set(name, method === 0 ? new Uint8Array(out) : out);
      stored.set(name, { method: method as 0 | 8, crc, size, data });
    }
  }
  if (!seen.has('[Content_Types].xml') || !names.some((n) => n.startsWith('xl/'))) {
    throw new ApiError('refused', `${file} is a zip file but not an Excel workbook.`);
  }
  return collect ? { names, parts, stored } : null;
}

/** The offset of the end-of-central-directory record, or -1 when the file has none (it was cut short). */
function endOfCentralDirectory(bytes: Uint8Array): number {
  const start = Math.max(0, bytes.length - 65_557);
  for (let i = bytes.length - 22; i >= start; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return i;
  }
  return -1;
}
