import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { fileTooLarge, MAX_FILE_BYTES } from '../../shared/files/limits';
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

/** Reads a file, refusing one over `maxBytes` (the largest any reader takes, unless an importer says less) before a byte is read. */
export function readFileBytes(file: string, maxBytes = MAX_FILE_BYTES): Uint8Array {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new ApiError('refused', `${file} is a folder, not a file.`);
    if (stat.size > maxBytes) throw new ApiError('refused', fileTooLarge(path.basename(file), stat.size, maxBytes));
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
export function fileContent(file: string, maxBytes = MAX_FILE_BYTES): { fileName: string; contentBase64: string } {
  const bytes = readFileBytes(file, maxBytes);
  return { fileName: path.basename(file), contentBase64: Buffer.from(bytes).toString('base64') };
}
