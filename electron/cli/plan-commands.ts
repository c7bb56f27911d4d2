import { Option, type Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import { formatPence } from '../../shared/money';
import type { TotalRow } from '../../shared/plans/totals';
import { parseYear, type YearLabel } from '../../shared/years/financial-year';
import { MAX_TABLE_BYTES, readTable } from '../services/files/read-table';
import { importPlanTable, type ImportMode } from '../services/plans/import-plan';
import { getPlanView } from '../services/plans/lines';
import { print, printJson, withContext } from './context';

export function yearOption(raw: string): YearLabel {
  const parsed = parseYear(raw);
  if (!parsed.ok) throw new ApiError('invalid_request', parsed.message, 'year');
  return parsed.year;
}

/** The largest file any import reads, unless the importer says less: checked before a byte is read. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

export function readFileBytes(file: string, maxBytes = MAX_IMPORT_BYTES): Uint8Array {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new ApiError('refused', `${file} is a folder, not a file.`);
    if (stat.size > maxBytes) {
      throw new ApiError('refused', `${path.basename(file)} is ${(stat.size / 1048576).toFixed(1)} MB; the largest file this import reads is ${maxBytes / 1048576} MB. Nothing was read.`);
    }
    return fs.readFileSync(file);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ApiError('refused', code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code ?? (err as Error).message})`);
  }
}

export function registerPlanCommands(program: Command): void {
  const importCmd = program.command('import').description('bring data in from files');
  importCmd
    .command('plan <file>')
    .description('import scheme lines from a TSV or CSV file laid out like the published 2019/20 plan')
    .requiredOption('--year <year>', 'the plan year, e.g. 2019-20')
    .addOption(new Option('--replace', 'replace the lines the year already has').conflicts('append'))
    .addOption(new Option('--append', 'add to the lines the year already has'))
    .option('--dry-run', 'check the file and report, writing nothing')
    .action(async (file: string, opts: { year: string; replace?: boolean; append?: boolean; dryRun?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      const mode: ImportMode = opts.replace ? 'replace' : opts.append ? 'append' : 'refuse';
      const rows = readTable(path.basename(file), readFileBytes(file, MAX_TABLE_BYTES));
      await withContext(cmd, (ctx) => {
        let outcome;
        try {
          outcome = importPlanTable(ctx, { file: path.basename(file), rows, year, mode, dryRun: Boolean(opts.dryRun) });
        } catch (err) {
          if (err instanceof ApiError && err.code === 'conflict') throw new ApiError('conflict', `${err.message.replace(/choose to replace.*$/, '')}run again with --replace or --append.`);
          throw err;
        }
        const verb = outcome.dryRun ? 'would import' : 'imported';
        print(`${outcome.file}: ${verb} ${outcome.imported} lines into the ${year} plan${outcome.replaced ? ` (replacing ${outcome.replaced})` : ''}.`);
        for (const t of outcome.printedTotals) {
          const agrees = t.printedPence === t.computedPence;
          print(`  row ${t.row} "${t.label}", ${t.column}: printed ${formatPence(t.printedPence)}, lines add up to ${formatPence(t.computedPence)}${agrees ? ' (agrees)' : ` (differs by ${formatPence(t.printedPence - t.computedPence)})`}`);
        }
      });
    });

  const planCmd = program.command('plan').description('look at a year\'s plan');
  planCmd
    .command('show')
    .description('print the plan\'s scheme lines with totals by Source of Funding and by Scheme Type')
    .requiredOption('--year <year>', 'the plan year, e.g. 2019-20')
    .option('--json', 'print JSON (every amount in integer pence)')
    .action(async (opts: { year: string; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, (ctx) => {
        const view = getPlanView(ctx, year);
        if (opts.json) return printJson(view);
        if (view.lines.length === 0) return print(`The ${year} plan has no scheme lines yet.`);
        print(`${year} plan: ${view.lines.length} scheme lines\n`);
        print(table(['ID', 'Scheme Name', 'Source of Funding', 'Expenditure £'], view.lines.map((l) => [l.schemeId, clip(l.schemeName, 48), clip(l.sourceOfFunding, 30), formatPence(l.expenditurePence)]), [3]));
        print(`\nBy Source of Funding\n${totalsTable(view.totals.bySourceOfFunding)}`);
        print(`\nBy Scheme Type\n${totalsTable(view.totals.bySchemeType)}`);
        print(`\nTotal planned expenditure: ${formatPence(view.totals.expenditurePence)}`);
      });
    });
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function totalsTable(rows: TotalRow[]): string {
  return table(['', 'Lines', 'Expenditure £'], rows.map((r) => [r.key, String(r.lines), formatPence(r.pence)]), [1, 2]);
}

/** Plain text columns; the columns named in `right` are figures, right-aligned as in a spreadsheet. */
function table(header: string[], rows: string[][], right: number[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
