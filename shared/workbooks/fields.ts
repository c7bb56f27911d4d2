import { normaliseHeader } from '../imports/table';
import { LINE_HEADERS } from '../plans/import-lines';
import { ALL_FIELDS, LINE_FIELDS, type FieldKind } from '../plans/line';
import type { ColumnKind } from './profile';

/**
 * The fields a workbook's columns and cover cells can be mapped to, with the
 * header texts each is known by. Deriving a profile from an official
 * workbook matches its headers against these; the user corrects the match.
 */
export interface FieldInfo {
  field: string;
  label: string;
  kind: ColumnKind;
  /** Header texts that mean this field (normalised when compared). */
  headers: string[];
  list?: string;
}

export const TABLE_KINDS = ['expenditure', 'income', 'spendActivity'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export const TABLE_KIND_LABELS: Record<TableKind, string> = {
  expenditure: 'Plan expenditure (scheme lines)',
  income: 'Plan income (by funding source)',
  spendActivity: 'Quarterly spend and activity',
};

const KIND: Record<FieldKind, ColumnKind> = { text: 'text', money: 'money', 'optional-money': 'money', percent: 'percent', quantity: 'decimal', choice: 'choice' };
const LINE_LISTS: Partial<Record<string, string>> = {
  schemeType: 'schemeTypes', subType: 'subTypes', areaOfSpend: 'areasOfSpend', commissioner: 'commissioners', provider: 'providers',
  sourceOfFunding: 'sourcesOfFunding', outputUnit: 'outputUnits', newOrExisting: 'newOrExisting', recurrence: 'recurrence',
};

const expenditure: FieldInfo[] = ALL_FIELDS.map((f) => ({
  field: f,
  label: LINE_FIELDS[f].label,
  kind: KIND[LINE_FIELDS[f].kind],
  headers: [LINE_FIELDS[f].label, ...(LINE_HEADERS[f] ?? [])],
  ...(LINE_LISTS[f] ? { list: LINE_LISTS[f] } : {}),
}));

const income: FieldInfo[] = [
  { field: 'sourceOfFunding', label: 'Source of Funding', kind: 'choice', headers: ['Source of Funding', 'Funding Source', 'Funding'], list: 'sourcesOfFunding' },
  { field: 'partner', label: 'Partner', kind: 'text', headers: ['Partner', 'Provided by', 'Contributor', 'Contributing partner'] },
  { field: 'amountPence', label: 'Income, first plan year (£)', kind: 'money', headers: ['Income', 'Amount'] },
  { field: 'amountYear2Pence', label: 'Income, second plan year (£)', kind: 'money', headers: [] },
];

/** DOMAIN §4: the columns of the 2024-25 quarterly "Spend and activity" sheet, exactly. */
const spendActivity: FieldInfo[] = [
  { field: 'schemeId', label: 'Scheme ID', kind: 'text', headers: ['Scheme ID'] },
  { field: 'schemeName', label: 'Scheme Name', kind: 'text', headers: ['Scheme Name'] },
  { field: 'briefDescription', label: 'Brief Description of Scheme', kind: 'text', headers: ['Brief Description of Scheme'] },
  { field: 'schemeType', label: 'Scheme Type', kind: 'choice', headers: ['Scheme Type'], list: 'schemeTypes' },
  { field: 'subType', label: 'Sub Types', kind: 'choice', headers: ['Sub Types', 'Sub Type'], list: 'subTypes' },
  { field: 'sourceOfFunding', label: 'Source of Funding', kind: 'choice', headers: ['Source of Funding'], list: 'sourcesOfFunding' },
  { field: 'plannedPence', label: 'Planned Expenditure', kind: 'money', headers: ['Planned Expenditure'] },
  { field: 'actualPence', label: 'Actual Expenditure to date', kind: 'money', headers: ['Actual Expenditure to date', 'Actual Expenditure'] },
  { field: 'plannedOutputs', label: 'Planned outputs', kind: 'quantity', headers: ['Planned outputs'] },
  { field: 'outputsDelivered', label: 'Outputs delivered to date (estimate if none)', kind: 'quantity', headers: ['Outputs delivered to date (estimate if none)', 'Outputs delivered to date'] },
  { field: 'outputUnit', label: 'Unit of Measure', kind: 'choice', headers: ['Unit of Measure', 'Units'], list: 'outputUnits' },
  { field: 'issues', label: 'Have there been any implementation issues?', kind: 'choice', headers: ['Have there been any implementation issues?', 'Implementation issues'], list: 'yesNo' },
  {
    field: 'issueDescription',
    label: 'If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.',
    kind: 'text',
    headers: ['If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.', 'If yes, please briefly describe the issue(s)'],
  },
];

export const TABLE_FIELDS: Record<TableKind, FieldInfo[]> = { expenditure, income, spendActivity };

/** The cover cells every BCF workbook asks for, by key. */
export const COVER_FIELDS: FieldInfo[] = [
  { field: 'hwb', label: 'Health and Wellbeing Board', kind: 'text', headers: ['Health and Wellbeing Board', 'HWB', 'Health & Wellbeing Board'] },
  { field: 'completedBy', label: 'Completed by', kind: 'text', headers: ['Completed by', 'Completed by (name)', 'Name'] },
  { field: 'email', label: 'E-mail', kind: 'text', headers: ['E-mail', 'Email', 'E-mail address', 'Email address'] },
  { field: 'phone', label: 'Contact number', kind: 'text', headers: ['Contact number', 'Telephone', 'Phone', 'Contact telephone number'] },
  {
    field: 'signedOffBy',
    label: 'Who signed off the report on behalf of the Health and Wellbeing Board',
    kind: 'text',
    headers: ['Who signed off the report on behalf of the Health and Wellbeing Board', 'Signed off by', 'Sign-off'],
  },
];
export const COVER_KEYS = COVER_FIELDS.map((f) => f.field);

/** The field a header names in a table of this kind, if any. A header naming a year is matched to the profile's years. */
export function fieldForHeader(kind: TableKind, header: string, years: readonly string[] = []): FieldInfo | undefined {
  const h = normaliseHeader(header);
  if (h === '') return undefined;
  const fields = TABLE_FIELDS[kind];
  const exact = fields.find((f) => f.headers.some((x) => normaliseHeader(x) === h));
  if (exact) return exact;
  const year = /(\d{4})\s*[-/]\s*(\d{2,4})/.exec(header);
  if (!year) return undefined;
  const label = `${year[1]}-${year[2]!.slice(-2)}`;
  const i = years.indexOf(label);
  if (kind === 'expenditure' && /expenditure|spend/.test(h)) return fields.find((f) => f.field === (i === 1 ? 'expenditureYear2Pence' : i === 0 ? 'expenditurePence' : 'priorYearPence'));
  if (kind === 'income') return fields.find((f) => f.field === (i === 1 ? 'amountYear2Pence' : 'amountPence'));
  return undefined;
}

export function coverFieldForLabel(label: string): FieldInfo | undefined {
  const h = normaliseHeader(label);
  if (h === '') return undefined;
  return COVER_FIELDS.find((f) => f.headers.some((x) => normaliseHeader(x) === h));
}
