import { z } from 'zod';
import { ALL_FIELDS, type LineField } from '../plans/line';
import { extraFieldSchema, type ExtraField } from '../templates/fields';
import { namesOf } from '../values/arrays';
import { parseYear, startYearOf, type YearLabel } from '../years/financial-year';

/**
 * A template year: everything about NHS England's BCF templates that changes
 * from one year to the next (DOMAIN §9). The plan layout (which columns,
 * which are required, how many years), the drop-down lists (scheme types and
 * their sub types, sources of funding, areas of spend, commissioners,
 * providers, output units, and the year's own lists), the year's own fields,
 * its metrics, its national conditions and which rules apply. Its workbook
 * profiles (planning, each quarter, year end) name it as their `template`.
 * Shipped in assets/reference/*.json, each marked with how sure we are of it;
 * brought by the user from NHS England's workbook (kept in the database, and
 * winning over a shipped year of the same name); lists edited by hand on top.
 */
const field = z.enum(ALL_FIELDS as [LineField, ...LineField[]]);
const year = z.string().refine((y) => parseYear(y).ok, 'a financial year such as 2023-24');

export const schemeTypeSchema = z.object({
  value: z.string().trim().min(1).max(200),
  subTypes: z.array(z.string().trim().min(1).max(300)),
  outputUnit: z.string().trim().max(200).optional(),
  other: z.boolean().optional(),
});

export const LIST_LABELS = {
  sourcesOfFunding: 'Sources of Funding',
  areasOfSpend: 'Areas of Spend',
  commissioners: 'Commissioners',
  providers: 'Providers',
  outputUnits: 'Output units',
  schemeTypes: 'Scheme Types and Sub Types',
};
export type ListName = keyof typeof LIST_LABELS;
export const LIST_NAMES = namesOf(LIST_LABELS);

const values = z.array(z.string().trim().min(1).max(300));

export const listsSchema = z.object({
  sourcesOfFunding: values,
  areasOfSpend: values,
  commissioners: values,
  providers: values,
  outputUnits: values,
  schemeTypes: z.array(schemeTypeSchema),
});

/**
 * How sure we are of a template year: official (brought from NHS England's
 * workbook by the user), seed (from the published council papers), public
 * (from published guidance), likely (recollection), provisional (a copy of an
 * earlier year, standing in until the official workbook is brought).
 */
export const CONFIDENCE = ['official', 'seed', 'public', 'likely', 'provisional'] as const;
export type Confidence = (typeof CONFIDENCE)[number];
export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  official: "Official: brought from NHS England's workbook",
  seed: 'Seed: from published council papers',
  public: 'Public: from published guidance',
  likely: 'Likely: the best recollection, not checked against the workbook',
  provisional: 'Provisional: a copy of an earlier year until the official workbook is brought',
};

const listKey = z.string().regex(/^[a-zA-Z][A-Za-z0-9]{0,59}$/, 'a list name such as alignedOptions');
export const metricDefinitionSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The template's years the metric is reported in, where not all of them (reablement: 2023-24 only). */
    years: z.array(year).min(1).max(2).optional(),
  })
  .strict();
/** A source of funding's other names (or the earlier years' streams it takes over): canonical name → names. */
const sourceNames = z.record(z.string().trim().min(1).max(300), z.array(z.string().trim().min(1).max(300)).max(20));
export const nationalConditionSchema = z
  .object({ key: z.string().trim().min(1).max(20), text: z.string().trim().min(1).max(2000) })
  .strict();
const ruleId = z.string().regex(/^[a-z]+\.[a-z0-9.-]+$/, 'a rule id such as plan.virement-identity');

export const referenceSetSchema = z
  .object({
    template: z.string().regex(/^\d{4}-\d{2}$/),
    label: z.string().trim().min(1).max(200),
    provenance: z.string().max(4000),
    confidence: z.enum(CONFIDENCE).default('likely'),
    /** The template year this one was copied from (a provisional year). */
    copiedFrom: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .optional(),
    years: z.array(year).min(1).max(2),
    columns: z.array(field),
    required: z.array(field),
    nhsMinimumSource: z.string(),
    /**
     * Other names of a source of funding, read as that source on import ("Local
     * Authority Better Care Fund Grant" is the Local Authority Better Care Grant).
     */
    sourceAliases: sourceNames.default({}),
    /**
     * Earlier years' sources of funding each of this year's takes over (2025-26: the
     * iBCF and the LA discharge funding became the Local Authority Better Care Grant):
     * what a plan rolled forward into this year moves its lines to.
     */
    replacesSources: sourceNames.default({}),
    /**
     * The rise, in percent, of the NHS minimum spend on adult social care over the
     * previous year's baseline (3.9 in 2025-26), checked by plan.asc-minimum-uplift.
     */
    ascUpliftPercent: z
      .string()
      .regex(/^\d{1,2}(\.\d{1,4})?$/, 'a percentage such as 3.9')
      .optional(),
    lists: listsSchema,
    /** The year's own fields, on plan lines or return lines. */
    fields: z.array(extraFieldSchema).max(60).default([]),
    /** The drop-down lists of the year's own fields (and any other list its workbooks use). */
    customLists: z.record(listKey, values.max(500)).default({}),
    /** The year's metrics, as its workbooks name them; a year's first return starts with these. */
    metrics: z.array(metricDefinitionSchema).max(20).default([]),
    /** The national conditions each plan and return confirms (Yes, or No with an explanation). */
    nationalConditions: z.array(nationalConditionSchema).max(20).default([]),
    /** Rules that do not apply in this year (by id). */
    rulesOff: z.array(ruleId).max(60).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    const keys = new Set<string>();
    s.fields.forEach((f, i) => {
      if (keys.has(f.key))
        ctx.addIssue({ code: 'custom', message: `the field ${f.key} is defined twice`, path: ['fields', i, 'key'] });
      keys.add(f.key);
      if ((ALL_FIELDS as string[]).includes(f.key))
        ctx.addIssue({
          code: 'custom',
          message: `${f.key} is a field the app already has; give the new field another name`,
          path: ['fields', i, 'key'],
        });
      if (f.list && !s.customLists[f.list])
        ctx.addIssue({
          code: 'custom',
          message: `the field ${f.key} takes its values from the list ${f.list}, which the template year does not have`,
          path: ['fields', i, 'list'],
        });
    });
    const conditions = new Set<string>();
    s.nationalConditions.forEach((c, i) => {
      if (conditions.has(c.key))
        ctx.addIssue({
          code: 'custom',
          message: `national condition ${c.key} is listed twice`,
          path: ['nationalConditions', i, 'key'],
        });
      conditions.add(c.key);
    });
  });

export type SchemeTypeRef = z.infer<typeof schemeTypeSchema>;
export type ReferenceLists = z.infer<typeof listsSchema>;
export type ReferenceSet = z.infer<typeof referenceSetSchema>;
/** The words the issue and the BCF manager use: a template year is a reference set with everything that varies by year. */
export type TemplateYear = ReferenceSet;
export type NationalCondition = z.infer<typeof nationalConditionSchema>;
export type { ExtraField };

/** The template year of `year`'s own: the one that lists the year (2024-25 is the second year of 2023-25), if there is one. Never a guess. */
export function templateForYear(sets: readonly ReferenceSet[], year: YearLabel): ReferenceSet | undefined {
  return sets.find((s) => s.years.includes(year));
}

/** The latest template year that starts before `year` (or the earliest there is): what a provisional copy starts from. */
export function latestTemplateBefore(sets: readonly ReferenceSet[], year: YearLabel): ReferenceSet | undefined {
  const before = sets
    .filter((s) => startYearOf(s.years[0]!) < startYearOf(year))
    .sort((a, b) => startYearOf(b.years[0]!) - startYearOf(a.years[0]!));
  return before[0] ?? [...sets].sort((a, b) => startYearOf(a.years[0]!) - startYearOf(b.years[0]!))[0];
}

/** The year's own fields on plan lines, or on return lines. */
export function extraFields(set: ReferenceSet, on: 'plan' | 'return'): ExtraField[] {
  return set.fields.filter((f) => f.on === on);
}

/** The plan years a plan starting in `year` covers under this template (1 or 2). */
export function planYears(set: ReferenceSet, year: YearLabel): YearLabel[] {
  const i = set.years.indexOf(year);
  return i < 0 ? [year] : set.years.slice(i);
}

export function findSchemeType(set: ReferenceSet, value: string): SchemeTypeRef | undefined {
  const key = value.trim().toLowerCase();
  return set.lists.schemeTypes.find((t) => t.value.toLowerCase() === key);
}

export function inList(list: readonly string[], value: string): boolean {
  const key = value.trim().toLowerCase();
  return list.some((v) => v.toLowerCase() === key);
}

/** The source of funding a name stands for in this year: the listed name it is another name of, or the name itself. */
export function canonicalSource(set: ReferenceSet, value: string): string {
  const key = value.trim().toLowerCase();
  if (key === '') return value;
  for (const [name, others] of Object.entries(set.sourceAliases ?? {}))
    if (name.toLowerCase() === key || others.some((o) => o.toLowerCase() === key)) return name;
  return value;
}

/**
 * Where an earlier year's source of funding goes in this year: its own name or
 * an alias, else the stream that took it over; unchanged if this year lists it
 * or says nothing of it.
 */
export function successorSource(set: ReferenceSet, value: string): string {
  const same = canonicalSource(set, value);
  if (same !== value || inList(set.lists.sourcesOfFunding, value)) return same;
  const key = value.trim().toLowerCase();
  for (const [name, earlier] of Object.entries(set.replacesSources ?? {}))
    if (earlier.some((o) => o.toLowerCase() === key)) return name;
  return value;
}

/** The metrics a year reports under its template year (a metric may be for some of its years only). */
export function metricsForYear(set: ReferenceSet, year: YearLabel): string[] {
  return set.metrics.filter((m) => !m.years || m.years.includes(year)).map((m) => m.name);
}

/** Values of one list as plain strings (scheme types by name). */
export function listValues(set: ReferenceSet, list: ListName): string[] {
  return list === 'schemeTypes' ? set.lists.schemeTypes.map((t) => t.value) : set.lists[list];
}
