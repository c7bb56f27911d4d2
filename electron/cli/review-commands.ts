import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { OpenedPackage, ReviewResponseRow } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { shortFingerprint } from '../../shared/review/fingerprint';
import { MAX_PACKAGE_BYTES, MAX_RESPONSE_BYTES } from '../../shared/review/model';
import { localIsoDate } from '../../shared/dates/iso-date';
import { callApi, print, printJson, withContext } from './context';
import { periodOption, readFileBytes, yearOption } from './options';
import { wholeNumber } from './data-commands';

const collect = (v: string, prev: string[] = []) => [...prev, v];

function readText(file: string, max: number): string {
  return Buffer.from(readFileBytes(file, max)).toString('utf8');
}

/** Writes a new file; never overwrites one (a package or a response is a record of what was sent). */
function writeNew(out: string, json: string): string {
  const target = path.resolve(out);
  try {
    fs.writeFileSync(target, json, { flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ApiError(
      'refused',
      code === 'EEXIST' ? `${out} already exists; give another --out.` : `${out}: cannot be written (${code})`,
    );
  }
  return target;
}

function describeResponse(r: ReviewResponseRow): string {
  const who = `${r.respondent.name}, ${r.respondent.role}${r.respondent.organisation ? ` (${r.respondent.organisation})` : ''}`;
  const lines = [
    `  ${r.decision === 'agreed' ? 'Agreed' : 'Queried'} by ${who} on ${r.decidedOn}` +
      (r.current ? ' — still the figures today' : ' — NOT CURRENT: a figure has changed since'),
  ];
  for (const q of r.queries)
    lines.push(
      `    query ${q.id} on ${q.targetLabel}: ${q.text}${q.answer ? `\n      answered: ${q.answer}` : ' (not answered yet)'}`,
    );
  return lines.join('\n');
}

function printOpened({ manifest, figures }: OpenedPackage): void {
  print(`Review package for ${manifest.area.name}, sent ${manifest.createdAt} by ${manifest.createdBy}`);
  print(`Fingerprint ${manifest.fingerprint}${manifest.note ? `\nNote: ${manifest.note}` : ''}`);
  for (const p of figures.plans) {
    print(`\nPlan ${p.label}: ${p.totals.lines} lines, total ${formatPence(p.totals.expenditurePence)}`);
    for (const l of p.lines)
      print(`  ${l.key}  ${l.schemeId} ${l.schemeName} | ${l.sourceOfFunding} | ${formatPence(l.expenditurePence)}`);
  }
  for (const r of figures.returns) {
    print(
      `\nReturn ${r.label}: planned ${formatPence(r.totals.plannedPence)}, actual to date ${formatPence(r.totals.actualPence)}`,
    );
    for (const l of r.lines)
      print(
        `  ${l.key}  ${l.schemeId} ${l.schemeName} | planned ${formatPence(l.plannedPence)} | actual ${l.actualPence === null ? '—' : formatPence(l.actualPence)}`,
      );
  }
  for (const pool of figures.pools) {
    print(
      `\nPool ${pool.name} ${pool.year} (${pool.key}): budget ${formatPence(pool.budgetPence)}, ${pool.basis} ${pool.outturnPence === null ? 'not recorded' : formatPence(pool.outturnPence)}`,
    );
    for (const c of pool.partners)
      print(
        `  ${c.key}  ${c.name}${c.ratio ? ` (ratio ${c.ratio})` : ''}: contributes ${formatPence(c.contributionPence)}`,
      );
    if (pool.variancePence !== null) print(`  variance ${formatPence(pool.variancePence)}`);
    for (const s of pool.shares) print(`  ${s.key}  ${s.partner}'s share: ${formatPence(s.pence)}`);
    if (pool.problem) print(`  ${pool.problem}`);
  }
}

export function registerReviewCommands(program: Command): void {
  const review = program
    .command('review')
    .description("partners' review: send figures to a finance partner, respond to a package, import the response");

  review
    .command('export')
    .description('write a review package of the chosen plans and pools for a finance partner')
    .option('--plan <year>', 'a plan to include, by year (repeat for more)', collect)
    .option('--return <year:period>', 'a return to include, e.g. 2024-25:Q1 (repeat for more)', collect)
    .option('--pool <id>', 'a pool to include, by id as `bcf pools list` shows it (repeat for more)', collect)
    .option('--note <text>', 'a note to the partner, shown with the figures', '')
    .option('--out <file>', 'where to write the package (default: its own name in this folder)')
    .action(
      async (
        opts: { plan?: string[]; return?: string[]; pool?: string[]; note: string; out?: string },
        cmd: Command,
      ) => {
        await withContext(cmd, async (ctx) => {
          const sent = await callApi(ctx, 'review.export', {
            plans: (opts.plan ?? []).map(yearOption),
            returns: (opts.return ?? []).map((r) => {
              const [year = '', period = ''] = r.split(':');
              return { year: yearOption(year), period: periodOption(period) };
            }),
            pools: (opts.pool ?? []).map(wholeNumber('--pool')),
            note: opts.note,
          });
          const file = writeNew(opts.out ?? sent.fileName, sent.json);
          print(
            `Wrote ${file}\n  fingerprint ${sent.fingerprint}\nSend it to the partner; import their response with: bcf review import-response FILE`,
          );
        });
      },
    );

  review
    .command('open <file>')
    .description("show a review package's figures (read-only: nothing is written to the database)")
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const text = readText(file, MAX_PACKAGE_BYTES);
      await withContext(
        cmd,
        async (ctx) => {
          const opened = await callApi(ctx, 'review.open', { text });
          if (opts.json) printJson(opened);
          else printOpened(opened);
        },
        { startBackup: false },
      );
    });

  review
    .command('respond <file>')
    .description('write a response to a review package: --agree, or one --query or more')
    .requiredOption('--name <name>', 'your name')
    .requiredOption('--role <role>', 'your role, e.g. "Deputy director of finance"')
    .option('--organisation <name>', 'your organisation, e.g. the ICB or council', '')
    .option('--date <yyyy-mm-dd>', 'the date of your decision (default: today)')
    .option('--agree', 'agree the figures as they are')
    .option('--query <key=text>', 'query a figure by its key as `bcf review open` shows it (repeat for more)', collect)
    .option('--out <file>', 'where to write the response (default: its own name in this folder)')
    .action(
      async (
        file: string,
        opts: {
          name: string;
          role: string;
          organisation: string;
          date?: string;
          agree?: boolean;
          query?: string[];
          out?: string;
        },
        cmd: Command,
      ) => {
        const text = readText(file, MAX_PACKAGE_BYTES);
        const queries = (opts.query ?? []).map((q) => {
          const m = /^([^=]+)=([\s\S]+)$/.exec(q);
          if (!m)
            throw new ApiError(
              'invalid_request',
              `--query ${q}: write it as KEY=TEXT, e.g. "plan:2019-20:line:4=Why the rise?"`,
            );
          return { target: m[1]!.trim(), text: m[2]!.trim() };
        });
        if (opts.agree === queries.length > 0)
          throw new ApiError('invalid_request', 'Give either --agree or at least one --query (not both).');
        await withContext(
          cmd,
          async (ctx) => {
            const written = await callApi(ctx, 'review.respond', {
              text,
              respondent: { name: opts.name, role: opts.role, organisation: opts.organisation },
              decidedOn: opts.date ?? localIsoDate(ctx.now()),
              decision: opts.agree ? 'agreed' : 'queried',
              queries,
            });
            const out = writeNew(opts.out ?? written.fileName, written.json);
            print(`Wrote ${out}\nSend it back to the BCF manager.`);
          },
          { startBackup: false },
        );
      },
    );

  review
    .command('import-response <file>')
    .description("import a partner's response: records their agreement or queries against the figures sent")
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const text = readText(file, MAX_RESPONSE_BYTES);
      await withContext(cmd, async (ctx) => {
        const row = await callApi(ctx, 'review.importResponse', { text });
        if (opts.json) return printJson(row);
        print(`Imported the response from ${row.respondent.name}:\n${describeResponse(row)}`);
      });
    });

  review
    .command('list')
    .description('the packages sent, the responses imported, and whether each agreement is still current')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const o = await callApi(ctx, 'review.overview', {});
        if (opts.json) return printJson(o);
        if (o.packages.length === 0) return print('No review package has been sent from this database yet.');
        for (const p of o.packages) {
          print(
            `Package ${p.packageId} sent ${p.createdAt}: ${p.covers.join(', ')} (fingerprint ${shortFingerprint(p.fingerprint)})`,
          );
          if (p.responses.length === 0) print('  no response imported yet');
          for (const r of p.responses) print(describeResponse(r));
        }
      });
    });

  review
    .command('answer <query> <text>')
    .description('record your answer to a partner’s query (by the number `bcf review list` shows)')
    .action(async (query: string, text: string, _opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const q = await callApi(ctx, 'review.answerQuery', { id: wholeNumber('query')(query), answer: text });
        print(`Answered query ${q.id} on ${q.targetLabel}.`);
      });
    });
}
