import { Option, type Command } from 'commander';
import path from 'node:path';
import { LIST_LABELS, LIST_NAMES, listValues, type ListName } from '../../shared/reference/reference-set';
import { auditCsv, listAudit } from '../services/audit/audit';
import { readAnyTable } from '../services/files/read-any';
import { addReferenceValue, importReferenceList, listOrigins, referenceSet, referenceSets, resetReferenceList } from '../services/reference/reference';
import { print, printJson, withContext } from './context';
import { readFileBytes } from './plan-commands';

const listOption = () => new Option('--list <list>', 'which list').choices([...LIST_NAMES]).makeOptionMandatory();

export function registerReferenceCommands(program: Command): void {
  const ref = program.command('reference').description('the drop-down lists of each template year (scheme types, sources of funding, …)');
  ref
    .command('list')
    .description('the template years and which of their lists you have changed')
    .action(async (_opts: unknown, cmd: Command) => {
      await withContext(cmd, (ctx) => {
        for (const s of referenceSets(ctx)) {
          const origins = listOrigins(ctx, s.template);
          const changed = Object.entries(origins).map(([l, o]) => `${l} (${o})`).join(', ');
          print(`${s.template}  ${s.label}${changed ? `; changed: ${changed}` : ''}`);
        }
      });
    });
  ref
    .command('show <template>')
    .description('print a template year\'s lists')
    .option('--json', 'print JSON')
    .action(async (template: string, opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, (ctx) => {
        const set = referenceSet(ctx, template);
        if (opts.json) return printJson(set);
        print(`${set.template}: ${set.label}\n(${set.provenance})`);
        for (const list of LIST_NAMES) {
          print(`\n${LIST_LABELS[list]}`);
          if (list === 'schemeTypes') for (const t of set.lists.schemeTypes) print(`  ${t.value}${t.outputUnit ? ` [outputs: ${t.outputUnit}]` : ''}${t.subTypes.map((s) => `\n    - ${s}`).join('')}`);
          else for (const v of listValues(set, list)) print(`  ${v}`);
        }
      });
    });
  ref
    .command('add <template> <value>')
    .description('add a value to a list (a sub type with --scheme-type)')
    .addOption(listOption())
    .option('--scheme-type <type>', 'add <value> as a sub type of this scheme type')
    .action(async (template: string, value: string, opts: { list: ListName; schemeType?: string }, cmd: Command) => {
      await withContext(cmd, (ctx) => {
        addReferenceValue(ctx, template, opts.list, value, opts.schemeType);
        print(`Added "${value.trim()}" to ${LIST_LABELS[opts.list]}${opts.schemeType ? ` under "${opts.schemeType}"` : ''} for ${template}.`);
      });
    });
  ref
    .command('import <template> <file>')
    .description('replace a list with the one in a file (TSV, CSV or xlsx; first column, or "Scheme Type" and "Sub Types")')
    .addOption(listOption())
    .option('--dry-run', 'show what would change, writing nothing')
    .action(async (template: string, file: string, opts: { list: ListName; dryRun?: boolean }, cmd: Command) => {
      const read = await readAnyTable(path.basename(file), readFileBytes(file), () => true);
      await withContext(cmd, (ctx) => {
        const out = importReferenceList(ctx, { template, list: opts.list, file: read.file, rows: read.rows, dryRun: Boolean(opts.dryRun) });
        print(`${read.file}: ${out.dryRun ? 'would set' : 'set'} ${LIST_LABELS[opts.list]} for ${template} to ${out.count} values; ${out.added.length} added, ${out.removed.length} no longer listed.`);
        for (const a of out.added) print(`  + ${a}`);
        for (const r of out.removed) print(`  - ${r}`);
      });
    });
  ref
    .command('reset <template>')
    .description('return a list to the one shipped with the app')
    .addOption(listOption())
    .action(async (template: string, opts: { list: ListName }, cmd: Command) => {
      await withContext(cmd, (ctx) => {
        resetReferenceList(ctx, template, opts.list);
        print(`${LIST_LABELS[opts.list]} for ${template} is back to the shipped list.`);
      });
    });

  program
    .command('history')
    .description('every recorded change: who, when, what, old → new, why (newest first)')
    .option('--line <id>', 'only this scheme line', (v) => Number.parseInt(v, 10))
    .option('--csv', 'print CSV, oldest first')
    .option('--limit <n>', 'at most this many changes', (v) => Number.parseInt(v, 10))
    .action(async (opts: { line?: number; csv?: boolean; limit?: number }, cmd: Command) => {
      const q = opts.line ? { entity: 'scheme_line', entityId: opts.line } : {};
      await withContext(cmd, (ctx) => {
        if (opts.csv) return process.stdout.write(auditCsv(ctx, q));
        for (const e of listAudit(ctx, { ...q, limit: opts.limit ?? 100 })) {
          print(`${e.at}  ${e.actor}  ${e.action} ${e.entity}${e.entityId !== null ? ` ${e.entityId}` : ''}${e.field ? ` ${e.field}: ${e.oldValue ?? '(none)'} → ${e.newValue ?? '(none)'}` : ''}${e.reason ? `  (${e.reason})` : ''}`);
        }
      });
    });
}
