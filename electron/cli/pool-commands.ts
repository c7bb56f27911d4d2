import { Option, type Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { formatPence, parseMoney, type Pence } from '../../shared/money';
import {
  LEGAL_BASES,
  METHOD_IDS,
  PARTNER_KINDS,
  parseCap,
  parsePercent,
  parseRatio,
  ratioText,
  type Basis,
  type CapSpec,
  type LegalBasis,
  type MethodId,
  type MethodSpec,
  type PartnerKind,
} from '../../shared/pools/model';
import { lineIdByCode, matchPool } from '../../shared/pools/find';
import type { PoolData, PoolStatement } from '../../shared/pools/statement';
import type { YearLabel } from '../../shared/years/financial-year';
import type { ServiceContext } from '../services/context';
import { callApi, print, printJson, withContext } from './context';
import { fileContent, yearOption } from './options';

/**
 * `bcf pool …`: pooled budgets from the command line, through the same API
 * as the app (a pool is named by id or name here, and looked up in the year's list). Every amount in --json output is integer pence; a variance is
 * outturn - budget (negative for an underspend, and then so are the shares).
 */

function money(raw: string, what: string): Pence {
  const parsed = parseMoney(raw);
  if (!parsed.ok) throw new ApiError('invalid_request', `${what}: ${parsed.message}`);
  return parsed.pence;
}

const basisOf = (forecast?: boolean): Basis => (forecast ? 'forecast' : 'outturn');
const collect = (value: string, previous: string[] = []) => [...previous, value];

function sharesText(s: PoolStatement): string {
  if (s.problem !== null) return s.problem;
  return s.shares.map((x) => `${x.partner} ${formatPence(x.pence)}`).join(', ');
}

/** The year's pool the user named, by id or name, through the list the Pools screen shows. */
async function poolRef(ctx: ServiceContext, ref: string, year: YearLabel): Promise<{ id: number; name: string }> {
  return matchPool((await callApi(ctx, 'pool.list', { year })).pools, ref, year);
}

async function loadPool(ctx: ServiceContext, id: number): Promise<PoolData> {
  return (await callApi(ctx, 'pool.get', { id })).pool;
}

async function statementOf(ctx: ServiceContext, year: YearLabel, basis: Basis, id: number): Promise<PoolStatement> {
  return (await callApi(ctx, 'pool.statement', { year, basis, poolId: id })).pools[0]!;
}

async function summaryLine(pool: PoolData, basis: Basis, ctx: ServiceContext): Promise<string> {
  const s = await statementOf(ctx, pool.year, basis, pool.id);
  if (s.variance === null) return `${s.name} ${s.year}: no ${basis} recorded yet.`;
  return `${s.name} ${s.year}: ${basis} ${formatPence(s.outturn!)} against a budget of ${formatPence(s.budget)}, a variance of ${formatPence(s.variance)}. Shares: ${sharesText(s)}.`;
}

/** The statement JSON: {pools: [{name, budget, outturn, variance, method, steps, shares: [{partner, pence}]}]}, plus the detail behind it. */
export function statementJson(statements: PoolStatement[]) {
  return {
    pools: statements.map((s) => ({
      name: s.name,
      budget: s.budget,
      outturn: s.outturn,
      variance: s.variance,
      method: s.method,
      steps: s.steps,
      shares: s.shares.map((x) => ({ partner: x.partner, pence: x.pence })),
      year: s.year,
      basis: s.basis,
      complete: s.complete,
      problem: s.problem,
      methods: { overspend: s.methods.overspend.description, underspend: s.methods.underspend.description },
      partners: s.partners.map((p) => ({
        name: p.name,
        kind: p.kind,
        ratio: p.ratio,
        contributions: p.contributionPence,
      })),
      otherIncome: s.otherIncomePence,
      roundings: s.roundings,
      fallbacks: s.fallbacks,
      warnings: s.warnings,
      agreements: s.agreements.map((a) => ({
        partner: a.partner,
        agreedBy: a.agreedBy,
        role: a.role,
        agreedOn: a.agreedOn,
        current: a.current,
      })),
    })),
  };
}

function statementText(s: PoolStatement): string {
  const out: string[] = [];
  out.push(`${s.name} ${s.year} (${s.basis === 'outturn' ? 'outturn' : 'forecast'}), ${s.legalBasis}`);
  out.push(
    `  Partners: ${s.partners.map((p) => `${p.name} (${p.kind}) contributes ${formatPence(p.contributionPence)}`).join('; ')}${s.otherIncomePence ? `; other income ${formatPence(s.otherIncomePence)}` : ''}`,
  );
  out.push(`  Overspend method: ${s.methods.overspend.description}`);
  out.push(`  Underspend method: ${s.methods.underspend.description}`);
  out.push(
    `  Budget ${formatPence(s.budget)}; ${s.basis} ${s.outturn === null ? 'not recorded' : formatPence(s.outturn)}; variance ${s.variance === null ? 'not known' : formatPence(s.variance)}`,
  );
  if (s.problem !== null) {
    out.push(`  No shares: ${s.problem}`);
  } else {
    s.steps.forEach((step, i) => {
      out.push(`  ${i + 1}. ${step.label}: ${step.formula}`);
      for (const f of step.figures) out.push(`       ${f.label}: ${formatPence(f.pence)}`);
    });
    out.push(`  Shares: ${sharesText(s)}`);
  }
  for (const w of [...s.fallbacks, ...s.warnings]) out.push(`  Note: ${w}`);
  for (const a of s.agreements)
    out.push(
      `  Agreed for ${a.partner} by ${a.agreedBy}${a.role ? `, ${a.role}` : ''}, on ${a.agreedOn}${a.current ? '' : ' (the figures have changed since)'}`,
    );
  return out.join('\n');
}

interface MethodOptions {
  overspend?: string;
  underspend?: string;
  ratio?: string;
  threshold?: string;
  cap?: string[];
  contingency?: string;
  then?: string;
  reason?: string;
}

function capOption(raw: string, partners: string[]): { partner: string; cap: CapSpec }[] {
  const m = /^([^=]+)=(.+)$/.exec(raw);
  const targets = m ? [m[1]!.trim()] : partners;
  const value = (m ? m[2]! : raw).trim();
  const parsed = parseCap(value);
  if (!parsed.ok) throw new ApiError('invalid_request', `--cap ${raw}: ${parsed.message}`);
  const cap = parsed.value;
  return targets.map((partner) => ({ partner, cap }));
}

function methodSpec(id: string, opts: MethodOptions, partners: string[], side: string): MethodSpec {
  switch (id as MethodId) {
    case 'fixed-ratio':
    case 'pro-rata':
    case 'own-risk':
      return { method: id as 'fixed-ratio' };
    case 'threshold': {
      if (!opts.threshold)
        throw new ApiError(
          'invalid_request',
          `The ${side} method "threshold" needs --threshold, the % of the pool's budget shared by the ratio (e.g. --threshold 10%).`,
        );
      const p = parsePercent(opts.threshold, 100);
      if (!p.ok) throw new ApiError('invalid_request', `--threshold: ${p.message}`);
      return { method: 'threshold', thresholdPercent: p.value };
    }
    case 'cap': {
      if (!opts.cap || opts.cap.length === 0)
        throw new ApiError(
          'invalid_request',
          `The ${side} method "cap" needs --cap: e.g. --cap 10% (each partner, of its contribution), --cap £50,000, or --cap Education=1% (repeat for each partner).`,
        );
      const caps = opts.cap.flatMap((c) => capOption(c, partners));
      const seen = new Set<string>();
      for (const c of caps) {
        if (seen.has(c.partner.toLowerCase())) throw new ApiError('invalid_request', `--cap names ${c.partner} twice.`);
        seen.add(c.partner.toLowerCase());
      }
      return { method: 'cap', caps };
    }
    case 'contingency-first': {
      if (!opts.contingency)
        throw new ApiError(
          'invalid_request',
          `The ${side} method "contingency-first" needs --contingency LINE, the budget line that holds the contingency.`,
        );
      const then = opts.then ?? 'fixed-ratio';
      if (then !== 'fixed-ratio' && then !== 'pro-rata')
        throw new ApiError('invalid_request', '--then is fixed-ratio or pro-rata.');
      return { method: 'contingency-first', contingencyLine: opts.contingency, then };
    }
    default:
      throw new ApiError(
        'invalid_request',
        `"${id}" is not a risk-share method; choose one of ${METHOD_IDS.join(', ')}.`,
      );
  }
}

async function writeStatementFile(
  ctx: ServiceContext,
  out: string,
  year: YearLabel,
  basis: Basis,
  poolId?: number,
): Promise<string> {
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.pdf')
    throw new ApiError('invalid_request', `--out ${out}: the statement is written as .xlsx or .pdf.`);
  const request = { year, basis, ...(poolId !== undefined ? { poolId } : {}) };
  const file = await callApi(ctx, ext === '.xlsx' ? 'pool.exportXlsx' : 'pool.exportPdf', request);
  try {
    fs.writeFileSync(out, Buffer.from(file.base64, 'base64'));
  } catch (err) {
    throw new ApiError(
      'refused',
      `${out}: cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return out;
}

export function registerPoolCommands(program: Command): void {
  const pool = program
    .command('pool')
    .description('pooled budgets (section 75 and s10): contributions, risk share and the year-end statement');

  pool
    .command('import <file>')
    .description(
      'import pools from a table laid out like the published one (Pooled Budget, CCG Contribution, Council SC Contribution, Contributions and other grant funding, Total Value, Risk Share CCG:LA: Education)',
    )
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .option('--replace', 'replace pools of the same names that the year already has')
    .option('--dry-run', 'check the file and report, writing nothing')
    .action(async (file: string, opts: { year: string; replace?: boolean; dryRun?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      const content = fileContent(file);
      await withContext(cmd, async (ctx) => {
        const outcome = await callApi(ctx, 'pool.import', {
          ...content,
          year,
          replace: Boolean(opts.replace),
          dryRun: Boolean(opts.dryRun),
        }).catch((err: unknown) => {
          if (err instanceof ApiError && err.code === 'conflict')
            throw new ApiError(
              'conflict',
              `${err.message.replace(/; choose to replace.*$/, '')}; run again with --replace to replace ${/, /.test(err.message) ? 'them' : 'it'}.`,
            );
          throw err;
        });
        print(
          `${outcome.file}: ${outcome.dryRun ? 'would import' : 'imported'} ${outcome.pools.length} pool${outcome.pools.length === 1 ? '' : 's'} into ${year}${outcome.replaced.length ? ` (replacing ${outcome.replaced.join(', ')})` : ''}.`,
        );
        for (const p of outcome.pools) {
          const t = outcome.totals.find((x) => x.label === p.name);
          const check =
            t === undefined
              ? ''
              : t.printedPence === t.computedPence
                ? `; Total Value ${formatPence(t.printedPence)} agrees`
                : `; Total Value ${formatPence(t.printedPence)} DIFFERS from the contributions by ${formatPence(t.printedPence - t.computedPence)}`;
          print(`  ${p.name}: ratio ${p.ratio}, contributions ${formatPence(p.contributionsPence)}${check}`);
        }
        for (const t of outcome.totals.filter((x) => !outcome.pools.some((p) => p.name === x.label))) {
          print(
            `  row ${t.row} "${t.label}": printed ${formatPence(t.printedPence)}, pools add up to ${formatPence(t.computedPence)}${t.printedPence === t.computedPence ? ' (agrees)' : ` (differs by ${formatPence(t.printedPence - t.computedPence)})`}`,
          );
        }
      });
    });

  pool
    .command('list')
    .description("list the year's pools with budget, forecast, outturn, variance and each partner's exposure")
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .option('--json', 'print JSON (every amount in integer pence)')
    .action(async (opts: { year: string; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const list = await callApi(ctx, 'pool.list', { year });
        if (opts.json) return printJson(list);
        if (list.pools.length === 0) return print(`There are no pools in ${year}.`);
        for (const p of list.pools) {
          const exposure =
            p.basis === null
              ? 'no forecast or outturn yet'
              : (p.problem ?? p.exposure.map((x) => `${x.partner} ${formatPence(x.pence)}`).join(', '));
          print(
            `${p.name}: budget ${formatPence(p.budget)}; forecast ${p.forecast === null ? '-' : formatPence(p.forecast)}; outturn ${p.outturn === null ? '-' : formatPence(p.outturn)}; variance ${p.variance === null ? '-' : `${formatPence(p.variance)} (${p.basis})`}; exposure: ${exposure}`,
          );
        }
      });
    });

  pool
    .command('set-method <pool>')
    .description('choose the risk-share method for an overspend and for an underspend, with their parameters')
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .addOption(new Option('--overspend <method>', 'method for an overspend').choices([...METHOD_IDS]))
    .addOption(
      new Option('--underspend <method>', 'method for an underspend').choices(
        METHOD_IDS.filter((m) => m !== 'contingency-first'),
      ),
    )
    .option('--ratio <parts>', 'the agreed ratio, partners in order, e.g. 14:41:45')
    .option('--threshold <percent>', "threshold: the % of the pool's budget shared by the ratio, e.g. 10%")
    .option(
      '--cap <cap>',
      "cap: 10% (of each partner's contribution), £50,000, or PARTNER=1% / PARTNER=£25,000 (repeat per partner)",
      collect,
    )
    .option('--contingency <line>', 'contingency-first: the budget line that holds the contingency')
    .addOption(
      new Option('--then <method>', 'contingency-first: how the rest is split')
        .choices(['fixed-ratio', 'pro-rata'])
        .default('fixed-ratio'),
    )
    .option('--reason <text>', 'why, for the history')
    .action(async (ref: string, opts: MethodOptions & { year: string }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const { id } = await poolRef(ctx, ref, year);
        const before = await loadPool(ctx, id);
        const names = before.partners.map((p) => p.name);
        let ratio: string[] | undefined;
        if (opts.ratio !== undefined) {
          const r = parseRatio(opts.ratio);
          if (!r.ok) throw new ApiError('invalid_request', `--ratio: ${r.message}`);
          ratio = r.value;
        }
        const after = await callApi(ctx, 'pool.setMethods', {
          id,
          ...(opts.overspend ? { overspend: methodSpec(opts.overspend, opts, names, 'overspend') } : {}),
          ...(opts.underspend ? { underspend: methodSpec(opts.underspend, opts, names, 'underspend') } : {}),
          ...(ratio !== undefined ? { ratio } : {}),
          ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
        });
        const s = await statementOf(ctx, year, 'outturn', id);
        print(`${after.name} ${year}: ratio ${names.join(':')} ${ratioText(after.partners.map((p) => p.ratio))}.`);
        print(`  Overspend: ${s.methods.overspend.description}`);
        print(`  Underspend: ${s.methods.underspend.description}`);
      });
    });

  pool
    .command('outturn <pool>')
    .description("record the outturn (or --forecast): a pool-level amount, one line's amount, or a ledger extract")
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .option('--amount <amount>', "the amount, e.g. £6,130,998 (the pool's, or with --line the line's)")
    .option('--line <id>', 'the budget line the amount is for')
    .option(
      '--import <file>',
      'a ledger extract (TSV or CSV) with a line column and an outturn column; rows for one line are added up',
    )
    .option('--forecast', 'record a forecast (during the year) rather than the actual outturn')
    .option('--dry-run', 'with --import: show what would change, writing nothing')
    .option('--reason <text>', 'why, for the history')
    .action(
      async (
        ref: string,
        opts: {
          year: string;
          amount?: string;
          line?: string;
          import?: string;
          forecast?: boolean;
          dryRun?: boolean;
          reason?: string;
        },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        const basis = basisOf(opts.forecast);
        if (opts.import !== undefined && (opts.amount !== undefined || opts.line !== undefined))
          throw new ApiError(
            'invalid_request',
            'Give either --import FILE or --amount (with --line for one line), not both.',
          );
        if (opts.import === undefined && opts.amount === undefined)
          throw new ApiError('invalid_request', 'Give --amount £ (with --line ID for one line) or --import FILE.');
        if (opts.dryRun && opts.import === undefined)
          throw new ApiError('invalid_request', '--dry-run goes with --import.');
        const content = opts.import !== undefined ? fileContent(opts.import) : null;
        await withContext(cmd, async (ctx) => {
          const { id } = await poolRef(ctx, ref, year);
          if (content !== null) {
            const outcome = await callApi(ctx, 'pool.importOutturn', {
              ...content,
              id,
              basis,
              dryRun: Boolean(opts.dryRun),
            });
            print(
              `${outcome.file}: ${outcome.dryRun ? 'would record' : 'recorded'} the ${basis} of ${outcome.changes.length} line${outcome.changes.length === 1 ? '' : 's'} of ${outcome.pool} from the "${outcome.amountColumn}" column.`,
            );
            for (const c of outcome.changes)
              print(
                `  ${c.code} ${c.name}: ${c.oldPence === null ? 'not recorded' : formatPence(c.oldPence)} -> ${formatPence(c.newPence)}${c.rows.length > 1 ? ` (${c.rows.length} rows added up: ${c.rows.join(', ')})` : ''}`,
              );
            if (outcome.untouched.length)
              print(`  Not in the file, left as they were: ${outcome.untouched.join(', ')}`);
            if (outcome.ignoredColumns.length) print(`  Columns ignored: ${outcome.ignoredColumns.join(', ')}`);
            if (!outcome.dryRun) print(await summaryLine(await loadPool(ctx, id), basis, ctx));
            return;
          }
          const amount = money(opts.amount!, '--amount');
          const pool = await loadPool(ctx, id);
          const lineId = opts.line !== undefined ? lineIdByCode(pool, opts.line) : undefined;
          const after = await callApi(ctx, 'pool.setOutturn', {
            id,
            basis,
            amountPence: amount,
            ...(lineId !== undefined ? { lineId } : {}),
            ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
          });
          print(await summaryLine(after, basis, ctx));
        });
      },
    );

  pool
    .command('statement [pool]')
    .description(
      "the year-end statement: budget by partner, outturn, variance, method, every step, each partner's share",
    )
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .option(
      '--json',
      'print JSON: {pools: [{name, budget, outturn, variance, method, steps, shares: [{partner, pence}]}]}, amounts in integer pence',
    )
    .option('--out <file>', 'also write the statement as FILE.xlsx (a sheet per pool and a summary) or FILE.pdf')
    .option('--forecast', 'work on the forecast rather than the outturn')
    .action(
      async (
        ref: string | undefined,
        opts: { year: string; json?: boolean; out?: string; forecast?: boolean },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        const basis = basisOf(opts.forecast);
        await withContext(cmd, async (ctx) => {
          const id = ref !== undefined ? (await poolRef(ctx, ref, year)).id : undefined;
          const { pools: statements } = await callApi(ctx, 'pool.statement', {
            year,
            basis,
            ...(id !== undefined ? { poolId: id } : {}),
          });
          if (statements.length === 0)
            throw new ApiError(
              'not_found',
              `There are no pools in ${year}; import them first (bcf pool import FILE --year ${year}).`,
            );
          const written = opts.out !== undefined ? await writeStatementFile(ctx, opts.out, year, basis, id) : null;
          if (opts.json) printJson(statementJson(statements));
          else print(statements.map(statementText).join('\n\n'));
          if (written !== null) (opts.json ? process.stderr : process.stdout).write(`Wrote ${written}\n`);
        });
      },
    );

  pool
    .command('lines <pool>')
    .description(
      "import the pool's budget lines (Line, Name, Partner whose cost it is, Budget, Contingency) from a TSV or CSV file",
    )
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .requiredOption('--import <file>', 'the budget-lines table')
    .option('--replace', 'replace the lines the pool already has')
    .option('--dry-run', 'check the file and report, writing nothing')
    .action(
      async (
        ref: string,
        opts: { year: string; import: string; replace?: boolean; dryRun?: boolean },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        const content = fileContent(opts.import);
        await withContext(cmd, async (ctx) => {
          const { id } = await poolRef(ctx, ref, year);
          const outcome = await callApi(ctx, 'pool.importLines', {
            ...content,
            id,
            replace: Boolean(opts.replace),
            dryRun: Boolean(opts.dryRun),
          }).catch((err: unknown) => {
            if (err instanceof ApiError && err.code === 'conflict')
              throw new ApiError(
                'conflict',
                `${err.message.replace(/; choose to replace.*$/, '')}; run again with --replace to replace them.`,
              );
            throw err;
          });
          print(
            `${outcome.file}: ${outcome.dryRun ? 'would import' : 'imported'} ${outcome.lines.length} budget lines into ${outcome.pool}${outcome.replaced ? ` (replacing ${outcome.replaced})` : ''}.`,
          );
          for (const l of outcome.lines)
            print(
              `  ${l.code} ${l.name}: ${formatPence(l.budgetPence)}, ${l.partner ?? 'shared'}${l.contingency ? ', contingency' : ''}`,
            );
        });
      },
    );

  pool
    .command('contribution <pool>')
    .description('add a contribution to a pool, or change the one with this label')
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .requiredOption(
      '--label <label>',
      'what the contribution is, e.g. "Council SC Contribution (BCF Protection of Social Care)"',
    )
    .requiredOption('--amount <amount>', 'the amount, e.g. £1,000,000')
    .option('--partner <partner>', 'the partner it is attributed to (leave out for other income)')
    .option('--reason <text>', 'why, for the history')
    .action(
      async (
        ref: string,
        opts: { year: string; label: string; amount: string; partner?: string; reason?: string },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        const amount = money(opts.amount, '--amount');
        await withContext(cmd, async (ctx) => {
          const { id } = await poolRef(ctx, ref, year);
          const existing = (await loadPool(ctx, id)).contributions.find(
            (c) => c.label.toLowerCase() === opts.label.trim().toLowerCase(),
          );
          const after = await callApi(ctx, 'pool.saveContribution', {
            poolId: id,
            ...(existing ? { id: existing.id } : {}),
            partner: opts.partner ?? null,
            label: opts.label.trim(),
            amountPence: amount,
            ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
          });
          print(
            `${after.name} ${year}: "${opts.label.trim()}" ${formatPence(amount)}${opts.partner ? ` from ${opts.partner}` : ' (other income)'} ${existing ? 'updated' : 'added'}.`,
          );
        });
      },
    );

  pool
    .command('link <pool>')
    .description(
      'link a pool contribution to the BCF plan line that funds it, so the consolidated view counts the money once',
    )
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .requiredOption('--contribution <label>', 'the contribution\'s label, e.g. "Council SC Contribution"')
    .option('--scheme <id>', 'the BCF Scheme ID of the funding line, e.g. 8')
    .option('--source <text>', "the line's Source of Funding, when the scheme has several lines")
    .option('--name <text>', "the line's Scheme Name, when that still leaves several")
    .option('--unlink', 'remove the link')
    .action(
      async (
        ref: string,
        opts: { year: string; contribution: string; scheme?: string; source?: string; name?: string; unlink?: boolean },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        if (Boolean(opts.unlink) === (opts.scheme !== undefined))
          throw new ApiError('invalid_request', 'Give --scheme ID (and --source when needed) to link, or --unlink.');
        await withContext(cmd, async (ctx) => {
          const { id } = await poolRef(ctx, ref, year);
          // The pool with the year's BCF plan lines, as the pool screen offers them to link.
          const { pool, bcfLines } = await callApi(ctx, 'pool.get', { id });
          const c = pool.contributions.find((x) => x.label.toLowerCase() === opts.contribution.trim().toLowerCase());
          if (!c)
            throw new ApiError(
              'not_found',
              `${pool.name} has no contribution "${opts.contribution}"; its contributions are ${pool.contributions.map((x) => `"${x.label}"`).join(', ')}.`,
            );
          if (opts.unlink) {
            await callApi(ctx, 'pool.linkContribution', { id: c.id, schemeLineId: null });
            return print(`${pool.name}: "${c.label}" is no longer linked to a BCF line.`);
          }
          const lines = bcfLines.filter(
            (l) =>
              l.schemeId.toLowerCase() === opts.scheme!.trim().toLowerCase() &&
              (opts.source === undefined || l.sourceOfFunding.toLowerCase() === opts.source.trim().toLowerCase()) &&
              (opts.name === undefined || l.schemeName.toLowerCase() === opts.name.trim().toLowerCase()),
          );
          const which = `${opts.source ? ` funded by "${opts.source}"` : ''}${opts.name ? ` named "${opts.name}"` : ''}`;
          if (lines.length === 0)
            throw new ApiError('not_found', `The ${year} BCF plan has no line for Scheme ID ${opts.scheme}${which}.`);
          if (lines.length > 1) {
            throw new ApiError(
              'invalid_request',
              `Scheme ${opts.scheme} has ${lines.length} lines${which} in the ${year} plan; say which with --source or --name: ${lines.map((l) => `"${l.schemeName}" (${l.sourceOfFunding}, ${formatPence(l.expenditurePence)})`).join('; ')}.`,
            );
          }
          const line = lines[0]!;
          await callApi(ctx, 'pool.linkContribution', { id: c.id, schemeLineId: line.id });
          print(
            `${pool.name}: "${c.label}" (${formatPence(c.amountPence)}) is funded by BCF line ${line.schemeId} "${line.schemeName}" (${line.sourceOfFunding}, ${formatPence(line.expenditurePence)}).`,
          );
        });
      },
    );

  pool
    .command('consolidated')
    .description('the BCF plan and the pools together, counting money that flows from the BCF into a pool once')
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .option('--json', 'print JSON (every amount in integer pence)')
    .action(async (opts: { year: string; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const c = await callApi(ctx, 'pool.consolidated', { year });
        if (opts.json) return printJson(c);
        print(`BCF plan ${year}: ${formatPence(c.bcfPlanPence)}`);
        print(`Pools' contributions: ${formatPence(c.poolsPence)}`);
        for (const f of c.flows)
          print(
            `  BCF line ${f.from.schemeId} "${f.from.schemeName}" (${f.from.sourceOfFunding}) -> ${f.to.pool}, "${f.to.label}": ${formatPence(f.pence)}`,
          );
        print(`Counted in both: ${formatPence(c.countedTwicePence)}`);
        print(`Total, each pound counted once: ${formatPence(c.countedOncePence)}`);
        for (const w of c.warnings) print(`Note: ${w}`);
      });
    });

  pool
    .command('edit <pool>')
    .description("change a pool's host partner or legal basis")
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .option('--host <partner>', 'the partner that hosts the pool (--host none to clear it)')
    .addOption(new Option('--legal-basis <basis>', 'the agreement the pool is made under').choices([...LEGAL_BASES]))
    .option('--reason <text>', 'why, for the history')
    .action(
      async (
        ref: string,
        opts: { year: string; host?: string; legalBasis?: LegalBasis; reason?: string },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        if (opts.host === undefined && opts.legalBasis === undefined)
          throw new ApiError('invalid_request', 'Give --host or --legal-basis to change.');
        await withContext(cmd, async (ctx) => {
          const { id } = await poolRef(ctx, ref, year);
          const host = opts.host === undefined ? undefined : /^none$/i.test(opts.host.trim()) ? null : opts.host;
          const p = await callApi(ctx, 'pool.update', {
            id,
            ...(opts.legalBasis !== undefined ? { legalBasis: opts.legalBasis } : {}),
            ...(host !== undefined ? { host } : {}),
            ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
          });
          print(
            `${p.name} ${year}: ${p.legalBasis}; host ${p.partners.find((x) => x.isHost)?.name ?? 'not recorded'}.`,
          );
        });
      },
    );

  pool
    .command('partner <pool>')
    .description(
      'rename a partner or change its kind (a CCG that became an ICB); contributions, lines, host and caps follow',
    )
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .requiredOption('--partner <name>', 'the partner as it is named now')
    .option('--name <text>', 'its new name')
    .addOption(new Option('--kind <kind>', 'what kind of body it is').choices([...PARTNER_KINDS]))
    .option('--reason <text>', 'why, for the history')
    .action(
      async (
        ref: string,
        opts: { year: string; partner: string; name?: string; kind?: PartnerKind; reason?: string },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        if (opts.name === undefined && opts.kind === undefined)
          throw new ApiError('invalid_request', 'Give --name or --kind to change.');
        await withContext(cmd, async (ctx) => {
          const pool = await loadPool(ctx, (await poolRef(ctx, ref, year)).id);
          const partner = pool.partners.find((p) => p.name.toLowerCase() === opts.partner.trim().toLowerCase());
          if (!partner)
            throw new ApiError(
              'invalid_request',
              `${opts.partner} is not a partner in ${pool.name}; the partners are ${pool.partners.map((p) => p.name).join(', ')}.`,
              'partner',
            );
          const after = await callApi(ctx, 'pool.changePartner', {
            id: partner.id,
            name: opts.name ?? partner.name,
            kind: opts.kind ?? partner.kind,
            ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
          });
          print(`${after.name} ${year}: partners ${after.partners.map((p) => `${p.name} (${p.kind})`).join(', ')}.`);
        });
      },
    );

  pool
    .command('copy')
    .description(
      "copy a year's pools (or one) to the next year: partners, ratio, methods, contributions and budget lines",
    )
    .requiredOption('--year <year>', 'the year to copy from, e.g. 2019-20')
    .option('--pool <pool>', 'copy only this pool')
    .action(async (opts: { year: string; pool?: string }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const id = opts.pool !== undefined ? (await poolRef(ctx, opts.pool, year)).id : undefined;
        const r = await callApi(ctx, 'pool.copyForward', { year, ...(id !== undefined ? { poolId: id } : {}) });
        print(
          `Copied ${r.copied.join(', ')} to ${r.year} (without outturns, agreements or links to the ${year} BCF plan).`,
        );
      });
    });

  pool
    .command('agree <pool>')
    .description('record that a partner agreed the year-end statement as it stands (who and when)')
    .requiredOption('--year <year>', 'the financial year, e.g. 2019-20')
    .requiredOption('--partner <partner>', 'the partner agreeing, e.g. CCG')
    .requiredOption('--by <name>', 'who agreed it, e.g. "A. Finance"')
    .option('--role <role>', 'their role, e.g. "Chief Finance Officer"', '')
    .option('--date <date>', 'the day it was agreed, YYYY-MM-DD (default today)')
    .action(
      async (
        ref: string,
        opts: { year: string; partner: string; by: string; role: string; date?: string },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        await withContext(cmd, async (ctx) => {
          const { id, name } = await poolRef(ctx, ref, year);
          const date = opts.date ?? ctx.now().toISOString().slice(0, 10);
          const a = await callApi(ctx, 'pool.agree', {
            id,
            partner: opts.partner,
            agreedBy: opts.by.trim(),
            role: opts.role.trim(),
            agreedOn: date,
          });
          print(
            `${name} ${year}: agreed for ${a.partner} by ${a.agreedBy}${a.role ? `, ${a.role}` : ''}, on ${a.agreedOn}. Shares: ${a.figures.shares.map((x) => `${x.partner} ${formatPence(x.pence)}`).join(', ')}.`,
          );
        });
      },
    );
}
