import { makeUnseen, type UnseenSpec } from './workbooks';

/**
 * A BCF year the app was not shipped with, as the tests bring it: NHS
 * England's 2026-27 Q2 reporting workbook and 2027-28 planning workbook
 * (make_unseen.py), the area's 2026-27 plan whose lines the Q2 workbook
 * pre-populates, and its 2027-28 plan with the year's own fields.
 */
export const CONDITIONS = [
  '1) Plans to be jointly agreed',
  '2) Implementing the objectives of the BCF',
  '3) Complying with grant and funding conditions, including maintaining the NHS minimum contribution to adult social care',
  '4) Complying with oversight and support processes',
];

export const METRICS = [
  { name: 'Emergency admissions (65+) per 100,000', target: '1,950' },
  { name: 'Average length of discharge delay (days)', target: '0.9' },
  { name: 'Long-term admissions to residential and nursing care (65+) per 100,000', target: '560' },
];

/** The 2026-27 plan's lines, as NHS England pre-populates them on the Q2 workbook. */
export const LINES_2026 = [
  {
    schemeId: '1',
    schemeName: 'Reablement at home',
    briefDescription: 'Short-term support to regain independence',
    schemeType: 'Home-based intermediate care services',
    subType: 'Reablement',
    areaOfSpend: 'Community Health',
    commissioner: 'ICB',
    provider: 'NHS Community Provider',
    sourceOfFunding: 'NHS Minimum Contribution',
    plannedOutputs: '420',
    outputUnit: 'Packages',
    plannedPence: 125_000_000,
  },
  {
    schemeId: '2',
    schemeName: 'Carers support',
    briefDescription: 'Respite and advice',
    schemeType: 'Carers Services',
    subType: 'Respite services',
    areaOfSpend: 'Social Care',
    commissioner: 'Local Authority',
    provider: 'Local Authority',
    sourceOfFunding: 'Local Authority Better Care Grant',
    plannedOutputs: '60',
    outputUnit: 'Beneficiaries',
    plannedPence: 33_050_050,
  },
  {
    schemeId: '3',
    schemeName: 'Adaptations',
    briefDescription: 'Disabled facilities grants',
    schemeType: 'DFG Related Schemes',
    subType: 'Adaptations, including statutory DFG grants',
    areaOfSpend: 'Social Care',
    commissioner: 'Local Authority',
    provider: 'Local Authority',
    sourceOfFunding: 'Disabled Facilities Grant (DFG)',
    plannedOutputs: '150',
    outputUnit: 'Number of adaptations funded/people supported',
    plannedPence: 98_765_432,
  },
];

export function quarterlySpec(): UnseenSpec {
  return {
    kind: 'quarterly',
    year: '2026-27',
    period: 'Q2',
    conditions: CONDITIONS,
    metrics: METRICS,
    prefilled: LINES_2026,
  };
}

export function planningSpec(): UnseenSpec {
  return {
    kind: 'planning',
    year: '2027-28',
    rows: 40,
    conditions: CONDITIONS,
    metrics: METRICS.map((m) => ({ name: m.name })),
  };
}

export const quarterlyWorkbook = () => makeUnseen(quarterlySpec());
export const planningWorkbook = () => makeUnseen(planningSpec());

const money = (pence: number) => `£${(pence / 100).toFixed(2)}`;

/** The 2026-27 plan as a TSV an area would import: the same lines the Q2 workbook pre-populates, in the new stream names. */
export function plan2026Tsv(): string {
  const head = [
    'Scheme ID',
    'Scheme Name',
    'Brief Description of Scheme',
    'Scheme Type',
    'Sub Types',
    'Area of Spend',
    'Commissioner',
    'Provider',
    'Source of Funding',
    'Planned Outputs',
    'Units',
    'Expenditure (£)',
    'New/ Existing Scheme',
  ];
  const rows = LINES_2026.map((l) => [
    l.schemeId,
    l.schemeName,
    l.briefDescription,
    l.schemeType,
    l.subType,
    l.areaOfSpend,
    l.commissioner,
    l.provider,
    l.sourceOfFunding,
    l.plannedOutputs,
    l.outputUnit,
    money(l.plannedPence),
    'Existing',
  ]);
  return [head, ...rows].map((r) => r.join('\t')).join('\n');
}

/** The 2027-28 plan, with the year's own fields (a choice, a date, an amount) headed by their labels. */
export function plan2027Tsv(): string {
  return [
    [
      'Scheme ID',
      'Scheme Name',
      'Brief Description of Scheme',
      'Scheme Type',
      'Area of Spend',
      'Commissioner',
      'Provider',
      'Source of Funding',
      'Expenditure (£)',
      'New/ Existing Scheme',
      'Neighbourhood health service',
      'Start date',
      'Capital element (£)',
    ],
    [
      '1',
      'Reablement at home',
      'Short-term support',
      'Home-based intermediate care services',
      'Community Health',
      'ICB',
      'NHS Community Provider',
      'NHS Minimum Contribution',
      '£1,300,000.00',
      'Existing',
      'Intermediate care',
      '01/04/2027',
      '',
    ],
    [
      '2',
      'Carers support',
      'Respite and advice',
      'Carers Services',
      'Social Care',
      'Local Authority',
      'Local Authority',
      'Local Authority Better Care Grant',
      '£340,000.10',
      'Existing',
      'Integrated neighbourhood team',
      '',
      '',
    ],
    [
      '3',
      'Adaptations',
      'Disabled facilities grants',
      'DFG Related Schemes',
      'Social Care',
      'Local Authority',
      'Local Authority',
      'Disabled Facilities Grant (DFG)',
      '£1,000,000.99',
      'New',
      'Urgent community response',
      '2027-06-30',
      '£250,000.50',
    ],
  ]
    .map((r) => r.join('\t'))
    .join('\n');
}

export function income2027Tsv(): string {
  return [
    ['Source of Funding', 'Partner', 'Income (£)'],
    ['NHS Minimum Contribution', 'ICB', '£1,300,000.00'],
    ['Local Authority Better Care Grant', 'Council', '£340,000.10'],
    ['Disabled Facilities Grant (DFG)', 'Council', '£1,000,000.99'],
  ]
    .map((r) => r.join('\t'))
    .join('\n');
}
