import type { Profile, ProfileTable } from './profile';
import { YEAR_END_INCOME_TABLE } from './return-adapter';

/**
 * The year-end income block of a generated workbook whose profile maps none.
 * No published template's cells for year-end income are known (DOMAIN §9): a
 * BCF manager who brings the year-end workbook maps its block like any other
 * table, and the mapped one is filled; until then a generated year-end
 * workbook carries this sheet of its own so the income still leaves with it.
 */
export const GENERATED_INCOME_TABLE: ProfileTable = {
  id: YEAR_END_INCOME_TABLE,
  title: 'Year-end income',
  sheet: 'Year-end income',
  mode: 'prefilled',
  optional: true,
  intro:
    'Income for the year by funding source: planned (from the plan) and actual, with the explanation of any variance from plan.',
  columns: [
    { field: 'sourceOfFunding', header: 'Source of Funding', kind: 'text', role: 'prefilled', key: true, width: 40 },
    { field: 'plannedPence', header: 'Planned income (£)', kind: 'money', role: 'prefilled', width: 18 },
    { field: 'actualPence', header: 'Actual income (£)', kind: 'money', role: 'input', width: 18 },
    { field: 'variancePence', header: 'Variance (£)', kind: 'money', role: 'prefilled', width: 18 },
    { field: 'note', header: 'Explanation of variance', kind: 'text', role: 'input', width: 60 },
  ],
};

export function hasYearEndIncome(p: Profile): boolean {
  return p.tables.some((t) => t.id === YEAR_END_INCOME_TABLE);
}

/** The profile with the generated year-end income block added when it maps none (and has a sheet name free for it). */
export function withYearEndIncome(p: Profile): Profile {
  if (hasYearEndIncome(p)) return p;
  const taken = new Set([...p.sheets, ...p.tables.map((t) => t.sheet)].map((s) => s.toLowerCase()));
  const sheet = taken.has(GENERATED_INCOME_TABLE.sheet.toLowerCase())
    ? `${GENERATED_INCOME_TABLE.sheet} (app)`
    : GENERATED_INCOME_TABLE.sheet;
  return { ...p, tables: [...p.tables, { ...GENERATED_INCOME_TABLE, sheet }] };
}
