import { normaliseHeader } from '../imports/table';
import { namesOf } from '../values/arrays';
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

export const TABLE_KIND_LABELS = {
  expenditure: 'Plan expenditure (scheme lines)',
  income: 'Plan income (by funding source)',
  spendActivity: 'Spend and activity (return lines)',
  metrics: 'Metrics',
  nationalConditions: 'National conditions',
  yearEndIncome: 'Year-end income (by funding source)',
};
export type TableKind = keyof typeof TABLE_KIND_LABELS;
export const TABLE_KINDS = namesOf(TABLE_KIND_LABELS);

const KIND: Record<FieldKind, ColumnKind> = {
  text: 'text',
  money: 'money',
  'optional-money': 'money',
  percent: 'percent',
  quantity: 'decimal',
  choice: 'choice',
};
const LINE_LISTS: Partial<Record<string, string>> = {
  schemeType: 'schemeTypes',
  subType: 'subTypes',
  areaOfSpend: 'areasOfSpend',
  commissioner: 'commissioners',
  provider: 'providers',
  sourceOfFunding: 'sourcesOfFunding',
  outputUnit: 'outputUnits',
  newOrExisting: 'newOrExisting',
  recurrence: 'recurrence',
};

const expenditure: FieldInfo[] = ALL_FIELDS.map((f) => ({
  field: f,
  label: LINE_FIELDS[f].label,
  kind: KIND[LINE_FIELDS[f].kind],
  headers: [LINE_FIELDS[f].label, ...(LINE_HEADERS[f] ?? [])],
  ...(LINE_LISTS[f] ? { list: LINE_LISTS[f] } : {}),
}));

const income: FieldInfo[] = [
  {
    field: 'sourceOfFunding',
    label: 'Source of Funding',
    kind: 'choice',
    headers: ['Source of Funding', 'Funding Source', 'Funding'],
    list: 'sourcesOfFunding',
  },
  {
    field: 'partner',
    label: 'Partner',
    kind: 'text',
    headers: ['Partner', 'Provided by', 'Contributor', 'Contributing partner'],
  },
  { field: 'amountPence', label: 'Income, first plan year (£)', kind: 'money', headers: ['Income', 'Amount'] },
  { field: 'amountYear2Pence', label: 'Income, second plan year (£)', kind: 'money', headers: [] },
];

/** DOMAIN §4: the columns of the 2024-25 quarterly "Spend and activity" sheet, exactly. */
const spendActivity: FieldInfo[] = [
  { field: 'schemeId', label: 'Scheme ID', kind: 'text', headers: ['Scheme ID'] },
  { field: 'schemeName', label: 'Scheme Name', kind: 'text', headers: ['Scheme Name'] },
  {
    field: 'briefDescription',
    label: 'Brief Description of Scheme',
    kind: 'text',
    headers: ['Brief Description of Scheme'],
  },
  { field: 'schemeType', label: 'Scheme Type', kind: 'choice', headers: ['Scheme Type'], list: 'schemeTypes' },
  { field: 'subType', label: 'Sub Types', kind: 'choice', headers: ['Sub Types', 'Sub Type'], list: 'subTypes' },
  {
    field: 'sourceOfFunding',
    label: 'Source of Funding',
    kind: 'choice',
    headers: ['Source of Funding'],
    list: 'sourcesOfFunding',
  },
  { field: 'plannedPence', label: 'Planned Expenditure', kind: 'money', headers: ['Planned Expenditure'] },
  {
    field: 'actualPence',
    label: 'Actual Expenditure to date',
    kind: 'money',
    headers: ['Actual Expenditure to date', 'Actual Expenditure'],
  },
  { field: 'plannedOutputs', label: 'Planned outputs', kind: 'quantity', headers: ['Planned outputs'] },
  {
    field: 'outputsDelivered',
    label: 'Outputs delivered to date (estimate if none)',
    kind: 'quantity',
    headers: ['Outputs delivered to date (estimate if none)', 'Outputs delivered to date'],
  },
  {
    field: 'outputUnit',
    label: 'Unit of Measure',
    kind: 'choice',
    headers: ['Unit of Measure', 'Units'],
    list: 'outputUnits',
  },
  {
    field: 'issues',
    label: 'Have there been any implementation issues?',
    kind: 'choice',
    headers: ['Have there been any implementation issues?', 'Implementation issues'],
    list: 'yesNo',
  },
  {
    field: 'issueDescription',
    label:
      'If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.',
    kind: 'text',
    headers: [
      'If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.',
      'If yes, please briefly describe the issue(s)',
    ],
  },
];

/** A metrics table: the metric and its target (pre-populated in a return, planned in a plan), and a return's assessment. */
const metrics: FieldInfo[] = [
  { field: 'name', label: 'Metric', kind: 'text', headers: ['Metric', 'Metric name', 'Metrics'] },
  {
    field: 'target',
    label: 'Target (planned performance)',
    kind: 'text',
    headers: [
      'Target',
      'Planned',
      'Planned performance',
      'Plan',
      'For information - Your planned performance as reported in planning',
      'Your planned performance',
      'Ambition',
      'Planned ambition',
    ],
  },
  {
    field: 'onTrack',
    label: 'Assessment of progress',
    kind: 'choice',
    headers: [
      'Assessment of progress against the metric plan for the reporting period',
      'Assessment of progress against the metric plan',
      'Assessment of progress',
      'On track',
    ],
    list: 'onTrack',
  },
  {
    field: 'challenges',
    label: 'Challenges and any support needs',
    kind: 'text',
    headers: ['Challenges and any Support Needs', 'Challenges', 'Challenges and support needs'],
  },
  {
    field: 'achievements',
    label: 'Achievements',
    kind: 'text',
    headers: ['Achievements', 'Achievements - including where BCF funding is supporting improvements.'],
  },
  // The absolute numbers beside the rate (DOMAIN §9: boards ask for both). No known template has a cell for them:
  // a year that does is mapped when the BCF manager brings it, and they are filled only where mapped.
  {
    field: 'numerator',
    label: 'Numerator (the count behind the rate)',
    kind: 'decimal',
    headers: ['Numerator', 'Metric numerator', 'Absolute number', 'Absolute value'],
  },
  {
    field: 'denominator',
    label: 'Denominator (what it is counted against)',
    kind: 'decimal',
    headers: ['Denominator', 'Metric denominator', 'Population'],
  },
];

/** A national conditions block: each condition (pre-populated), its confirmation (Yes/No) and, for No, the explanation. */
const nationalConditions: FieldInfo[] = [
  {
    field: 'condition',
    label: 'National condition',
    kind: 'text',
    headers: ['National Condition', 'National Conditions', 'Condition', 'Assurance statement', 'Planning requirement'],
  },
  {
    field: 'answer',
    label: 'Confirmation (Yes/No)',
    kind: 'choice',
    headers: ['Confirmation', 'Confirmed', 'Confirmed?', 'Is the condition met?', 'Condition met?', 'Yes/No', 'Agreed'],
    list: 'yesNo',
  },
  {
    field: 'explanation',
    label: 'Explanation and actions (if No)',
    kind: 'text',
    headers: [
      "If the answer is 'No' please provide an explanation as to why the condition was not met in the quarter and how this is being addressed",
      'If the answer is No please provide an explanation',
      'Explanation',
      'Actions',
      'Comments',
    ],
  },
];

/**
 * A year-end return's income block: one row per funding source, the plan's
 * income for the year beside the actual income and the explanation of the
 * variance. No published template's cells for it are known (DOMAIN §9), so its
 * headings are the plain words a BCF manager maps from the official workbook.
 */
const yearEndIncome: FieldInfo[] = [
  {
    field: 'sourceOfFunding',
    label: 'Source of Funding',
    kind: 'choice',
    headers: ['Source of Funding', 'Funding Source', 'Funding stream', 'Income stream', 'Income'],
    list: 'sourcesOfFunding',
  },
  {
    field: 'plannedPence',
    label: 'Planned income (£)',
    kind: 'money',
    headers: ['Planned income', 'Planned Income (£)', 'Income per plan', 'Planned', 'Plan'],
  },
  {
    field: 'actualPence',
    label: 'Actual income (£)',
    kind: 'money',
    headers: ['Actual income', 'Actual Income (£)', 'Actual income received', 'Actual income for the year', 'Actual'],
  },
  { field: 'variancePence', label: 'Variance (£)', kind: 'money', headers: ['Variance', 'Variance (£)', 'Difference'] },
  {
    field: 'note',
    label: 'Explanation of variance',
    kind: 'text',
    headers: ['Explanation of variance', 'Explanation', 'Comments', 'Reason for variance'],
  },
];

export const TABLE_FIELDS: Record<TableKind, FieldInfo[]> = {
  expenditure,
  income,
  spendActivity,
  metrics,
  nationalConditions,
  yearEndIncome,
};

// ---------------------------------------------------------------------------
// Matching a heading NHS England renamed

/** Words that say nothing about which field a heading is (they are dropped before headings are compared). */
const STOP = new Set([
  'the',
  'of',
  'to',
  'a',
  'an',
  'and',
  'or',
  'if',
  'in',
  'for',
  'please',
  'any',
  'your',
  'as',
  'by',
  'on',
  'be',
  'is',
  'are',
  'this',
  'that',
  'with',
  'at',
  'per',
  'each',
  'all',
]);
/** Words NHS England uses for the same thing from one year to the next. */
const SAME: Record<string, string> = {
  spend: 'expenditure',
  spent: 'expenditure',
  spending: 'expenditure',
  expenditures: 'expenditure',
  cost: 'expenditure',
  costs: 'expenditure',
  funding: 'fund',
  funds: 'fund',
  source: 'source',
  sources: 'source',
  subtype: 'sub',
  subtypes: 'sub',
  types: 'type',
  schemes: 'scheme',
  outputs: 'output',
  delivered: 'deliver',
  delivery: 'deliver',
  units: 'unit',
  issue: 'issues',
  description: 'describe',
  desc: 'describe',
  id: 'id',
  ref: 'id',
  reference: 'id',
  number: 'id',
  no: 'id',
  todate: 'date',
  ytd: 'date',
};

/** The words of a heading that carry its meaning, as a set, synonyms folded together. */
export function headingWords(text: string): Set<string> {
  const words = normaliseHeader(text)
    .replace(/[/%&]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !STOP.has(w) && !/^\d+$/.test(w));
  return new Set(words.map((w) => SAME[w] ?? w));
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}

/** How close a heading must be to a field's to be taken for it: most of the meaningful words shared. */
export const SIMILAR_ENOUGH = 0.6;

/**
 * The field a heading names in a table of this kind: exactly (one of the
 * field's known headings), or, failing that, by its words (a renamed heading
 * such as "Actual spend to date (£)"), when one field is clearly closest.
 */
export function matchHeader(
  kind: TableKind,
  header: string,
  years: readonly string[] = [],
): { info: FieldInfo; by: 'exact' | 'similar' } | undefined {
  const exact = fieldForHeader(kind, header, years);
  if (exact) return { info: exact, by: 'exact' };
  const words = headingWords(header);
  let best: { info: FieldInfo; score: number } | undefined;
  let second = 0;
  for (const info of TABLE_FIELDS[kind]) {
    const score = Math.max(0, ...[info.label, ...info.headers].map((h) => similarity(words, headingWords(h))));
    if (!best || score > best.score) {
      second = best?.score ?? 0;
      best = { info, score };
    } else if (score > second) second = score;
  }
  return best && best.score >= SIMILAR_ENOUGH && best.score > second ? { info: best.info, by: 'similar' } : undefined;
}

/** The cover cells every BCF workbook asks for, by key. */
export const COVER_FIELDS: FieldInfo[] = [
  {
    field: 'hwb',
    label: 'Health and Wellbeing Board',
    kind: 'text',
    headers: ['Health and Wellbeing Board', 'HWB', 'Health & Wellbeing Board'],
  },
  {
    field: 'completedBy',
    label: 'Completed by',
    kind: 'text',
    headers: ['Completed by', 'Completed by (name)', 'Name'],
  },
  { field: 'email', label: 'E-mail', kind: 'text', headers: ['E-mail', 'Email', 'E-mail address', 'Email address'] },
  {
    field: 'phone',
    label: 'Contact number',
    kind: 'text',
    headers: ['Contact number', 'Telephone', 'Phone', 'Contact telephone number'],
  },
  {
    field: 'signedOffBy',
    label: 'Who signed off the report on behalf of the Health and Wellbeing Board',
    kind: 'text',
    headers: ['Who signed off the report on behalf of the Health and Wellbeing Board', 'Signed off by', 'Sign-off'],
  },
  // Kept as an ISO date (2024-07-15); written into the cover in the cover cell's own date format.
  {
    field: 'dateSignedOff',
    label: 'Date signed off',
    kind: 'date',
    headers: ['Date signed off', 'Date of sign-off', 'Date signed-off', 'Sign-off date'],
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
  if (kind === 'expenditure' && /expenditure|spend/.test(h))
    return fields.find(
      (f) => f.field === (i === 1 ? 'expenditureYear2Pence' : i === 0 ? 'expenditurePence' : 'priorYearPence'),
    );
  if (kind === 'income') return fields.find((f) => f.field === (i === 1 ? 'amountYear2Pence' : 'amountPence'));
  return undefined;
}

export function coverFieldForLabel(label: string): FieldInfo | undefined {
  const h = normaliseHeader(label);
  if (h === '') return undefined;
  return COVER_FIELDS.find((f) => f.headers.some((x) => normaliseHeader(x) === h));
}
