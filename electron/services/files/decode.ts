/**
 * Turns the bytes of a text file into a string. Excel on Windows saves CSV in
 * Windows-1252 (a £ is the single byte 0xA3) and "Unicode text" as UTF-16 with
 * a BOM; everything else today is UTF-8, with or without a BOM. UTF-8 is tried
 * strictly first, so a file is never half-read in the wrong encoding.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type Decoded =
  | { ok: true; text: string; encoding: Encoding }
  /** `before` is the text up to the first character that is not valid in `encoding`, to say where it is. */
  | { ok: false; encoding: Encoding; before: string; what: string };

/**
 * Decodes strictly: a file that says it is UTF-8 (by its BOM) or UTF-16 but
 * holds something that is not (half a surrogate pair, a stray final byte, a
 * broken UTF-8 sequence) is refused rather than stored with "�" in place
 * of what the user typed. Without a BOM, text that is not UTF-8 is
 * Windows-1252, where every byte is a character.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  const text = strictUtf8(bytes);
  return text !== null
    ? { ok: true, text, encoding: 'utf-8' }
    : { ok: true, text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
}

/**
 * The text when every byte is well-formed UTF-8, else null. The platform's strict decoder refuses
 * exactly what firstInvalidUtf8 finds (overlongs, surrogates, past U+10FFFF, broken sequences) and
 * checks and decodes in one native pass; the byte-by-byte walk only runs to say where a fault is.
 */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function utf8(bytes: Uint8Array): Decoded {
  const text = strictUtf8(bytes);
  if (text !== null) return { ok: true, text, encoding: 'utf-8' };
  const bad = firstInvalidUtf8(bytes);
  return {
    ok: false,
    encoding: 'utf-8',
    before: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, bad)),
    what: `the byte 0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}, which is not UTF-8`,
  };
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  const units = bytes.length >> 1;
  const unit = (i: number) =>
    encoding === 'utf-16le' ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  for (let i = 0; i < units; i++) {
    const u = unit(i);
    if (u < 0xd800 || u > 0xdfff) continue;
    const paired = u <= 0xdbff && i + 1 < units && unit(i + 1) >= 0xdc00 && unit(i + 1) <= 0xdfff;
    if (!paired)
      return {
        ok: false,
        encoding,
        before: decoder.decode(bytes.subarray(0, 2 * i)),
        what: `half of a UTF-16 surrogate pair (0x${u.toString(16).toUpperCase()}) with no other half`,
      };
    i += 1;
  }
  if (bytes.length % 2 === 1)
    return {
      ok: false,
      encoding,
      before: decoder.decode(bytes.subarray(0, bytes.length - 1)),
      what: 'a stray single byte at the very end (UTF-16 characters take two bytes each)',
    };
  return { ok: true, text: decoder.decode(bytes), encoding };
}

/** The length of the well-formed UTF-8 sequence starting at `i` (no overlongs, no surrogates, nothing past U+10FFFF), or 0. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > bytes.length) return 0;
  for (let j = 1; j < len; j++) if ((bytes[i + j]! & 0xc0) !== 0x80) return 0;
  if (len === 3) {
    const cp = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6);
    if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  }
  if (len === 4) {
    const cp = ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12);
    if (cp < 0x10000 || cp > 0x10ffff) return 0;
  }
  return len;
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const len = utf8SequenceAt(bytes, i);
    if (len === 0) return i;
    i += len;
  }
  return -1;
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
  for (let i = 0; i < bytes.length;) {
    const len = utf8SequenceAt(bytes, i);
    if (len > 1) validMultibyte += 1;
    if (len > 0) i += len;
    else {
      if (firstInvalid < 0) firstInvalid = i;
      i += 1;
    }
    if (firstInvalid >= 0 && validMultibyte > 0) return firstInvalid;
  }
  return null;
}
