import { z } from 'zod';
import {
  amountOutOfBounds,
  formatPence,
  LINE_MAX_PENCE,
  parseMoney,
  parseOptionalMoney,
  type AmountBounds,
  type Pence,
} from '../money';
import { boundedPence, safeText } from '../values/schemas';
import { UNSAFE_CHARACTER } from '../values/text';
import { parseChoice, parsePercentText, parseQuantityText, type ValueParse } from '../values/parse';
import {
  extraKeyOf,
  extraValuesSchema,
  formatExtra,
  parseExtra,
  type ExtraField,
  type ExtraValues,
} from '../templates/fields';

/** Where an imported line came from: the file and the row a spreadsheet would show. */
export interface SourceRef {
  file: string;
  row: number;
}

/** Which year of its plan a year is: 0 for the first, 1 for the second year of a two-year plan. */
export function planYearIndex(years: readonly string[], year: string): number {
  return Math.max(0, years.indexOf(year));
}

/**
 * A plan line's planned expenditure in the plan year at `index` (a two-year plan's second year may
 * be blank: £0). Everything that reads "the plan's figure for a year" — returns, pools, the ICB's
 * consolidation, the rules — goes through here, so 2024-25 never reads 2023-24's column.
 */
export function plannedFor(
  line: { expenditurePence: Pence; expenditureYear2Pence: Pence | null },
  index: number,
): Pence {
  return index === 0 ? line.expenditurePence : (line.expenditureYear2Pence ?? 0);
}

export const NEW_OR_EXISTING = ['New', 'Existing'] as const;
export const RECURRENCE = ['Recurrent', 'One-off'] as const;

/**
 * The largest amount one plan line may hold: £1,000,000,000 (LINE_MAX_PENCE,
 * shared with every other line the app keeps).
 */
export const PLAN_LINE_MAX_PENCE = LINE_MAX_PENCE;

// Spend is £0 to £1bn, as NHS England's cells are validated; a reduction is a (negative) virement.
const spendBounds = (label: string): AmountBounds => ({
  label,
  negativeHint: ': planned spend is £0 or more (a reduction goes in Virement)',
});
const VIREMENT_BOUNDS: AmountBounds = { label: 'Virement', signed: true };
const MONEY_BOUNDS = {
  priorYearPence: spendBounds('Prior-year expenditure £'),
  virementPence: VIREMENT_BOUNDS,
  expenditurePence: spendBounds('Expenditure £'),
  expenditureYear2Pence: spendBounds('Second-year expenditure £'),
} as const;
/** The longest text each field may hold: read by the schema and by `surelyValidLine` alike, so they cannot drift. */
const TEXT_MAX = {
  schemeName: 500,
  briefDescription: 2000,
  schemeType: 200,
  subType: 300,
  schemeTypeOther: 500,
  areaOfSpend: 200,
  areaOfSpendOther: 500,
  commissioner: 100,
  provider: 300,
  sourceOfFunding: 200,
  outputUnit: 200,
  schemeUpdate: 10_000,
} as const;
const SCHEME_ID_MAX = 20;
const SCHEME_ID = /^[A-Za-z0-9][A-Za-z0-9./-]*$/;
const DECIMAL_TEXT = /^\d{1,12}(\.\d{1,4})?$/;
const text = (field: keyof typeof TEXT_MAX) => safeText(TEXT_MAX[field]);
const decimalText = z.string().regex(DECIMAL_TEXT, 'a number such as 60 or 62.5');

/**
 * A scheme line: every field of the 2019/20 financial plan and of NHS
 * England's 2023-25 expenditure sheet (DOMAIN §3). A template shows the
 * fields it has (see templates.ts); the others stay blank. The same schema
 * checks a line typed in the app, a line from an import, and every request
 * that carries one.
 */
export const lineInputSchema = z
  .object({
    schemeId: z
      .string()
      .trim()
      .min(1, 'Scheme ID is required')
      .max(SCHEME_ID_MAX)
      .regex(SCHEME_ID, 'Scheme ID is letters, digits, ".", "/" or "-", e.g. 14 or 3a'),
    schemeName: text('schemeName').min(1, 'Scheme Name is required'),
    briefDescription: text('briefDescription'),
    schemeType: text('schemeType'),
    subType: text('subType'),
    schemeTypeOther: text('schemeTypeOther'),
    areaOfSpend: text('areaOfSpend'),
    areaOfSpendOther: text('areaOfSpendOther'),
    commissioner: text('commissioner'),
    jointNhsPercent: decimalText.nullable(),
    jointLaPercent: decimalText.nullable(),
    provider: text('provider'),
    sourceOfFunding: text('sourceOfFunding'),
    plannedOutputs: decimalText.nullable(),
    outputUnit: text('outputUnit'),
    priorYearPence: boundedPence(MONEY_BOUNDS.priorYearPence).nullable(),
    virementPence: boundedPence(MONEY_BOUNDS.virementPence).nullable(),
    expenditurePence: boundedPence(MONEY_BOUNDS.expenditurePence),
    expenditureYear2Pence: boundedPence(MONEY_BOUNDS.expenditureYear2Pence).nullable(),
    newOrExisting: z.enum(['', ...NEW_OR_EXISTING]),
    recurrence: z.enum(['', ...RECURRENCE]),
    schemeUpdate: text('schemeUpdate'),
    /** The template year's own fields (checked against the plan's template year by the service). */
    extra: extraValuesSchema.optional(),
  })
  .strict();

const SCHEMA_KEYS = new Set(Object.keys(lineInputSchema.shape));
const TEXT_FIELDS = Object.keys(TEXT_MAX) as (keyof typeof TEXT_MAX)[];
const DECIMAL_FIELDS = ['jointNhsPercent', 'jointLaPercent', 'plannedOutputs'] as const;
const MONEY_FIELDS = Object.keys(MONEY_BOUNDS) as (keyof typeof MONEY_BOUNDS)[];
const isChoice = (value: unknown, allowed: readonly string[]) =>
  value === '' || (typeof value === 'string' && allowed.includes(value));

/**
 * True only when `lineInputSchema` would accept `candidate` and give it back unchanged (text already
 * trimmed, no template-year fields to check). An import checks thousands of lines that are all fine:
 * this answers for them without building zod's result, and anything it is not sure of — every line
 * with a problem — goes to the schema, whose words the user reads. It may refuse a valid line, never
 * accept an invalid one (test/unit/line-quick-check.test.ts holds it to that at every limit).
 */
export function surelyValidLine(candidate: Readonly<Record<string, unknown>>): boolean {
  for (const key in candidate) if (!SCHEMA_KEYS.has(key)) return false;
  const id = candidate.schemeId;
  if (typeof id !== 'string' || id.length > SCHEME_ID_MAX || !SCHEME_ID.test(id)) return false;
  for (const field of TEXT_FIELDS) {
    const value = candidate[field];
    if (typeof value !== 'string' || value.length > TEXT_MAX[field] || value.trim() !== value) return false;
    if (UNSAFE_CHARACTER.test(value)) return false;
  }
  if (candidate.schemeName === '') return false;
  for (const field of DECIMAL_FIELDS) {
    const value = candidate[field];
    if (value !== null && (typeof value !== 'string' || !DECIMAL_TEXT.test(value))) return false;
  }
  for (const field of MONEY_FIELDS) {
    const value = candidate[field];
    if (value === null && field !== 'expenditurePence') continue;
    if (!Number.isInteger(value) || amountOutOfBounds(value as number, MONEY_BOUNDS[field]) !== null) return false;
  }
  if (!isChoice(candidate.newOrExisting, NEW_OR_EXISTING) || !isChoice(candidate.recurrence, RECURRENCE)) return false;
  if (!('extra' in candidate)) return true;
  const extra = candidate.extra;
  // A line with template-year values (rare) has them checked by the schema.
  return typeof extra === 'object' && extra !== null && !Array.isArray(extra) && Object.keys(extra).length === 0;
}

export type LineInput = z.infer<typeof lineInputSchema>;
/** The built-in fields; a template year's own fields are columns named "extra.<key>". */
export type LineField = Exclude<keyof LineInput, 'extra'>;

export interface PlanLine extends LineInput {
  id: number;
  position: number;
  source: SourceRef | null;
  updatedAt: string;
}

export const EMPTY_LINE: LineInput = {
  schemeId: '',
  schemeName: '',
  briefDescription: '',
  schemeType: '',
  subType: '',
  schemeTypeOther: '',
  areaOfSpend: '',
  areaOfSpendOther: '',
  commissioner: '',
  jointNhsPercent: null,
  jointLaPercent: null,
  provider: '',
  sourceOfFunding: '',
  plannedOutputs: null,
  outputUnit: '',
  priorYearPence: null,
  virementPence: null,
  expenditurePence: 0,
  expenditureYear2Pence: null,
  newOrExisting: '',
  recurrence: '',
  schemeUpdate: '',
};

/**
 * The line as one object literal, its fields always in this order, as a line read from SQLite is.
 * A line built field by field (a copy of EMPTY_LINE, then each parsed cell written into it) gets a
 * hidden class of its own in V8, and every rule reading 10,000 such lines pays a slow property
 * look-up on each: summing three amounts took 600 ns a line against 20 for lines read back from the
 * database. An import hands its lines to the rules and to SQLite in this form.
 */
export function lineLiteral(l: LineInput): LineInput {
  const line: LineInput = {
    schemeId: l.schemeId,
    schemeName: l.schemeName,
    briefDescription: l.briefDescription,
    schemeType: l.schemeType,
    subType: l.subType,
    schemeTypeOther: l.schemeTypeOther,
    areaOfSpend: l.areaOfSpend,
    areaOfSpendOther: l.areaOfSpendOther,
    commissioner: l.commissioner,
    jointNhsPercent: l.jointNhsPercent,
    jointLaPercent: l.jointLaPercent,
    provider: l.provider,
    sourceOfFunding: l.sourceOfFunding,
    plannedOutputs: l.plannedOutputs,
    outputUnit: l.outputUnit,
    priorYearPence: l.priorYearPence,
    virementPence: l.virementPence,
    expenditurePence: l.expenditurePence,
    expenditureYear2Pence: l.expenditureYear2Pence,
    newOrExisting: l.newOrExisting,
    recurrence: l.recurrence,
    schemeUpdate: l.schemeUpdate,
  };
  if (l.extra !== undefined) line.extra = l.extra;
  return line;
}

/** The built-in fields' values in ALL_FIELDS order, each read by its name: a loop of line[field] is a slow keyed look-up per field. */
export function lineValues(l: LineInput): unknown[] {
  return [
    l.schemeId,
    l.schemeName,
    l.briefDescription,
    l.schemeType,
    l.subType,
    l.schemeTypeOther,
    l.areaOfSpend,
    l.areaOfSpendOther,
    l.commissioner,
    l.jointNhsPercent,
    l.jointLaPercent,
    l.provider,
    l.sourceOfFunding,
    l.plannedOutputs,
    l.outputUnit,
    l.priorYearPence,
    l.virementPence,
    l.expenditurePence,
    l.expenditureYear2Pence,
    l.newOrExisting,
    l.recurrence,
    l.schemeUpdate,
  ];
}

export type FieldKind = 'text' | 'money' | 'optional-money' | 'percent' | 'quantity' | 'choice';

export interface FieldSpec {
  label: string;
  kind: FieldKind;
  /** Turns what a user typed or a file holds into the stored value, or says what is wrong. */
  parse: (raw: string) => ValueParse<unknown>;
  /** The stored value as a user would type it back. */
  format: (value: unknown) => string;
}

const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const textField = (label: string): FieldSpec => ({
  label,
  kind: 'text',
  parse: (raw) => ({ ok: true, value: raw.trim() }),
  format: asText,
});
const moneyField = (label: string, required: boolean): FieldSpec => ({
  label,
  kind: required ? 'money' : 'optional-money',
  parse: (raw) => {
    if (required && raw.trim() === '')
      return { ok: false, message: `${label} is required: an amount such as £1,234.56` };
    const r = required ? parseMoney(raw) : parseOptionalMoney(raw);
    return r.ok ? { ok: true, value: r.pence } : r;
  },
  format: (v) => (v === null || v === undefined ? '' : formatPence(v as Pence, { pence: 'auto' })),
});

/** Every field: its printed label, how text becomes a value, and back. */
export const LINE_FIELDS: Record<LineField, FieldSpec> = {
  schemeId: textField('Scheme ID'),
  schemeName: textField('Scheme Name'),
  briefDescription: textField('Brief Description of Scheme'),
  schemeType: textField('Scheme Type'),
  subType: textField('Sub Types'),
  schemeTypeOther: textField("Please specify if 'Scheme Type' is 'Other'"),
  areaOfSpend: textField('Area of Spend'),
  areaOfSpendOther: textField("Please specify if 'Area of Spend' is 'Other'"),
  commissioner: textField('Commissioner'),
  jointNhsPercent: { label: '% NHS (if Joint Commissioner)', kind: 'percent', parse: parsePercentText, format: asText },
  jointLaPercent: { label: '% LA (if Joint Commissioner)', kind: 'percent', parse: parsePercentText, format: asText },
  provider: textField('Provider'),
  sourceOfFunding: textField('Source of Funding'),
  plannedOutputs: { label: 'Planned Outputs', kind: 'quantity', parse: parseQuantityText, format: asText },
  outputUnit: textField('Units'),
  priorYearPence: moneyField('Prior-year expenditure £', false),
  virementPence: moneyField('Virement £', false),
  expenditurePence: moneyField('Expenditure £', true),
  expenditureYear2Pence: moneyField('Second-year expenditure £', false),
  newOrExisting: {
    label: 'New/ Existing Scheme',
    kind: 'choice',
    parse: (raw) => parseChoice(raw, NEW_OR_EXISTING),
    format: asText,
  },
  recurrence: {
    label: 'Recurrent or one-off',
    kind: 'choice',
    parse: (raw) =>
      parseChoice(raw, RECURRENCE, {
        'one off': 'One-off',
        'non recurrent': 'One-off',
        nonrecurrent: 'One-off',
        recurring: 'Recurrent',
      }),
    format: asText,
  },
  schemeUpdate: textField('Scheme update'),
};

export const ALL_FIELDS = Object.keys(LINE_FIELDS) as LineField[];

/** Kept for the places that only need labels. */
export const LINE_LABELS: Record<LineField, string> = Object.fromEntries(
  ALL_FIELDS.map((f) => [f, LINE_FIELDS[f].label]),
) as Record<LineField, string>;

/** Just the line's fields, without its id, position or source. */
export function toLineInput(line: LineInput): LineInput {
  const out = Object.fromEntries(ALL_FIELDS.map((f) => [f, line[f]])) as unknown as LineInput;
  if (line.extra && Object.keys(line.extra).length > 0) out.extra = { ...line.extra };
  return out;
}

/**
 * A plan column: a built-in field, or one of the template year's own fields
 * as "extra.<key>". The grid, the line form, imports and exports all speak of
 * columns, so a new field of a template year is edited, pasted, imported and
 * exported exactly like a built-in one.
 */
export type PlanColumn = LineField | `extra.${string}`;

/** What a form holds: every column as the text the user typed. */
export type LineForm = Record<LineField, string> & { [column: `extra.${string}`]: string };

export type LineFormResult = { ok: true; input: LineInput } | { ok: false; errors: Record<string, string> };

function extraSpec(field: ExtraField): FieldSpec {
  const kind: FieldKind =
    field.kind === 'money'
      ? 'optional-money'
      : field.kind === 'quantity'
        ? 'quantity'
        : field.kind === 'percent'
          ? 'percent'
          : field.kind === 'yesNo' || field.kind === 'choice'
            ? 'choice'
            : 'text';
  return {
    label: field.label,
    kind,
    parse: (raw) => parseExtra(field, raw),
    format: (v) => formatExtra(field, v as string | number | null),
  };
}

/** A column's label, parser and formatter; undefined for an extra field the template year does not have. */
export function columnSpec(column: string, fields: readonly ExtraField[] = []): FieldSpec | undefined {
  const key = extraKeyOf(column);
  if (key === null) return LINE_FIELDS[column as LineField];
  const field = fields.find((f) => f.key === key);
  return field ? extraSpec(field) : undefined;
}

/** A column's stored value on a line (null for a blank extra field). */
export function columnValue(line: LineInput, column: string): unknown {
  const key = extraKeyOf(column);
  return key === null ? line[column as LineField] : (line.extra?.[key] ?? null);
}

/** The text a user would type for a column's value. */
export function columnText(line: LineInput, column: string, fields: readonly ExtraField[] = []): string {
  return columnSpec(column, fields)?.format(columnValue(line, column)) ?? '';
}

/** A column's label: the built-in field's, or the template year field's own. */
export function columnLabelOf(column: string, fields: readonly ExtraField[] = []): string {
  return columnSpec(column, fields)?.label ?? column;
}

export function formFromLine(line: LineInput, fields: readonly ExtraField[] = []): LineForm {
  const form = Object.fromEntries(ALL_FIELDS.map((f) => [f, LINE_FIELDS[f].format(line[f])])) as LineForm;
  for (const f of fields) form[`extra.${f.key}`] = formatExtra(f, line.extra?.[f.key]);
  return form;
}

/**
 * Turns text (a form, a row of an imported file, a pasted block) into a line,
 * or says per column what is wrong. Columns missing from `form` keep `base`'s
 * value; an extra field's column needs the template year's `fields` to be read.
 */
export function lineFromText(
  form: Partial<LineForm>,
  base: LineInput = EMPTY_LINE,
  fields: readonly ExtraField[] = [],
): LineFormResult {
  const errors: Record<string, string> = {};
  const candidate: Record<string, unknown> = { ...base };
  const extra: ExtraValues = { ...(base.extra ?? {}) };
  for (const [column, raw] of Object.entries(form) as [string, string | undefined][]) {
    if (raw === undefined) continue;
    const spec = columnSpec(column, fields);
    if (!spec) {
      errors[column] = `${column} is not a column of this plan's template year`;
      continue;
    }
    const parsed = spec.parse(raw);
    if (!parsed.ok) {
      errors[column] = parsed.message;
      continue;
    }
    const key = extraKeyOf(column);
    if (key === null) candidate[column] = parsed.value;
    else if (parsed.value === null || parsed.value === '') delete extra[key];
    else extra[key] = parsed.value as string | number;
  }
  // An extra column given (or extras the line had) sets the line's whole set of extras, even to none.
  const touched = base.extra !== undefined || Object.keys(form).some((c) => extraKeyOf(c) !== null);
  if (touched) candidate.extra = extra;
  else delete candidate.extra;
  return checkLine(candidate, errors);
}

/** The schema's verdict on a parsed line, the parsers' own messages first (see surelyValidLine). */
function checkLine(candidate: Record<string, unknown>, errors: Record<string, string>): LineFormResult {
  if (Object.keys(errors).length === 0 && surelyValidLine(candidate))
    return { ok: true, input: candidate as LineInput };
  const checked = lineInputSchema.safeParse(candidate);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field =
        issue.path[0] === 'extra' && issue.path[1] ? `extra.${String(issue.path[1])}` : String(issue.path[0]);
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !checked.success) return { ok: false, errors };
  return { ok: true, input: checked.data };
}

/**
 * lineFromText (with no base line) for many rows with the same columns, as an import reads them:
 * each column's parser is looked up once, not once per cell. `cells` are in `columns`' order; the
 * result, messages included, is what lineFromText gives for the same text.
 */
export function lineReader(
  columns: readonly string[],
  fields: readonly ExtraField[] = [],
): (cells: readonly string[]) => LineFormResult {
  const plan = columns.map((column) => ({ column, spec: columnSpec(column, fields), key: extraKeyOf(column) }));
  const touched = plan.some((c) => c.key !== null);
  return (cells) => {
    const errors: Record<string, string> = {};
    const candidate: Record<string, unknown> = { ...EMPTY_LINE };
    const extra: ExtraValues = {};
    for (let i = 0; i < plan.length; i++) {
      const { column, spec, key } = plan[i]!;
      const raw = cells[i];
      if (raw === undefined) continue;
      if (!spec) {
        errors[column] = `${column} is not a column of this plan's template year`;
        continue;
      }
      const parsed = spec.parse(raw);
      if (!parsed.ok) errors[column] = parsed.message;
      else if (key === null) candidate[column] = parsed.value;
      else if (parsed.value !== null && parsed.value !== '') extra[key] = parsed.value as string | number;
    }
    if (touched) candidate.extra = extra;
    return checkLine(candidate, errors);
  };
}

/** The form version: every column given as text. */
export function lineFromForm(form: LineForm, fields: readonly ExtraField[] = []): LineFormResult {
  return lineFromText(form, EMPTY_LINE, fields);
}
