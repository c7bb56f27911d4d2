import zlib from 'node:zlib';
import { ApiError } from '../../../shared/api';
import { checkWorkbook, findEndOfDirectory } from './zip';

/**
 * Checks an xlsx file before any spreadsheet library opens it: that it is a
 * zip at all (an encrypted workbook is an OLE file; a truncated one has no
 * end), and that it does not expand beyond what a BCF workbook ever needs.
 * The directory is read once, by checkWorkbook (./zip.ts), the same reader
 * every xlsx importer uses; each part is then inflated by Node's zlib with a
 * ceiling on its output, so a zip whose directory understates its contents is
 * stopped at the ceiling without ever being held whole in memory; every
 * part's checksum is checked. ZIP64 files are refused by that reader: no BCF
 * workbook comes near 4 GB.
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
export function storedXlsx(
  file: string,
  bytes: Uint8Array,
  inflate: ReadonlySet<string>,
  limits = XLSX_LIMITS,
): XlsxParts {
  return inflateGuarded(file, bytes, limits, true, inflate)!;
}

function inflateGuarded(
  file: string,
  bytes: Uint8Array,
  limits: typeof XLSX_LIMITS,
  collect: boolean,
  only?: ReadonlySet<string>,
): XlsxParts | null {
  if (bytes.length === 0) throw new ApiError('refused', `${file} is empty.`);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ApiError(
      'refused',
      `${file} is password-protected or an old-style .xls workbook; remove the password (or save it as .xlsx) in Excel and try again.`,
    );
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new ApiError('refused', `${file} is not an xlsx workbook.`);
  if (bytes.length > limits.fileBytes)
    throw new ApiError(
      'refused',
      `${file} is ${(bytes.length / 1048576).toFixed(1)} MB; the largest workbook this app reads is ${limits.fileBytes / 1048576} MB.`,
    );
  if (findEndOfDirectory(bytes) < 0)
    throw new ApiError(
      'refused',
      `${file} is damaged or incomplete (the end of the zip is missing): was the download or e-mail attachment cut short?`,
    );
  // The one directory reader: sizes within bounds before anything is inflated, and no sheet of a
  // million short rows (small once zipped, far too many for any library), counted while inflating.
  const directory = checkWorkbook(file, bytes);
  if (directory.length > limits.entries)
    throw new ApiError('refused', `${file} holds more than ${limits.entries} parts; it is not a BCF workbook.`);

  const damaged = (why: string): ApiError =>
    new ApiError('refused', `${file} is damaged and cannot be opened as a workbook (${why}).`);
  const names: string[] = [];
  const parts = new Map<string, Uint8Array>();
  const stored = new Map<string, StoredPart>();
  const seen = new Set<string>();
  let total = 0;
  for (const { name, method, crc, size, flags, dataOffset, compressedSize } of directory) {
    if (flags & 0x1)
      throw new ApiError('refused', `${file} is password-protected; remove the password in Excel and try again.`);
    if (seen.has(name))
      throw new ApiError('refused', `${file} holds the part ${name} twice; it is damaged or not a genuine workbook.`);
    seen.add(name);
    names.push(name);
    const tooBig = (limit: number) =>
      new ApiError(
        'refused',
        `${file} expands to more than ${Math.round(limit / 1048576)} MB when opened (${name}); that is far larger than any BCF workbook, so it was not opened.`,
      );
    if (size > limits.entryBytes) throw tooBig(limits.entryBytes);
    if (total + size > limits.totalBytes) throw tooBig(limits.totalBytes);
    // checkWorkbook has refused any other compression method.
    const data = bytes.subarray(dataOffset, dataOffset + compressedSize);
    if (only && !only.has(name)) {
      stored.set(name, { method: method as 0 | 8, crc, size, data });
      total += size;
      continue;
    }
    let out: Uint8Array = data;
    if (method === 8) {
      // The directory's size (already within the limits) is the ceiling: a part that inflates past it is stopped there.
      try {
        out = zlib.inflateRawSync(data, { maxOutputLength: size + 1 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw new ApiError(
            'refused',
            `${file} is not a genuine workbook: part ${name} expands to more than the zip says it holds (a "zip bomb"), so it was not opened.`,
          );
        }
        throw damaged(`part ${name} cannot be read: ${(err as Error).message}`);
      }
    }
    if (out.length !== size || zlib.crc32(out) >>> 0 !== crc) throw damaged(`part ${name} does not match its checksum`);
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
