import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_DIR } from './fixtures';
import { tempDir } from './db';
import { libreOfficeProfile } from './readers';
import type { FillSummary } from '../../shared/workbooks/data';

/**
 * Independent readers and writers of xlsx for the workbook tests: openpyxl
 * (Debian's, at /usr/bin/python3) writes the official-like templates and
 * compares files before and after; LibreOffice, headless and with
 * recalculation forced, reopens workbooks and prints every sheet as CSV.
 * None of them shares code with the app's exceljs or its XML writer.
 */
export const PYTHON = '/usr/bin/python3';
const SCRIPTS = path.join(TEST_DIR, 'fixtures', 'workbooks');

function run(cmd: string, args: string[], input?: string, timeout = 120_000): string {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(
      `${path.basename(cmd)} ${args.map((a) => path.basename(a)).join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message}`,
    );
  return r.stdout;
}

export interface TemplateSpec {
  kind: 'planning' | 'quarterly' | 'appendix';
  shift?: number;
  drop?: string[];
  rows?: number;
  prefilled?: Record<string, string | number | null>[];
  hwb?: string;
  extlst?: boolean;
  sheet?: string;
  /** Quarterly: the "4. Metrics" table with these metrics pre-populated (without it, a bare placeholder sheet). */
  metrics?: { name: string; target: string; definition?: string }[];
  /** Formulas put into cells of the table's sheet, by reference (e.g. a total row under the lines). */
  formulas?: Record<string, string>;
  /** The cover asks for the date signed off (row 9, checker C17), in a cell formatted as a date or as text. */
  dateSignedOff?: 'date' | 'text';
}

/** An official-like template written by openpyxl; returns its path. */
export function makeTemplate(
  spec: TemplateSpec,
  file = path.join(tempDir('bcf-template-'), `${spec.kind}.xlsx`),
): string {
  run(PYTHON, [path.join(SCRIPTS, 'make_template.py'), file], JSON.stringify(spec));
  return file;
}

export interface Comparison {
  differences: string[];
  written: Record<string, string | number | null>;
}

/** openpyxl and the raw XML, before against after: every difference outside the allowed cells' values. */
export function compareWorkbooks(before: string, after: string, allowed: string[]): Comparison {
  const list = path.join(tempDir('bcf-allowed-'), 'allowed.json');
  fs.writeFileSync(list, JSON.stringify(allowed));
  return JSON.parse(run(PYTHON, [path.join(SCRIPTS, 'compare_workbooks.py'), before, after, list])) as Comparison;
}

/** What openpyxl sees in a workbook: sheets, states, protection, validations (extLst ones raw), names, formulas and their cached values. */
export function dumpWorkbook(file: string): WorkbookDump {
  return JSON.parse(run(PYTHON, [path.join(SCRIPTS, 'dump_workbook.py'), file])) as WorkbookDump;
}

export interface WorkbookDump {
  sheets: {
    name: string;
    state: string;
    protected: boolean;
    validations: { type: string; formula1: string | null; sqref: string }[];
    extValidations: number;
    conditional: { sqref: string; rules: string[] }[];
    freeze: string | null;
    merged: string[];
  }[];
  names: { name: string; scope: number | null; value: string }[];
  calc: { fullCalcOnLoad: boolean };
  /** sheet → cell → [value, cached value, data type, locked, fill colour, number format]. */
  cells: Record<string, Record<string, [unknown, unknown, string, boolean, string | null, string]>>;
}

/** Saves a workbook again from LibreOffice, as an xlsx written by LibreOffice ("true"/"false" booleans, shared strings). */
export function resaveWithLibreOffice(file: string): string {
  const out = tempDir('bcf-lo-xlsx-');
  run(
    'soffice',
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${libreOfficeProfile(false)}`,
      '--convert-to',
      'xlsx:Calc MS Excel 2007 XML',
      '--outdir',
      out,
      file,
    ],
    undefined,
    240_000,
  );
  return path.join(out, path.basename(file));
}

/** A1 reference → the text LibreOffice shows there. */
export function at(rows: string[][] | undefined, ref: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
  return rows?.[Number(m[2]) - 1]?.[col - 1] ?? '';
}

export interface UnseenSpec {
  kind: 'quarterly' | 'planning';
  year: string;
  period?: string;
  hwb?: string;
  prefilled?: Record<string, string | number | null>[];
  rows?: number;
  conditions: string[];
  metrics: { name: string; target?: string }[];
  /** Headers of input columns added after the metrics table's own (e.g. "Numerator", "Denominator"). */
  metricColumns?: string[];
}

/** A workbook of a year the app has never seen, written by openpyxl (make_unseen.py says how it differs); returns its path. */
export function makeUnseen(
  spec: UnseenSpec,
  file = path.join(tempDir('bcf-unseen-'), `${spec.kind}-${spec.year}.xlsx`),
): string {
  run(PYTHON, [path.join(SCRIPTS, 'make_unseen.py'), file], JSON.stringify(spec));
  return file;
}

/** Bytes the app wrote, saved under a name in a fresh folder, for the independent readers to open. */
export function saveBytes(bytes: Uint8Array, name: string): string {
  const file = path.join(tempDir('bcf-written-'), name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Every cell a fill meant to write (its tables' input columns on their rows, its cover cells), as Sheet!A1 references. */
export function writtenRefs(summary: FillSummary): string[] {
  const refs: string[] = [];
  for (const t of summary.tables)
    for (let r = t.firstRow; r <= t.lastRow; r++) for (const c of t.columns) refs.push(`${t.sheet}!${c.letter}${r}`);
  for (const c of summary.cover) refs.push(c.cell);
  return refs;
}
