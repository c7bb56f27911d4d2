import type { WorkbookRecord } from './values';

/**
 * What a data adapter hands the workbook engine: the cover values by key,
 * each table's lines as records (by field), and the drop-down lists by name.
 * The plan adapter builds it from a plan, the return adapter from a quarterly
 * return; tests build it from plain rows.
 */
export interface WorkbookData {
  /** Who and what the workbook is for, e.g. "Bath and North East Somerset, 2023-25 plan": used in titles and file names. */
  subject: string;
  cover: Record<string, string>;
  tables: Record<string, WorkbookRecord[]>;
  lists: Record<string, string[]>;
}

/** Where one table's lines were written. */
export interface WrittenTable {
  table: string;
  title: string;
  sheet: string;
  headerRow: number;
  firstRow: number;
  lastRow: number;
  lines: number;
  /** Values written (a line's blank fields leave their cells blank). */
  cells: number;
  /** Input cells that already held a value and now hold the app's. */
  replaced: number;
  /** Input cells below the lines that held a value (an earlier fill) and were emptied. */
  cleared: number;
  columns: { header: string; letter: string }[];
}

export interface FillSummary {
  file: string;
  outputName: string;
  profile: string;
  tables: WrittenTable[];
  /** Each cover detail written; value '' where a detail the app does not have was emptied (an earlier fill's). */
  cover: { label: string; cell: string; value: string }[];
  /** Differences that did not stop the fill: say what and where. */
  warnings: string[];
  /** Texts beginning with = + - @ tab or CR, written as text (never as formulas). */
  formulaLikeTexts: number;
  /** The workbook's formulas given their true results as saved values; those left for Excel, by reason, with their cells. */
  formulas: { calculated: number; leftForExcel: { reason: string; cells: string[] }[] };
  verification: {
    /** Every written cell, read back from the finished file and found to hold what the app meant. */
    cells: number;
    /** Parts of the file (sheets, styles, names…) byte-for-byte as they were. */
    partsUnchanged: number;
    partsChanged: string[];
  };
}

export interface GenerateSummary {
  outputName: string;
  profile: string;
  sheets: string[];
  tables: { table: string; title: string; sheet: string; lines: number; firstRow: number; lastRow: number }[];
  checkers: { label: string; sheet: string; cell: string; value: 'Yes' | 'No' }[];
  banner: 'Complete Template' | 'Incomplete Template';
  /** What the user should know about how it was made (another period's layout used, say). */
  notes?: string[];
  /** Texts beginning with = + - @ tab or CR, written as text (never as formulas). */
  formulaLikeTexts: number;
}

/** One table read back from a workbook: each line's cells as the text the sheet shows, by field. */
export interface ReadTable {
  table: string;
  sheet: string;
  headerRow: number;
  columns: { field: string; header: string; letter: string }[];
  /**
   * `errors`: the fields whose cell is already reported as a problem (an error value such as #REF!, a
   * formula with no value saved, what the table check objects to), for an adapter not to report it again.
   */
  rows: { row: number; cells: Record<string, string>; errors?: string[] }[];
}

/** A workbook read back through a profile, before any adapter turns it into plan lines or a return. */
export interface WorkbookRead {
  file: string;
  profile: string;
  tables: Record<string, ReadTable>;
  cover: Record<string, { value: string; cell: string }>;
  /** Every text on the cover sheet (its first rows), e.g. to learn which quarter a return workbook is for. */
  coverTexts: string[];
  /** Cells that cannot be read (an error value such as #REF!) and what the table check objects to: with file, sheet, row and column. */
  problems: { file: string; row?: number; column?: string; message: string }[];
  /** What the reader noticed and worked around (a sheet found by its header rather than its name…). */
  notes: string[];
}
