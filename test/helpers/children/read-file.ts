/**
 * Reads one file the way an importer does, in a process of its own, and
 * prints what happened and the process's peak resident memory, for the tests
 * that bound what a file can cost (issue 19):
 *   node --import tsx read-file.ts table|package FILE
 * table: readAnyTable (the plan, income, pool and return importers' reader: TSV, CSV or xlsx through XlsxPackage.table)
 * package: the workbook importer's reader (XlsxPackage.grid), every sheet as rows.
 * Prints one line of JSON: {outcome: 'read' | 'refused', message, rows, maxRssMb}.
 */
import fs from 'node:fs';
import { ApiError } from '../../../shared/api';
import { readAnyTable } from '../../../electron/services/files/read-any';
import { XlsxPackage } from '../../../electron/services/workbooks/package';

const [reader, file] = process.argv.slice(2) as ['table' | 'package', string];
const bytes = new Uint8Array(fs.readFileSync(file));
let outcome: { outcome: 'read' | 'refused'; message: string; rows: number };
try {
  if (reader === 'table') {
    const read = await readAnyTable(file, bytes, () => false);
    outcome = { outcome: 'read', message: '', rows: read.rows.length };
  } else {
    const pkg = new XlsxPackage(file, bytes);
    let rows = 0;
    for (const sheet of pkg.sheets) rows += pkg.grid(sheet).length;
    outcome = { outcome: 'read', message: '', rows };
  }
} catch (err) {
  if (!(err instanceof ApiError)) throw err;
  outcome = { outcome: 'refused', message: err.message, rows: 0 };
}
// resourceUsage().maxRSS is in kilobytes.
process.stdout.write(
  `${JSON.stringify({ ...outcome, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
