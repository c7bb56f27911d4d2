import { ApiError } from '../../../shared/api';
import { checkTable } from '../../../shared/imports/hygiene';
import { textProblem } from '../../../shared/values/text';
import { describeProblem, normaliseHeader, type Row } from '../../../shared/imports/table';
import {
  LIST_LABELS,
  listsSchema,
  referenceSetSchema,
  type ListName,
  type ReferenceLists,
  type ReferenceSet,
  type SchemeTypeRef,
} from '../../../shared/reference/reference-set';
import type { ServiceContext } from '../context';
import { all, run } from '../../db/statements';
import { write, type Write } from '../write';
import { shippedJson } from '../files/assets';

/**
 * Reference data by template year. The shipped lists (assets/reference/*.json)
 * are the starting point; a list the user has added to or imported is kept
 * whole in the database and used instead. Lines are never changed when a list
 * changes: a value no longer listed is flagged by plan.unknown-value.
 */
export function shippedSets(assetsDir: string): ReferenceSet[] {
  return shippedJson(assetsDir, 'reference', referenceSetSchema, 'reference set');
}

interface ListRow {
  template: string;
  list: ListName;
  entries: string;
  source: 'user' | 'imported';
}

/** Where a template year comes from: shipped with the app, or brought (or copied) by the user and kept in the database. */
export type TemplateOrigin = 'shipped' | 'user';

export interface StoredTemplateYear {
  set: ReferenceSet;
  origin: TemplateOrigin;
  /** The workbook it was brought from, if it was. */
  broughtFrom: string | null;
  /** A shipped year of the same name that the user's own stands in front of. */
  overridesShipped: boolean;
}

/** The template years the user brought or copied, as saved (a row a newer version wrote that this one cannot read is left alone). */
export function userTemplateYears(ctx: ServiceContext): { set: ReferenceSet; broughtFrom: string | null }[] {
  const rows = all<{ id: string; body: string; brought_from: string | null }>(
    ctx.db,
    'SELECT id, body, brought_from FROM template_year ORDER BY id',
  );
  return rows.flatMap((r) => {
    const parsed = referenceSetSchema.safeParse(JSON.parse(r.body));
    return parsed.success ? [{ set: parsed.data, broughtFrom: r.brought_from }] : [];
  });
}

/** Every template year, oldest first: the shipped ones, and the user's own (which win over a shipped one of the same name); lists as the user edited them. */
export function storedTemplateYears(ctx: ServiceContext): StoredTemplateYear[] {
  const rows = all<ListRow>(ctx.db, 'SELECT template, list, entries, source FROM reference_list');
  const mine = userTemplateYears(ctx);
  const shipped = shippedSets(ctx.assetsDir);
  const years: StoredTemplateYear[] = [
    ...shipped
      .filter((s) => !mine.some((m) => m.set.template === s.template))
      .map((set) => ({ set, origin: 'shipped' as const, broughtFrom: null, overridesShipped: false })),
    ...mine.map((m) => ({
      set: m.set,
      origin: 'user' as const,
      broughtFrom: m.broughtFrom,
      overridesShipped: shipped.some((s) => s.template === m.set.template),
    })),
  ];
  return years
    .map((t) => {
      const edits = rows.filter((r) => r.template === t.set.template);
      if (edits.length === 0) return t;
      const lists = { ...t.set.lists } as Record<ListName, unknown>;
      for (const r of edits) lists[r.list] = JSON.parse(r.entries);
      return { ...t, set: { ...t.set, lists: lists as ReferenceLists } };
    })
    .sort((a, b) => a.set.years[0]!.localeCompare(b.set.years[0]!));
}

/** Every template year with the user's lists applied, oldest first. */
export function referenceSets(ctx: ServiceContext): ReferenceSet[] {
  return storedTemplateYears(ctx).map((t) => t.set);
}

export function referenceSet(ctx: ServiceContext, template: string): ReferenceSet {
  const sets = referenceSets(ctx);
  const set = sets.find((s) => s.template === template);
  if (!set)
    throw new ApiError(
      'not_found',
      `There is no template year ${template}; known: ${sets.map((s) => s.template).join(', ')}.`,
      'template',
    );
  return set;
}

export function listOrigins(ctx: ServiceContext, template: string): Partial<Record<ListName, 'user' | 'imported'>> {
  const rows = all<{ list: ListName; source: 'user' | 'imported' }>(
    ctx.db,
    'SELECT list, source FROM reference_list WHERE template = ?',
    template,
  );
  return Object.fromEntries(rows.map((r) => [r.list, r.source]));
}

function saveList(
  ctx: ServiceContext,
  w: Write,
  template: string,
  list: ListName,
  entries: unknown,
  source: 'user' | 'imported',
  before: unknown,
) {
  const checked = listsSchema.shape[list].safeParse(entries);
  if (!checked.success)
    throw new ApiError(
      'invalid_request',
      `That would make the ${LIST_LABELS[list]} list invalid: ${checked.error.issues[0]!.message}`,
      'value',
    );
  run(
    ctx.db,
    `INSERT INTO reference_list (template, list, entries, source, updated_at) VALUES (?, ?, ?, ?, ?)
              ON CONFLICT (template, list) DO UPDATE SET entries = excluded.entries, source = excluded.source, updated_at = excluded.updated_at`,
    template,
    list,
    JSON.stringify(checked.data),
    source,
    ctx.now().toISOString(),
  );
  w.audit({
    action: source === 'user' ? 'update' : 'import',
    entity: 'reference_list',
    field: `${template} ${list}`,
    oldValue: before,
    newValue: checked.data,
  });
}

/** Adds one value to a list (a sub type when `schemeType` is given). Adding what is already there changes nothing. */
export function addReferenceValue(
  ctx: ServiceContext,
  template: string,
  list: ListName,
  rawValue: string,
  schemeType?: string,
): ReferenceSet {
  const value = rawValue.trim();
  if (value === '') throw new ApiError('invalid_request', 'Give the value to add.', 'value');
  const why = textProblem(value, 300, 'The value');
  if (why !== null) throw new ApiError('invalid_request', `${why}.`, 'value');
  return write(ctx, (w) => {
    const set = referenceSet(ctx, template);
    const before = set.lists[list];
    const lower = value.toLowerCase();
    let after: unknown;
    if (list === 'schemeTypes') {
      const types = set.lists.schemeTypes.map((t) => ({ ...t, subTypes: [...t.subTypes] }));
      if (schemeType) {
        const type = types.find((t) => t.value.toLowerCase() === schemeType.trim().toLowerCase());
        if (!type)
          throw new ApiError(
            'not_found',
            `"${schemeType}" is not a scheme type in ${template}; add it first.`,
            'schemeType',
          );
        if (type.subTypes.some((s) => s.toLowerCase() === lower)) return set;
        type.subTypes.push(value);
      } else {
        if (types.some((t) => t.value.toLowerCase() === lower)) return set;
        types.push({ value, subTypes: [] });
      }
      after = types;
    } else {
      if (set.lists[list].some((v) => v.toLowerCase() === lower)) return set;
      after = [...set.lists[list], value];
    }
    saveList(ctx, w, template, list, after, 'user', before);
    return referenceSet(ctx, template);
  });
}

/** Returns a list to the one shipped with the app. */
export function resetReferenceList(ctx: ServiceContext, template: string, list: ListName): ReferenceSet {
  return write(ctx, (w) => {
    const before = referenceSet(ctx, template).lists[list];
    const info = run(ctx.db, 'DELETE FROM reference_list WHERE template = ? AND list = ?', template, list);
    if (info.changes > 0)
      w.audit({ action: 'reset', entity: 'reference_list', field: `${template} ${list}`, oldValue: before });
    return referenceSet(ctx, template);
  });
}

export interface ListImport {
  template: string;
  list: ListName;
  added: string[];
  removed: string[];
  count: number;
  dryRun: boolean;
}

/**
 * Replaces a list with the one in a file (NHS England's lists change yearly).
 * One value per row under a header row; for scheme types, the columns
 * "Scheme Type" and "Sub Types" (one row per sub type; a type with none has
 * an empty sub type) and optionally "Unit".
 */
export function importReferenceList(
  ctx: ServiceContext,
  args: { template: string; list: ListName; file: string; rows: readonly Row[]; dryRun?: boolean },
): ListImport {
  const set = referenceSet(ctx, args.template);
  const entries =
    args.list === 'schemeTypes' ? schemeTypesFrom(args.file, args.rows) : valuesFrom(args.file, args.rows);
  const names = (e: unknown): string[] =>
    args.list === 'schemeTypes'
      ? (e as SchemeTypeRef[]).flatMap((t) => [t.value, ...t.subTypes.map((s) => `${t.value} › ${s}`)])
      : (e as string[]);
  const before = names(set.lists[args.list]);
  const after = names(entries);
  const outcome: ListImport = {
    template: args.template,
    list: args.list,
    added: after.filter((v) => !before.includes(v)),
    removed: before.filter((v) => !after.includes(v)),
    count: Array.isArray(entries) ? entries.length : 0,
    dryRun: Boolean(args.dryRun),
  };
  if (!args.dryRun)
    write(ctx, (w) => saveList(ctx, w, args.template, args.list, entries, 'imported', set.lists[args.list]));
  return outcome;
}

function dataRows(file: string, rows: readonly Row[]): { header: string[]; body: { row: number; cells: string[] }[] } {
  const first = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (first < 0) throw new ApiError('refused', `${file} has no rows.`);
  // The same table check as every importer: over-long or invisible characters, a heading twice, values under no heading.
  const problems = checkTable(file, rows, first);
  if (problems.length > 0) {
    const details = problems.map(describeProblem);
    throw new ApiError(
      'refused',
      `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}; nothing was imported.`,
      undefined,
      details,
    );
  }
  const body = rows
    .slice(first + 1)
    .map((cells, i) => ({ row: first + i + 2, cells: cells.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  if (body.length === 0) throw new ApiError('refused', `${file} has a header row but no values under it.`);
  return { header: rows[first]!.map(normaliseHeader), body };
}

function valuesFrom(file: string, rows: readonly Row[]): string[] {
  const { body } = dataRows(file, rows);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of body) {
    const v = r.cells[0] ?? '';
    if (v === '')
      throw new ApiError(
        'refused',
        describeProblem({
          file,
          row: r.row,
          column: 'A',
          message: 'the value is empty; the list is read from the first column',
        }),
      );
    if (v.length > 300)
      throw new ApiError(
        'refused',
        describeProblem({
          file,
          row: r.row,
          column: 'A',
          message: 'the value is more than 300 characters; shorten it',
        }),
      );
    if (seen.has(v.toLowerCase())) continue;
    seen.add(v.toLowerCase());
    out.push(v);
  }
  return out;
}

function schemeTypesFrom(file: string, rows: readonly Row[]): SchemeTypeRef[] {
  const { header, body } = dataRows(file, rows);
  const typeCol = header.indexOf('scheme type');
  const subCol = header.findIndex((h) => h === 'sub types' || h === 'sub type');
  const unitCol = header.findIndex((h) => h === 'unit' || h === 'units' || h === 'output unit');
  if (typeCol < 0 || subCol < 0)
    throw new ApiError('refused', `${file}: expected the headings "Scheme Type" and "Sub Types" in the first row.`);
  const types: SchemeTypeRef[] = [];
  for (const r of body) {
    const value = r.cells[typeCol] ?? '';
    if (value === '')
      throw new ApiError(
        'refused',
        describeProblem({ file, row: r.row, column: '"Scheme Type"', message: 'the scheme type is empty' }),
      );
    let type = types.find((t) => t.value.toLowerCase() === value.toLowerCase());
    if (!type) {
      type = { value, subTypes: [], ...(value.toLowerCase() === 'other' ? { other: true } : {}) };
      types.push(type);
    }
    const sub = r.cells[subCol] ?? '';
    if (sub !== '' && !type.subTypes.some((s) => s.toLowerCase() === sub.toLowerCase())) type.subTypes.push(sub);
    const unit = unitCol >= 0 ? (r.cells[unitCol] ?? '') : '';
    if (unit !== '') type.outputUnit = unit;
  }
  return types;
}
