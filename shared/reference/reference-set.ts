import { z } from 'zod';
import { ALL_FIELDS, type LineField } from '../plans/line';
import { parseYear, startYearOf, type YearLabel } from '../years/financial-year';

/**
 * Reference data for one template year: the plan layout (which columns, which
 * are required, how many years) and the drop-down lists NHS England publishes
 * (scheme types and their sub types, sources of funding, areas of spend,
 * commissioners, providers, output units). Shipped in assets/reference/*.json;
 * the user can add values or import a list, which the database keeps.
 */
const field = z.enum(ALL_FIELDS as [LineField, ...LineField[]]);
const year = z.string().refine((y) => parseYear(y).ok, 'a financial year such as 2023-24');

export const schemeTypeSchema = z.object({
  value: z.string().trim().min(1).max(200),
  subTypes: z.array(z.string().trim().min(1).max(300)),
  outputUnit: z.string().trim().max(200).optional(),
  other: z.boolean().optional(),
});

export const LIST_NAMES = ['sourcesOfFunding', 'areasOfSpend', 'commissioners', 'providers', 'outputUnits', 'schemeTypes'] as const;
export type ListName = (typeof LIST_NAMES)[number];

export const LIST_LABELS: Record<ListName, string> = {
  sourcesOfFunding: 'Sources of Funding',
  areasOfSpend: 'Areas of Spend',
  commissioners: 'Commissioners',
  providers: 'Providers',
  outputUnits: 'Output units',
  schemeTypes: 'Scheme Types and Sub Types',
};

const values = z.array(z.string().trim().min(1).max(300));

export const listsSchema = z.object({
  sourcesOfFunding: values,
  areasOfSpend: values,
  commissioners: values,
  providers: values,
  outputUnits: values,
  schemeTypes: z.array(schemeTypeSchema),
});

export const referenceSetSchema = z.object({
  template: z.string().regex(/^\d{4}-\d{2}$/),
  label: z.string(),
  provenance: z.string(),
  years: z.array(year).min(1).max(2),
  columns: z.array(field),
  required: z.array(field),
  nhsMinimumSource: z.string(),
  lists: listsSchema,
});

export type SchemeTypeRef = z.infer<typeof schemeTypeSchema>;
export type ReferenceLists = z.infer<typeof listsSchema>;
export type ReferenceSet = z.infer<typeof referenceSetSchema>;

/** The template a plan starting in `year` follows: the one that lists the year, else the latest before it. */
export function templateForYear(sets: readonly ReferenceSet[], year: YearLabel): ReferenceSet {
  const exact = sets.find((s) => s.years.includes(year));
  if (exact) return exact;
  const before = sets.filter((s) => startYearOf(s.years[0]!) <= startYearOf(year)).sort((a, b) => startYearOf(b.years[0]!) - startYearOf(a.years[0]!));
  return before[0] ?? [...sets].sort((a, b) => startYearOf(a.years[0]!) - startYearOf(b.years[0]!))[0]!;
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

/** Values of one list as plain strings (scheme types by name). */
export function listValues(set: ReferenceSet, list: ListName): string[] {
  return list === 'schemeTypes' ? set.lists.schemeTypes.map((t) => t.value) : set.lists[list];
}
