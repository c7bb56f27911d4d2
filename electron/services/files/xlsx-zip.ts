import { Inflate, unzipSync } from 'fflate';
import path from 'node:path';
import zlib from 'node:zlib';
import { ApiError } from '../../../shared/api';
import { LIMITS, sizeInWords, type Limits } from '../../../shared/files/limits';

/**
 * An xlsx file opened as a zip, once, within the bounds of LIMITS (./limits.ts).
 * Every reader of a workbook comes through here: the table importers (via
 * XlsxPackage in ../workbooks/package.ts), the workbook reader, the template
 * filler and its read-back, and the text reader when it is handed a zip.
 *
 * - The zip's table of contents is read by fflate (`unzipSync` with a
 *   `filter`): each entry's declared size is checked there, against the part
 *   and total bounds, before anything is decompressed, and the filter lets
 *   fflate inflate nothing itself.
 * - Each part's local header is then found, for what the table of contents
 *   does not give: where the compressed bytes lie (so that the writer can
 *   carry an untouched part into a filled copy byte for byte), its checksum
 *   and its flags. This is no second table-of-contents reader: a part the
 *   table names must be found, with the same size, or the file is refused.
 * - Each part is decompressed once, and stopped as soon as it grows past the
 *   size its table of contents declares (a zip bomb that lies) or the part
 *   bound. Counting a worksheet's rows before reading it (countSheetRows)
 *   decompresses step by step and stops at the row bound, so a bomb of rows
 *   is never held whole; a part read whole (readPart) is inflated by zlib in
 *   one call, capped at its declared size, then its rows are counted. Every
 *   checksum is checked.
 */

export interface ZipPart {
  name: string;
  method: 0 | 8;
  compressedSize: number;
  /** The decompressed size its table of contents declares. */
  size: number;
  /** Where the part's compressed bytes start. */
  dataOffset: number;
  /** The CRC-32 recorded for the decompressed bytes. */
  crc: number;
  /** The local header's general-purpose flags (bit 0: encrypted; bit 3: sizes follow the data). */
  flags: number;
}

/** A part as the zip stores it (compressed), to carry it over into a new file unchanged. */
export interface StoredPart {
  method: 0 | 8;
  crc: number;
  size: number;
  data: Uint8Array;
}

/** A workbook's parts, in the order the zip holds them. */
export interface XlsxParts {
  names: string[];
  /** The parts decompressed (all of them, or those asked for). */
  parts: Map<string, Uint8Array>;
  stored: Map<string, StoredPart>;
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 0x03 || bytes[2] === 0x05) &&
    (bytes[3] === 0x04 || bytes[3] === 0x06)
  );
}

const quoted = (name: string) => JSON.stringify(name.slice(0, 80));

function damagedZip(file: string, why: string): ApiError {
  return new ApiError(
    'refused',
    `${file} is damaged or incomplete: ${why}. Was it cut short while downloading or copying? Open it in Excel and save it again.`,
  );
}

const endMissing = (file: string) =>
  new ApiError(
    'refused',
    `${file} is damaged or incomplete (the end of the zip is missing): was the download or e-mail attachment cut short?`,
  );

/**
 * The zip's parts, from its table of contents (read by fflate) and each
 * part's local header. Refuses, naming the bound, a zip with too many parts,
 * a part that would expand past the part bound or take the whole past the
 * total bound, and anything damaged. Nothing is decompressed.
 */
export function readDirectory(name: string, bytes: Uint8Array, limits: Limits = LIMITS): ZipPart[] {
  const file = path.basename(name);
  const listed: { name: string; size: number; originalSize: number; compression: number }[] = [];
  const seen = new Set<string>();
  let total = 0;
  let overflow = 0;
  try {
    unzipSync(bytes, {
      filter: (entry) => {
        if (listed.length >= limits.entries) {
          overflow += 1; // counted for the refusal below; nothing more is checked
          return false;
        }
        // A name is never empty: fflate read a table of contents from outside the file (it does not check).
        if (entry.name === '')
          throw damagedZip(file, 'its table of contents points outside the file, or does not match the parts it holds');
        if (seen.has(entry.name))
          throw new ApiError(
            'refused',
            `${file} holds the part ${entry.name} twice; it is damaged or not a genuine workbook.`,
          );
        seen.add(entry.name);
        if (entry.compression !== 0 && entry.compression !== 8)
          throw new ApiError(
            'refused',
            `${file}: the part ${quoted(entry.name)} uses a compression this app does not read (method ${entry.compression}).`,
          );
        if (entry.originalSize > limits.entryBytes)
          throw new ApiError(
            'refused',
            `${file}: the part ${quoted(entry.name)} would expand to ${sizeInWords(entry.originalSize)}; the largest this app opens is ${sizeInWords(limits.entryBytes)}. Nothing was decompressed.`,
          );
        total += entry.originalSize;
        if (total > limits.totalBytes)
          throw new ApiError(
            'refused',
            `${file} would expand to more than ${sizeInWords(limits.totalBytes)} in all (the part ${quoted(entry.name)} takes it past; a "zip bomb", or far larger than a BCF workbook); nothing was decompressed.`,
          );
        listed.push(entry);
        return false; // fflate decompresses nothing: each part is inflated once, below, with a ceiling
      },
    });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if ((err as { code?: number }).code === 13) throw endMissing(file);
    throw damagedZip(file, `its table of contents cannot be read (${(err as Error).message})`);
  }
  if (listed.length + overflow > limits.entries)
    throw new ApiError(
      'refused',
      `${file} has ${(listed.length + overflow).toLocaleString('en-GB')} parts; a workbook this app opens has at most ${limits.entries.toLocaleString('en-GB')}.`,
    );
  try {
    return locateParts(file, bytes, listed);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw damagedZip(file, `its parts cannot be found (${(err as Error).message})`);
  }
}

/**
 * Finds each listed part's local header: where its compressed bytes lie, its
 * checksum and flags. A part whose header is missing, names another part, or
 * gives another size than the table of contents, is refused as damage.
 */
function locateParts(
  file: string,
  bytes: Uint8Array,
  listed: readonly { name: string; size: number; originalSize: number; compression: number }[],
): ZipPart[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const byName = new Map(listed.map((e) => [e.name, e]));
  const found = new Map<string, ZipPart>();
  let o = 0;
  const missing = () => damagedZip(file, `the part ${quoted(listed.find((e) => !found.has(e.name))!.name)} is missing`);
  while (found.size < listed.length) {
    if (o + 30 > bytes.length || u32(o) !== 0x04034b50) throw missing();
    const flags = u16(o + 6);
    const nameLength = u16(o + 26);
    const dataOffset = o + 30 + nameLength + u16(o + 28);
    if (dataOffset > bytes.length) throw missing();
    const partName = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(
      bytes.subarray(o + 30, o + 30 + nameLength),
    );
    const entry = byName.get(partName);
    if (!entry || found.has(partName))
      throw damagedZip(file, 'its table of contents points outside the file, or does not match the parts it holds');
    const described = (flags & 0x8) !== 0; // sizes and checksum follow the data
    if (!described && (u32(o + 18) !== entry.size || u16(o + 8) !== entry.compression))
      throw damagedZip(file, `the part ${quoted(partName)} is not what its table of contents says`);
    const end = dataOffset + entry.size;
    if (end > bytes.length) throw damagedZip(file, `the part ${quoted(partName)} is cut short`);
    let crc = u32(o + 14);
    o = end;
    if (described) {
      const signed = end + 4 <= bytes.length && u32(end) === 0x08074b50;
      const at = signed ? end + 4 : end;
      if (at + 12 > bytes.length) throw damagedZip(file, `the part ${quoted(partName)} is cut short`);
      crc = u32(at);
      // Sizes of 4 bytes each, or of 8 (a ZIP64 descriptor): whichever is followed by the next header.
      const header = (p: number) => p + 4 <= bytes.length && [0x04034b50, 0x02014b50].includes(u32(p));
      o = header(at + 12) || !header(at + 20) ? at + 12 : at + 20;
    }
    found.set(partName, {
      name: partName,
      method: entry.compression as 0 | 8,
      compressedSize: entry.size,
      size: entry.originalSize,
      dataOffset,
      crc,
      flags,
    });
  }
  return listed.map((e) => found.get(e.name)!);
}

function expandsBeyond(file: string, part: ZipPart, pastDeclared: boolean, maxBytes: number): ApiError {
  return new ApiError(
    'refused',
    `${file}: the part ${JSON.stringify(part.name)} expands beyond ${pastDeclared ? `the ${sizeInWords(part.size)} its directory declares (a "zip bomb")` : sizeInWords(maxBytes)}; nothing was read from it.`,
  );
}

function damaged(file: string, part: ZipPart, err: unknown): ApiError {
  return new ApiError(
    'refused',
    `${file} is damaged and cannot be opened as a workbook (part ${part.name} cannot be read: ${(err as Error).message}).`,
  );
}

/**
 * Decompresses a part step by step, calling `onData` for each piece, and stops
 * (refusing) if it grows past its declared size or `maxBytes`; `onData` may
 * return false to stop early. Returns the number of bytes produced.
 */
export function inflatePart(
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
      throw expandsBeyond(file, part, produced > part.size, maxBytes);
    }
    if (onData(chunk) === false) stop = true;
  };
  if (part.method === 0) {
    take(data);
    return produced;
  }
  const inflate = new Inflate((chunk) => take(chunk));
  const STEP = 65536;
  try {
    for (let i = 0; i < data.length && !stop; i += STEP)
      inflate.push(data.subarray(i, i + STEP), i + STEP >= data.length);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw damaged(file, part, err);
  }
  return produced;
}

/** Counts `<row` elements in decompressed pieces of a worksheet, whichever way the text falls into pieces. */
class RowCounter {
  private static readonly ROW = /<(?:[A-Za-z0-9]+:)?row[\s>/]/g;
  private static readonly WINDOW = 32; // longer than any row tag: a match starting this close to the end may be incomplete
  rows = 0;
  private carry = '';
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Uint8Array): void {
    const ROW = RowCounter.ROW;
    const text = this.carry + this.decoder.decode(chunk, { stream: true });
    const safe = text.length - RowCounter.WINDOW;
    let lastEnd = 0;
    ROW.lastIndex = 0;
    for (let m = ROW.exec(text); m && m.index < safe; m = ROW.exec(text)) {
      this.rows += 1;
      lastEnd = ROW.lastIndex;
    }
    this.carry = text.slice(Math.max(lastEnd, safe, 0));
  }

  end(): number {
    this.rows += (this.carry.match(RowCounter.ROW) ?? []).length;
    this.carry = '';
    return this.rows;
  }
}

/**
 * Counts a worksheet's rows while decompressing it, and stops as soon as
 * there are more than `maxRows`. `inflated` says how much was decompressed to
 * find out.
 */
export function countSheetRows(
  name: string,
  bytes: Uint8Array,
  part: ZipPart,
  maxRows: number,
): { rows: number; overLimit: boolean; inflated: number } {
  const counter = new RowCounter();
  const inflated = inflatePart(name, bytes, part, LIMITS.entryBytes, (chunk) => {
    counter.push(chunk);
    return counter.rows <= maxRows;
  });
  const rows = counter.end();
  return { rows, overLimit: rows > maxRows, inflated };
}

function tooManyRows(file: string, part: ZipPart, limits: Limits): ApiError {
  return new ApiError(
    'refused',
    `${file}: the worksheet ${part.name.replace(/^xl\/worksheets\//, '')} has more than ${limits.rows.toLocaleString('en-GB')} rows; a BCF workbook has far fewer. Nothing was imported.`,
  );
}

/**
 * A whole part, decompressed once within the bounds, its rows counted (a worksheet) and its checksum
 * checked. It is held whole anyway, so Node's own zlib inflates it in one call, stopped by
 * `maxOutputLength` the moment it grows past its declared size (or the part bound): about four times
 * faster than inflating in steps, which only counting rows needs (countSheetRows).
 */
function readPart(file: string, bytes: Uint8Array, part: ZipPart, limits: Limits): Uint8Array {
  const data = bytes.subarray(part.dataOffset, part.dataOffset + part.compressedSize);
  const cap = Math.min(part.size, limits.entryBytes);
  let out: Uint8Array;
  if (part.method === 0) {
    if (data.length > cap) throw expandsBeyond(file, part, data.length > part.size, limits.entryBytes);
    out = data.slice();
  } else if (data.length === 0) {
    // Some writers give an empty part no deflate bytes at all; zlib calls that a cut stream, the stepwise reader did not.
    out = new Uint8Array(0);
  } else {
    try {
      out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, cap) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw expandsBeyond(file, part, cap === part.size, limits.entryBytes);
      throw damaged(file, part, err);
    }
  }
  if (WORKSHEET.test(part.name)) {
    const counter = new RowCounter();
    counter.push(out);
    if (counter.end() > limits.rows) throw tooManyRows(file, part, limits);
  }
  if (out.length !== part.size || zlib.crc32(out) >>> 0 !== part.crc)
    throw new ApiError(
      'refused',
      `${file} is damaged and cannot be opened as a workbook (part ${part.name} does not match its checksum).`,
    );
  return out;
}

/**
 * Opens an xlsx file: refuses what is not a whole, unencrypted workbook
 * within the bounds, and returns its parts, each decompressed once (all of
 * them, or only those in `inflate`: for reading back a file the app has just
 * written, whose other parts were carried over stored bytes and all).
 */
export function openXlsx(
  name: string,
  bytes: Uint8Array,
  options: { inflate?: ReadonlySet<string>; limits?: Limits } = {},
): XlsxParts {
  const file = path.basename(name);
  const limits = options.limits ?? LIMITS;
  if (bytes.length === 0) throw new ApiError('refused', `${file} is empty.`);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ApiError(
      'refused',
      `${file} is password-protected or an old-style .xls workbook; remove the password (or save it as .xlsx) in Excel and try again.`,
    );
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new ApiError('refused', `${file} is not an xlsx workbook.`);
  if (bytes.length > limits.xlsxBytes)
    throw new ApiError(
      'refused',
      `${file} is ${(bytes.length / 1048576).toFixed(1)} MB; the largest workbook this app reads is ${limits.xlsxBytes / 1048576} MB.`,
    );
  const directory = readDirectory(file, bytes, limits);
  if (!directory.some((p) => p.name === 'xl/workbook.xml'))
    throw new ApiError('refused', `${file} is a zip archive but not an Excel workbook (it has no xl/workbook.xml).`);
  if (directory.some((p) => p.flags & 0x1))
    throw new ApiError('refused', `${file} is password-protected; remove the password in Excel and try again.`);
  const names: string[] = [];
  const parts = new Map<string, Uint8Array>();
  const stored = new Map<string, StoredPart>();
  for (const part of directory) {
    names.push(part.name);
    const data = bytes.subarray(part.dataOffset, part.dataOffset + part.compressedSize);
    stored.set(part.name, { method: part.method, crc: part.crc, size: part.size, data });
    if (options.inflate && !options.inflate.has(part.name)) continue;
    parts.set(part.name, readPart(file, bytes, part, limits));
  }
  if (!names.includes('[Content_Types].xml') || !names.some((n) => n.startsWith('xl/')))
    throw new ApiError('refused', `${file} is a zip file but not an Excel workbook.`);
  return { names, parts, stored };
}
