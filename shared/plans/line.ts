import { z } from 'zod';
import { parseMoney, parseOptionalMoney, type Pence } from '../money';

/** Where an imported line came from: the file and the row a spreadsheet would show. */
export interface SourceRef {
  file: string;
  row: number;
}

export const NEW_OR_EXISTING = ['New', 'Existing'] as const;

/**
 * The largest amount one plan line may hold: £1,000,000,000, the bound NHS
 * England's templates put on a money cell (DOMAIN §5). A larger figure in one
 * line is a slip (pence typed as pounds, a pasted total), not a plan.
 */
export const PLAN_LINE_MAX_PENCE = 100_000_000_000;

const pounds = (p: number) => `£${(p / 100).toLocaleString('en-GB')}`;
const spend = (label: string) =>
  z
    .number()
    .int()
    .min(0, `${label} cannot be negative: planned spend is £0 or more (a reduction goes in Virement)`)
    .max(PLAN_LINE_MAX_PENCE, `${label} is more than ${pounds(PLAN_LINE_MAX_PENCE)}, the most one line may hold; check for pence typed as pounds or a total pasted in`);
const virement = z
  .number()
  .int()
  .min(-PLAN_LINE_MAX_PENCE, `Virement is more than ${pounds(PLAN_LINE_MAX_PENCE)} either way, the most one line may hold`)
  .max(PLAN_LINE_MAX_PENCE, `Virement is more than ${pounds(PLAN_LINE_MAX_PENCE)} either way, the most one line may hold`);

/**
 * Characters that have no business in a cell: control characters (which can
 * rewrite a terminal or hide text) and the bidirectional overrides used to make
 * text display differently from what it is. Tabs and line breaks are fine.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const UNSAFE_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `more than ${max.toLocaleString('en-GB')} characters; shorten it`)
    .refine((v) => !UNSAFE_CHARACTER.test(v), {
      message: 'contains an invisible control character; retype the text or remove it',
    });

/**
 * A scheme line as the 2019/20 financial plan lays it out (DOMAIN §3). The
 * same schema checks a line typed in the app, a line from an import, and every
 * request that carries one.
 */
export const lineInputSchema = z
  .object({
    schemeId: z.string().trim().min(1, 'Scheme ID is required').max(20).regex(/^[A-Za-z0-9][A-Za-z0-9./-]*$/, 'Scheme ID is letters, digits, "." "/" or "-", e.g. 14 or 3a'),
    schemeName: text(500).min(1, 'Scheme Name is required'),
    schemeType: text(200),
    areaOfSpend: text(200),
    sourceOfFunding: text(200),
    priorYearPence: spend('Prior-year expenditure £').nullable(),
    virementPence: virement.nullable(),
    expenditurePence: spend('Expenditure £'),
    newOrExisting: z.enum(['', ...NEW_OR_EXISTING]),
    schemeUpdate: text(10_000),
  })
  .strict();

export type LineInput = z.infer<typeof lineInputSchema>;
export type LineField = keyof LineInput;

export interface PlanLine extends LineInput {
  id: number;
  position: number;
  source: SourceRef | null;
  updatedAt: string;
}

/** The column titles of the 2019/20 plan, used by the UI and the CLI alike. */
export const LINE_LABELS: Record<LineField, string> = {
  schemeId: 'Scheme ID',
  schemeName: 'Scheme Name',
  schemeType: 'Scheme Type',
  areaOfSpend: 'Area of Spend',
  sourceOfFunding: 'Source of Funding',
  priorYearPence: 'Prior-year expenditure £',
  virementPence: 'Virement £',
  expenditurePence: 'Expenditure £',
  newOrExisting: 'New/ Existing Scheme',
  schemeUpdate: 'Scheme update',
};

/** What a form holds: every field as the text the user typed. */
export type LineForm = Record<LineField, string>;

export type LineFormResult =
  | { ok: true; input: LineInput }
  | { ok: false; errors: Partial<Record<LineField, string>> };

/**
 * Turns typed text into a line, or says per field what is wrong. Money is
 * parsed strictly here (the renderer shows the message inline) and checked
 * again by the schema on the other side of the API.
 */
export function lineFromForm(form: LineForm): LineFormResult {
  const errors: Partial<Record<LineField, string>> = {};
  const money = (field: 'priorYearPence' | 'virementPence'): Pence | null => {
    const r = parseOptionalMoney(form[field]);
    if (!r.ok) errors[field] = r.message;
    return r.ok ? r.pence : null;
  };
  const priorYearPence = money('priorYearPence');
  const virementPence = money('virementPence');
  const spend = parseMoney(form.expenditurePence);
  if (!spend.ok) errors.expenditurePence = form.expenditurePence.trim() === '' ? 'Expenditure £ is required' : spend.message;

  const candidate = {
    schemeId: form.schemeId,
    schemeName: form.schemeName,
    schemeType: form.schemeType,
    areaOfSpend: form.areaOfSpend,
    sourceOfFunding: form.sourceOfFunding,
    priorYearPence,
    virementPence,
    expenditurePence: spend.ok ? spend.pence : 0,
    newOrExisting: form.newOrExisting.trim(),
    schemeUpdate: form.schemeUpdate,
  };
  const parsed = lineInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as LineField;
      errors[field] ??= field === 'newOrExisting' ? 'New/ Existing Scheme is "New", "Existing" or blank' : issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}
