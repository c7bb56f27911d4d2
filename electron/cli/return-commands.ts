import { Option, type Command } from 'commander';
import fs from 'node:fs';
import { ApiError } from '../../shared/api/errors';
import type { ReturnView } from '../../shared/api';
import { formatDate } from '../../shared/dates/iso-date';
import { formatPence, parseMoney, type Pence } from '../../shared/money';
import {
  returnColumnSpec,
  returnColumnValue,
  type ReturnColumn,
  type ReturnFieldName,
} from '../../shared/returns/line';
import { extraColumn } from '../../shared/templates/fields';
import { metricNumberSchema, withNumbers, type OnTrack } from '../../shared/returns/metrics';
import { PERIOD_LABELS } from '../../shared/returns/period';
import { STATE_LABELS } from '../../shared/returns/signoff';
import type { ReturnTotalRow } from '../../shared/returns/totals';
import type { YearEndPicture } from '../../shared/returns/year-end';
import type { ServiceContext } from '../services/context';
import { callApi, print, printJson, withContext } from './context';
import { approverOption, dateOption } from './signoff-options';
import { wholeNumber } from './data-commands';
import { clip, findingJson, findingLine, summary, table } from './plan-commands';
import { fileContent, periodOption, yearOption } from './options';

/**
 * `bcf return …`, `bcf validate return` and `bcf calendar`: the quarterly
 * return from creation to ratification, through the same API as the app.
 */

function moneyOption(raw: string, option: string): Pence {
  const parsed = parseMoney(raw);
  if (!parsed.ok) throw new ApiError('invalid_request', `${option}: ${parsed.message}`, option);
  return parsed.pence;
}

const money = (p: Pence | null) => (p === null ? '' : formatPence(p, { pence: 'auto' }));

/** --year and --period on a command, both required. */
function which(cmd: Command): Command {
  return cmd
    .requiredOption('--year <year>', 'the year of the return, e.g. 2024-25')
    .requiredOption('--period <period>', 'Q1, Q2, Q3 or YE (year end)');
}

interface Which {
  year: string;
  period: string;
}
const parsed = (o: Which) => ({ year: yearOption(o.year), period: periodOption(o.period) });

function lineByNumber(view: ReturnView, n: string) {
  const number = Number(n);
  const line = Number.isInteger(number) ? view.lines.find((l) => l.position === number) : undefined;
  if (!line)
    throw new ApiError(
      'invalid_request',
      `--line ${n}: the ${view.label} return has lines 1 to ${view.lines.length} (see "bcf return show").`,
      'line',
    );
  return line;
}

function totalsTable(rows: ReturnTotalRow[], total: ReturnTotalRow): string {
  return table(
    ['', 'Lines', 'Planned £', 'Actual to date £', 'Forecast £'],
    [...rows, total].map((r) => [
      r.key,
      String(r.lines),
      money(r.plannedPence),
      money(r.actualPence),
      money(r.forecastPence),
    ]),
    [1, 2, 3, 4],
  );
}

/** A year-end return's income and expenditure by funding source, planned against actual. */
function printYearEnd(label: string, ye: YearEndPicture): void {
  print(`${label}: income and expenditure by funding source, planned against actual.`);
  print(
    table(
      ['Income', 'Planned £', 'Actual £', 'Variance £', 'Explanation'],
      [
        ...ye.income.map((r) => [
          r.sourceOfFunding,
          money(r.plannedPence),
          r.actualPence === null ? '(not entered)' : money(r.actualPence),
          money(r.variancePence),
          clip(r.note, 60),
        ]),
        [
          'Total',
          money(ye.incomeTotal.plannedPence),
          money(ye.incomeTotal.actualPence),
          money(ye.incomeTotal.variancePence),
          '',
        ],
      ],
      [1, 2, 3],
    ),
  );
  print(
    table(
      ['Expenditure', 'Planned £', 'Actual £', 'Variance £'],
      [...ye.expenditure, ye.expenditureTotal].map((r) => [
        r.sourceOfFunding,
        money(r.plannedPence),
        money(r.actualPence),
        money(r.variancePence),
      ]),
      [1, 2, 3],
    ),
  );
}

function printView(v: ReturnView): void {
  print(
    `${v.label} return (${v.template}; plan ${v.planLabel}): ${STATE_LABELS[v.state]}${v.locked ? ', figures locked' : ''}`,
  );
  print(`Funding in scope: ${v.sources.join(', ')}`);
  if (v.notice) print(`Note: ${v.notice.message}`);
  if (v.deadline)
    print(
      `Deadline: ${formatDate(v.deadline)}${v.submittedOn ? `; submitted ${formatDate(v.submittedOn)} (${v.deadlineMet ? 'met' : 'missed'})` : ''}`,
    );
  for (const a of v.approvers) print(`Approved by ${a.name}, ${a.role}, on ${formatDate(a.approvedOn)}`);
  if (v.delegatedAuthority) print(`Authority: ${v.delegatedAuthority}`);
  if (v.ratifiedOn)
    print(
      `Ratified by the Health and Wellbeing Board on ${formatDate(v.ratifiedOn)}${v.ratifiedAt ? ` (${v.ratifiedAt})` : ''}, ${v.ratifiedWhen}`,
    );
  print('');
  const movement = v.previousPeriod !== null;
  const header = [
    'Line',
    'ID',
    'Scheme Name',
    'Source of Funding',
    'Planned £',
    'Actual to date £',
    ...(movement ? [`Since ${PERIOD_LABELS[v.previousPeriod!]} £`] : []),
    'Issues?',
  ];
  print(
    table(
      header,
      v.lines.map((l) => [
        String(l.position),
        l.schemeId,
        clip(l.schemeName, 36),
        clip(l.sourceOfFunding, 34),
        money(l.plannedPence),
        money(l.actualPence),
        ...(movement ? [money(l.movementPence)] : []),
        l.issues,
      ]),
      movement ? [0, 4, 5, 6] : [0, 4, 5],
    ),
  );
  for (const f of v.fields) {
    const spec = returnColumnSpec(extraColumn(f.key), v.fields)!;
    print(
      `${f.label} (${f.key}): ${v.lines.map((l) => `line ${l.position} ${spec.format(l.extra?.[f.key] ?? null) || '(blank)'}`).join('; ')}`,
    );
  }
  if (v.conditions.length > 0) {
    print('\nNational conditions');
    for (const c of v.conditions)
      print(
        `  ${c.key}. ${clip(c.text, 70)}: ${c.answer || '(not answered)'}${c.explanation ? ` (${clip(c.explanation, 60)})` : ''}`,
      );
  }
  print(`\nBy Source of Funding\n${totalsTable(v.totals.bySourceOfFunding, v.totals)}`);
  print(
    `\nTotal planned ${money(v.totals.plannedPence)}, actual to date ${money(v.totals.actualPence)}${v.totals.actualMissing ? ` (${v.totals.actualMissing} lines not entered)` : ''}.`,
  );
  if (v.yearEnd) {
    print('');
    printYearEnd(v.label, v.yearEnd);
  }
  print(`Checks: ${summary(v.validation.findings)}.`);
}

const ENTRY_OPTIONS: [string, ReturnFieldName, string][] = [
  ['actual', 'actualPence', 'Actual Expenditure to date, e.g. "£30,000"'],
  ['outputs', 'outputsDelivered', 'Outputs delivered to date (a number, or NA)'],
  ['issues', 'issues', 'Have there been any implementation issues? Yes or No'],
  ['description', 'issueDescription', 'the issues and the actions taken'],
  ['forecast', 'forecastPence', 'forecast outturn for the year'],
  ['note', 'note', 'explanation of variance'],
];

const ON_TRACK_SHORT: Record<string, OnTrack> = {
  'on-track': 'On track to meet target',
  'not-on-track': 'Not on track to meet target',
  'no-data': 'Data not available to assess progress',
  none: '',
};

export function registerReturnCommands(program: Command): void {
  const ret = program
    .command('return')
    .description('quarterly returns: create from the plan, import actuals, check, approve, submit, ratify');

  which(ret.command('create'))
    .description('create a return from the plan covering its year (its fixed columns are copied from the plan)')
    .option(
      '--sources <list>',
      'the funding sources in scope, comma-separated, e.g. "Local Authority Discharge Funding,ICB Discharge Funding" (default: all, or the previous return\'s)',
    )
    .option('--template <text>', 'the NHS England template the return follows, e.g. "2024-25 Q1 (Discharge Fund)"')
    .action(async (opts: Which & { sources?: string; template?: string }, cmd: Command) => {
      const w = parsed(opts);
      const sources = opts.sources
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      await withContext(cmd, async (ctx) => {
        const v = await callApi(ctx, 'return.create', {
          ...w,
          ...(sources !== undefined ? { sources } : {}),
          ...(opts.template !== undefined ? { template: opts.template } : {}),
        });
        print(
          `Created the ${v.label} return from the ${v.planLabel} plan: ${v.lines.length} lines, planned ${money(v.totals.plannedPence)} (${v.sources.join(', ')}).${v.previousPeriod ? ` Figures start from ${PERIOD_LABELS[v.previousPeriod]}'s.` : ''}`,
        );
      });
    });

  which(ret.command('import <file>'))
    .description(
      'import actuals (and outputs, issues, forecasts) from a ledger extract or a filled return: TSV, CSV or xlsx',
    )
    .option('--dry-run', 'match and check the file, writing nothing')
    .action(async (file: string, opts: Which & { dryRun?: boolean }, cmd: Command) => {
      const w = parsed(opts);
      const content = fileContent(file);
      await withContext(cmd, async (ctx) => {
        const out = await callApi(ctx, 'return.commitImport', { ...w, ...content, dryRun: Boolean(opts.dryRun) });
        print(
          `${out.file}${out.sheet ? ` (sheet "${out.sheet}")` : ''}: ${out.dryRun ? 'would import' : 'imported'} ${out.matched} lines into the ${PERIOD_LABELS[w.period]} ${w.year} return${out.dryRun ? '' : ` (${out.changed} values changed)`}.`,
        );
        print(`Checks: ${summary(out.findings)}; see "bcf validate return --year ${w.year} --period ${w.period}".`);
      });
    });

  which(ret.command('show'))
    .description('print the return: lines, totals by Source of Funding, sign-off')
    .option('--json', 'print JSON (every amount in integer pence)')
    .action(async (opts: Which & { json?: boolean }, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        const v = await callApi(ctx, 'return.get', w);
        if (opts.json) return printJson(v);
        printView(v);
      });
    });

  ret
    .command('list')
    .description('every return, with its state and totals')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const all = await callApi(ctx, 'return.list', {});
        if (opts.json) return printJson(all);
        if (all.length === 0) return print('No returns yet: bcf return create --year 2024-25 --period Q1');
        print(
          table(
            ['Return', 'State', 'Planned £', 'Actual £', 'Errors', 'Deadline'],
            all.map((r) => [
              r.label,
              STATE_LABELS[r.state],
              money(r.plannedPence),
              money(r.actualPence),
              String(r.errors),
              r.deadline ?? '',
            ]),
            [2, 3, 4],
          ),
        );
      });
    });

  const set = which(ret.command('set'))
    .description('enter figures for one line (its number as "bcf return show" prints it)')
    .requiredOption('--line <number>', 'the line number')
    .option(
      '--field <FIELD=VALUE...>',
      'one of the template year\'s own fields, by its name or label, e.g. --field "alignedWithNeighbourhoodHealth=Yes" (repeatable)',
      (v: string, all: string[] = []) => [...all, v],
    );
  for (const [flag, , what] of ENTRY_OPTIONS) set.option(`--${flag} <value>`, what);
  set.action(
    async (opts: Which & { line: string; field?: string[] } & Record<string, string | undefined>, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        const view = await callApi(ctx, 'return.get', w);
        const line = lineByNumber(view, opts.line);
        const edits: { lineId: number; field: ReturnColumn; text: string }[] = ENTRY_OPTIONS.filter(
          ([flag]) => opts[flag] !== undefined,
        ).map(([flag, field]) => ({ lineId: line.id, field, text: opts[flag] as string }));
        for (const pair of opts.field ?? []) {
          const eq = pair.indexOf('=');
          const name = eq < 0 ? '' : pair.slice(0, eq).trim().toLowerCase();
          const f = view.fields.find((x) => x.key.toLowerCase() === name || x.label.toLowerCase() === name);
          if (!f)
            throw new ApiError(
              'invalid_request',
              `--field ${JSON.stringify(pair)}: expected FIELD=VALUE with one of this year's own fields: ${view.fields.map((x) => x.key).join(', ') || 'none'}.`,
              'field',
            );
          edits.push({ lineId: line.id, field: extraColumn(f.key) as ReturnColumn, text: pair.slice(eq + 1) });
        }
        if (edits.length === 0)
          throw new ApiError(
            'invalid_request',
            `Give at least one of ${ENTRY_OPTIONS.map(([f]) => `--${f}`).join(', ')} or --field.`,
          );
        const { changed } = await callApi(ctx, 'return.applyEdits', { ...w, edits });
        const after = (await callApi(ctx, 'return.get', w)).lines.find((l) => l.id === line.id)!;
        const shown = edits.map((e) => {
          const spec = returnColumnSpec(e.field, view.fields)!;
          return `${spec.label}: ${spec.format(returnColumnValue(after, e.field))}`;
        });
        print(
          `Line ${line.position} (scheme ${line.schemeId} "${line.schemeName}"): ${changed} value${changed === 1 ? '' : 's'} changed. ${shown.join('; ')}`,
        );
      });
    },
  );

  which(ret.command('condition'))
    .description("confirm one of the year's national conditions for the return (Yes, or No with the explanation)")
    .requiredOption('--condition <number>', 'the condition\'s number, as "bcf return show" lists them')
    .addOption(new Option('--answer <answer>', 'Yes or No').choices(['Yes', 'No']).makeOptionMandatory())
    .option('--explanation <text>', 'why it is not met, and what is being done (needed for No)')
    .action(async (opts: Which & { condition: string; answer: 'Yes' | 'No'; explanation?: string }, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        const v = await callApi(ctx, 'return.setCondition', {
          ...w,
          key: opts.condition.trim(),
          answer: { answer: opts.answer, explanation: opts.explanation ?? '' },
        });
        const c = v.conditions.find((x) => x.key === opts.condition.trim())!;
        print(`National condition ${c.key}: ${c.answer}${c.explanation ? ` (${c.explanation})` : ''}.`);
      });
    });

  which(ret.command('income'))
    .description(
      "a year-end return's income by funding source, planned beside actual; with --source, set that source's actual income for the year",
    )
    .option('--source <name>', 'the funding source, as the plan names it (case and spacing ignored)')
    .option('--actual <amount>', 'the actual income for the year in pounds, e.g. 1,234,567.89 ("" to clear it)')
    .option('--explanation <text>', 'the explanation of the variance from plan (kept as given; "" clears it)')
    .option('--json', 'print the income rows and totals as JSON')
    .action(
      async (
        opts: Which & { source?: string; actual?: string; explanation?: string; json?: boolean },
        cmd: Command,
      ) => {
        const w = parsed(opts);
        await withContext(cmd, async (ctx) => {
          let view = await callApi(ctx, 'return.get', w);
          if (opts.source !== undefined) {
            const row = view.yearEnd?.income.find(
              (r) => r.sourceOfFunding.trim().toLowerCase() === opts.source!.trim().toLowerCase(),
            );
            if (opts.actual === undefined && opts.explanation === undefined)
              throw new ApiError('invalid_request', 'With --source, give --actual, --explanation or both.', 'actual');
            view = await callApi(ctx, 'return.setIncome', {
              ...w,
              income: {
                sourceOfFunding: opts.source,
                actualPence:
                  opts.actual === undefined
                    ? (row?.actualPence ?? null)
                    : opts.actual.trim() === ''
                      ? null
                      : moneyOption(opts.actual, '--actual'),
                note: opts.explanation ?? row?.note ?? '',
              },
            });
          }
          const ye = view.yearEnd;
          if (!ye)
            throw new ApiError(
              'refused',
              `The ${view.label} return reports spend only; income is entered on the year-end return (--period YE).`,
              'period',
            );
          if (opts.json) {
            printJson(ye);
            return;
          }
          printYearEnd(view.label, ye);
          const open = view.validation.findings.filter((f) => f.rule === 'return.year-end-variance');
          for (const f of open) print(findingLine(f));
        });
      },
    );

  which(ret.command('unlock'))
    .description("make a line's fixed columns (copied from the plan) editable, for a reason kept in the history")
    .requiredOption('--line <number>', 'the line number')
    .requiredOption('--reason <text>', 'why')
    .action(async (opts: Which & { line: string; reason: string }, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        const line = lineByNumber(await callApi(ctx, 'return.get', w), opts.line);
        await callApi(ctx, 'return.unlockLine', { ...w, lineId: line.id, reason: opts.reason });
        print(`Line ${line.position}'s fixed columns are editable.`);
      });
    });

  which(ret.command('ready'))
    .description('mark the return ready for approval (refused while the checks find errors)')
    .action(async (opts: Which, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'return.markReady', w);
        print(`The ${PERIOD_LABELS[w.period]} ${w.year} return is ready for approval.`);
      });
    });

  which(ret.command('approve'))
    .description(
      'record approval by named officers (refused while the checks find errors); the figures are then locked',
    )
    .requiredOption(
      '--approver <"NAME | ROLE | DATE">',
      'an approver (repeatable), e.g. "Jane Smith | Director of Adult Social Care | 2024-08-29"',
      (v: string, all: string[] = []) => [...all, v],
    )
    .option('--on <date>', 'the date for approvers given without one')
    .option(
      '--delegated-authority <text>',
      'the authority they approved under, e.g. "delegated by the Health and Wellbeing Board on 2024-06-11"',
    )
    .addOption(
      new Option(
        '--accept-warnings <n>',
        "approve with the checks' warnings: how many were seen (bcf validate return); refused if the checks find another number",
      ).argParser(wholeNumber('--accept-warnings')),
    )
    .action(
      async (
        opts: Which & { approver: string[]; on?: string; delegatedAuthority?: string; acceptWarnings?: number },
        cmd: Command,
      ) => {
        const w = parsed(opts);
        const fallback = opts.on ? dateOption(opts.on, '--on') : undefined;
        const approvers = opts.approver.map((a) => approverOption(a, fallback));
        await withContext(cmd, async (ctx) => {
          await callApi(ctx, 'return.approve', {
            ...w,
            approvers,
            delegatedAuthority: opts.delegatedAuthority?.trim() ?? '',
            acceptWarnings: opts.acceptWarnings ?? 0,
          });
          print(
            `The ${PERIOD_LABELS[w.period]} ${w.year} return is approved by ${approvers.map((a) => a.name).join(', ')}; its figures are locked.`,
          );
        });
      },
    );

  which(ret.command('submit'))
    .description('record the submission to NHS England, and whether it met the deadline')
    .requiredOption('--on <date>', 'the date it was submitted')
    .option('--deadline <date>', 'the deadline, if it is not in the calendar')
    .action(async (opts: Which & { on: string; deadline?: string }, cmd: Command) => {
      const w = parsed(opts);
      const on = dateOption(opts.on, '--on');
      const deadline = opts.deadline ? dateOption(opts.deadline, '--deadline') : undefined;
      await withContext(cmd, async (ctx) => {
        const v = await callApi(ctx, 'return.submit', {
          ...w,
          submittedOn: on,
          ...(deadline !== undefined ? { deadline } : {}),
        });
        // The deadline it was held to is kept with the return: met when submitted on or before it.
        const met = on <= v.deadline!;
        print(
          `The ${v.label} return was submitted on ${formatDate(on)}, ${met ? 'by' : 'after'} the deadline of ${formatDate(v.deadline!)}.`,
        );
      });
    });

  which(ret.command('ratify'))
    .description('record ratification by the Health and Wellbeing Board (before or after submission)')
    .requiredOption('--on <date>', 'the date of the board meeting')
    .option('--meeting <text>', 'the meeting, e.g. "HWB 10 September 2024, item 7"')
    .action(async (opts: Which & { on: string; meeting?: string }, cmd: Command) => {
      const w = parsed(opts);
      const on = dateOption(opts.on, '--on');
      await withContext(cmd, async (ctx) => {
        const v = await callApi(ctx, 'return.ratify', { ...w, ratifiedOn: on, meeting: opts.meeting?.trim() ?? '' });
        print(
          `The ${v.label} return was ratified by the Health and Wellbeing Board on ${formatDate(on)}, ${v.ratifiedWhen}.`,
        );
      });
    });

  which(ret.command('reopen'))
    .description('reopen an approved or submitted return for changes (the approvals are cleared; the reason is kept)')
    .requiredOption('--reason <text>', 'why it is reopened')
    .action(async (opts: Which & { reason: string }, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'return.reopen', { ...w, reason: opts.reason });
        print(`The ${PERIOD_LABELS[w.period]} ${w.year} return is a draft again.`);
      });
    });

  which(ret.command('delete'))
    .description('delete a draft or ready return created by mistake (the history keeps its figures)')
    .requiredOption('--reason <text>', 'why it is deleted')
    .action(async (opts: Which & { reason: string }, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'return.delete', { ...w, reason: opts.reason });
        print(`Deleted the ${PERIOD_LABELS[w.period]} ${w.year} return.`);
      });
    });

  which(ret.command('pdf'))
    .description("write the one-page summary for the board's ratification paper")
    .option('--out <file>', 'where to write it (default: "BCF <return> return summary.pdf" here)')
    .action(async (opts: Which & { out?: string }, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        const { fileName, contentBase64 } = await callApi(ctx, 'return.summaryPdf', w);
        const out = opts.out ?? fileName;
        fs.writeFileSync(out, Buffer.from(contentBase64, 'base64'));
        print(`Wrote ${out}`);
      });
    });

  ret
    .command('year')
    .description(
      "the picture of the year: each quarter's actual to date against plan, and plan against actual by scheme type and funding source",
    )
    .requiredOption('--year <year>', 'e.g. 2024-25')
    .option('--json', 'print JSON (every amount in integer pence)')
    .action(async (opts: { year: string; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const p = await callApi(ctx, 'return.year', { year });
        if (opts.json) return printJson(p);
        print(`${year}: planned ${money(p.plannedPence)}\n`);
        print(
          table(
            ['Period', 'State', 'Actual to date £', 'Straight-line profile £', 'Forecast outturn £'],
            p.quarters.map((q) => [
              q.label,
              q.state ? STATE_LABELS[q.state] : 'not started',
              money(q.actualPence),
              money(q.profilePence),
              money(q.forecastPence),
            ]),
            [2, 3, 4],
          ),
        );
        if (p.latest)
          print(
            `\nFrom the ${p.latest.label} return, by Scheme Type\n${table(
              ['', 'Planned £', 'Actual £', 'Forecast £'],
              p.bySchemeType.map((r) => [r.key, money(r.plannedPence), money(r.actualPence), money(r.forecastPence)]),
              [1, 2, 3],
            )}`,
          );
      });
    });

  ret
    .command('metrics')
    .description("the year's metrics, their targets and the numbers behind them, with any target revised")
    .requiredOption('--year <year>', 'e.g. 2024-25')
    .option(
      '--set <"NAME=TARGET"...>',
      "set a metric's target (repeatable; a new name adds a metric); a correction, kept only in the history",
      (v: string, all: string[] = []) => [...all, v],
    )
    .option(
      '--numbers <"NAME=NUMERATOR/DENOMINATOR"...>',
      'the absolute numbers beside a rate, e.g. "Falls=825/50,000" (repeatable)',
      (v: string, all: string[] = []) => [...all, v],
    )
    .option('--revise <"NAME=TARGET">', "revise a metric's target in the year, keeping the old one (needs --reason)")
    .option('--revised-numbers <NUMERATOR/DENOMINATOR>', 'the numbers behind the revised target, e.g. 800/50,000')
    .option('--reason <text>', 'why the target is revised')
    .option('--json', 'print JSON')
    .action(
      async (
        opts: {
          year: string;
          set?: string[];
          numbers?: string[];
          revise?: string;
          revisedNumbers?: string;
          reason?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        const split = (s: string, option: string, example: string) => {
          const i = s.indexOf('=');
          if (i <= 0)
            throw new ApiError(
              'invalid_request',
              `--${option} ${JSON.stringify(s)} should be NAME=${option === 'numbers' ? 'NUMERATOR/DENOMINATOR' : 'TARGET'}, e.g. "${example}"`,
              option,
            );
          return { name: s.slice(0, i).trim(), value: s.slice(i + 1).trim() };
        };
        const numbersOf = (text: string, option: string) => {
          const [numerator = '', denominator = '', ...rest] = text.split('/').map((x) => x.trim());
          const bad = [numerator, denominator].find((x) => !metricNumberSchema.safeParse(x).success);
          if (rest.length > 0 || bad !== undefined)
            throw new ApiError(
              'invalid_request',
              `--${option} ${JSON.stringify(text)} should be NUMERATOR/DENOMINATOR, numbers such as 825/50,000`,
              option,
            );
          return { numerator, denominator };
        };
        await withContext(cmd, async (ctx) => {
          let metrics: { name: string; target: string; numerator?: string; denominator?: string }[] = (
            await callApi(ctx, 'metrics.get', { year })
          ).map((m) => ({ name: m.name, target: m.target }));
          const find = (name: string) => metrics.find((m) => m.name.toLowerCase() === name.toLowerCase());
          for (const s of opts.set ?? []) {
            const { name, value: target } = split(s, 'set', 'Falls=1,650 per 100,000');
            const found = find(name);
            metrics = found ? metrics.map((m) => (m === found ? { ...m, target } : m)) : [...metrics, { name, target }];
          }
          for (const s of opts.numbers ?? []) {
            const { name, value } = split(s, 'numbers', 'Falls=825/50,000');
            const found = find(name);
            if (!found)
              throw new ApiError(
                'not_found',
                `There is no metric "${name}" for ${year}; add it with --set.`,
                'numbers',
              );
            const numbers = numbersOf(value, 'numbers');
            metrics = metrics.map((m) => (m === found ? { ...m, ...numbers } : m));
          }
          let out =
            opts.set?.length || opts.numbers?.length
              ? await callApi(ctx, 'metrics.set', { year, metrics })
              : await callApi(ctx, 'metrics.get', { year });
          if (opts.revise) {
            const { name, value: target } = split(opts.revise, 'revise', 'Falls=1,600 per 100,000');
            const metric = out.find((m) => m.name.toLowerCase() === name.toLowerCase());
            if (!metric) throw new ApiError('not_found', `There is no metric "${name}" for ${year}.`, 'revise');
            if (!opts.reason?.trim())
              throw new ApiError('invalid_request', '--revise needs --reason: say why the target is revised', 'reason');
            await callApi(ctx, 'metrics.revise', {
              year,
              metricId: metric.id,
              revision: {
                target,
                ...(opts.revisedNumbers
                  ? numbersOf(opts.revisedNumbers, 'revised-numbers')
                  : { numerator: '', denominator: '' }),
                reason: opts.reason.trim(),
              },
            });
            out = await callApi(ctx, 'metrics.get', { year });
          }
          if (opts.json) return printJson(out);
          if (out.length === 0)
            return print(
              `No metrics for ${year} yet: they are added when the year's first return is created, or with --set.`,
            );
          for (const m of out) {
            print(`${m.name}: ${m.target ? withNumbers(m.target, m) : '(no target)'}`);
            for (const r of m.revisions)
              print(`  revised on ${r.revisedOn} from ${withNumbers(r.target, r)}: ${r.reason}`);
          }
        });
      },
    );

  which(ret.command('assess'))
    .description('assess a metric for the return: on track to meet its target?')
    .requiredOption('--metric <name>', 'the metric, e.g. "Falls"')
    .addOption(
      new Option('--status <status>', 'the assessment').choices(Object.keys(ON_TRACK_SHORT)).makeOptionMandatory(),
    )
    .option('--challenges <text>', 'challenges (required when not on track)')
    .option('--achievements <text>', 'achievements')
    .action(
      async (
        opts: Which & { metric: string; status: string; challenges?: string; achievements?: string },
        cmd: Command,
      ) => {
        const w = parsed(opts);
        await withContext(cmd, async (ctx) => {
          const metric = (await callApi(ctx, 'metrics.get', { year: w.year })).find(
            (m) => m.name.toLowerCase() === opts.metric.trim().toLowerCase(),
          );
          if (!metric)
            throw new ApiError(
              'not_found',
              `There is no metric "${opts.metric}" for ${w.year}; see "bcf return metrics --year ${w.year}".`,
              'metric',
            );
          const current = (await callApi(ctx, 'return.get', w)).metrics.find((m) => m.metricId === metric.id)!;
          await callApi(ctx, 'return.setAssessment', {
            ...w,
            metricId: metric.id,
            assessment: {
              onTrack: ON_TRACK_SHORT[opts.status]!,
              challenges: opts.challenges?.trim() ?? current.challenges,
              achievements: opts.achievements?.trim() ?? current.achievements,
            },
          });
          print(`${metric.name}: ${ON_TRACK_SHORT[opts.status] || 'not assessed'}.`);
        });
      },
    );

  ret
    .command('settings')
    .description('the thresholds of the return checks')
    .option(
      '--profile-tolerance <£>',
      'return.straight-line-profile: how close to ¼, ½, ¾ of plan counts (default £1)…',
    )
    .option(
      '--profile-tolerance-percent <percent>',
      '…or within this % of the plan, whichever is larger (default 0.05)',
    )
    .option(
      '--variance-percent <percent>',
      'return.variance-explanation: forecast away from plan by more than this % needs a note (default 5)',
    )
    .option('--variance-amount <£>', '…or by more than this amount (default £25,000)')
    .option('--json', 'print JSON')
    .action(
      async (
        opts: {
          profileTolerance?: string;
          profileTolerancePercent?: string;
          variancePercent?: string;
          varianceAmount?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        await withContext(cmd, async (ctx) => {
          let s = await callApi(ctx, 'returnSettings.get', {});
          if (
            opts.profileTolerance !== undefined ||
            opts.profileTolerancePercent !== undefined ||
            opts.variancePercent !== undefined ||
            opts.varianceAmount !== undefined
          ) {
            const percent = opts.variancePercent?.trim().replace(/%$/, '');
            if (percent !== undefined && !/^\d{1,3}(\.\d{1,4})?$/.test(percent))
              throw new ApiError(
                'invalid_request',
                `--variance-percent ${JSON.stringify(opts.variancePercent)}: expected a percentage such as 5 or 2.5`,
                'variancePercent',
              );
            const profilePercent = opts.profileTolerancePercent?.trim().replace(/%$/, '');
            if (profilePercent !== undefined && !/^\d{1,2}(\.\d{1,4})?$/.test(profilePercent)) {
              throw new ApiError(
                'invalid_request',
                `--profile-tolerance-percent ${JSON.stringify(opts.profileTolerancePercent)}: expected a percentage under 100 such as 0.05`,
                'profileTolerancePercent',
              );
            }
            s = await callApi(ctx, 'returnSettings.set', {
              profileTolerancePence:
                opts.profileTolerance !== undefined
                  ? moneyOption(opts.profileTolerance, '--profile-tolerance')
                  : s.profileTolerancePence,
              profileTolerancePercent: profilePercent ?? s.profileTolerancePercent,
              variancePercent: percent ?? s.variancePercent,
              varianceAmountPence:
                opts.varianceAmount !== undefined
                  ? moneyOption(opts.varianceAmount, '--variance-amount')
                  : s.varianceAmountPence,
            });
          }
          if (opts.json) return printJson(s);
          print(
            `Straight-line profile tolerance: ${money(s.profileTolerancePence)} or ${s.profileTolerancePercent}% of plan, whichever is larger\nForecast variance needing a note: more than ${s.variancePercent}% or ${money(s.varianceAmountPence)}`,
          );
        });
      },
    );

  const validate =
    program.commands.find((c) => c.name() === 'validate') ?? program.command('validate').description('run the checks');
  which(validate.command('return'))
    .description('check a return against every rule (exit code 0 whether or not there are findings)')
    .option('--json', 'print {findings: [{rule, severity, message, schemeId, field, lineId, source}], rules, totals}')
    .action(async (opts: Which & { json?: boolean }, cmd: Command) => {
      const w = parsed(opts);
      await withContext(cmd, async (ctx) => {
        const v = await callApi(ctx, 'return.get', w);
        const findings = v.validation.findings.map(findingJson);
        if (opts.json)
          return printJson({
            year: v.year,
            period: v.period,
            label: v.label,
            template: v.template,
            state: v.state,
            findings,
            rules: v.validation.rules,
            totals: v.totals,
          });
        print(`${v.label} return (${v.lines.length} lines): ${summary(v.validation.findings)}.`);
        for (const r of v.validation.rules)
          print(
            `${r.passed ? 'Yes' : 'No '}  ${r.id}: ${r.title}${r.passed ? '' : ` (${r.errors} errors, ${r.warnings} warnings)`}`,
          );
        if (findings.length > 0) print('');
        for (const f of v.validation.findings) print(findingLine(f));
      });
    });

  registerCalendarCommands(program);
}

async function printCalendar(ctx: ServiceContext, json: boolean | undefined): Promise<void> {
  const c = await callApi(ctx, 'calendar.get', {});
  if (json) return printJson(c);
  print(`Next: ${c.next.text}`);
  if (c.entries.length > 0) print('');
  for (const e of c.entries) print(`${e.on}  ${e.text}`);
}

function registerCalendarCommands(program: Command): void {
  const cal = program
    .command('calendar')
    .description('return deadlines and Health and Wellbeing Board meetings, and what to do next');
  cal
    .command('show', { isDefault: true })
    .description('the calendar and the next action')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, (ctx) => printCalendar(ctx, opts.json));
    });
  which(cal.command('deadline'))
    .description('set (or with "none", clear) the deadline of a period\'s return')
    .requiredOption('--on <date>', 'the deadline, e.g. 2024-08-30, or none')
    .action(async (opts: Which & { on: string }, cmd: Command) => {
      const w = parsed(opts);
      const on = opts.on.trim().toLowerCase() === 'none' ? null : dateOption(opts.on, '--on');
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'calendar.setDeadline', { ...w, dueOn: on });
        print(
          on
            ? `The ${PERIOD_LABELS[w.period]} ${w.year} return is due on ${formatDate(on)}.`
            : `The ${PERIOD_LABELS[w.period]} ${w.year} deadline is cleared.`,
        );
      });
    });
  cal
    .command('meeting')
    .description('add a Health and Wellbeing Board meeting (or remove one with --remove)')
    .requiredOption('--on <date>', 'the date of the meeting')
    .option('--note <text>', 'e.g. "Q1 return for ratification"')
    .option('--remove', 'remove the meeting on that date')
    .action(async (opts: { on: string; note?: string; remove?: boolean }, cmd: Command) => {
      const on = dateOption(opts.on, '--on');
      await withContext(cmd, async (ctx) => {
        if (opts.remove) {
          const m = (await callApi(ctx, 'calendar.get', {})).meetings.find((x) => x.meetsOn === on);
          if (!m)
            throw new ApiError('not_found', `There is no board meeting on ${formatDate(on)} in the calendar.`, 'on');
          await callApi(ctx, 'calendar.removeMeeting', { id: m.id });
          return print(`Removed the board meeting on ${formatDate(on)}.`);
        }
        await callApi(ctx, 'calendar.addMeeting', { meetsOn: on, note: opts.note?.trim() ?? '' });
        print(`Added a Health and Wellbeing Board meeting on ${formatDate(on)}.`);
      });
    });
}
