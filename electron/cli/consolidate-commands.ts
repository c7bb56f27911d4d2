import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { ConsolidationView, HeadingTotal } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { shortFingerprint } from '../../shared/review/fingerprint';
import { MAX_PACKAGE_BYTES } from '../../shared/review/model';
import { callApi, print, printJson, withContext } from './context';
import { wholeNumber } from './data-commands';
import { readFileBytes, yearOption } from './options';

const m = (p: number) => formatPence(p);

function headings(title: string, rows: HeadingTotal[]): void {
  print(`\n${title}`);
  for (const r of rows) print(`  ${r.heading}: ${m(r.expenditurePence)} (${r.lines} lines)`);
}

function printView(v: ConsolidationView): void {
  print(`Consolidation ${v.id} "${v.name}", ${v.year}: ${v.areas.length} areas`);
  if (v.areas.length === 0) return print('No area yet: add review packages with `bcf consolidate add`.');
  print('\nBy area');
  for (const a of v.areas)
    print(
      `  ${a.name}: ${m(a.expenditurePence)} (${a.lines} lines; area ${a.id}, package sent ${a.sentAt.slice(0, 10)} by ${a.sentBy}, fingerprint ${shortFingerprint(a.fingerprint)})`,
    );
  print(`  Total: ${m(v.total.expenditurePence)} (${v.total.lines} lines)`);
  headings('By funding source', v.bySource);
  headings('By scheme type', v.bySchemeType);
  if (v.minimums.length > 0) {
    print('\nMinimums');
    for (const x of v.minimums)
      print(
        x.requiredPence === null || x.plannedPence === null
          ? `  ${x.area}: minimums not in this package (made before packages carried them)`
          : `  ${x.area}, ${x.label}: planned ${m(x.plannedPence)} against ${m(x.requiredPence)} — ${x.met ? 'met' : `NOT MET, ${m(x.requiredPence - x.plannedPence)} short`}`,
      );
  }
  if (v.quarters.length > 0) {
    print('\nPlan against actual by quarter');
    for (const q of v.quarters)
      print(`  ${q.period}: planned ${m(q.plannedPence)}, actual ${m(q.actualPence)} (${q.areas} areas)`);
  }
  if (v.exposure.length > 0) {
    print("\nPartners' exposure across their areas' pools");
    for (const e of v.exposure)
      print(
        `  ${e.partner}: contributes ${m(e.contributionPence)}, share of variances ${m(e.sharePence)} (${e.pools} pools in ${e.areas.join(', ')})`,
      );
  }
}

const idArg = wholeNumber('the consolidation');

export function registerConsolidateCommands(program: Command): void {
  const cmd = program
    .command('consolidate')
    .description("ICB consolidation: several areas' review packages totalled together, apart from any area's own data");

  cmd
    .command('new <name>')
    .description('start a consolidation of one year')
    .requiredOption('--year <year>', 'the year consolidated, e.g. 2025-26')
    .action(async (name: string, opts: { year: string }, c: Command) => {
      await withContext(c, async (ctx) => {
        const made = await callApi(ctx, 'consolidation.create', { name, year: yearOption(opts.year) });
        print(
          `Started consolidation ${made.id} "${made.name}" for ${made.year}. Add packages: bcf consolidate add ${made.id} FILE...`,
        );
      });
    });

  cmd
    .command('list')
    .description('the consolidations in this database')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, c: Command) => {
      await withContext(c, async (ctx) => {
        const all = await callApi(ctx, 'consolidation.list', {});
        if (opts.json) return printJson(all);
        if (all.length === 0)
          return print('No consolidation yet: start one with `bcf consolidate new NAME --year YEAR`.');
        for (const x of all) print(`${x.id}  ${x.name}  ${x.year}  ${x.areas} areas`);
      });
    });

  cmd
    .command('add <id> <files...>')
    .description("read areas' review packages into the consolidation (each checked; a refused one changes nothing)")
    .action(async (id: string, files: string[], _opts: unknown, c: Command) => {
      const texts = files.map((f) => ({ f, text: Buffer.from(readFileBytes(f, MAX_PACKAGE_BYTES)).toString('utf8') }));
      await withContext(c, async (ctx) => {
        for (const { f, text } of texts) {
          const v = await callApi(ctx, 'consolidation.importPackage', { id: idArg(id), text });
          print(`Added ${f}: "${v.name}" now has ${v.areas.length} areas, ${m(v.total.expenditurePence)} planned.`);
        }
      });
    });

  cmd
    .command('show <id>')
    .description('the totals by area, funding source and scheme type; minimums; quarters; partners’ exposure')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }, c: Command) => {
      await withContext(
        c,
        async (ctx) => {
          const v = await callApi(ctx, 'consolidation.get', { id: idArg(id) });
          if (opts.json) printJson(v);
          else printView(v);
        },
        { startBackup: false },
      );
    });

  cmd
    .command('remove <id> <area>')
    .description('take an area out (by the number `bcf consolidate show` gives it), e.g. to add a newer package')
    .action(async (id: string, area: string, _opts: unknown, c: Command) => {
      await withContext(c, async (ctx) => {
        const v = await callApi(ctx, 'consolidation.removeArea', {
          id: idArg(id),
          areaId: wholeNumber('the area')(area),
        });
        print(`Removed. "${v.name}" now has ${v.areas.length} areas.`);
      });
    });

  cmd
    .command('export <id>')
    .description('write the consolidation as an xlsx workbook or a PDF, by the ending of --out')
    .requiredOption('--out <file>', 'where to write it: a .xlsx or .pdf file')
    .action(async (id: string, opts: { out: string }, c: Command) => {
      const ext = path.extname(opts.out).toLowerCase();
      if (ext !== '.xlsx' && ext !== '.pdf')
        throw new ApiError('invalid_request', `--out ${opts.out}: the consolidation is written as .xlsx or .pdf.`);
      await withContext(
        c,
        async (ctx) => {
          const method = ext === '.xlsx' ? 'consolidation.exportXlsx' : 'consolidation.exportPdf';
          const file = await callApi(ctx, method, { id: idArg(id) });
          try {
            fs.writeFileSync(opts.out, Buffer.from(file.base64, 'base64'));
          } catch (err) {
            throw new ApiError('refused', `${opts.out}: cannot be written (${(err as NodeJS.ErrnoException).code})`);
          }
          print(`Wrote ${path.resolve(opts.out)}`);
        },
        { startBackup: false },
      );
    });
}
