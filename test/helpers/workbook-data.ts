import { EMPTY_LINE, type LineInput } from '../../shared/plans/line';
import type { WorkbookRecord } from '../../shared/workbooks/values';
import { printedPence, published, tsvRows } from './fixtures';

/**
 * What the workbook tests fill templates with: plan lines that pass the
 * 2023-25 lists, and the seed Q1 2024-25 return's lines.
 */

/** Plan line `i` (scheme 100 + i), a carers' respite line of the 2023-25 lists; `over` changes any field. */
export const carersLine = (i: number, over: Partial<LineInput> = {}): LineInput => ({
  ...EMPTY_LINE,
  schemeId: String(100 + i),
  schemeName: `Scheme ${i}`,
  briefDescription: `Line ${i}`,
  schemeType: 'Carers Services',
  subType: 'Respite services',
  plannedOutputs: '120',
  outputUnit: 'Beneficiaries',
  areaOfSpend: 'Social Care',
  commissioner: 'Local Authority',
  provider: 'Local Authority',
  sourceOfFunding: 'iBCF',
  expenditurePence: 1_234_567 * (i + 1),
  expenditureYear2Pence: 1_000_000_01,
  newOrExisting: 'Existing',
  ...over,
});

/**
 * The seed Q1 2024-25 return's lines: what NHS England pre-populated, and
 * what the area reported (`unreported`: the index of a line whose actual is
 * left blank, for an incomplete return).
 */
export function seedQ1Return(unreported?: number): { prefilled: WorkbookRecord[]; reported: WorkbookRecord[] } {
  const [, ...rows] = tsvRows(published('return-2024-25-q1-discharge.tsv'));
  const prefilled = rows.map((r) => ({
    schemeId: r[0]!,
    schemeName: r[1]!,
    briefDescription: r[2]!,
    schemeType: r[3]!,
    subType: r[4]!,
    sourceOfFunding: r[5]!,
    plannedPence: printedPence(r[6]!),
    plannedOutputs: r[8] === '' ? null : r[8]!,
    outputUnit: r[10] === '' ? null : r[10]!,
  }));
  const reported = rows.map((r, i) => ({
    ...prefilled[i]!,
    actualPence: i === unreported ? null : printedPence(r[7]!),
    outputsDelivered: null,
    issues: r[11]!,
    issueDescription: r[12] ?? '',
  }));
  return { prefilled, reported };
}
