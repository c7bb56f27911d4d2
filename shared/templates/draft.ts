import type { Period } from '../returns/period';
import {
  checksThatFit,
  type ColumnKind,
  type ColumnRole,
  type Profile,
  type ProfileColumn,
  type ProfileKind,
  type ProfileTable,
} from '../workbooks/profile';
import { TABLE_FIELDS, type TableKind } from '../workbooks/fields';
import { ALL_FIELDS } from '../plans/line';
import { EXTRA_KINDS, extraColumnKind, extraListName, keyFromLabel, type ExtraField, type ExtraKind } from './fields';
import { templateFile, type TemplateFile } from './template-file';

/**
 * Bringing a template year from NHS England's workbook: what the app found
 * in it (each table, each column with sample values, the lists, the cover,
 * the national conditions and metrics), the draft template year it makes of
 * that, and the user's corrections. The draft is rebuilt from what was found
 * and the corrections by one function, `draftFrom`, on the server (the first
 * draft) and on the review screen (as the user corrects it), so the two can
 * never disagree.
 */
export interface BroughtColumn {
  /** The column's letter and header text as the workbook shows them. */
  letter: string;
  header: string;
  /** The field it is taken for: a built-in field, one of the year's own (new) fields, or null (not used). */
  field: string | null;
  /** How the field was found: its known heading, similar words, proposed as a new field, or not at all. */
  matchedBy: 'exact' | 'similar' | 'new' | null;
  role: ColumnRole;
  /** For a new field: the kind of value it holds (from its drop-down, number format or validation). */
  extraKind: ExtraKind;
  required: boolean;
  /** The values of the drop-down that feeds it, from any kind of data validation; empty when it has none. */
  listValues: string[];
  /** The first values under the header (pre-populated rows), to see at a glance what the column holds. */
  samples: string[];
}

export interface BroughtTable {
  /** The table's id in the profile: expenditure, income, spendActivity, metrics, nationalConditions. */
  id: TableKind;
  title: string;
  sheet: string;
  /** 1-based, as Excel shows it. */
  headerRow: number;
  mode: 'rows' | 'prefilled';
  checklist: boolean;
  columns: BroughtColumn[];
}

/** The user's correction of one column: which field (a built-in one, "new" for a field of the year's own, or null: not used), which cells, required or not. */
export interface ColumnChoice {
  field: string | null;
  role: ColumnRole;
  required: boolean;
  /** For a new field. */
  label?: string;
  kind?: ExtraKind;
}

export type ColumnChoices = Record<string, ColumnChoice>;
export const choiceKey = (table: string, letter: string) => `${table}:${letter}`;

export interface TemplateBrought {
  file: string;
  /** The template year it becomes part of, e.g. "2026-27". */
  templateId: string;
  kind: ProfileKind;
  period: Period | null;
  /** The workbook profile made from it (planning, a quarter, year end). */
  profileId: string;
  /** The template year and its profiles before this workbook's tables are mapped: `draftFrom` adds them. */
  base: TemplateFile;
  /** The draft as the app found it (no corrections yet): what `bcf template add --review` writes. */
  draft: TemplateFile;
  /** Whether that draft can be saved as it is; if not, `problems` says what to correct. */
  valid: boolean;
  problems: string[];
  sheets: { name: string; state: string }[];
  tables: BroughtTable[];
  cover: { key: string; label: string; cell: string; role: string; value: string }[];
  /** The year's drop-down lists found in the workbook, and where. */
  lists: { name: string; label: string; values: string[]; from: string }[];
  conditions: { key: string; text: string }[];
  metrics: string[];
  notes: string[];
  /** What saving it stands in front of: a shipped year of that name, the user's own, or nothing. */
  replaces: { origin: 'shipped' | 'user'; confidence: string } | null;
}

/** Which column identifies a row of each table. */
function isKey(table: BroughtTable, field: string): boolean {
  if (field === 'schemeId') return table.id === 'expenditure' || table.id === 'spendActivity';
  if (field === 'schemeName') return table.id === 'spendActivity' && table.mode === 'prefilled';
  if (field === 'sourceOfFunding') return table.id === 'income' || table.id === 'yearEndIncome';
  if (field === 'name') return table.id === 'metrics';
  if (field === 'condition') return table.id === 'nationalConditions';
  return false;
}

/** The choice the app made for a column, before any correction. */
export function foundChoice(c: BroughtColumn): ColumnChoice {
  return c.matchedBy === 'new'
    ? { field: 'new', role: c.role, required: c.required, label: c.header, kind: c.extraKind }
    : { field: c.field, role: c.role, required: c.required };
}

const YES_NO = (values: readonly string[]) =>
  values.length === 2 &&
  values
    .map((v) => v.trim().toLowerCase())
    .sort()
    .join() === 'no,yes';

/** The kind of a new field, as the values of its drop-down suggest: Yes/No, a choice, or what the cell's format says. */
export function kindFromList(values: readonly string[], fallback: ExtraKind): ExtraKind {
  if (YES_NO(values)) return 'yesNo';
  return values.length > 0 ? 'choice' : fallback;
}

/**
 * The template year and its profiles with the brought workbook's tables
 * mapped as chosen: each column to a built-in field, to a new field of the
 * year (defined, with its drop-down list, on the template year), or left
 * out. Columns without a choice keep what the app found.
 */
export function draftFrom(
  brought: Pick<TemplateBrought, 'base' | 'profileId' | 'tables' | 'kind'>,
  choices: ColumnChoices = {},
): TemplateFile {
  const year = JSON.parse(JSON.stringify(brought.base.templateYear)) as TemplateFile['templateYear'];
  const on = brought.kind === 'plan' ? 'plan' : 'return';
  const base = brought.base.profiles.find((p) => p.id === brought.profileId)!;
  // A new field never takes the name of a field the app knows, in any table, nor one the year already has.
  const taken = new Set<string>([
    ...ALL_FIELDS,
    ...Object.values(TABLE_FIELDS)
      .flat()
      .map((f) => f.field),
    ...year.fields.map((f) => f.key),
  ]);
  const tables: ProfileTable[] = [];
  for (const t of brought.tables) {
    const columns: ProfileColumn[] = [];
    for (const c of t.columns) {
      const choice = choices[choiceKey(t.id, c.letter)] ?? foundChoice(c);
      if (choice.field === null) continue;
      const required = choice.required && choice.role !== 'ignored' ? { required: true } : {};
      if (choice.field === 'new') {
        const lineTable = t.id === 'expenditure' || t.id === 'spendActivity';
        if (!lineTable) continue; // new fields are kept on lines; other tables' extra columns are not used
        const label = (choice.label ?? c.header).trim() || c.header;
        const kind = choice.kind && (EXTRA_KINDS as readonly string[]).includes(choice.kind) ? choice.kind : 'text';
        const key = keyFromLabel(label, taken);
        taken.add(key);
        const field: ExtraField = { key, label, kind, on, ...(choice.required ? { required: true } : {}) };
        if (kind === 'choice') {
          field.list = `${key}List`.slice(0, 60);
          year.customLists[field.list] = [...new Set(c.listValues.map((v) => v.trim()).filter(Boolean))];
        }
        year.fields.push(field);
        const list = extraListName(field);
        columns.push({
          field: key,
          header: c.header,
          kind: extraColumnKind(kind) as ColumnKind,
          role: choice.role,
          ...required,
          ...(list && choice.role === 'input' ? { list } : {}),
        });
        continue;
      }
      const known = TABLE_FIELDS[t.id].find((f) => f.field === choice.field);
      const extra = year.fields.find((f) => f.key === choice.field);
      if (!known && !extra) continue;
      if (columns.some((x) => x.field === choice.field)) continue; // a field taken twice: the first column keeps it (the problems say so)
      const kind: ColumnKind = known ? known.kind : (extraColumnKind(extra!.kind) as ColumnKind);
      const list = known ? known.list : extraListName(extra!);
      columns.push({
        field: choice.field,
        header: c.header,
        kind,
        role: choice.role,
        ...(isKey(t, choice.field) ? { key: true } : {}),
        ...required,
        ...(list && choice.role === 'input' ? { list } : {}),
      });
    }
    tables.push({
      id: t.id,
      title: t.title,
      sheet: t.sheet,
      mode: t.mode,
      ...(t.checklist ? { checklist: true } : {}),
      ...(t.mode === 'rows' ? { spareRows: t.id === 'income' ? 20 : 50 } : {}),
      // A year-end block is optional: the same layout serves the quarters, whose returns have no income to write.
      ...(t.id === 'metrics' || t.id === 'yearEndIncome' ? { optional: true } : {}),
      columns,
    });
  }
  // A planning workbook sets the year's plan layout: its columns (the app's fields, in the workbook's order) and which are required.
  const expenditure = brought.kind === 'plan' ? tables.find((t) => t.id === 'expenditure') : undefined;
  if (expenditure) {
    const builtIn = expenditure.columns.filter(
      (c) => (ALL_FIELDS as string[]).includes(c.field) && c.role !== 'ignored',
    );
    year.columns = builtIn.map((c) => c.field as (typeof year.columns)[number]);
    year.required = builtIn.filter((c) => c.required).map((c) => c.field as (typeof year.columns)[number]);
  }
  const has = (table: string, field: string) =>
    tables.some((t) => t.id === table && t.columns.some((c) => c.field === field));
  const checks = checksThatFit(base.checks, tables);
  if (
    has('nationalConditions', 'explanation') &&
    has('nationalConditions', 'answer') &&
    !checks.some((c) => c.id === 'conditions.explained')
  ) {
    checks.push({
      id: 'conditions.explained',
      label: 'National conditions: an explanation for every condition not met',
      table: 'nationalConditions',
      kind: 'requiredIf',
      column: 'explanation',
      when: [{ column: 'answer', equals: ['No'] }],
      rule: base.requiredRule,
      field: 'explanation',
    });
  }
  const profile: Profile = { ...base, tables, checks };
  return templateFile(year, [...brought.base.profiles.filter((p) => p.id !== brought.profileId), profile]);
}

/** Problems with the brought tables that the user must settle before saving: a field taken by two columns. */
export function choiceProblems(brought: Pick<TemplateBrought, 'tables'>, choices: ColumnChoices = {}): string[] {
  const out: string[] = [];
  for (const t of brought.tables) {
    const seen = new Map<string, string>();
    for (const c of t.columns) {
      const choice = choices[choiceKey(t.id, c.letter)] ?? foundChoice(c);
      if (!choice.field || choice.field === 'new') continue;
      const before = seen.get(choice.field);
      if (before)
        out.push(
          `Sheet "${t.sheet}": columns ${before} and ${c.letter} ("${c.header}") both claim ${TABLE_FIELDS[t.id].find((f) => f.field === choice.field)?.label ?? choice.field}; map one of them to another field, or mark it not used.`,
        );
      else seen.set(choice.field, c.letter);
    }
  }
  return out;
}

/** What the review corrects beyond the columns: the lists found, the national conditions and the metrics, one value per line. */
export interface DraftOverrides {
  lists?: Partial<
    Record<'sourcesOfFunding' | 'areasOfSpend' | 'commissioners' | 'providers' | 'outputUnits', string[]>
  >;
  conditions?: string[];
  metrics?: string[];
}

/** The draft with the review's corrections to its lists, conditions and metrics (blank lines dropped, each value once). */
export function withOverrides(draft: TemplateFile, o: DraftOverrides): TemplateFile {
  const clean = (values: readonly string[]) => {
    const kept = new Map<string, string>();
    for (const v of values.map((x) => x.trim()).filter(Boolean))
      if (!kept.has(v.toLowerCase())) kept.set(v.toLowerCase(), v);
    return [...kept.values()];
  };
  const year = { ...draft.templateYear, lists: { ...draft.templateYear.lists } };
  for (const [name, values] of Object.entries(o.lists ?? {}))
    if (values) year.lists[name as keyof NonNullable<DraftOverrides['lists']>] = clean(values);
  if (o.conditions)
    year.nationalConditions = clean(o.conditions).map((text, i) => ({
      key: /^\s*(\d{1,2})\s*[).:-]/.exec(text)?.[1] ?? String(i + 1),
      text,
    }));
  if (o.metrics) year.metrics = clean(o.metrics).map((name) => ({ name }));
  return { ...draft, templateYear: year };
}
