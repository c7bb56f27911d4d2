import Papa from 'papaparse';
import type { ImportProblem } from './table';

export type Delimiter = '\t' | ',';

export type DelimitedParse = { ok: true; rows: string[][] } | { ok: false; problem: ImportProblem };

/**
 * Splits TSV or CSV text into rows of cells the way Excel writes them (quoted
 * cells may hold the delimiter, quotes and line breaks). Row i of the result is
 * the spreadsheet's row i + 1.
 */
export function parseDelimited(file: string, text: string, delimiter: Delimiter): DelimitedParse {
  const out = Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    header: false,
    dynamicTyping: false,
    newline: undefined,
  });
  const fatal = out.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    return {
      ok: false,
      problem: {
        file,
        row: (fatal.row ?? 0) + 1,
        message: 'a quoted cell is never closed: check for a stray " in this row',
      },
    };
  }
  const rows = out.data;
  // Papa reads a file's final line break as one more (empty) row.
  if (rows.length > 0 && rows[rows.length - 1]!.length === 1 && rows[rows.length - 1]![0] === '') rows.pop();
  return { ok: true, rows };
}

/** TSV for .tsv and .txt (Excel's "Text (Tab delimited)"), CSV for .csv; otherwise judged from the first line. */
export function delimiterFor(fileName: string, text: string): Delimiter {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return ',';
  if (lower.endsWith('.tsv') || lower.endsWith('.tab') || lower.endsWith('.txt')) return '\t';
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  return first.includes('\t') ? '\t' : ',';
}
