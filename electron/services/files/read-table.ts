import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { delimiterFor, parseDelimited } from '../../../shared/imports/delimited';
import type { Row } from '../../../shared/imports/table';
import { decodeText, looksBinary } from './decode';

/** Largest text file any importer reads: far above a real plan, far below trouble. */
export const MAX_TABLE_BYTES = 20 * 1024 * 1024;

/**
 * Reads a TSV or CSV file's bytes into rows, or refuses with a message that
 * names the file. `name` is what the user knows the file as (its base name).
 */
export function readTable(name: string, bytes: Uint8Array): Row[] {
  const file = path.basename(name);
  if (bytes.length === 0) throw new ApiError('refused', `${file} is empty.`);
  if (bytes.length > MAX_TABLE_BYTES) throw new ApiError('refused', `${file} is ${(bytes.length / 1048576).toFixed(1)} MB; the largest table this app reads is ${MAX_TABLE_BYTES / 1048576} MB.`);
  if (looksBinary(bytes)) throw new ApiError('refused', `${file} is not a text table: expected tab-separated (TSV) or comma-separated (CSV) text.`);
  const { text } = decodeText(bytes);
  const parsed = parseDelimited(file, text, delimiterFor(file, text));
  if (!parsed.ok) throw new ApiError('refused', `${file} row ${parsed.problem.row}: ${parsed.problem.message}`);
  return parsed.rows;
}
