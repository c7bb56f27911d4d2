import { Option, type Command } from 'commander';
import { ApiError } from '../../shared/api/errors';
import { formatDate } from '../../shared/dates/iso-date';
import {
  AUTHORITIES,
  AUTHORITY_LABELS,
  PARTNER_KIND_LABELS,
  PLAN_PARTNER_KINDS,
  PLAN_STATE_LABELS,
  type Authority,
  type PlanPartnerKind,
  type PlanSignOff,
} from '../../shared/plans/signoff';
import { callApi, print, printJson, withContext } from './context';
import { yearOption } from './options';
import { wholeNumber } from './data-commands';
import { approverOption, dateOption } from './signoff-options';

/**
 * `bcf plan signoff|approve|submit|ratify|reopen`: the plan's sign-off, the
 * same verbs as a return's, through the same API as the app.
 */

function printSignOff(label: string, s: PlanSignOff): void {
  print(`The ${label} plan is ${PLAN_STATE_LABELS[s.state].toLowerCase()}${s.locked ? ' (locked)' : ''}.`);
  for (const a of s.approvals)
    print(
      `  ${a.partner} (${PARTNER_KIND_LABELS[a.partnerKind]}): approved by ${a.name}, ${a.role}, on ${formatDate(a.approvedOn)} (${AUTHORITY_LABELS[a.authority].toLowerCase()})${a.submittedOn ? `; submitted ${formatDate(a.submittedOn)}` : ''}`,
    );
  if (s.ratifiedOn)
    print(
      `  Ratified by the Health and Wellbeing Board on ${formatDate(s.ratifiedOn)}${s.ratifiedAt ? ` (${s.ratifiedAt})` : ''}, ${s.ratifiedWhen}.`,
    );
  if (s.outstanding.length > 0) print(`  Waiting for: ${s.outstanding.join('; ')}.`);
}

export function registerPlanSignOffCommands(planCmd: Command): void {
  planCmd
    .command('signoff')
    .description("show the plan's sign-off: each partner's approval and submission, the board's ratification")
    .requiredOption('--year <year>', 'the plan year, e.g. 2025-26')
    .option('--json', 'print JSON')
    .action(async (opts: { year: string; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        const plan = await callApi(ctx, 'plan.get', { year });
        // The plan screen opens any year; a sign-off is only ever of a plan that exists.
        if (!plan.exists) throw new ApiError('not_found', `There is no ${year} plan yet.`, 'year');
        if (opts.json) printJson(plan.signOff);
        else printSignOff(plan.label, plan.signOff);
      });
    });

  planCmd
    .command('approve')
    .description("record one partner's approval of the plan (the council, or an ICB); the plan is then locked")
    .requiredOption('--year <year>', 'the plan year, e.g. 2025-26')
    .requiredOption('--partner <name>', 'the partner, e.g. "Bath and North East Somerset Council"')
    .addOption(
      new Option('--kind <kind>', 'the kind of partner').choices([...PLAN_PARTNER_KINDS]).makeOptionMandatory(),
    )
    .requiredOption(
      '--approver <"NAME | ROLE | DATE">',
      'who approved, e.g. "Will Godfrey | Chief Executive | 2025-03-20"',
    )
    .option('--on <date>', 'the date, if --approver gives none')
    .addOption(
      new Option('--authority <authority>', 'chief executive, or delegated authority')
        .choices([...AUTHORITIES])
        .default('chief-executive'),
    )
    .addOption(
      new Option(
        '--accept-warnings <n>',
        "approve with the checks' warnings: how many were seen (bcf validate plan); refused if the checks find another number",
      ).argParser(wholeNumber('--accept-warnings')),
    )
    .action(
      async (
        opts: {
          year: string;
          partner: string;
          kind: PlanPartnerKind;
          approver: string;
          on?: string;
          authority: Authority;
          acceptWarnings?: number;
        },
        cmd: Command,
      ) => {
        const year = yearOption(opts.year);
        const approver = approverOption(opts.approver, opts.on ? dateOption(opts.on, '--on') : undefined);
        await withContext(cmd, async (ctx) => {
          const { signOff: s } = await callApi(ctx, 'plan.approve', {
            year,
            approval: { ...approver, partner: opts.partner, partnerKind: opts.kind, authority: opts.authority },
            acceptWarnings: opts.acceptWarnings ?? 0,
          });
          print(
            `${opts.partner.trim()} approved the plan (${approver.name}, ${approver.role}, ${formatDate(approver.approvedOn)}); the plan is ${PLAN_STATE_LABELS[s.state].toLowerCase()} and locked.`,
          );
          if (s.outstanding.length > 0) print(`Waiting for: ${s.outstanding.join('; ')}.`);
        });
      },
    );

  planCmd
    .command('submit')
    .description("record one partner's submission of the approved plan to NHS England")
    .requiredOption('--year <year>', 'the plan year, e.g. 2025-26')
    .requiredOption('--partner <name>', 'the partner that submitted it')
    .requiredOption('--on <date>', 'the date it was submitted')
    .action(async (opts: { year: string; partner: string; on: string }, cmd: Command) => {
      const year = yearOption(opts.year);
      const on = dateOption(opts.on, '--on');
      await withContext(cmd, async (ctx) => {
        const { signOff: s } = await callApi(ctx, 'plan.submit', { year, partner: opts.partner, submittedOn: on });
        print(
          `${opts.partner.trim()} submitted the plan on ${formatDate(on)}; the plan is ${PLAN_STATE_LABELS[s.state].toLowerCase()}.`,
        );
      });
    });

  planCmd
    .command('ratify')
    .description('record ratification by the Health and Wellbeing Board (before or after submission)')
    .requiredOption('--year <year>', 'the plan year, e.g. 2025-26')
    .requiredOption('--on <date>', 'the date of the board meeting')
    .option('--meeting <text>', 'the meeting, e.g. "HWB 27 March 2025, item 6"')
    .action(async (opts: { year: string; on: string; meeting?: string }, cmd: Command) => {
      const year = yearOption(opts.year);
      const on = dateOption(opts.on, '--on');
      await withContext(cmd, async (ctx) => {
        const { signOff: s } = await callApi(ctx, 'plan.ratify', {
          year,
          ratifiedOn: on,
          ...(opts.meeting !== undefined ? { meeting: opts.meeting } : {}),
        });
        print(`The plan was ratified by the Health and Wellbeing Board on ${formatDate(on)}, ${s.ratifiedWhen}.`);
      });
    });

  planCmd
    .command('reopen')
    .description('reopen an approved plan for changes (every approval is cleared; the reason is kept)')
    .requiredOption('--year <year>', 'the plan year, e.g. 2025-26')
    .requiredOption('--reason <text>', 'why it is reopened')
    .action(async (opts: { year: string; reason: string }, cmd: Command) => {
      const year = yearOption(opts.year);
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'plan.reopen', { year, reason: opts.reason });
        print('The plan is a draft again; its approvals are cleared (kept in the history).');
      });
    });
}
