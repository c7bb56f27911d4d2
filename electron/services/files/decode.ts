/**
 * Turns the bytes of a text file into a string. Excel on Windows saves CSV in
 * Windows-1252 (a £ is the single byte 0xA3) and "Unicode text" as UTF-16 with
 * a BOM; everything else today is UTF-8, with or without a BOM. UTF-8 is tried
 * strictly first, so a file is never half-read in the wrong encoding.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/**
 * Binary files (a spreadsheet saved as xlsx, a PDF, an image, random bytes)
 * hold NUL bytes or many control characters; text holds neither. A few
 * control characters in a short table (a terminal escape pasted into a cell)
 * do not make it binary: it is read, and the table check refuses the cell by
 * its row and column.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) return false;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) controls += 1;
  }
  return controls > Math.max(8, n * 0.02);
}

/**
 * Where a file mixes encodings: some of it valid UTF-8 beyond plain ASCII
 * (an "é" or "–" typed on a Mac or saved as CSV UTF-8) and some of it not (a
 * "£" pasted in from a Windows-1252 file). Decoding the whole file either way
 * would turn part of it into nonsense, so the file is refused; this gives the
 * offset of the first byte that is not UTF-8. Null when the file is not mixed.
 */
export function mixedEncodingAt(bytes: Uint8Array): number | null {
  let firstInvalid = -1;
  let validMultibyte = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) { i += 1; continue; }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let j = 1; ok && j < len; j++) ok = (bytes[i + j]! & 0xc0) === 0x80;
    if (ok && len === 3) {
      const cp = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6);
      ok = cp >= 0x800 && !(cp >= 0xd800 && cp <= 0xdfff);
    }
    if (ok && len === 4) {
      const cp = ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12);
      ok = cp >= 0x10000 && cp <= 0x10ffff;
    }
    if (ok) { validMultibyte += 1; i += len; }
    else { if (firstInvalid < 0) firstInvalid = i; i += 1; }
    if (firstInvalid >= 0 && validMultibyte > 0) return firstInvalid;
  }
  return null;
}
