import { ApiError } from '../../../shared/api';
import type { TemplateYearSummary, TemplateYearView } from '../../../shared/api/templates';
import { latestTemplateBefore, templateForYear, type TemplateYear } from '../../../shared/reference/reference-set';
import {
  templateFile,
  templateFileProblems,
  templateFileSchema,
  type TemplateFile,
} from '../../../shared/templates/template-file';
import type { LineField } from '../../../shared/plans/line';
import { checksThatFit, type Profile } from '../../../shared/workbooks/profile';
import { parseYear, startYearOf, type YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { all, one, run } from '../../db/statements';
import { write } from '../write';
import { followOwnTemplateYear } from '../plans/own-template-year';
import { listPlans } from '../plans/plan-store';
import { planLabel } from '../plans/plan-view';
import { listOrigins, storedTemplateYears, type StoredTemplateYear } from '../reference/reference';
import { allProfiles, removeProfile, shippedProfiles, writeProfile } from '../workbooks/profiles';

/**
 * Template years as the BCF manager manages them: listed with how sure we are
 * of each, shown whole, saved (after bringing one from NHS England's workbook
 * and reviewing it, or from a file another area shared), exported to a file,
 * copied as a provisional year, and deleted when they are the user's own. A
 * saved year stands in front of a shipped one of the same name; deleting it
 * brings the shipped one back. Lines never change when a template year does:
 * a value no longer listed is flagged by the checks.
 */
function profilesOf(ctx: ServiceContext, id: string): { profile: Profile; origin: 'shipped' | 'user' }[] {
  return allProfiles(ctx)
    .filter((p) => p.profile.template === id)
    .map((p) => ({ profile: p.profile, origin: p.origin }));
}

function summary(ctx: ServiceContext, t: StoredTemplateYear, plans = listPlans(ctx)): TemplateYearSummary {
  const s = t.set;
  return {
    id: s.template,
    label: s.label,
    years: s.years,
    confidence: s.confidence,
    origin: t.origin,
    broughtFrom: t.broughtFrom,
    overridesShipped: t.overridesShipped,
    copiedFrom: s.copiedFrom ?? null,
    provenance: s.provenance,
    fields: s.fields.map((f) => ({ key: f.key, label: f.label, kind: f.kind, on: f.on })),
    conditions: s.nationalConditions.length,
    metrics: s.metrics.map((m) => m.name),
    profiles: profilesOf(ctx, s.template).map(({ profile: p, origin }) => ({
      id: p.id,
      label: p.label,
      kind: p.kind,
      periods: p.periods ?? null,
      origin,
    })),
    plans: plans.filter((p) => p.template === s.template).map((p) => planLabel(p.years)),
  };
}

export function listTemplateYears(ctx: ServiceContext): TemplateYearSummary[] {
  const plans = listPlans(ctx);
  return storedTemplateYears(ctx).map((t) => summary(ctx, t, plans));
}

function stored(ctx: ServiceContext, id: string): StoredTemplateYear {
  const years = storedTemplateYears(ctx);
  const found = years.find((t) => t.set.template === id) ?? years.find((t) => t.set.years.includes(id));
  if (!found)
    throw new ApiError(
      'not_found',
      `There is no template year ${id}; known: ${years.map((t) => t.set.template).join(', ')}.`,
      'id',
    );
  return found;
}

export function getTemplateYear(ctx: ServiceContext, id: string): TemplateYearView {
  const t = stored(ctx, id);
  return {
    ...summary(ctx, t),
    templateYear: t.set,
    profileBodies: profilesOf(ctx, t.set.template).map((p) => p.profile),
    listOrigins: listOrigins(ctx, t.set.template),
  };
}

/** A template year as a file for another area or the ICB: the year as it stands (lists as edited) and its workbook profiles. */
export function exportTemplateYear(ctx: ServiceContext, id: string): { fileName: string; file: TemplateFile } {
  const t = stored(ctx, id);
  return {
    fileName: `BCF template year ${t.set.template}.json`,
    // A copy, for the caller to keep or change: the shipped years it is made from are shared and frozen.
    file: structuredClone(
      templateFile(
        t.set,
        profilesOf(ctx, t.set.template).map((p) => p.profile),
      ),
    ),
  };
}

/** The id a template year must have: its first year, or "2023-25" for two. */
function idFor(years: readonly YearLabel[]): string {
  return years.length > 1 ? `${years[0]!.slice(0, 5)}${years[years.length - 1]!.slice(5)}` : years[0]!;
}

/**
 * Saves a template year file (a reviewed draft, or a file shared by another
 * area) in one transaction: the year, and its workbook profiles, which
 * replace the user's profiles of that year. `replace` must be given to stand
 * in front of a year the user already has (an import); a reviewed draft of a
 * year being brought replaces it, as the review showed.
 */
export function saveTemplateFile(
  ctx: ServiceContext,
  raw: unknown,
  options: { broughtFrom?: string | null; replace?: boolean } = {},
): TemplateYearSummary {
  const parsed = templateFileSchema.safeParse(raw);
  if (!parsed.success) {
    const details = templateFileProblems(parsed.error);
    throw new ApiError(
      'invalid_request',
      `The template year cannot be saved: ${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}; nothing was saved.`,
      'templateYear',
      details,
    );
  }
  const { templateYear: year } = parsed.data;
  const expected = idFor(year.years);
  if (year.template !== expected)
    throw new ApiError(
      'invalid_request',
      `A template year for ${year.years.join(' and ')} is called ${expected}, not ${year.template}; nothing was saved.`,
      'templateYear',
    );
  for (let i = 1; i < year.years.length; i++) {
    if (startYearOf(year.years[i]!) !== startYearOf(year.years[i - 1]!) + 1)
      throw new ApiError(
        'invalid_request',
        `The years of a template year follow one another; ${year.years.join(' and ')} do not.`,
        'templateYear',
      );
  }
  const shipped = shippedProfiles(ctx.assetsDir);
  const profiles: Profile[] = [];
  for (const p of parsed.data.profiles) {
    const same = shipped.find((s) => s.id === p.id);
    if (!same) profiles.push(p);
    else if (JSON.stringify(same) !== JSON.stringify(p))
      throw new ApiError(
        'conflict',
        `The file's workbook profile "${p.id}" has the name of one shipped with the app but differs from it; rename it (e.g. "${p.id}-official") and try again. Nothing was saved.`,
        'profiles',
      );
  }
  return write(ctx, (w) => {
    const overlap = storedTemplateYears(ctx).find(
      (t) => t.set.template !== year.template && t.set.years.some((y) => year.years.includes(y)),
    );
    if (overlap)
      throw new ApiError(
        'conflict',
        `${year.years.join(' and ')} ${year.years.length > 1 ? 'are' : 'is'} already covered by the template year ${overlap.set.template}; delete that one first, or bring this workbook for ${overlap.set.template}. Nothing was saved.`,
        'templateYear',
      );
    const before = one<{ body: string }>(ctx.db, 'SELECT body FROM template_year WHERE id = ?', year.template);
    if (before && options.replace === false) {
      throw new ApiError(
        'conflict',
        `You already have a template year ${year.template}; import again with "replace" to put this one in its place. Nothing was saved.`,
        'templateYear',
      );
    }
    const plans = listPlans(ctx).filter((p) => p.template === year.template);
    if (plans.some((p) => p.years.length !== year.years.length)) {
      throw new ApiError(
        'refused',
        `The ${plans.map((p) => planLabel(p.years)).join(', ')} plan follows ${year.template} over ${plans[0]!.years.length} year${plans[0]!.years.length === 1 ? '' : 's'}; a template year of ${year.years.length} cannot take its place. Nothing was saved.`,
        'templateYear',
      );
    }
    const now = ctx.now().toISOString();
    run(
      ctx.db,
      `INSERT INTO template_year (id, body, brought_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET body = excluded.body, brought_from = coalesce(excluded.brought_from, template_year.brought_from), updated_at = excluded.updated_at`,
      year.template,
      JSON.stringify(year),
      options.broughtFrom ?? null,
      now,
      now,
    );
    w.audit({
      action: before ? 'update' : 'create',
      entity: 'template_year',
      field: year.template,
      oldValue: before ? JSON.parse(before.body) : null,
      newValue: year,
      reason: options.broughtFrom ? `Brought from ${options.broughtFrom}` : null,
    });
    // The file's lists are the lists: hand edits made to the year before are folded into what was reviewed.
    for (const r of all<{ list: string; entries: string }>(
      ctx.db,
      'SELECT list, entries FROM reference_list WHERE template = ?',
      year.template,
    )) {
      w.audit({
        action: 'reset',
        entity: 'reference_list',
        field: `${year.template} ${r.list}`,
        oldValue: JSON.parse(r.entries),
        reason: `Replaced by the ${year.template} template year saved`,
      });
    }
    run(ctx.db, 'DELETE FROM reference_list WHERE template = ?', year.template);
    // A plan of the year that followed another year's template year now follows its own (an approved one
    // when it is reopened).
    const years = storedTemplateYears(ctx);
    for (const p of listPlans(ctx))
      followOwnTemplateYear(ctx, w, p, `${p.year} now has a template year of its own`, years);
    const keep = new Set(profiles.map((p) => p.id));
    for (const p of allProfiles(ctx))
      if (p.origin === 'user' && p.profile.template === year.template && !keep.has(p.profile.id))
        removeProfile(ctx, p.profile.id);
    const others = allProfiles(ctx).filter((p) => p.origin === 'user' && p.profile.template !== year.template);
    for (const p of profiles) {
      const clash = others.find((o) => o.profile.id === p.id);
      if (clash)
        throw new ApiError(
          'conflict',
          `A workbook profile called "${p.id}" already belongs to the template year ${clash.profile.template}; rename the file's. Nothing was saved.`,
          'profiles',
        );
      writeProfile(ctx, p, options.broughtFrom ?? undefined);
    }
    return summary(ctx, stored(ctx, year.template));
  });
}

/** Reads a template year file (JSON) that another area or the ICB shared, strictly; refuses anything else. */
export function parseTemplateFileBytes(file: string, bytes: Uint8Array): unknown {
  if (bytes.length > 5_000_000)
    throw new ApiError(
      'refused',
      `${file} is ${(bytes.length / 1e6).toFixed(1)} MB; a template year file is a few hundred KB at most. Nothing was imported.`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ApiError(
      'refused',
      `${file} is not a template year file: it is not UTF-8 text (one is made by "Export" on the Template years screen, or bcf template export). Nothing was imported.`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(
      'refused',
      `${file} is not a template year file: it is not JSON (${(err as Error).message}). Nothing was imported.`,
    );
  }
}

/**
 * Deletes the user's own template year and its profiles. A shipped year of
 * the same name comes back; with none, a plan that follows the year keeps it
 * from being deleted.
 */
export function deleteTemplateYear(ctx: ServiceContext, id: string): { id: string; shippedBack: boolean } {
  return write(ctx, (w) => {
    const t = stored(ctx, id);
    if (t.origin !== 'user')
      throw new ApiError(
        'refused',
        `${t.set.template} is shipped with the app and cannot be deleted; bring NHS England's workbook to stand in front of it.`,
        'id',
      );
    const plans = listPlans(ctx).filter((p) => p.template === t.set.template);
    if (plans.length > 0 && !t.overridesShipped) {
      throw new ApiError(
        'refused',
        `The ${plans.map((p) => planLabel(p.years)).join(', ')} plan follows the template year ${t.set.template}, so it cannot be deleted; bring the workbook again to correct it instead.`,
        'id',
      );
    }
    const before = one<{ body: string }>(ctx.db, 'SELECT body FROM template_year WHERE id = ?', t.set.template)!;
    run(ctx.db, 'DELETE FROM template_year WHERE id = ?', t.set.template);
    w.audit({
      action: 'delete',
      entity: 'template_year',
      field: t.set.template,
      oldValue: JSON.parse(before.body),
    });
    run(ctx.db, 'DELETE FROM reference_list WHERE template = ?', t.set.template);
    for (const p of allProfiles(ctx))
      if (p.origin === 'user' && p.profile.template === t.set.template) removeProfile(ctx, p.profile.id);
    return { id: t.set.template, shippedBack: t.overridesShipped };
  });
}

/** Replaces every year label of `from` in a text with the matching label of `to` ("2024-25" → "2026-27", "2024/25" → "2026/27"). */
function shiftYears(text: string, by: number): string {
  return text.replace(/\b(20\d{2})([-/])(\d{2})\b/g, (m, a: string, sep: string, b: string) => {
    if ((Number(a) + 1) % 100 !== Number(b)) return m;
    const start = Number(a) + by;
    return `${start}${sep}${String((start + 1) % 100).padStart(2, '0')}`;
  });
}

/**
 * A provisional template year for `year`: the latest known year (or `from`)
 * copied under the new year's name, one year long, marked provisional until
 * NHS England's workbook is brought. Its workbook profiles come along with
 * the years in their texts moved on.
 */
export function provisionalTemplateYear(ctx: ServiceContext, year: YearLabel, from?: string): TemplateYearSummary {
  const parsedYear = parseYear(year);
  if (!parsedYear.ok) throw new ApiError('invalid_request', parsedYear.message, 'year');
  const sets = storedTemplateYears(ctx).map((t) => t.set);
  const own = templateForYear(sets, parsedYear.year);
  if (own)
    throw new ApiError(
      'conflict',
      `${parsedYear.year} already has a template year of its own (${own.template}, ${own.confidence}); there is nothing to copy.`,
      'year',
    );
  const source = from ? sets.find((s) => s.template === from) : latestTemplateBefore(sets, parsedYear.year);
  if (!source)
    throw new ApiError(
      'not_found',
      `There is no template year ${from}; known: ${sets.map((s) => s.template).join(', ')}.`,
      'from',
    );
  const by = startYearOf(parsedYear.year) - startYearOf(source.years[source.years.length - 1]!);
  const columns: LineField[] = source.columns.filter((c) => c !== 'expenditureYear2Pence');
  const copy: TemplateYear = {
    ...(JSON.parse(JSON.stringify(source)) as TemplateYear),
    template: parsedYear.year,
    label: `${parsedYear.year} (provisional copy of ${source.template})`,
    provenance: `Provisional: a copy of ${source.template} (${source.confidence}) made on ${ctx.now().toISOString().slice(0, 10)}, standing in until NHS England's ${parsedYear.year} workbook is brought.`,
    confidence: 'provisional',
    copiedFrom: source.template,
    years: [parsedYear.year],
    columns,
    required: source.required.filter((c) => columns.includes(c)),
    // The uplift of the NHS minimum to adult social care is the year's own, never another year's.
    ascUpliftPercent: undefined,
  };
  const profiles = profilesOf(ctx, source.template).map(({ profile: p }) => {
    const moved = JSON.parse(shiftYears(JSON.stringify(p), by)) as Profile;
    const tables = moved.tables.map((t) => ({
      ...t,
      columns: t.columns.filter((c) => c.field !== 'expenditureYear2Pence' && c.field !== 'amountYear2Pence'),
    }));
    // A check survives when every column it reads is still there (a one-year copy has no second year's columns).
    const checks = checksThatFit(moved.checks, tables);
    const suffix =
      p.kind === 'plan'
        ? 'planning'
        : p.periods?.length === 1
          ? p.periods[0] === 'YE'
            ? 'year-end'
            : `quarterly-${p.periods[0]!.toLowerCase()}`
          : 'quarterly';
    return {
      ...moved,
      id: `${parsedYear.year}-${suffix}`,
      label: `${moved.label} (provisional, from ${p.id})`,
      template: parsedYear.year,
      years: [parsedYear.year],
      tables,
      checks,
      provenance: `Provisional copy of ${p.id}: ${p.provenance}`.slice(0, 2000),
    };
  });
  const unique = profiles.filter((p, i) => profiles.findIndex((q) => q.id === p.id) === i);
  return saveTemplateFile(ctx, templateFile(copy, unique), { replace: false });
}
