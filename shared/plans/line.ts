import { z } from 'zod';
import { formatPence, LINE_MAX_PENCE, parseMoney, parseOptionalMoney, type Pence } from '../money';
import { boundedPence, safeText } from '../values/schemas';
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

export const NEW_OR_EXISTING = ['New', 'Existing'] as const;
export const RECURRENCE = ['Recurrent', 'One-off'] as const;

/**
 * The largest amount one plan line may hold: £1,000,000,000 (LINE_MAX_PENCE,
 * shared with every other line the app keeps).
 */
export const PLAN_LINE_MAX_PENCE = LINE_MAX_PENCE;

// Spend is £0 to £1bn, as NHS England's cells are validated; a reduction is a (negative) virement.
const spend = (label: string) =>
  boundedPence({ label, negativeHint: ': planned spend is £0 or more (a reduction goes in Virement)' });
const virement = boundedPence({ label: 'Virement', signed: true });
const text = safeText;
const decimalText = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a number such as 60 or 62.5');

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
      .max(20)
      .regex(/^[A-Za-z0-9][A-Za-z0-9./-]*$/, 'Scheme ID is letters, digits, ".", "/" or "-", e.g. 14 or 3a'),
    schemeName: text(500).min(1, 'Scheme Name is required'),
    briefDescription: text(2000),
    schemeType: text(200),
    subType: text(300),
    schemeTypeOther: text(500),
    areaOfSpend: text(200),
    areaOfSpendOther: text(500),
    commissioner: text(100),
    jointNhsPercent: decimalText.nullable(),
    jointLaPercent: decimalText.nullable(),
    provider: text(300),
    sourceOfFunding: text(200),
    plannedOutputs: decimalText.nullable(),
    outputUnit: text(200),
    priorYearPence: spend('Prior-year expenditure £').nullable(),
    virementPence: virement.nullable(),
    expenditurePence: spend('Expenditure £'),
    expenditureYear2Pence: spend('Second-year expenditure £').nullable(),
    newOrExisting: z.enum(['', ...NEW_OR_EXISTING]),
    recurrence: z.enum(['', ...RECURRENCE]),
    schemeUpdate: text(10_000),
    /** The template year's own fields (checked against the plan's template year by the service). */
    extra: extraValuesSchema.optional(),
  })
  .strict();

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

/** The form version: every column given as text. */
export function lineFromForm(form: LineForm, fields: readonly ExtraField[] = []): LineFormResult {
  return lineFromText(form, EMPTY_LINE, fields);
}
