import { Option, type Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { summary } from './plan-commands';
import type { FillSummary, GenerateSummary } from '../../shared/workbooks/data';
import type { Profile } from '../../shared/workbooks/profile';
import { printLinks } from './plan-commands';
import { callApi, print, printJson, withContext } from './context';
import { fileContent, periodOption, readFileBytes, yearOption } from './options';

/**
 * Workbooks on the command line: a plan or a quarterly return out to NHS
 * England's workbook (filled or generated), a workbook back into a plan or a
 * return, the cover details, and the template profiles.
 */
function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Writes the bytes beside the target first, then moves them into place: a half-written workbook is never left behind. */
function writeAtomically(file: string, bytes: Uint8Array): void {
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw new ApiError(
      'refused',
      `${file}: cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

function rows(first: number, last: number): string {
  return last > first ? `rows ${first} to ${last}` : `row ${first}`;
}

function printFill(out: string, s: FillSummary): void {
  print(`Filled ${s.file} (profile ${s.profile}) into ${out}:`);
  for (const t of s.tables) {
    if (t.lines === 0 && t.cleared === 0) continue;
    const extra = [
      t.replaced ? `${t.replaced} values replaced` : '',
      t.cleared ? `${t.cleared} values left from an earlier fill emptied` : '',
    ]
      .filter(Boolean)
      .join(', ');
    print(
      `  sheet "${t.sheet}": ${t.lines} lines, ${rows(t.firstRow, t.lastRow)}, columns ${t.columns.map((c) => c.letter).join(' ')} (${t.cells} values${extra ? `; ${extra}` : ''})`,
    );
  }
  if (s.cover.length > 0)
    print(
      `  cover: ${s.cover.map((c) => `${c.cell} ${c.label.replace(/:$/, '')}${c.value === '' ? ' (emptied)' : ''}`).join('; ')}`,
    );
  print(
    `Read back: ${s.verification.cells} written cells confirmed; ${s.verification.partsUnchanged} parts of the file unchanged byte for byte (changed: ${s.verification.partsChanged.join(', ')}).`,
  );
  const left = s.formulas.leftForExcel.reduce((n, l) => n + l.cells.length, 0);
  print(
    `Formulas: ${s.formulas.calculated} saved with their calculated results${left ? `; ${left} left for Excel to calculate (see the notes)` : ''}.`,
  );
  if (s.formulaLikeTexts > 0)
    print(
      `${s.formulaLikeTexts} text${s.formulaLikeTexts === 1 ? '' : 's'} beginning with = + - or @ written as text, never as formulas.`,
    );
  for (const w of s.warnings) print(`  note: ${w}`);
}

function printGenerate(out: string, s: GenerateSummary): void {
  const yes = s.checkers.filter((c) => c.value === 'Yes').length;
  print(`Generated ${out} (profile ${s.profile}): sheets ${s.sheets.map((x) => `"${x}"`).join(', ')}.`);
  for (const t of s.tables)
    print(`  sheet "${t.sheet}": ${t.lines} lines from row ${t.firstRow} (input rows to ${t.lastRow})`);
  print(`Checklist: ${yes} of ${s.checkers.length} checkers read Yes; the banner reads "${s.banner}".`);
  if (s.formulaLikeTexts > 0)
    print(
      `${s.formulaLikeTexts} text${s.formulaLikeTexts === 1 ? '' : 's'} beginning with = + - or @ written as text, never as formulas.`,
    );
  for (const c of s.checkers.filter((x) => x.value === 'No')) print(`  No  ${c.label}`);
}

function describeProfile(p: Profile, origin: string, derivedFrom: string | null): void {
  print(`${p.id}: ${p.label}`);
  print(
    `  ${p.kind}, template ${p.template}, years ${p.years.join(' and ')} (${origin}${derivedFrom ? `, derived from ${derivedFrom}` : ''})`,
  );
  print(`  sheets: ${p.sheets.map((s) => `"${s}"`).join(', ')}`);
  print(
    `  cover ("${p.cover.sheet}"): ${p.cover.fields.map((f) => `${f.label} [${f.key}${f.role === 'prefilled' ? ', pre-populated' : ''}]`).join('; ')}`,
  );
  for (const t of p.tables) {
    print(`  table ${t.id} on "${t.sheet}" (${t.mode === 'prefilled' ? 'pre-populated lines' : 'one line per row'}):`);
    for (const c of t.columns) {
      const flags = [c.role, c.kind, c.key ? 'key' : '', c.required ? 'required' : '', c.list ? `list ${c.list}` : '']
        .filter(Boolean)
        .join(', ');
      print(`    "${c.header}" → ${c.field} (${flags})`);
    }
  }
  if (p.checks.length > 0) print(`  checks: ${p.checks.map((c) => `${c.id} (${c.rule})`).join('; ')}`);
  print(`  ${p.provenance}`);
}

interface ExportOptions {
  year: string;
  out: string;
  into?: string;
  profile?: string;
  force?: boolean;
}

/** The options every `bcf export` takes, and the checks on them made before anything is read or written. */
function exportOptions(cmd: Command, what: string): Command {
  return cmd
    .requiredOption('--out <file>', 'the workbook to write (.xlsx)')
    .option('--into <official.xlsx>', 'the official workbook to fill (read only: the result goes to --out)')
    .option(
      '--profile <name>',
      `the template profile (see "bcf profiles list"); by default the one for the ${what}'s year`,
    )
    .option('--force', 'replace --out if it exists (never the --into workbook)');
}

function checkOut(opts: ExportOptions): { fileName: string; contentBase64: string } | undefined {
  if (!/\.xlsx$/i.test(opts.out)) throw new ApiError('invalid_request', `--out ${opts.out}: name an .xlsx file`, 'out');
  if (opts.into && sameFile(opts.into, opts.out))
    throw new ApiError(
      'refused',
      `--out ${opts.out} is the workbook you are filling (--into): the app never writes over it; choose another name for the filled copy.`,
      'out',
    );
  if (fs.existsSync(opts.out) && !opts.force)
    throw new ApiError(
      'refused',
      `${opts.out} already exists; choose another name or add --force to replace it.`,
      'out',
    );
  return opts.into ? fileContent(opts.into) : undefined;
}

function coverSets(sets: readonly string[] | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const s of sets ?? []) {
    const m = /^([A-Za-z]+)=(.*)$/s.exec(s);
    if (!m)
      throw new ApiError(
        'invalid_request',
        `--set ${JSON.stringify(s)} should be KEY=VALUE, e.g. "email=bcf@council.gov.uk"`,
        'set',
      );
    values[m[1]!] = m[2]!;
  }
  return values;
}

const collect = (v: string, all: string[] = []) => [...all, v];

export function registerWorkbookCommands(program: Command): void {
  const exportCmd = program
    .command('export')
    .description("write a plan or a quarterly return out as NHS England's workbook");
  exportOptions(
    exportCmd
      .command('plan')
      .description(
        'fill the workbook NHS England sent (--into), or generate one in its conventions; the file you give with --into is never changed',
      )
      .requiredOption('--year <year>', 'the plan year, e.g. 2023-24'),
    'plan',
  ).action(async (opts: ExportOptions, cmd: Command) => {
    const year = yearOption(opts.year);
    const into = checkOut(opts);
    await withContext(cmd, async (ctx) => {
      const out = await callApi(ctx, 'workbook.exportPlan', {
        year,
        ...(opts.profile ? { profile: opts.profile } : {}),
        ...(into ? { into } : {}),
      });
      writeAtomically(opts.out, Buffer.from(out.contentBase64, 'base64'));
      if (out.fill) printFill(opts.out, out.fill);
      if (out.generate) printGenerate(opts.out, out.generate);
    });
  });
  exportOptions(
    exportCmd
      .command('return')
      .description(
        'fill the quarterly workbook NHS England sent, its lines pre-populated (--into), or generate one in its conventions; the file you give with --into is never changed',
      )
      .requiredOption('--year <year>', 'the year of the return, e.g. 2024-25')
      .requiredOption('--period <period>', 'Q1, Q2, Q3 or YE (year end)'),
    'return',
  ).action(async (opts: ExportOptions & { period: string }, cmd: Command) => {
    const year = yearOption(opts.year);
    const period = periodOption(opts.period);
    const into = checkOut(opts);
    await withContext(cmd, async (ctx) => {
      const out = await callApi(ctx, 'workbook.exportReturn', {
        year,
        period,
        ...(opts.profile ? { profile: opts.profile } : {}),
        ...(into ? { into } : {}),
      });
      writeAtomically(opts.out, Buffer.from(out.contentBase64, 'base64'));
      if (out.fill) printFill(opts.out, out.fill);
      if (out.generate) printGenerate(opts.out, out.generate);
    });
  });

  const importCmd =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('bring data in from files');
  importCmd
    .command('workbook <file>')
    .description(
      "read a workbook back, all or nothing: a plan workbook (a filled official template, a generated workbook, or a previous year's submission) into the plan of its year — lines, income and cover details; a quarterly return workbook into its return — each row's figures into the line it matches, and the cover details",
    )
    .option('--profile <name>', 'the template profile to read it with; by default the one it matches best')
    .option(
      '--period <period>',
      'a quarterly workbook: the return it goes into (Q1, Q2, Q3 or YE), when its cover does not say',
    )
    .addOption(
      new Option('--replace', 'a plan workbook: replace the lines and income the plan already has').conflicts('append'),
    )
    .addOption(new Option('--append', 'a plan workbook: add to the lines and income the plan already has'))
    .option('--dry-run', 'check the workbook and report, writing nothing')
    .action(
      async (
        file: string,
        opts: { profile?: string; period?: string; replace?: boolean; append?: boolean; dryRun?: boolean },
        cmd: Command,
      ) => {
        const content = fileContent(file);
        const period = opts.period ? periodOption(opts.period) : undefined;
        await withContext(cmd, async (ctx) => {
          const outcome = await callApi(ctx, 'workbook.commitImport', {
            ...content,
            mode: opts.replace ? 'replace' : opts.append ? 'append' : 'refuse',
            dryRun: Boolean(opts.dryRun),
            ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
            ...(period ? { period } : {}),
          }).catch((err: unknown) => {
            if (err instanceof ApiError && err.code === 'conflict')
              throw new ApiError(
                'conflict',
                `${err.message.replace(/; choose to replace.*$/, '')}; run again with --replace or --append.`,
              );
            if (err instanceof ApiError && err.field === 'period' && err.code === 'invalid_request' && !period)
              throw new ApiError(
                'invalid_request',
                `${err.message.replace(/; choose the return it goes into.*$/, '')}; give the return with --period Q1, Q2, Q3 or YE.`,
                'period',
              );
            throw err;
          });
          if (outcome.kind === 'return') {
            if (opts.replace || opts.append)
              print(
                'note: --replace and --append are for plan workbooks; a return workbook changes only the lines it matches.',
              );
            print(
              `${outcome.file} (profile ${outcome.profile}): ${outcome.dryRun ? 'would import' : 'imported'} ${outcome.matched} rows into the ${outcome.label} return, ${outcome.dryRun ? 'matched to its lines' : `${outcome.changed} value${outcome.changed === 1 ? '' : 's'} changed`}.`,
            );
            if (outcome.cover.length > 0) print(`Cover details: ${outcome.cover.join(', ')}.`);
            if (outcome.metrics > 0)
              print(
                `Metrics: ${outcome.metrics} metric assessment${outcome.metrics === 1 ? '' : 's'} ${outcome.dryRun ? 'would change' : 'changed'}.`,
              );
            if (outcome.conditions > 0)
              print(
                `National conditions: ${outcome.conditions} answer${outcome.conditions === 1 ? '' : 's'} ${outcome.dryRun ? 'would change' : 'changed'}.`,
              );
            if (outcome.income > 0)
              print(
                `Year-end income: ${outcome.income} funding source${outcome.income === 1 ? '' : 's'} ${outcome.dryRun ? 'would change' : 'changed'}.`,
              );
            for (const n of outcome.notes) print(`note: ${n}`);
            if (outcome.findings.length > 0)
              print(
                `Checks: ${summary(outcome.findings)}; see "bcf validate return --year ${outcome.year} --period ${outcome.period}".`,
              );
            return;
          }
          const verb = outcome.dryRun ? 'would import' : 'imported';
          print(
            `${outcome.file} (profile ${outcome.profile}): ${verb} ${outcome.lines} lines and ${outcome.income} income lines into the ${outcome.year} plan${outcome.replaced.lines + outcome.replaced.income ? ` (replacing ${outcome.replaced.lines} lines and ${outcome.replaced.income} income lines)` : ''}.`,
          );
          if (outcome.cover.length > 0) print(`Cover details: ${outcome.cover.join(', ')}.`);
          printLinks(outcome.links);
          for (const n of outcome.notes) print(`note: ${n}`);
          if (outcome.findings.length > 0)
            print(`Checks: ${summary(outcome.findings)}; see "bcf validate plan --year ${outcome.year}".`);
        });
      },
    );

  const profiles = program
    .command('profiles')
    .description("template profiles: what each version of NHS England's workbook looks like");
  profiles
    .command('list')
    .description('every profile, shipped and saved')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const all = await callApi(ctx, 'workbook.profiles', {});
        if (opts.json) return printJson(all);
        for (const p of all)
          print(
            `${p.id.padEnd(28)} ${p.kind.padEnd(7)} ${p.years.join(' and ').padEnd(20)} ${p.origin.padEnd(8)} ${p.label}`,
          );
      });
    });
  profiles
    .command('show <name>')
    .description("a profile's sheets, cover cells, tables (header → field, input or pre-populated) and checks")
    .option('--json', 'print the profile as JSON (edit it and load it with "bcf profiles save")')
    .action(async (name: string, opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const p = await callApi(ctx, 'workbook.profile', { id: name });
        if (opts.json) return printJson(p.profile);
        describeProfile(p.profile, p.origin, p.derivedFrom);
      });
    });
  profiles
    .command('save <file.json>')
    .description(
      'save (or replace) one workbook profile of your own from a JSON file ("profiles show --json", corrected); a whole template year is saved with "bcf template save"',
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      let raw: unknown;
      try {
        raw = JSON.parse(new TextDecoder().decode(readFileBytes(file)));
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw new ApiError('invalid_request', `${file} is not JSON: ${(err as Error).message}`);
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw new ApiError(
          'invalid_request',
          `${file} is not a profile: a profile is one JSON object, as "bcf profiles show NAME --json" prints it.`,
        );
      const profile = raw as Record<string, unknown>;
      await withContext(cmd, async (ctx) => {
        const saved = await callApi(ctx, 'workbook.saveProfile', { profile });
        print(`Saved the profile "${saved.id}" (${saved.label}).`);
      });
    });
  profiles
    .command('delete <name>')
    .description('delete a profile you saved (shipped profiles stay)')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        await callApi(ctx, 'workbook.deleteProfile', { id: name });
        print(`Deleted the profile "${name}".`);
      });
    });

  const returnCmd = program.commands.find((c) => c.name() === 'return') ?? program.command('return');
  returnCmd
    .command('cover')
    .description(
      "the return's cover details (completed by, e-mail, contact number, signed off by), as the quarterly workbook's cover carries them; a detail left blank is the plan's",
    )
    .requiredOption('--year <year>', 'the year of the return, e.g. 2024-25')
    .requiredOption('--period <period>', 'Q1, Q2, Q3 or YE (year end)')
    .option(
      '--set <KEY=VALUE...>',
      'set a detail, e.g. --set "completedBy=A. Manager" (repeatable; an empty value goes back to the plan\'s)',
      collect,
    )
    .option('--json', 'print JSON')
    .action(async (opts: { year: string; period: string; set?: string[]; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      const period = periodOption(opts.period);
      const values = coverSets(opts.set);
      await withContext(cmd, async (ctx) => {
        const cover =
          Object.keys(values).length > 0
            ? await callApi(ctx, 'return.setCover', { year, period, cover: values })
            : await callApi(ctx, 'return.cover', { year, period });
        if (opts.json) return printJson(cover);
        print(`Cover of the ${cover.label} return:`);
        print(`  hwb (Health and Wellbeing Board): ${cover.hwb}`);
        const from = { plan: ' (from the plan)', approvers: ' (from the approvers)', return: '' } as const;
        for (const f of cover.fields)
          print(`  ${f.key} (${f.label}): ${f.value || '(blank)'}${f.from ? from[f.from] : ''}`);
      });
    });

  const planCmd = program.commands.find((c) => c.name() === 'plan') ?? program.command('plan');
  planCmd
    .command('cover')
    .description(
      "the plan's cover details (completed by, e-mail, contact number, signed off by), as a workbook's cover carries them",
    )
    .requiredOption('--year <year>', 'the plan year, e.g. 2023-24')
    .option(
      '--set <KEY=VALUE...>',
      'set a detail, e.g. --set "completedBy=A. Manager" (repeatable; an empty value clears it)',
      collect,
    )
    .option('--json', 'print JSON')
    .action(async (opts: { year: string; set?: string[]; json?: boolean }, cmd: Command) => {
      const year = yearOption(opts.year);
      const values = coverSets(opts.set);
      await withContext(cmd, async (ctx) => {
        const cover =
          Object.keys(values).length > 0
            ? await callApi(ctx, 'plan.setCover', { year, cover: values })
            : await callApi(ctx, 'plan.cover', { year });
        if (opts.json) return printJson(cover);
        print(`Cover of the ${cover.year} plan:`);
        print(`  hwb (Health and Wellbeing Board): ${cover.hwb}`);
        for (const f of cover.fields) print(`  ${f.key} (${f.label}): ${f.value || '(blank)'}`);
      });
    });
}
