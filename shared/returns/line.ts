import { formatPence, parseBoundedMoney, parseOptionalBoundedMoney, type Pence } from '../money';
import { textProblem } from '../values/text';
import type { SourceRef } from '../plans/line';
import { parseChoice, parseQuantityText, type ValueParse } from '../values/parse';
import { extraKeyOf, formatExtra, parseExtra, type ExtraField, type ExtraValues } from '../templates/fields';

/**
 * A line of a quarterly return, column for column as NHS England's "Spend and
 * activity" sheet lays it out (DOMAIN §4). The fixed columns are copied from
 * the plan when the return is created and stay read-only unless the line is
 * deliberately unlocked; the entry columns are what the BCF manager fills in.
 */
export const ISSUE_ANSWERS = ['Yes', 'No'] as const;
export type IssueAnswer = '' | (typeof ISSUE_ANSWERS)[number];

/**
 * Outputs that do not apply. The published returns write "-" or "NA"; both
 * (and "N/A", "n/a", a dash of any length) are stored as this value, so that
 * "not applicable" is told apart from "not yet filled in" (blank).
 */
export const NOT_APPLICABLE = 'NA';

export interface ReturnFixed {
  schemeId: string;
  schemeName: string;
  briefDescription: string;
  schemeType: string;
  subType: string;
  sourceOfFunding: string;
  plannedPence: Pence;
  /** A quantity ("120"), NOT_APPLICABLE, or null when blank. */
  plannedOutputs: string | null;
  outputUnit: string;
}

export interface ReturnEntry {
  actualPence: Pence | null;
  /** A quantity, NOT_APPLICABLE, or null when blank. */
  outputsDelivered: string | null;
  issues: IssueAnswer;
  issueDescription: string;
  forecastPence: Pence | null;
  /** Why a figure moved: explains an overspend, a fall in actual spend, or a forecast away from plan. */
  note: string;
  /** The template year's own fields on return lines (entry columns), by key; blank ones absent. */
  extra?: ExtraValues;
}

export type ReturnFieldName = keyof ReturnFixed | Exclude<keyof ReturnEntry, 'extra'>;

export interface ReturnLine extends ReturnFixed, ReturnEntry {
  id: number;
  position: number;
  planLineId: number | null;
  /** Why the fixed cells were unlocked; null while they are read-only. */
  unlockedReason: string | null;
  source: SourceRef | null;
  /** The same line's actual to date in the year's previous return, if there is one. */
  previousActualPence: Pence | null;
  /** Actual to date minus the previous return's. */
  movementPence: Pence | null;
}

export const FIXED_FIELDS = [
  'schemeId',
  'schemeName',
  'briefDescription',
  'schemeType',
  'subType',
  'sourceOfFunding',
  'plannedPence',
  'plannedOutputs',
  'outputUnit',
] as const satisfies readonly (keyof ReturnFixed)[];
export const ENTRY_FIELDS = [
  'actualPence',
  'outputsDelivered',
  'issues',
  'issueDescription',
  'forecastPence',
  'note',
] as const satisfies readonly (keyof ReturnEntry)[];
export const RETURN_FIELDS: readonly ReturnFieldName[] = [...FIXED_FIELDS, ...ENTRY_FIELDS];

export function isFixedField(field: ReturnFieldName): field is (typeof FIXED_FIELDS)[number] {
  return (FIXED_FIELDS as readonly string[]).includes(field);
}

export const EMPTY_ENTRY: ReturnEntry = {
  actualPence: null,
  outputsDelivered: null,
  issues: '',
  issueDescription: '',
  forecastPence: null,
  note: '',
};

/** What the published returns write where outputs do not apply. */
export function isNotApplicable(text: string): boolean {
  return /^([-\u2013\u2014]+|n\/?a|not applicable)$/i.test(text.trim());
}

/** Turns a "-", "NA" or a number into stored outputs; blank is null. */
export function parseOutputs(raw: string): ValueParse<string | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  if (isNotApplicable(text)) return { ok: true, value: NOT_APPLICABLE };
  const parsed = parseQuantityText(text);
  if (!parsed.ok)
    return {
      ok: false,
      message: `${JSON.stringify(raw)} is not a number of outputs: expected a number such as 120 or 12.5, "NA" or "-" if outputs do not apply, or blank`,
    };
  return parsed;
}

export function formatOutputs(value: string | null): string {
  return value ?? '';
}

export interface ReturnFieldSpec {
  label: string;
  /** The column heading in NHS England's sheet, where it has one. */
  kind: 'text' | 'money' | 'optional-money' | 'outputs' | 'choice' | 'long-text';
  fixed: boolean;
  parse: (raw: string) => ValueParse<unknown>;
  format: (value: unknown) => string;
}

const text = (label: string, fixed: boolean, kind: 'text' | 'long-text' = 'text', max = 500): ReturnFieldSpec => ({
  label,
  kind,
  fixed,
  parse: (raw) => {
    const why = textProblem(raw.trim(), max, label);
    return why === null ? { ok: true, value: raw.trim() } : { ok: false, message: why };
  },
  format: (v) => (v === null || v === undefined ? '' : String(v)),
});
// Planned, actual and forecast spend are £0 to £1,000,000,000, as a plan line's spend is.
const money = (label: string, fixed: boolean, required: boolean): ReturnFieldSpec => ({
  label,
  kind: required ? 'money' : 'optional-money',
  fixed,
  parse: (raw) => {
    if (required && raw.trim() === '')
      return { ok: false, message: `${label} is required: an amount such as £1,234.56` };
    const r = required ? parseBoundedMoney(raw, { label }) : parseOptionalBoundedMoney(raw, { label });
    return r.ok ? { ok: true, value: r.pence } : r;
  },
  format: (v) => (v === null || v === undefined ? '' : formatPence(v as Pence, { pence: 'auto' })),
});
const outputs = (label: string, fixed: boolean): ReturnFieldSpec => ({
  label,
  kind: 'outputs',
  fixed,
  parse: parseOutputs,
  format: (v) => formatOutputs(v as string | null),
});

/** Every column: its label in NHS England's sheet, how typed or imported text becomes a value, and back. */
export const RETURN_FIELD_SPECS: Record<ReturnFieldName, ReturnFieldSpec> = {
  schemeId: text('Scheme ID', true, 'text', 20),
  schemeName: text('Scheme Name', true),
  briefDescription: text('Brief Description of Scheme', true, 'text', 2000),
  schemeType: text('Scheme Type', true, 'text', 200),
  subType: text('Sub Types', true, 'text', 300),
  sourceOfFunding: text('Source of Funding', true, 'text', 200),
  plannedPence: money('Planned Expenditure', true, true),
  plannedOutputs: outputs('Planned outputs', true),
  outputUnit: text('Unit of Measure', true, 'text', 200),
  actualPence: money('Actual Expenditure to date', false, false),
  outputsDelivered: outputs('Outputs delivered to date (estimate if none)', false),
  issues: {
    label: 'Have there been any implementation issues?',
    kind: 'choice',
    fixed: false,
    parse: (raw) => parseChoice(raw, ISSUE_ANSWERS, { y: 'Yes', n: 'No' }),
    format: (v) => String(v ?? ''),
  },
  issueDescription: text(
    'If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.',
    false,
    'long-text',
    5000,
  ),
  forecastPence: money('Forecast outturn for the year', false, false),
  note: text('Explanation of variance', false, 'long-text', 5000),
};

/** Short labels for narrow places (a grid header, a finding). */
export const RETURN_SHORT_LABELS: Record<ReturnFieldName, string> = {
  ...(Object.fromEntries(Object.entries(RETURN_FIELD_SPECS).map(([k, v]) => [k, v.label])) as Record<
    ReturnFieldName,
    string
  >),
  outputsDelivered: 'Outputs delivered to date',
  issues: 'Implementation issues?',
  issueDescription: 'Description of the issues',
};

export function isReturnField(name: string): name is ReturnFieldName {
  return Object.prototype.hasOwnProperty.call(RETURN_FIELD_SPECS, name);
}

/** A return column: a built-in field, or one of the template year's own as "extra.<key>" (always an entry column). */
export type ReturnColumn = ReturnFieldName | `extra.${string}`;

/** A column's label, parser and formatter; undefined for an extra field the template year does not have. */
export function returnColumnSpec(column: string, fields: readonly ExtraField[] = []): ReturnFieldSpec | undefined {
  const key = extraKeyOf(column);
  if (key === null) return isReturnField(column) ? RETURN_FIELD_SPECS[column] : undefined;
  const f = fields.find((x) => x.key === key);
  if (!f) return undefined;
  const kind: ReturnFieldSpec['kind'] =
    f.kind === 'money'
      ? 'optional-money'
      : f.kind === 'quantity'
        ? 'outputs'
        : f.kind === 'yesNo' || f.kind === 'choice'
          ? 'choice'
          : 'text';
  return {
    label: f.label,
    kind,
    fixed: false,
    parse: (raw) => parseExtra(f, raw),
    format: (v) => formatExtra(f, v as string | number | null),
  };
}

/** A column's stored value on a line (null for a blank extra field). */
export function returnColumnValue(line: ReturnEntry & ReturnFixed, column: string): unknown {
  const key = extraKeyOf(column);
  return key === null ? line[column as ReturnFieldName] : (line.extra?.[key] ?? null);
}

/** A column's short label: a built-in one's, or (for a template year's own field) the heading the file gave it. */
export function returnColumnLabel(
  column: ReturnColumn,
  columns: readonly { field: ReturnColumn; header: string }[] = [],
): string {
  return isReturnField(column)
    ? RETURN_SHORT_LABELS[column]
    : (columns.find((c) => c.field === column)?.header ?? column.replace(/^extra\./, ''));
}
