import { Inflate } from 'fflate';
import path from 'node:path';
import { ApiError } from '../../../shared/api';

/**
 * A guard for zip-based files (xlsx, ods, docx) before anything opens them.
 * It reads only the zip's directory — no part is decompressed — and refuses a
 * file that is cut short or damaged, has too many parts, or says it would
 * expand beyond what the app handles (a "zip bomb"). Parts are then read with
 * `readPart`, which decompresses in small steps and stops at the declared
 * size or the limit, whichever is smaller, so a part that lies about its size
 * cannot fill the memory either. `countSheetRows` counts a worksheet's rows
 * the same way and stops as soon as the row limit is passed.
 *
 * An xlsx importer calls checkWorkbook() first and reads parts only through
 * these functions (or hands the bytes to a library only after the checks).
 */

export interface ZipPart {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Where the part's compressed bytes start. */
  dataOffset: number;
  /** The CRC-32 the directory records for the decompressed bytes. */
  crc: number;
  /** The general-purpose flags (bit 0: encrypted; bit 11: the name is UTF-8). */
  flags: number;
}

export interface ZipLimits {
  /** Total size of all parts once decompressed. */
  maxTotalBytes: number;
  /** Size of any one part once decompressed. */
  maxPartBytes: number;
  maxParts: number;
  /** Rows in any one worksheet. */
  maxRows: number;
}

export const WORKBOOK_LIMITS: ZipLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxPartBytes: 100 * 1024 * 1024,
  maxParts: 5000,
  maxRows: 100_000,
};

const mb = (n: number) =>
  n < 1048576
    ? `${Math.ceil(n / 1024).toLocaleString('en-GB')} KB`
    : `${(n / 1048576).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 0x03 || bytes[2] === 0x05) &&
    (bytes[3] === 0x04 || bytes[3] === 0x06)
  );
}

/** The offset of the end-of-central-directory record, or -1 when the file has none (it was cut short). */
export function findEndOfDirectory(bytes: Uint8Array): number {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return i;
  }
  return -1;
}

/** Reads the zip's directory. Throws ApiError (naming the file and the part) when the file cannot be trusted. */
export function readZipDirectory(name: string, bytes: Uint8Array, limits: ZipLimits = WORKBOOK_LIMITS): ZipPart[] {
  const file = path.basename(name);
  const damaged = (why: string) =>
    new ApiError(
      'refused',
      `${file} is damaged or incomplete: ${why}. Was it cut short while downloading or copying? Open it in Excel and save it again.`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);

  const eocd = findEndOfDirectory(bytes);
  if (eocd < 0) throw damaged('it starts like a zip (xlsx) file but its end is missing');
  const count = u16(eocd + 10);
  const dirSize = u32(eocd + 12);
  const dirOffset = u32(eocd + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    throw new ApiError('refused', `${file} is a zip64 file, far larger than any workbook this app opens.`);
  }
  if (count > limits.maxParts)
    throw new ApiError(
      'refused',
      `${file} has ${count.toLocaleString('en-GB')} parts; a workbook this app opens has at most ${limits.maxParts.toLocaleString('en-GB')}.`,
    );
  if (dirOffset + dirSize > eocd) throw damaged('its table of contents points outside the file');

  const parts: ZipPart[] = [];
  let total = 0;
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(p) !== 0x02014b50) throw damaged(`entry ${i + 1} of its table of contents is unreadable`);
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    const compressedSize = u32(p + 20);
    const size = u32(p + 24);
    const nameLength = u16(p + 28);
    const extra = u16(p + 30);
    const comment = u16(p + 32);
    const local = u32(p + 42);
    const partName = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(
      bytes.subarray(p + 46, p + 46 + nameLength),
    );
    p += 46 + nameLength + extra + comment;
    if (local + 30 > bytes.length || u32(local) !== 0x04034b50)
      throw damaged(`the part ${JSON.stringify(partName.slice(0, 80))} is missing`);
    const dataOffset = local + 30 + u16(local + 26) + u16(local + 28);
    if (dataOffset + compressedSize > bytes.length)
      throw damaged(`the part ${JSON.stringify(partName.slice(0, 80))} is cut short`);
    if (method !== 0 && method !== 8)
      throw new ApiError(
        'refused',
        `${file}: the part ${JSON.stringify(partName.slice(0, 80))} uses a compression this app does not read (method ${method}).`,
      );
    if (size > limits.maxPartBytes) {
      throw new ApiError(
        'refused',
        `${file}: the part ${JSON.stringify(partName.slice(0, 80))} would expand to ${mb(size)}; the largest this app opens is ${mb(limits.maxPartBytes)}. Nothing was decompressed.`,
      );
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new ApiError(
        'refused',
        `${file} would expand to more than ${mb(limits.maxTotalBytes)} (a "zip bomb", or far larger than a BCF workbook); nothing was decompressed.`,
      );
    }
    parts.push({ name: partName, method, compressedSize, size, dataOffset, crc, flags });
  }
  return parts;
}

/**
 * Decompresses a part step by step, calling `onData` for each piece, and stops
 * (throwing) if it grows past its declared size or `maxBytes`; `onData` may
 * return false to stop early. Returns the number of bytes produced.
 */
export function streamPart(
  name: string,
  bytes: Uint8Array,
  part: ZipPart,
  maxBytes: number,
  onData: (chunk: Uint8Array) => boolean | void,
): number {
  const file = path.basename(name);
  const data = bytes.subarray(part.dataOffset, part.dataOffset + part.compressedSize);
  const cap = Math.min(part.size, maxBytes);
  let produced = 0;
  let stop = false;
  const take = (chunk: Uint8Array) => {
    if (stop) return;
    produced += chunk.length;
    if (produced > cap) {
      stop = true;
      throw new ApiError(
        'refused',
        `${file}: the part ${JSON.stringify(part.name)} expands beyond ${produced > part.size ? `the ${mb(part.size)} its directory declares (a "zip bomb")` : mb(maxBytes)}; nothing was read from it.`,
      );
    }
    if (onData(chunk) === false) stop = true;
  };
  if (part.method === 0) {
    take(data);
    return produced;
  }
  const inflate = new Inflate((chunk) => take(chunk));
  const STEP = 4096;
  try {
    for (let i = 0; i < data.length && !stop; i += STEP)
      inflate.push(data.subarray(i, i + STEP), i + STEP >= data.length);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(
      'refused',
      `${file} is damaged: the part ${JSON.stringify(part.name)} cannot be decompressed (${(err as Error).message}).`,
    );
  }
  return produced;
}

/** A whole part, decompressed within the limits. */
export function readPart(
  name: string,
  bytes: Uint8Array,
  part: ZipPart,
  maxBytes: number = WORKBOOK_LIMITS.maxPartBytes,
): Uint8Array {
  const chunks: Uint8Array[] = [];
  const size = streamPart(name, bytes, part, maxBytes, (c) => void chunks.push(c));
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * Counts a worksheet's rows (its `<row` elements) while decompressing, and
 * stops as soon as there are more than `maxRows`. `inflated` says how much was
 * decompressed to find out.
 */
export function countSheetRows(
  name: string,
  bytes: Uint8Array,
  part: ZipPart,
  maxRows: number,
): { rows: number; overLimit: boolean; inflated: number } {
  const ROW = /<(?:[A-Za-z0-9]+:)?row[\s>/]/g;
  const WINDOW = 32; // longer than any row tag: a match starting this close to the end may be incomplete
  let rows = 0;
  let carry = '';
  const decoder = new TextDecoder('utf-8');
  const inflated = streamPart(name, bytes, part, WORKBOOK_LIMITS.maxPartBytes, (chunk) => {
    const text = carry + decoder.decode(chunk, { stream: true });
    const safe = text.length - WINDOW;
    let lastEnd = 0;
    ROW.lastIndex = 0;
    for (let m = ROW.exec(text); m && m.index < safe; m = ROW.exec(text)) {
      rows += 1;
      lastEnd = ROW.lastIndex;
    }
    carry = text.slice(Math.max(lastEnd, safe, 0));
    return rows <= maxRows;
  });
  rows += (carry.match(ROW) ?? []).length;
  return { rows, overLimit: rows > maxRows, inflated };
}

/**
 * Everything an xlsx importer must know before it opens a workbook: the
 * directory is sound, the sizes are within bounds, it is a workbook at all,
 * and no worksheet has more rows than the limit. Throws ApiError naming the
 * file and the worksheet part; returns the directory.
 */
export function checkWorkbook(name: string, bytes: Uint8Array, limits: ZipLimits = WORKBOOK_LIMITS): ZipPart[] {
  const file = path.basename(name);
  if (!isZip(bytes))
    throw new ApiError('refused', `${file} is not an xlsx workbook (an xlsx file is a zip archive; this is not one).`);
  const parts = readZipDirectory(name, bytes, limits);
  if (!parts.some((p) => p.name === 'xl/workbook.xml'))
    throw new ApiError('refused', `${file} is a zip archive but not an Excel workbook (it has no xl/workbook.xml).`);
  for (const part of parts.filter((p) => /^xl\/worksheets\/[^/]+\.xml$/.test(p.name))) {
    const counted = countSheetRows(name, bytes, part, limits.maxRows);
    if (counted.overLimit) {
      throw new ApiError(
        'refused',
        `${file}: the worksheet ${part.name.replace(/^xl\/worksheets\//, '')} has more than ${limits.maxRows.toLocaleString('en-GB')} rows; a BCF workbook has far fewer. Nothing was imported.`,
      );
    }
  }
  return parts;
}
