import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { CONFIDENCE_LABELS, LIST_LABELS, LIST_NAMES, listValues } from '../../shared/reference/reference-set';
import { PERIOD_LABELS } from '../../shared/returns/period';
import type { TemplateBrought } from '../../shared/templates/draft';
import { EXTRA_KIND_LABELS } from '../../shared/templates/fields';
import { TABLE_FIELDS } from '../../shared/workbooks/fields';
import { callApi, print, printJson, withContext } from './context';
import { periodOption, readFileBytes, yearOption } from './options';

/**
 * `bcf template …`: template years as the BCF manager manages them — listed,
 * shown, brought from NHS England's workbook (reviewed as a JSON draft when
 * asked), saved, exported for another area, imported, copied as a
 * provisional year, deleted.
 */
function describeBrought(b: TemplateBrought): void {
  print(
    `${b.file}: a ${b.kind === 'plan' ? 'planning' : `${PERIOD_LABELS[b.period!]} reporting`} workbook for the ${b.templateId} template year (profile ${b.profileId}); sheets ${b.sheets.map((s) => `"${s.name}"${s.state === 'visible' ? '' : ` (${s.state})`}`).join(', ')}.`,
  );
  for (const t of b.tables) {
    print(
      `Table ${t.id}: sheet "${t.sheet}", header on row ${t.headerRow}${t.checklist ? ', checklist above it' : ''} (${t.mode === 'prefilled' ? 'rows pre-populated' : 'blank input rows'})`,
    );
    for (const c of t.columns) {
      const field =
        c.matchedBy === 'new'
          ? `new field "${c.header}" (${EXTRA_KIND_LABELS[c.extraKind].toLowerCase()})`
          : c.field
            ? `${TABLE_FIELDS[t.id].find((f) => f.field === c.field)?.label ?? c.field}${c.matchedBy === 'similar' ? ' (by similar words: check)' : ''}`
            : '(not used)';
      const list =
        c.listValues.length > 0
          ? `; drop-down of ${c.listValues.length}: ${c.listValues.slice(0, 4).join(' | ')}${c.listValues.length > 4 ? ' | …' : ''}`
          : '';
      const sample =
        c.samples.length > 0
          ? `; e.g. ${c.samples.map((v) => JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)).join(', ')}`
          : '';
      print(
        `  ${c.letter.padEnd(3)} "${c.header}" → ${field} [${c.role}${c.required ? ', required' : ''}]${list}${sample}`,
      );
    }
  }
  for (const l of b.lists)
    print(
      `List ${l.label} (${l.values.length}) from ${l.from}: ${l.values.slice(0, 6).join(' | ')}${l.values.length > 6 ? ' | …' : ''}`,
    );
  for (const c of b.cover)
    print(`Cover: "${c.label}" → ${c.key} at ${c.cell} (${c.role})${c.value ? `: ${c.value}` : ''}`);
  if (b.conditions.length > 0)
    print(
      `National conditions (${b.conditions.length}): ${b.conditions.map((c) => (c.text.length > 60 ? `${c.text.slice(0, 60)}…` : c.text)).join('; ')}`,
    );
  if (b.metrics.length > 0) print(`Metrics: ${b.metrics.join('; ')}`);
  for (const n of b.notes) print(`note: ${n}`);
  for (const p of b.problems) print(`to correct: ${p}`);
}

async function readJson(file: string): Promise<unknown> {
  const { parseTemplateFileBytes } = await import('../services/templates/template-years');
  return parseTemplateFileBytes(path.basename(file), readFileBytes(file, 5 * 1024 * 1024));
}

export function registerTemplateCommands(program: Command): void {
  const template = program
    .command('template')
    .description(
      "template years: NHS England's layout, lists, fields, metrics and national conditions of each year, brought from its workbook",
    );
  template
    .command('list')
    .description('every template year, how sure we are of it, where it came from and what follows it')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const all = await callApi(ctx, 'template.list', {});
        if (opts.json) return printJson(all);
        for (const t of all) {
          const from =
            t.origin === 'shipped'
              ? 'shipped'
              : t.broughtFrom
                ? `brought from ${t.broughtFrom}`
                : t.copiedFrom
                  ? `copied from ${t.copiedFrom}`
                  : 'yours';
          print(
            `${t.id.padEnd(8)} ${t.confidence.padEnd(12)} ${from}${t.overridesShipped ? ' (in front of the shipped one)' : ''}; ${t.profiles.length} workbook${t.profiles.length === 1 ? '' : 's'}, ${t.fields.length} own field${t.fields.length === 1 ? '' : 's'}${t.plans.length ? `; plans ${t.plans.join(', ')}` : ''}`,
          );
        }
      });
    });
  template
    .command('show <year>')
    .description('a template year whole: plan layout, lists, own fields, metrics, national conditions, workbooks')
    .option('--json', 'print JSON')
    .action(async (year: string, opts: { json?: boolean }, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const v = await callApi(ctx, 'template.get', { id: year });
        if (opts.json) return printJson(v);
        const y = v.templateYear;
        print(`${y.template}: ${y.label}`);
        print(`  ${CONFIDENCE_LABELS[y.confidence]}. ${y.provenance}`);
        print(
          `  years ${y.years.join(' and ')}; plan columns ${y.columns.join(', ')}; required ${y.required.join(', ')}`,
        );
        for (const f of y.fields)
          print(
            `  own field ${f.key} "${f.label}" (${EXTRA_KIND_LABELS[f.kind].toLowerCase()}, on ${f.on === 'plan' ? 'plan lines' : 'return lines'}${f.required ? ', required' : ''}${f.list ? `, list ${f.list}: ${(y.customLists[f.list] ?? []).join(' | ')}` : ''})`,
          );
        for (const list of LIST_NAMES) print(`  ${LIST_LABELS[list]}: ${listValues(y, list).join(' | ') || '(none)'}`);
        if (y.metrics.length) print(`  metrics: ${y.metrics.map((m) => m.name).join('; ')}`);
        for (const c of y.nationalConditions) print(`  national condition ${c.key}: ${c.text}`);
        if (y.rulesOff.length) print(`  rules that do not apply: ${y.rulesOff.join(', ')}`);
        for (const p of v.profiles)
          print(
            `  workbook ${p.id}: ${p.label}${p.periods ? ` (${p.periods.map((x) => PERIOD_LABELS[x]).join(', ')})` : ''} [${p.origin}]`,
          );
        if (v.plans.length) print(`  followed by the ${v.plans.join(', ')} plan${v.plans.length === 1 ? '' : 's'}`);
      });
    });
  template
    .command('add <official.xlsx>')
    .description(
      "bring a template year from NHS England's workbook (planning or reporting): shows what it found and saves it, or writes a draft to review with --review",
    )
    .requiredOption('--year <year>', 'the financial year the workbook is for, e.g. 2026-27')
    .option('--period <period>', 'for a reporting workbook that does not say: Q1, Q2, Q3 or YE')
    .option(
      '--review <draft.json>',
      'write the draft to this file to correct, and save nothing (then: bcf template save draft.json)',
    )
    .option('--json', 'print everything found as JSON')
    .action(
      async (file: string, opts: { year: string; period?: string; review?: string; json?: boolean }, cmd: Command) => {
        const year = yearOption(opts.year);
        const period = opts.period ? periodOption(opts.period) : undefined;
        const bytes = readFileBytes(file);
        await withContext(cmd, async (ctx) => {
          const brought = await callApi(ctx, 'template.bring', {
            fileName: path.basename(file),
            contentBase64: Buffer.from(bytes).toString('base64'),
            year,
            ...(period ? { period } : {}),
          });
          if (opts.json) printJson(brought);
          else describeBrought(brought);
          if (opts.review) {
            fs.writeFileSync(opts.review, `${JSON.stringify(brought.draft, null, 2)}\n`);
            print(
              `Draft written to ${opts.review}: correct it, then "bcf template save ${opts.review}". Nothing was saved.`,
            );
            return;
          }
          if (!brought.valid)
            throw new ApiError(
              'refused',
              `The ${brought.templateId} template year was not saved: ${brought.problems[0]}${brought.problems.length > 1 ? ` (and ${brought.problems.length - 1} more)` : ''}. Write a draft with --review, correct it and save it.`,
              undefined,
              brought.problems,
            );
          const saved = await callApi(ctx, 'template.save', {
            file: brought.draft as unknown as Record<string, unknown>,
            broughtFrom: brought.file,
          });
          print(`Saved the ${saved.id} template year (${saved.confidence}), with the workbook ${brought.profileId}.`);
        });
      },
    );
  template
    .command('save <draft.json>')
    .description('save a template year from a reviewed draft (written by "template add --review")')
    .option('--from <workbook>', 'the workbook it was brought from, for the record')
    .action(async (file: string, opts: { from?: string }, cmd: Command) => {
      const raw = await readJson(file);
      await withContext(cmd, async (ctx) => {
        const saved = await callApi(ctx, 'template.save', {
          file: raw as Record<string, unknown>,
          broughtFrom: opts.from ? path.basename(opts.from) : null,
        });
        print(
          `Saved the ${saved.id} template year (${saved.confidence}): ${saved.profiles.length} workbook${saved.profiles.length === 1 ? '' : 's'}, ${saved.fields.length} own field${saved.fields.length === 1 ? '' : 's'}.`,
        );
      });
    });
  template
    .command('export <year>')
    .description('write a template year and its workbooks to a file, for another area or the ICB to import')
    .requiredOption('--out <file.json>', 'the file to write')
    .option('--force', 'replace --out if it exists')
    .action(async (year: string, opts: { out: string; force?: boolean }, cmd: Command) => {
      if (fs.existsSync(opts.out) && !opts.force)
        throw new ApiError(
          'refused',
          `${opts.out} already exists; choose another name or add --force to replace it.`,
          'out',
        );
      await withContext(cmd, async (ctx) => {
        const out = await callApi(ctx, 'template.export', { id: year });
        fs.writeFileSync(opts.out, out.json);
        const shared = JSON.parse(out.json) as { templateYear: { template: string }; profiles: unknown[] };
        print(
          `Wrote the ${shared.templateYear.template} template year (${shared.profiles.length} workbook${shared.profiles.length === 1 ? '' : 's'}) to ${opts.out}.`,
        );
      });
    });
  template
    .command('import <file.json>')
    .description('import a template year another area or the ICB exported')
    .option('--replace', 'put it in place of your own template year of the same name')
    .action(async (file: string, opts: { replace?: boolean }, cmd: Command) => {
      const bytes = readFileBytes(file, 5 * 1024 * 1024);
      await withContext(cmd, async (ctx) => {
        const saved = await callApi(ctx, 'template.import', {
          fileName: path.basename(file),
          contentBase64: Buffer.from(bytes).toString('base64'),
          replace: Boolean(opts.replace),
        });
        print(`Imported the ${saved.id} template year (${saved.confidence}) from ${path.basename(file)}.`);
      });
    });
  template
    .command('provisional <year>')
    .description(
      'start a year that has no template year from the latest known one, marked provisional until the official workbook is brought',
    )
    .option('--from <template>', 'the template year to copy (by default the latest before)')
    .action(async (year: string, opts: { from?: string }, cmd: Command) => {
      const y = yearOption(year);
      await withContext(cmd, async (ctx) => {
        const saved = await callApi(ctx, 'template.provisional', {
          year: y,
          ...(opts.from ? { from: opts.from } : {}),
        });
        print(
          `Made ${saved.id} a provisional copy of ${saved.copiedFrom}; bring NHS England's ${saved.id} workbook to replace it.`,
        );
      });
    });
  template
    .command('delete <year>')
    .description('delete a template year of your own (and its workbooks); a shipped one of the same name comes back')
    .action(async (year: string, _opts: unknown, cmd: Command) => {
      await withContext(cmd, async (ctx) => {
        const out = await callApi(ctx, 'template.delete', { id: year });
        print(`Deleted your ${out.id} template year${out.shippedBack ? '; the shipped one is back' : ''}.`);
      });
    });
}
