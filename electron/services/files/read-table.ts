import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { delimiterFor, parseDelimited } from '../../../shared/imports/delimited';
import { columnLetter, type Row } from '../../../shared/imports/table';
import { decodeText, looksBinary, mixedEncodingAt } from './decode';
import { LIMITS } from '../../../shared/files/limits';
import { isZip, readDirectory } from './xlsx-zip';

// The bounds (./limits.ts): the file's size, then rows and cells counted in the text before it is split into cells,
// then the widest row (a BCF table has a few dozen columns; a million headings is not a table).
const MAX_TABLE_BYTES = LIMITS.textBytes;
const MAX_TABLE_ROWS = LIMITS.rows;
const MAX_TABLE_CELLS = LIMITS.cells;
const MAX_TABLE_COLUMNS = LIMITS.columns;

/**
 * Reads a TSV or CSV file's bytes into rows, or refuses with a message that
 * names the file (and the row, where there is one). `name` is what the user
 * knows the file as (its base name). Nothing here can take unbounded memory:
 * the size, the rows and the cells are counted before the text is split.
 */
export function readTable(name: string, bytes: Uint8Array): Row[] {
  const file = path.basename(name);
  if (bytes.length === 0) throw new ApiError('refused', `${file} is empty.`);
  if (bytes.length > MAX_TABLE_BYTES)
    throw new ApiError(
      'refused',
      `${file} is ${(bytes.length / 1048576).toFixed(1)} MB; the largest table this app reads is ${MAX_TABLE_BYTES / 1048576} MB.`,
    );
  if (isZip(bytes)) {
    // Only the zip's table of contents and headers are read, so a damaged file or a zip bomb is named as such; nothing is decompressed.
    const parts = readDirectory(file, bytes);
    if (parts.some((p) => p.name === 'xl/workbook.xml')) {
      throw new ApiError(
        'refused',
        `${file} is a spreadsheet workbook (xlsx); save it as "Text (Tab delimited)" or CSV to import it here.`,
      );
    }
    throw new ApiError(
      'refused',
      `${file} is a zip archive (${
        parts.length === 0
          ? 'empty'
          : `holding ${parts
              .slice(0, 2)
              .map((p) => p.name)
              .join(', ')}${parts.length > 2 ? ', …' : ''}`
      }), not a table: expected tab-separated (TSV) or comma-separated (CSV) text.`,
    );
  }
  if (looksBinary(bytes))
    throw new ApiError(
      'refused',
      `${file} is not a text table: expected tab-separated (TSV) or comma-separated (CSV) text.`,
    );
  const decoded = decodeText(bytes);
  // A file read whole as UTF-8 mixes nothing: only otherwise is it walked byte by byte for where it does.
  if (!decoded.ok || decoded.encoding !== 'utf-8') {
    const mixed = mixedEncodingAt(bytes);
    if (mixed !== null) {
      const at = positionAfter(file, new TextDecoder('utf-8').decode(bytes.subarray(0, mixed)));
      throw new ApiError(
        'refused',
        `${file} row ${at.row}, column ${columnLetter(at.column)}: the file mixes text encodings — most of it is UTF-8 but this row has the byte 0x${bytes[mixed]!.toString(16).toUpperCase()} (${bytes[mixed] === 0xa3 ? 'a £ saved as Windows-1252' : 'a character saved in another encoding'}). Save the whole file again as "CSV UTF-8" or "Unicode Text" and import it again.`,
      );
    }
  }
  if (!decoded.ok) {
    const at = positionAfter(file, decoded.before);
    throw new ApiError(
      'refused',
      `${file} row ${at.row}, column ${columnLetter(at.column)}: the file is ${decoded.encoding === 'utf-8' ? 'UTF-8' : 'UTF-16'} but holds ${decoded.what}, so a character there cannot be read. Save the whole file again as "CSV UTF-8" or "Unicode Text" and import it again.`,
    );
  }
  const { text } = decoded;
  const delimiter = delimiterFor(file, text);
  const lines = 1 + occurrences(text, '\n');
  const cells = 1 + occurrences(text, delimiter);
  if (lines > MAX_TABLE_ROWS)
    throw new ApiError(
      'refused',
      `${file} has ${lines.toLocaleString('en-GB')} rows; the most this app reads is ${MAX_TABLE_ROWS.toLocaleString('en-GB')}.`,
    );
  if (cells + lines > MAX_TABLE_CELLS)
    throw new ApiError(
      'refused',
      `${file} has more than ${MAX_TABLE_CELLS.toLocaleString('en-GB')} cells; the most this app reads is ${MAX_TABLE_CELLS.toLocaleString('en-GB')}.`,
    );
  const parsed = parseDelimited(file, text, delimiter);
  if (!parsed.ok) throw new ApiError('refused', `${file} row ${parsed.problem.row}: ${parsed.problem.message}`);
  for (let r = 0; r < parsed.rows.length; r++) {
    const row = parsed.rows[r]!;
    let last = row.length - 1;
    while (last >= MAX_TABLE_COLUMNS && row[last]!.trim() === '') last -= 1;
    if (last >= MAX_TABLE_COLUMNS) {
      throw new ApiError(
        'refused',
        `${file} row ${r + 1} has a value in column ${columnLetter(last)}, ${(last + 1).toLocaleString('en-GB')} columns across; the widest table this app reads has ${MAX_TABLE_COLUMNS.toLocaleString('en-GB')} columns. Remove what lies beyond the table and import it again.`,
      );
    }
  }
  return parsed.rows;
}

/** How often `char` occurs in `text`: indexOf scans natively, several times faster than a loop over every character. */
function occurrences(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n += 1;
  return n;
}

/**
 * The row and column (0-based) of the character that follows `before`, as a
 * spreadsheet would show them: a line break or a delimiter inside quotes is
 * part of its cell.
 */
function positionAfter(file: string, before: string): { row: number; column: number } {
  const delimiter = delimiterFor(file, before);
  let row = 1;
  let column = 0;
  let quoted = false;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n') {
      row += 1;
      column = 0;
    } else if (c === delimiter) column += 1;
  }
  return { row, column };
}
