import { z } from 'zod';
import { MAX_INPUT_PENCE, parseMoney, parseOptionalMoney, type Pence } from '../money';

/** Where an imported line came from: the file and the row a spreadsheet would show. */
export interface SourceRef {
  file: string;
  row: number;
}

export const NEW_OR_EXISTING = ['New', 'Existing'] as const;

const pence = z.number().int().min(-MAX_INPUT_PENCE).max(MAX_INPUT_PENCE);
const text = (max: number) => z.string().trim().max(max);

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
    priorYearPence: pence.nullable(),
    virementPence: pence.nullable(),
    expenditurePence: pence,
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
