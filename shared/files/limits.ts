/**
 * What a file may cost the app: the one table of bounds every reader checks
 * (text tables, xlsx workbooks read by an importer, templates read back or
 * filled). Each is far above a real BCF file and far below trouble on a
 * council laptop, and each refusal names the bound it met (see
 * docs/limits-and-refusals.md). Change a bound here and nowhere else: the API's
 * cap on a file's base64 and browser mode's cap on a request follow from it.
 */
export const LIMITS = {
  /** A text table (TSV, CSV, "Unicode Text"), before it is decoded. */
  textBytes: 20 * 1024 * 1024,
  /** An xlsx file as it lies on disk. */
  xlsxBytes: 50 * 1024 * 1024,
  /** Parts (zip entries) in an xlsx file. */
  entries: 5_000,
  /** Any one part once decompressed. */
  entryBytes: 80 * 1024 * 1024,
  /** All the parts together once decompressed. */
  totalBytes: 160 * 1024 * 1024,
  /** Rows of a text table or a worksheet (by count, and by the highest row number a sheet gives). */
  rows: 100_000,
  /** Cells a table is laid out as, counting the empty cells to the left of each value and the empty rows above it. */
  cells: 2_000_000,
  /** A text table's widest row (trailing empty cells are not counted). */
  columns: 1_000,
} as const;

export type Limits = { readonly [K in keyof typeof LIMITS]: number };

/** A size in words: "304 MB", "1 KB". */
export function sizeInWords(n: number): string {
  return n < 1048576
    ? `${Math.ceil(n / 1024).toLocaleString('en-GB')} KB`
    : `${(n / 1048576).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

/** The largest file the API carries, of any kind: an xlsx at its bound (a text table's is lower). */
export const MAX_FILE_BYTES = Math.max(LIMITS.xlsxBytes, LIMITS.textBytes);

/** The length of `bytes` bytes written as base64 (with padding). */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** Why a file is refused before a byte of it is read: said alike by the window and the command line. */
export function fileTooLarge(fileName: string, bytes: number, maxBytes = MAX_FILE_BYTES): string {
  return `${fileName} is ${(bytes / 1048576).toFixed(1)} MB; the largest file this import reads is ${maxBytes / 1048576} MB. Nothing was read.`;
}
