import { z } from 'zod';
import { normaliseHeader } from '../imports/table';
import { PERIODS } from '../returns/period';
import { parseYear } from '../years/financial-year';
import { sheetNameProblem } from './sheet-names';

/**
 * A template profile: what one version of NHS England's workbook looks like,
 * as data (assets/profiles/*.json, or saved by the user after deriving one
 * from an official workbook). It names the sheets, the cover cells (found by
 * their label), the tables (found by their header text, wherever the header
 * sits), which columns are inputs, and the checker rules a generated
 * workbook carries. One engine fills, generates and reads any profile; a
 * data adapter (plans today, returns later) supplies or takes the rows.
 */
/** quantity: a number, or a word such as "NA" where no number applies (a return's outputs); date: a calendar date (a date serial in the sheet). */
export const COLUMN_KINDS = ['text', 'choice', 'money', 'decimal', 'percent', 'quantity', 'date'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/**
 * input: the area fills it (yellow, unlocked); the app writes it.
 * prefilled: NHS England fills it before sending the workbook (grey, locked); the app checks it.
 * ignored: a column the app neither writes nor reads (a formula, a note).
 */
export const COLUMN_ROLES = ['input', 'prefilled', 'ignored'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

const fieldName = z.string().regex(/^[a-z][A-Za-z0-9]{0,59}$/, 'a field name such as schemeId');
const headerText = z.string().trim().min(1).max(300);
/**
 * A sheet name by every rule Excel has: a profile names the official workbook's
 * sheets as they are, so a name Excel would refuse is refused here in words
 * rather than when a workbook is generated (exceljs throws on it).
 */
export const sheetName = z.string().superRefine((name, ctx) => {
  const problem = sheetNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${name}": ${problem}` });
});

export const profileColumnSchema = z
  .object({
    field: fieldName,
    header: headerText,
    aliases: z.array(headerText).max(20).optional(),
    kind: z.enum(COLUMN_KINDS),
    role: z.enum(COLUMN_ROLES),
    /** Identifies a row: must be present to fill or read; a prefilled key must match the app's data. */
    key: z.boolean().optional(),
    /** Every line needs it (a checker in the checklist row). */
    required: z.boolean().optional(),
    /** The drop-down list that feeds it (a reference list name, or one of the profile's own lists). */
    list: z
      .string()
      .regex(/^[a-zA-Z][A-Za-z0-9]{0,59}$/)
      .optional(),
    /** Bounds for the data validation of a figure (pounds or the number as typed). */
    min: z.number().optional(),
    max: z.number().optional(),
    width: z.number().min(4).max(120).optional(),
  })
  .strict();

export const profileTableSchema = z
  .object({
    id: fieldName,
    title: z.string().trim().min(1).max(200),
    sheet: sheetName,
    /** Other names the sheet has had (the seed Q1 2024-25 return put spend and activity at "3."). */
    sheetAliases: z.array(sheetName).max(10).optional(),
    /**
     * rows: the template has blank input rows and the app writes one line per row.
     * prefilled: NHS England has already written one row per line (Scheme ID, name, …); the app checks them and fills the inputs.
     */
    mode: z.enum(['rows', 'prefilled']),
    /**
     * The template may lack this table (a layout known only from recollection, such as the quarterly
     * metrics): filling a workbook where it cannot be found warns and writes the rest, instead of refusing.
     */
    optional: z.boolean().optional(),
    /** A checklist row (Yes/No per required column) sits just above the header. */
    checklist: z.boolean().optional(),
    /** In a generated workbook: blank input rows left after the lines, for lines added in Excel. */
    spareRows: z.number().int().min(0).max(5000).optional(),
    /** A sentence printed above the table in a generated workbook. */
    intro: z.string().max(1000).optional(),
    columns: z.array(profileColumnSchema).min(1).max(80),
  })
  .strict();

export const coverFieldSchema = z
  .object({
    key: fieldName,
    label: headerText,
    aliases: z.array(headerText).max(20).optional(),
    role: z.enum(['input', 'prefilled']),
    required: z.boolean().optional(),
    /** Columns to the right of the label where the value sits (NHS England: the next one). */
    offset: z.number().int().min(1).max(10).optional(),
  })
  .strict();

/** A condition on a line, for checks that apply only to some lines. Any one of a check's conditions is enough. */
export const conditionSchema = z
  .object({
    column: fieldName,
    /** The cell equals one of these (case and surrounding spaces ignored). */
    equals: z.array(z.string().min(1)).min(1).optional(),
    /** The cell's value is in this list (e.g. scheme types that have sub types). */
    inList: z.string().optional(),
    notBlank: z.literal(true).optional(),
  })
  .strict()
  .refine(
    (c) => [c.equals, c.inList, c.notBlank].filter((x) => x !== undefined).length === 1,
    'a condition has exactly one of equals, inList, notBlank',
  );

const checkBase = {
  id: z.string().regex(/^[a-z][a-z0-9.-]{0,80}$/),
  label: z.string().trim().min(1).max(200),
  table: fieldName,
  /** The app's rule this checker mirrors, and the field it is about: a checker reads Yes exactly when the rule finds nothing there. */
  rule: z.string().max(80),
  field: z.string().max(60).optional(),
};

export const checkSchema = z.discriminatedUnion('kind', [
  /** `column` is required on every line that meets any of `when` and, if given, all of `whenAlso`. */
  z
    .object({
      ...checkBase,
      kind: z.literal('requiredIf'),
      column: fieldName,
      when: z.array(conditionSchema).min(1),
      whenAlso: z.array(conditionSchema).min(1).max(5).optional(),
    })
    .strict(),
  z
    .object({
      ...checkBase,
      kind: z.literal('sumTo'),
      columns: z.array(fieldName).min(2).max(5),
      total: z.number(),
      when: z.array(conditionSchema).min(1),
    })
    .strict(),
  z.object({ ...checkBase, kind: z.literal('notNegative'), columns: z.array(fieldName).min(1).max(10) }).strict(),
  /** prior + change = current, on every line that has the first (the 2019/20 virement). */
  z
    .object({ ...checkBase, kind: z.literal('identity'), first: fieldName, change: fieldName, result: fieldName })
    .strict(),
  /** For every source: the income table's amounts − the lines' amounts = 0, per pair of columns; every source a line uses has income. */
  z
    .object({
      ...checkBase,
      kind: z.literal('balance'),
      source: fieldName,
      amounts: z.array(fieldName).min(1).max(2),
      against: z.object({ table: fieldName, source: fieldName, amounts: z.array(fieldName).min(1).max(2) }).strict(),
    })
    .strict(),
]);

export const PROFILE_KINDS = ['plan', 'return'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export const profileSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'a short name in lower case, digits and "-", e.g. 2023-25-planning'),
    label: z.string().trim().min(1).max(200),
    kind: z.enum(PROFILE_KINDS),
    /** The reference-list year whose drop-downs the workbook uses (assets/reference/<template>.json). */
    template: z.string().regex(/^\d{4}-\d{2}$/),
    /** The financial years the workbook is for: a plan's one or two years, or a return's year. */
    years: z
      .array(z.string().refine((y) => parseYear(y).ok, 'a financial year such as 2023-24'))
      .min(1)
      .max(2),
    /** A return workbook for some periods only (each quarter's template asks something different); none given: every period of its year. */
    periods: z.array(z.enum(PERIODS)).min(1).max(4).optional(),
    provenance: z.string().max(2000),
    /** The official workbook's sheets, in order. */
    sheets: z.array(sheetName).min(1).max(60),
    /** The title a generated workbook carries. */
    title: z.string().trim().min(1).max(200),
    guidanceSheet: sheetName.optional(),
    /** The sheet that holds the drop-down lists in a generated workbook (hidden). */
    listSheet: sheetName.optional(),
    /** The app rule that a missing required cell breaks (one checker per required column mirrors it). */
    requiredRule: z.string().max(80),
    cover: z.object({ sheet: sheetName, fields: z.array(coverFieldSchema).max(30) }).strict(),
    tables: z.array(profileTableSchema).min(1).max(10),
    checks: z.array(checkSchema).max(60),
    /** Lists the profile defines itself (Yes/No, New/Existing); reference lists come from the template year. */
    lists: z.record(z.string(), z.array(z.string().min(1).max(300)).max(500)).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    // A generated workbook has each of these as a sheet of its own; Excel ignores case when it compares them.
    const generated = [
      p.guidanceSheet ?? 'Guidance',
      p.cover.sheet,
      p.listSheet ?? 'Lists',
      ...p.tables.map((t) => t.sheet),
    ];
    const seen = new Set<string>();
    for (const name of generated) {
      if (seen.has(name.toLowerCase()))
        ctx.addIssue({
          code: 'custom',
          message: `the sheet "${name}" is named twice (guidance, cover, lists and each table need a sheet of their own)`,
          path: ['sheets'],
        });
      seen.add(name.toLowerCase());
    }
    const tables = new Map(p.tables.map((t) => [t.id, t]));
    if (tables.size !== p.tables.length)
      ctx.addIssue({ code: 'custom', message: 'two tables have the same id', path: ['tables'] });
    p.tables.forEach((t, ti) => {
      const fields = new Set<string>();
      t.columns.forEach((c, ci) => {
        if (fields.has(c.field))
          ctx.addIssue({
            code: 'custom',
            message: `table ${t.id}: the field ${c.field} is mapped twice`,
            path: ['tables', ti, 'columns', ci, 'field'],
          });
        fields.add(c.field);
      });
      if (!t.columns.some((c) => c.key))
        ctx.addIssue({
          code: 'custom',
          message: `table ${t.id}: no key column (e.g. Scheme ID)`,
          path: ['tables', ti, 'columns'],
        });
    });
    const hasColumn = (table: string, field: string) =>
      tables.get(table)?.columns.some((c) => c.field === field) ?? false;
    p.checks.forEach((c, i) => {
      if (!tables.has(c.table))
        return ctx.addIssue({
          code: 'custom',
          message: `check ${c.id}: no table ${c.table}`,
          path: ['checks', i, 'table'],
        });
      const used = checkColumns(c);
      for (const f of used.own)
        if (!hasColumn(c.table, f))
          ctx.addIssue({
            code: 'custom',
            message: `check ${c.id}: table ${c.table} has no column ${f}`,
            path: ['checks', i],
          });
      if (c.kind === 'balance') {
        if (!tables.has(c.against.table))
          ctx.addIssue({ code: 'custom', message: `check ${c.id}: no table ${c.against.table}`, path: ['checks', i] });
        for (const f of used.against)
          if (!hasColumn(c.against.table, f))
            ctx.addIssue({
              code: 'custom',
              message: `check ${c.id}: table ${c.against.table} has no column ${f}`,
              path: ['checks', i],
            });
        if (c.amounts.length !== c.against.amounts.length)
          ctx.addIssue({
            code: 'custom',
            message: `check ${c.id}: pair each amount with one on the other table`,
            path: ['checks', i],
          });
      }
    });
  });

export type ProfileColumn = z.infer<typeof profileColumnSchema>;
export type ProfileTable = z.infer<typeof profileTableSchema>;
export type CoverField = z.infer<typeof coverFieldSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type Check = z.infer<typeof checkSchema>;
export type Profile = z.infer<typeof profileSchema>;

/** Where a profile comes from: shipped with the app, or saved by the user. */
export type ProfileOrigin = 'shipped' | 'user';

export interface ProfileSummary {
  id: string;
  label: string;
  kind: ProfileKind;
  template: string;
  years: string[];
  origin: ProfileOrigin;
  sheets: string[];
  tables: { id: string; title: string; sheet: string; columns: number; inputs: number }[];
  derivedFrom: string | null;
}

export function summariseProfile(p: Profile, origin: ProfileOrigin, derivedFrom: string | null = null): ProfileSummary {
  return {
    id: p.id,
    label: p.label,
    kind: p.kind,
    template: p.template,
    years: p.years,
    origin,
    sheets: p.sheets,
    derivedFrom,
    tables: p.tables.map((t) => ({
      id: t.id,
      title: t.title,
      sheet: t.sheet,
      columns: t.columns.length,
      inputs: t.columns.filter((c) => c.role === 'input').length,
    })),
  };
}

/** The columns a check reads, on its own table and (for a balance) on the other. */
export function checkColumns(c: Check): { own: string[]; against: string[] } {
  const conditions = (w: readonly Condition[]) => w.map((x) => x.column);
  switch (c.kind) {
    case 'requiredIf':
      return { own: [c.column, ...conditions(c.when), ...conditions(c.whenAlso ?? [])], against: [] };
    case 'sumTo':
      return { own: [...c.columns, ...conditions(c.when)], against: [] };
    case 'notNegative':
      return { own: c.columns, against: [] };
    case 'identity':
      return { own: [c.first, c.change, c.result], against: [] };
    case 'balance':
      return { own: [c.source, ...c.amounts], against: [c.against.source, ...c.against.amounts] };
  }
}

/** The checks whose every column is among these tables' columns (the rest cannot be written or evaluated). */
export function checksThatFit(checks: readonly Check[], tables: readonly ProfileTable[]): Check[] {
  const has = (table: string, field: string) =>
    tables.some((t) => t.id === table && t.columns.some((c) => c.field === field));
  return checks.filter((c) => {
    const cols = checkColumns(c);
    return (
      cols.own.every((f) => has(c.table, f)) &&
      (c.kind !== 'balance' || cols.against.every((f) => has(c.against.table, f)))
    );
  });
}

export function tableById(p: Profile, id: string): ProfileTable | undefined {
  return p.tables.find((t) => t.id === id);
}

export function keyColumns(t: ProfileTable): ProfileColumn[] {
  return t.columns.filter((c) => c.key);
}

/** Every text a header may be printed as, normalised for comparison. */
export function headerKeys(c: { header: string; aliases?: string[] | undefined }): string[] {
  return [c.header, ...(c.aliases ?? [])].map(normaliseHeader);
}

export function sheetKeys(t: { sheet: string; sheetAliases?: string[] | undefined }): string[] {
  return [t.sheet, ...(t.sheetAliases ?? [])].map((s) => s.trim().toLowerCase());
}

/**
 * Year placeholders in a profile's texts, so that one profile serves every
 * year of its layout: {year} "2023-24", {year/} "2023/24", {year2} and
 * {year2/} the second plan year, {prior} and {prior/} the year before,
 * {yy} "23/24", {span} "2023-25" (or "2023-24" for one year).
 */
const YEAR_TOKEN = /\{(year2?|prior)(\/)?\}|\{yy\}|\{span\}/;

export function hasYearTokens(p: Profile): boolean {
  return YEAR_TOKEN.test(JSON.stringify(p));
}

function shiftYear(year: string, by: number): string {
  const start = Number(year.slice(0, 4)) + by;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The profile with its year placeholders filled in for these plan years (one or two). */
export function instantiateProfile(p: Profile, years: readonly string[]): Profile {
  const first = years[0]!;
  const second = years[1] ?? shiftYear(first, 1);
  const last = years[years.length - 1]!;
  const values: Record<string, string> = {
    '{year}': first,
    '{year/}': first.replace('-', '/'),
    '{year2}': second,
    '{year2/}': second.replace('-', '/'),
    '{prior}': shiftYear(first, -1),
    '{prior/}': shiftYear(first, -1).replace('-', '/'),
    '{yy}': `${first.slice(2, 4)}/${first.slice(5, 7)}`,
    '{span}': `${first.slice(0, 5)}${last.slice(5, 7)}`,
  };
  const text = JSON.stringify(p).replace(/\{(?:year2?|prior)\/?\}|\{yy\}|\{span\}/g, (t) => values[t]!);
  return { ...(JSON.parse(text) as Profile), years: [...years] };
}
