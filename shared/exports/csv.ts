/**
 * CSV that Excel opens safely. Text that Excel or LibreOffice could run as a
 * formula — starting with =, +, -, @, a tab, a line break, or their full-width
 * forms (＝ ＋ － ＠), even after leading spaces — is prefixed with an apostrophe
 * so that it stays text: a scheme name can never become a formula.
 */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

/**
 * Whether a spreadsheet would take this text for a formula: it starts (perhaps
 * after spaces or a line break, or with a full-width sign) with =, +, -, @, tab
 * or carriage return, and is not a plain number (-14270.00 stays a number).
 * CSV cells are neutralised with an apostrophe; workbook cells are written
 * with the string type, which no spreadsheet evaluates.
 */
export function startsLikeFormula(text: string): boolean {
  if (/^-?\d+(\.\d+)?$/.test(text)) return false;
  return /^[\s\u00a0\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/.test(text);
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export type CsvCell = string | number | null;

/** Numbers are written as they are; strings are neutralised and quoted. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return (
    rows
      .map((row) =>
        row.map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : quote(neutraliseFormula(c)))).join(','),
      )
      .join('\r\n') + '\r\n'
  );
}

/** A file name safe on Windows, macOS and Linux, whatever the user typed. */
export function safeFileName(name: string, fallback = 'export'): string {
  const cleaned = name
    .normalize('NFKC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f<>:"/\\|?*\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 120)
    .trim();
  return /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(cleaned) || cleaned === '' ? fallback : cleaned;
}
