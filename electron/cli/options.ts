import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import { parsePeriod, type Period } from '../../shared/returns/period';
import { parseYear, type YearLabel } from '../../shared/years/financial-year';

/** What every command reads from its arguments alike: a year, a period, a file. */
export function yearOption(raw: string): YearLabel {
  const parsed = parseYear(raw);
  if (!parsed.ok) throw new ApiError('invalid_request', parsed.message, 'year');
  return parsed.year;
}

export function periodOption(raw: string): Period {
  const parsed = parsePeriod(raw);
  if (!parsed.ok) throw new ApiError('invalid_request', `--period: ${parsed.message}`, 'period');
  return parsed.period;
}

/** The largest file any import reads, unless the importer says less: checked before a byte is read. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

export function readFileBytes(file: string, maxBytes = MAX_IMPORT_BYTES): Uint8Array {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new ApiError('refused', `${file} is a folder, not a file.`);
    if (stat.size > maxBytes) {
      throw new ApiError(
        'refused',
        `${path.basename(file)} is ${(stat.size / 1048576).toFixed(1)} MB; the largest file this import reads is ${maxBytes / 1048576} MB. Nothing was read.`,
      );
    }
    return fs.readFileSync(file);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ApiError(
      'refused',
      code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code ?? (err as Error).message})`,
    );
  }
}

/** A file as the API takes it, the way the renderer sends a file the user picked: its name and its bytes in base64. */
export function fileContent(file: string, maxBytes = MAX_IMPORT_BYTES): { fileName: string; contentBase64: string } {
  const bytes = readFileBytes(file, maxBytes);
  return { fileName: path.basename(file), contentBase64: Buffer.from(bytes).toString('base64') };
}
