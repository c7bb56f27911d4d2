import { z } from 'zod';
import { formatPence, parseBoundedMoney, type Pence } from '../money';
import { parseDate } from '../dates/iso-date';
import { parseChoice, parsePercentText, parseQuantityText, type ValueParse } from '../values/parse';
import { textProblem } from '../values/text';

/**
 * A template year's own fields: columns NHS England added that year which the
 * app has no built-in field for ("Is the scheme aligned with neighbourhood
 * health?" as a Yes/No drop-down, a date, a second amount). They are real
 * fields: a plan line or a return line keeps their values (in its `extra`),
 * the grid and the entry table show and edit them, imports and exports carry
 * them, the rules check them (required, in their list, their type), and the
 * workbook engine fills and reads them like any other column.
 */
export const EXTRA_KINDS = ['text', 'money', 'quantity', 'percent', 'date', 'yesNo', 'choice'] as const;
export type ExtraKind = (typeof EXTRA_KINDS)[number];

export const EXTRA_KIND_LABELS: Record<ExtraKind, string> = {
  text: 'Text',
  money: 'Money (£)',
  quantity: 'Quantity',
  percent: 'Percentage',
  date: 'Date',
  yesNo: 'Yes/No',
  choice: 'Choice from a drop-down',
};

/** Where a field lives: on a plan's scheme lines, or on a return's lines (an entry column). */
export const EXTRA_ON = ['plan', 'return'] as const;

export const fieldKey = z.string().regex(/^[a-z][A-Za-z0-9]{0,59}$/, 'a field name such as dischargePathway');

export const extraFieldSchema = z
  .object({
    key: fieldKey,
    label: z.string().trim().min(1).max(300),
    kind: z.enum(EXTRA_KINDS),
    on: z.enum(EXTRA_ON),
    /** For a choice: the name of the template year's list that feeds it (in `customLists`). */
    list: z
      .string()
      .regex(/^[a-zA-Z][A-Za-z0-9]{0,59}$/)
      .optional(),
    required: z.boolean().optional(),
  })
  .strict()
  .refine(
    (f) => (f.kind === 'choice') === (f.list !== undefined),
    'a choice field names its list, and only a choice field does',
  );

export type ExtraField = z.infer<typeof extraFieldSchema>;

/** What a line keeps for its extra fields: text (choices, dates, quantities as typed) or money in pence. Blank fields are absent. */
export type ExtraValue = string | number;
export type ExtraValues = Record<string, ExtraValue>;

export const extraValuesSchema = z.record(fieldKey, z.union([z.string().max(10_000), z.number().int()]));

/** A grid column or an edit names an extra field as "extra.<key>", so it can never be taken for a built-in one. */
export const EXTRA_PREFIX = 'extra.';
export const extraColumn = (key: string) => `${EXTRA_PREFIX}${key}`;
export function extraKeyOf(column: string): string | null {
  return column.startsWith(EXTRA_PREFIX) ? column.slice(EXTRA_PREFIX.length) : null;
}

const YES_NO = ['Yes', 'No'] as const;
const MONEY_LIMIT = (label: string) => ({ label, signed: true });

/** Turns typed or imported text into the stored value (null for blank), or says what is wrong. */
export function parseExtra(field: ExtraField, raw: string): ValueParse<ExtraValue | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  switch (field.kind) {
    case 'money': {
      const m = parseBoundedMoney(text, MONEY_LIMIT(field.label));
      return m.ok ? { ok: true, value: m.pence } : m;
    }
    case 'quantity': {
      if (/^([-\u2013\u2014]+|n\/?a|not applicable)$/i.test(text)) return { ok: true, value: 'NA' };
      return parseQuantityText(text);
    }
    case 'percent':
      return parsePercentText(text);
    case 'date': {
      const d = parseDate(text);
      return d.ok ? { ok: true, value: d.date } : { ok: false, message: d.message };
    }
    case 'yesNo': {
      const c = parseChoice(text, YES_NO, { y: 'Yes', n: 'No' });
      return c.ok ? { ok: true, value: c.value === '' ? null : c.value } : c;
    }
    case 'text':
    case 'choice': {
      const why = textProblem(text, field.kind === 'choice' ? 300 : 5000, field.label);
      return why === null ? { ok: true, value: text } : { ok: false, message: why };
    }
  }
}

/** The stored value as a user would type it back. */
export function formatExtra(field: Pick<ExtraField, 'kind'>, value: ExtraValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (field.kind === 'money')
    return typeof value === 'number' ? formatPence(value as Pence, { pence: 'auto' }) : String(value);
  return String(value);
}

/** The column kind the workbook engine uses for an extra field. */
export function extraColumnKind(kind: ExtraKind): 'text' | 'choice' | 'money' | 'percent' | 'quantity' | 'date' {
  if (kind === 'yesNo') return 'choice';
  return kind;
}

/** The list a field's drop-down offers: Yes/No, its own list, or none. */
export function extraListName(field: ExtraField): string | undefined {
  return field.kind === 'yesNo' ? 'yesNo' : field.list;
}

/** A field name made from a heading: "Aligned with neighbourhood health?" → alignedWithNeighbourhoodHealth. */
export function keyFromLabel(label: string, taken: ReadonlySet<string>): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6);
  let key =
    words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('') ||
    'field';
  if (!/^[a-z]/.test(key)) key = `f${key}`;
  key = key.slice(0, 50);
  let n = 2;
  let out = key;
  while (taken.has(out)) out = `${key}${n++}`;
  return out;
}

/** Checks every extra value of a line against its field: type and (for choices) nothing but text. Unknown keys are refused. */
export function checkExtraValues(fields: readonly ExtraField[], values: ExtraValues): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const field = fields.find((f) => f.key === key);
    if (!field) {
      problems.push(`"${key}" is not a field of this template year`);
      continue;
    }
    const ok =
      field.kind === 'money' ? typeof value === 'number' : typeof value === 'string' && parseExtra(field, value).ok;
    if (!ok)
      problems.push(
        `${field.label}: ${JSON.stringify(value)} is not a ${EXTRA_KIND_LABELS[field.kind].toLowerCase()} value`,
      );
  }
  return problems;
}
