import { Option, type Command } from 'commander';
import path from 'node:path';
import { LIST_LABELS, LIST_NAMES, listValues, type ListName } from '../../shared/reference/reference-set';
import { periodOption, yearOption } from './options';
import { matchPool } from '../../shared/pools/find';
import type { YearLabel } from '../../shared/years/financial-year';
import type { ServiceContext } from '../services/context';
import { callApi, print, printJson, withContext } from './context';
import { readFileBytes } from './options';

/** A pool of the year by id or name, looked up in the list the Pools screen shows. */
async function poolId(ctx: ServiceContext, ref: string, year: YearLabel): Promise<number> {
  return matchPool((await callApi(ctx, 'pool.list', { year })).pools, ref, year).id;
}

const listOption = () => new Option('--list <list>', 'which list').choices([...LIST_NAMES]).makeOptionMandatory();

export function registerReferenceCommands(program: Command): void {
  const ref = program
    .command('reference')
    .description('the drop-down lists of each template year (scheme types, sources of funding, …)');
  ref
    .command('list')
    .description('the template years and which of their lists you have changed')
    .action(async (_opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        for (const s of await callApi(ctx, 'reference.list', {})) {
          const changed = Object.entries(s.origins)
            .map(([l, o]) => `${l} (${o})`)
            .join(', ');
          print(`${s.template}  ${s.label}${changed ? `; changed: ${changed}` : ''}`);
        }
      });
    });
  ref
    .command('show <template>')
    .description("print a template year's lists")
    .option('--json', 'print JSON')
    .action(async (template: string, opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const set = await callApi(ctx, 'reference.get', { template });
        if (opts.json) return printJson(set);
        print(`${set.template}: ${set.label}\n(${set.provenance})`);
        for (const list of LIST_NAMES) {
          print(`\n${LIST_LABELS[list]}`);
          if (list === 'schemeTypes')
            for (const t of set.lists.schemeTypes)
              print(
                `  ${t.value}${t.outputUnit ? ` [outputs: ${t.outputUnit}]` : ''}${t.subTypes.map((s) => `\n    - ${s}`).join('')}`,
              );
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
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'reference.addValue', {
          template,
          list: opts.list,
          value,
          ...(opts.schemeType !== undefined ? { schemeType: opts.schemeType } : {}),
        });
        print(
          `Added "${value.trim()}" to ${LIST_LABELS[opts.list]}${opts.schemeType ? ` under "${opts.schemeType}"` : ''} for ${template}.`,
        );
      });
    });
  ref
    .command('import <template> <file>')
    .description(
      'replace a list with the one in a file (TSV, CSV or xlsx; first column, or "Scheme Type" and "Sub Types")',
    )
    .addOption(listOption())
    .option('--dry-run', 'show what would change, writing nothing')
    .action(async (template: string, file: string, opts: { list: ListName; dryRun?: boolean }, cmd: Command) => {
      const bytes = readFileBytes(file);
      const fileName = path.basename(file);
      await withContext(cmd, async (ctx) => {
        const out = await callApi(ctx, 'reference.importList', {
          template,
          list: opts.list,
          fileName,
          contentBase64: Buffer.from(bytes).toString('base64'),
          dryRun: Boolean(opts.dryRun),
        });
        print(
          `${fileName}: ${out.dryRun ? 'would set' : 'set'} ${LIST_LABELS[opts.list]} for ${template} to ${out.count} values; ${out.added.length} added, ${out.removed.length} no longer listed.`,
        );
        for (const a of out.added) print(`  + ${a}`);
        for (const r of out.removed) print(`  - ${r}`);
      });
    });
  ref
    .command('reset <template>')
    .description('return a list to the one shipped with the app')
    .addOption(listOption())
    .action(async (template: string, opts: { list: ListName }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'reference.resetList', { template, list: opts.list });
        print(`${LIST_LABELS[opts.list]} for ${template} is back to the shipped list.`);
      });
    });

  program
    .command('history')
    .description(
      'every recorded change, newest first: when, who, what, field, was → now, why — in the words of the screens',
    )
    .option('--plan <year>', 'only the plan covering this year')
    .option('--return <year>', "only this year's return (with --period)")
    .option('--period <period>', "the return's period: Q1, Q2, Q3 or YE")
    .option('--pool <pool>', 'only this pooled budget (with --year)')
    .option('--year <year>', "the pool's year")
    .option('--line <id>', 'only this scheme line', (v) => Number.parseInt(v, 10))
    .option('--from <date>', 'changes on or after this date')
    .option('--to <date>', 'changes on or before this date')
    .option('--csv', 'print CSV, oldest first (every change, not only the last --limit)')
    .option('--limit <n>', 'at most this many changes', (v) => Number.parseInt(v, 10))
    .action(
      async (
        opts: {
          plan?: string;
          return?: string;
          period?: string;
          pool?: string;
          year?: string;
          line?: number;
          from?: string;
          to?: string;
          csv?: boolean;
          limit?: number;
        },
        cmd: Command,
      ) => {
        await withContext(cmd, async (ctx) => {
          const scope = opts.plan
            ? {
                kind: 'plan' as const,
                id: (await import('../services/plans/plan-store')).requirePlan(ctx, yearOption(opts.plan)).id,
              }
            : opts.return
              ? {
                  kind: 'return' as const,
                  id: (
                    await callApi(ctx, 'return.get', {
                      year: yearOption(opts.return),
                      period: periodOption(opts.period ?? ''),
                    })
                  ).id,
                }
              : opts.pool
                ? { kind: 'pool' as const, id: await poolId(ctx, opts.pool, yearOption(opts.year ?? '')) }
                : undefined;
          const q = {
            ...(scope ? { scope } : {}),
            ...(opts.line ? { entity: 'scheme_line', entityId: opts.line } : {}),
            ...(opts.from ? { from: opts.from } : {}),
            ...(opts.to ? { to: opts.to } : {}),
          };
          if (opts.csv) return process.stdout.write((await callApi(ctx, 'history.exportCsv', q)).csv);
          for (const r of (await callApi(ctx, 'history.view', { ...q, limit: opts.limit ?? 100 })).rows) {
            const change = r.field ? `  ${r.field}: ${r.was || '(blank)'} → ${r.now || '(blank)'}` : '';
            print(
              `${new Date(r.at).toLocaleString('en-GB')}  ${r.who}  ${r.action} ${r.what}${change}${r.why ? `  (${r.why})` : ''}`,
            );
          }
        });
      },
    );
}
