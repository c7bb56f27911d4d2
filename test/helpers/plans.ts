import fs from 'node:fs';
import { createArea } from '../../electron/services/areas/areas';
import type { ServiceContext } from '../../electron/services/context';
import { readTable } from '../../electron/services/files/read-table';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { EMPTY_LINE, type LineInput } from '../../shared/plans/line';
import { TEST_DIR } from './fixtures';

/** Line 4 of the published 2019-20 plan, as typed in by hand: the line the plan tests create, change and sign off. */
export const FALLS_LINE: LineInput = {
  ...EMPTY_LINE,
  schemeId: '4',
  schemeName: 'Falls Response Service',
  schemeType: '11. Intermediate care services',
  areaOfSpend: 'Social Care',
  sourceOfFunding: 'CCG Minimum Contribution',
  priorYearPence: 0,
  virementPence: 31_831_200,
  expenditurePence: 31_831_200,
  newOrExisting: 'Existing',
};

export const planFile = (name: string) => `${TEST_DIR}/fixtures/plans/${name}`;
export const rowsOf = (file: string) => readTable(file, fs.readFileSync(file));

/**
 * Testshire's two-year 2023-25 plan with its planted faults, and (unless
 * `income: false`) its income: the starting point of the 2023-25 and
 * roll-forward tests.
 */
export function importPlan2023(ctx: ServiceContext, { income = true } = {}): void {
  createArea(ctx, 'Testshire');
  importPlanTable(ctx, {
    file: 'plan-2023-25-faults.tsv',
    rows: rowsOf(planFile('plan-2023-25-faults.tsv')),
    year: '2023-24',
    mode: 'refuse',
  });
  if (income)
    importIncomeTable(ctx, {
      file: 'income-2023-25.tsv',
      rows: rowsOf(planFile('income-2023-25.tsv')),
      year: '2023-24',
      mode: 'refuse',
    });
}
