import { Option, type Command } from 'commander';
import { ApiError } from '../../shared/api/errors';
import { formatPence, parseMoney } from '../../shared/money';
import { REQUIREMENT_KINDS, type RequirementKind } from '../../shared/plans/income';
import { PLAN_RULE_INFO } from '../../shared/plans/rules';
import { RETURN_RULE_INFO } from '../../shared/returns/rules';
import type { TotalRow } from '../../shared/plans/totals';
import type { Finding } from '../../shared/rules/types';
import type { LinksAfterImport } from '../../shared/api';
import { linksSaid, stepLinksSaid } from '../../shared/plans/links-said';
import { LIMITS } from '../../shared/files/limits';
import { callApi, print, printJson, withContext } from './context';
import { fileContent, yearOption } from './options';
import { registerPlanSignOffCommands } from './plan-signoff-commands';
import { maxOf } from '../../shared/values/arrays';

function modeOf(opts: { replace?: boolean; append?: boolean }): 'refuse' | 'replace' | 'append' {
  return opts.replace ? 'replace' : opts.append ? 'append' : 'refuse';
}

/** A conflict on the command line is answered with the flags that resolve it. */
function withFlags(err: unknown): never {
  if (err instanceof ApiError && err.code === 'conflict' && /choose to replace/.test(err.message)) {
    throw new ApiError(
      'conflict',
      `${err.message.replace(/choose to replace.*$/, '')}run again with --replace or --append.`,
    );
  }
  throw err;
}

export function findingLine(f: Finding): string {
  return `  ${f.severity === 'error' ? 'error  ' : 'warning'} ${f.rule}: ${f.message}`;
}

/** A finding as `--json` prints it: every key present, null where the finding has none. */
export function findingJson(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    schemeId: f.schemeId ?? null,
    field: f.field ?? null,
    lineId: f.lineId ?? null,
    source: f.source ?? null,
  };
}

export function summary(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${errors} error${errors === 1 ? '' : 's'} and ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}`;
}

export function registerPlanCommands(program: Command): void {
  const importCmd = program.command('import').description('bring data in from files');
  importCmd
    .command('plan <file>')
    .description(
      'import scheme lines from TSV, CSV or xlsx laid out like the 2019/20 plan or the 2023-25 expenditure sheet',
    )
    .requiredOption('--year <year>', 'the plan year, e.g. 2019-20 (the first year of a two-year plan)')
    .option(
      '--template <template>',
      'the template year whose layout and lists apply (see "bcf template list"); by default the year\'s own',
    )
    .addOption(new Option('--replace', 'replace the lines the year already has').conflicts('append'))
    .addOption(new Option('--append', 'add to the lines the year already has'))
    .option('--dry-run', 'check the file and report, writing nothing')
    .action(
      async (
        file: string,
        opts: { year: string; template?: string; replace?: boolean; append?: boolean; dryRun?: boolean },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        const content = fileContent(file, LIMITS.xlsxBytes);
        await withContext(cmd, async (ctx) => {
          const outcome = await callApi(ctx, 'plan.commitImport', {
            ...content,
            year,
            mode: modeOf(opts),
            dryRun: Boolean(opts.dryRun),
            ...(opts.template !== undefined ? { template: opts.template } : {}),
          }).catch(withFlags);
          const verb = outcome.dryRun ? 'would import' : 'imported';
          print(
            `${outcome.file}${outcome.sheet ? ` (sheet "${outcome.sheet}")` : ''}: ${verb} ${outcome.imported} lines into the ${year} plan${outcome.replaced ? ` (replacing ${outcome.replaced})` : ''}.`,
          );
          if (outcome.readPast.length > 0)
            print(
              `  a filled quarterly return: its own columns were read past (${outcome.readPast.map((c) => `${c.letter} "${c.header}"`).join(', ')})`,
            );
          for (const t of outcome.printedTotals) {
            const agrees = t.printedPence === t.computedPence;
            print(
              `  row ${t.row} "${t.label}", ${t.column}: printed ${formatPence(t.printedPence)}, lines add up to ${formatPence(t.computedPence)}${agrees ? ' (agrees)' : ` (differs by ${formatPence(t.printedPence - t.computedPence)})`}`,
            );
          }
          printLinks(outcome.links);
          if (outcome.findings.length > 0)
            print(`Checks: ${summary(outcome.findings)}; see "bcf validate plan --year ${year}".`);
        });
      },
    );

  importCmd
    .command('income <file>')
    .description(
      "import the plan's income by funding source (Source of Funding, Partner, an amount column per plan year)",
    )
    .requiredOption('--year <year>', 'the plan year, e.g. 2019-20')
    .addOption(new Option('--replace', 'replace the income the plan already has').conflicts('append'))
    .addOption(new Option('--append', 'add to the income the plan already has'))
    .option('--dry-run', 'check the file and report, writing nothing')
    .action(
      async (
        file: string,
        opts: { year: string; replace?: boolean; append?: boolean; dryRun?: boolean },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        const content = fileContent(file, LIMITS.xlsxBytes);
        await withContext(cmd, async (ctx) => {
          const outcome = await callApi(ctx, 'income.commitImport', {
            ...content,
            year,
            mode: modeOf(opts),
            dryRun: Boolean(opts.dryRun),
          }).catch(withFlags);
          print(
            `${outcome.file}: ${outcome.dryRun ? 'would import' : 'imported'} ${outcome.imported} income lines into the ${year} plan${outcome.replaced ? ` (replacing ${outcome.replaced})` : ''}.`,
          );
          for (const t of outcome.totals) {
            print(
              `  row ${t.row} "${t.label}": printed ${formatPence(t.printedPence)}, lines add up to ${formatPence(t.computedPence)}${t.printedPence === t.computedPence ? ' (agrees)' : ` (differs by ${formatPence(t.printedPence - t.computedPence)})`}`,
            );
          }
        });
      },
    );

  const validateCmd = program.command('validate').description('run the checks');
  validateCmd
    .command('plan')
    .description('check a plan against every rule (exit code 0 whether or not there are findings)')
    .requiredOption('--year <year>', 'the plan year, e.g. 2019-20')
    .option(
      '--json',
      'print {findings: [{rule, severity, message, schemeId, field, source: {file, row}}], totals: {...}}',
    )
    .action(async (opts: { year: string; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const view = await callApi(ctx, 'plan.get', { year });
        if (!view.exists) throw new ApiError('not_found', `There is no ${year} plan yet.`, 'year');
        const findings = view.validation.findings.map(findingJson);
        if (opts.json)
          return printJson({
            year: view.label,
            template: view.template,
            findings,
            rules: view.validation.rules,
            totals: view.totals,
          });
        print(
          `${view.label} plan (${view.lines.length} lines, template ${view.template}): ${summary(view.validation.findings)}.`,
        );
        for (const r of view.validation.rules)
          print(
            `${r.passed ? 'Yes' : 'No '}  ${r.id}: ${r.title}${r.passed ? '' : ` (${r.errors} errors, ${r.warnings} warnings)`}`,
          );
        if (findings.length > 0) print('');
        for (const f of view.validation.findings) print(findingLine(f));
      });
    });

  const planCmd = program.command('plan').description("look at and change a year's plan");
  registerPlanSignOffCommands(planCmd);
  planCmd
    .command('show')
    .description("print the plan's scheme lines with totals by Source of Funding and by Scheme Type")
    .requiredOption('--year <year>', 'the plan year, e.g. 2019-20')
    .option('--json', 'print JSON (every amount in integer pence)')
    .action(async (opts: { year: string; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const view = await callApi(ctx, 'plan.get', { year });
        if (opts.json) {
          // The lists are the template year's (bcf lists --template …), not the plan's.
          const { validation: _v, reference: _r, ...rest } = view;
          return printJson(rest);
        }
        if (view.notice) print(`Note: ${view.notice.message}\n`);
        for (const o of view.overlaps)
          print(
            `Note: the ${o.plans.map((p) => `${p.label} plan (${p.lines} lines)`).join(' and the ')} both cover ${o.years.join(' and ')}; keep one and delete the other (bcf plan delete --year … --reason …).\n`,
          );
        if (view.lines.length === 0) return print(`The ${view.label} plan has no scheme lines yet.`);
        print(
          `${view.label} plan (template year ${view.template}, ${view.confidence}): ${view.lines.length} scheme lines\n`,
        );
        print(
          table(
            ['ID', 'Scheme Name', 'Source of Funding', 'Expenditure £'],
            view.lines.map((l) => [
              l.schemeId,
              clip(l.schemeName, 48),
              clip(l.sourceOfFunding, 30),
              formatPence(l.expenditurePence),
            ]),
            [3],
          ),
        );
        print(`\nBy Source of Funding\n${totalsTable(view.totals.bySourceOfFunding)}`);
        print(`\nBy Scheme Type\n${totalsTable(view.totals.bySchemeType)}`);
        print(
          `\nTotal planned expenditure: ${formatPence(view.totals.expenditurePence)}${view.totals.expenditureYear2Pence !== null ? ` (${view.years[0]}), ${formatPence(view.totals.expenditureYear2Pence)} (${view.years[1]})` : ''}`,
        );
      });
    });

  planCmd
    .command('rollforward')
    .description("start a later year's plan from this one, with an uplift per funding source")
    .requiredOption('--from <year>', 'the plan to copy, e.g. 2019-20')
    .requiredOption('--to <year>', "the new plan's year, e.g. 2020-21")
    .option(
      '--uplift <SOURCE=PERCENT...>',
      'e.g. --uplift "CCG Minimum Contribution=5.66" (repeatable)',
      (v: string, all: string[] = []) => [...all, v],
    )
    .option('--replace', 'replace the lines the new year already has')
    .action(async (opts: { from: string; to: string; uplift?: string[]; replace?: boolean }, cmd: Command) => {
      const uplifts = (opts.uplift ?? []).map((u) => {
        const m = /^(.+)=\s*(-?\d{1,3}(?:\.\d{1,6})?)\s*%?$/.exec(u);
        if (!m)
          throw new ApiError(
            'invalid_request',
            `--uplift ${JSON.stringify(u)} should be SOURCE=PERCENT, e.g. "CCG Minimum Contribution=5.66"`,
            'uplift',
          );
        return { source: m[1]!.trim(), percent: m[2]! };
      });
      const from = yearOption(opts.from);
      const to = yearOption(opts.to);
      await withContext(cmd, async (ctx) => {
        const out = await callApi(ctx, 'plan.rollForward', { from, to, uplifts, replace: Boolean(opts.replace) });
        print(`Rolled the ${out.from} plan forward to ${out.to}: ${out.lines} lines and ${out.income} income lines.`);
        for (const u of out.uplifts) print(`  ${u.source}: +${u.percent}% on ${u.lines} lines`);
        for (const m of out.streams) print(`  ${streamMove(m, out.to)}`);
        if (out.note) print(`note: ${out.note}`);
      });
    });

  planCmd
    .command('delete')
    .description(
      'delete a plan made by mistake (one of two plans covering a year): its lines and income go to the history',
    )
    .requiredOption('--year <year>', 'the year the plan starts in')
    .requiredOption('--reason <text>', 'why (kept in the history)')
    .action(async (opts: { year: string; reason: string }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const out = await callApi(ctx, 'plan.delete', { year, reason: opts.reason });
        print(`Deleted the plan starting in ${out.year} (${out.lines} lines, kept in the history).`);
      });
    });

  planCmd
    .command('condition')
    .description(
      "confirm one of the template year's national conditions for the plan (its assurance statement): Yes, or No with the explanation",
    )
    .requiredOption('--year <year>', 'the plan year')
    .requiredOption('--condition <number>', 'the condition\'s number ("bcf template show YEAR" lists them)')
    .addOption(new Option('--answer <answer>', 'Yes or No').choices(['Yes', 'No']).makeOptionMandatory())
    .option('--explanation <text>', 'why it is not met, and what is being done (needed for No)')
    .action(
      async (opts: { year: string; condition: string; answer: 'Yes' | 'No'; explanation?: string }, cmd: Command) => {
        const year = yearOption(opts.year);
        await withContext(cmd, async (ctx) => {
          await callApi(ctx, 'plan.setCondition', {
            year,
            key: opts.condition.trim(),
            answer: { answer: opts.answer, explanation: opts.explanation ?? '' },
          });
          print(`National condition ${opts.condition.trim()} of the ${year} plan: ${opts.answer}.`);
        });
      },
    );

  planCmd
    .command('requirement')
    .description(
      "enter a year's required minimum (checked by plan.nhs-min-social-care, plan.ooh-ringfence and, for asc-baseline, plan.asc-minimum-uplift)",
    )
    .requiredOption('--year <year>', 'the year the minimum is for, e.g. 2023-24')
    .addOption(new Option('--kind <kind>', 'which minimum').choices([...REQUIREMENT_KINDS]).makeOptionMandatory())
    .requiredOption('--amount <£>', 'the minimum, e.g. "£9,456,000", or "none" to clear it')
    .action(async (opts: { year: string; kind: RequirementKind; amount: string }, cmd: Command) => {
      const year = yearOption(opts.year);
      const amount = opts.amount.trim().toLowerCase() === 'none' ? null : parseMoney(opts.amount);
      if (amount && !amount.ok) throw new ApiError('invalid_request', `--amount: ${amount.message}`, 'amount');
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'plan.setRequirement', { year, kind: opts.kind, pence: amount ? amount.pence : null });
        print(
          amount ? `${opts.kind} for ${year} is ${formatPence(amount.pence)}.` : `${opts.kind} for ${year} cleared.`,
        );
      });
    });

  for (const direction of ['undo', 'redo'] as const) {
    planCmd
      .command(direction)
      .description(
        `${direction} the last change to a plan (the same steps as Ctrl+${direction === 'undo' ? 'Z' : 'Y'} in the app)`,
      )
      .requiredOption('--year <year>', 'the plan year, e.g. 2019-20')
      .action(async (opts: { year: string }, cmd: Command) => {
        const year = yearOption(opts.year);
        await withContext(cmd, async (ctx) => {
          const done = await callApi(ctx, direction === 'undo' ? 'plan.undo' : 'plan.redo', { year });
          print(`${direction === 'undo' ? 'Undone' : 'Redone'}: ${done.label}${stepLinksSaid(done)}`);
        });
      });
  }

  program
    .command('rules')
    .description('list every check, for plans and for returns, with its id, severity and description')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const rules = [...PLAN_RULE_INFO, ...RETURN_RULE_INFO];
      if (opts.json) return printJson(rules);
      for (const r of rules) print(`${r.id} (${r.severity}): ${r.description}`);
    });
}

/** "iBCF → Local Authority Better Care Grant (the 2025-26 stream): 3 lines, 1 income line". */
export function streamMove(m: { from: string; to: string; lines: number; income: number }, year: string): string {
  const n = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
  return `${m.from} → ${m.to} (the ${year} stream): ${n(m.lines, 'line')}, ${n(m.income, 'income line')}`;
}

export function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function totalsTable(rows: TotalRow[]): string {
  return table(
    ['', 'Lines', 'Expenditure £'],
    rows.map((r) => [r.key, String(r.lines), formatPence(r.pence)]),
    [1, 2],
  );
}

/** Plain text columns; the columns named in `right` are figures, right-aligned as in a spreadsheet. */
export function table(header: string[], rows: string[][], right: number[]): string {
  const widths = header.map((h, i) =>
    maxOf(
      rows.map((r) => r[i]!.length),
      h.length,
    ),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** What an import that replaced a plan's lines did to the pool contributions and return lines linked to them. */
export function printLinks(links: LinksAfterImport | undefined): void {
  if (!links) return;
  print(linksSaid(links));
  if (links.dropped.length > 0)
    print("  a pool contribution links again with bcf pool link; a return's checks point out a line no longer linked");
}
