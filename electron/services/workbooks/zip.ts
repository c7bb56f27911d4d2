import zlib from 'node:zlib';
import type ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { StoredPart } from '../files/xlsx-zip';

/**
 * Writes an xlsx container: the parts in the order given, each either new
 * bytes deflated by Node's own zlib, or a part of the original file carried
 * over exactly as it was stored (compressed bytes and checksum unchanged),
 * with a plain ZIP directory (no ZIP64: a workbook is far below 4 GB). The
 * result is read back through the xlsx guard before anyone sees it, so a
 * fault here cannot reach a user's file unnoticed.
 */
export type ZipEntry = readonly [string, Uint8Array | { stored: StoredPart }];
const DOS_EPOCH = { time: 0, date: ((1980 - 1980) << 9) | (1 << 5) | 1 };

function dosDateTime(d: Date): { time: number; date: number } {
  if (d.getFullYear() < 1980) return DOS_EPOCH;
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface SharedFields {
  stored: boolean;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  size: number;
  nameLength: number;
}

/** The 22 bytes a local header and its directory entry share, from flags to the name's length. */
function writeSharedFields(b: Buffer, at: number, f: SharedFields): void {
  b.writeUInt16LE(0x0800, at); // names are UTF-8
  b.writeUInt16LE(f.stored ? 0 : 8, at + 2);
  b.writeUInt16LE(f.time, at + 4);
  b.writeUInt16LE(f.date, at + 6);
  b.writeUInt32LE(f.crc, at + 8);
  b.writeUInt32LE(f.compressed, at + 12);
  b.writeUInt32LE(f.size, at + 16);
  b.writeUInt16LE(f.nameLength, at + 20);
}

export function zipParts(entries: readonly ZipEntry[], when = new Date()): Uint8Array {
  const { time, date } = dosDateTime(when);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = new TextEncoder().encode(name);
    let body: Uint8Array;
    let crc: number;
    let size: number;
    let stored: boolean;
    if (content instanceof Uint8Array) {
      stored = content.length === 0;
      body = stored ? content : zlib.deflateRawSync(content, { level: 6 });
      crc = zlib.crc32(content) >>> 0;
      size = content.length;
    } else {
      stored = content.stored.method === 0;
      body = content.stored.data;
      crc = content.stored.crc;
      size = content.stored.size;
    }
    const header = { stored, time, date, crc, compressed: body.length, size, nameLength: nameBytes.length };
    const local = Buffer.alloc(30 + nameBytes.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    writeSharedFields(local, 6, header);
    local.writeUInt16LE(0, 28);
    local.set(nameBytes, 30);
    const dir = Buffer.alloc(46 + nameBytes.length);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: 2.0
    dir.writeUInt16LE(20, 6); // version needed: 2.0
    writeSharedFields(dir, 8, header);
    dir.writeUInt32LE(offset, 42);
    dir.set(nameBytes, 46);
    chunks.push(local, body);
    central.push(dir);
    offset += local.length + body.length;
    if (offset > 0xffffffff) throw new RangeError('the workbook is too large to write');
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/**
 * An exceljs workbook as xlsx bytes. exceljs zips with JSZip, whose deflate is
 * pako (JavaScript): it is asked to store the parts uncompressed, and they are
 * deflated here by Node's own zlib instead, at the same level. Each part is
 * unchanged, in the same order; the file is only written faster (a 50-line
 * quarterly return's generation spent a third of its time in pako).
 */
export async function workbookBytes(book: ExcelJS.Workbook): Promise<Uint8Array> {
  const stored = new Uint8Array(await book.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
  // JSZip also writes an entry for each folder ("xl/"); Excel writes none, and no reader needs them.
  return zipParts(Object.entries(unzipSync(stored)).filter(([name]) => !name.endsWith('/')));
}
