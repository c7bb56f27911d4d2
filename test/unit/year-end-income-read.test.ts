import { describe, expect, it } from 'vitest';
import type { WorkbookRead } from '../../shared/workbooks/data';
import { incomeFromWorkbook } from '../../shared/workbooks/year-end-table';

const current = [
  {
    sourceOfFunding: 'Minimum NHS Contribution',
    plannedPence: 49_000_000,
    actualPence: null,
    variancePence: null,
    note: '',
  },
  {
    sourceOfFunding: 'ICB Discharge Funding',
    plannedPence: 195_000_000,
    actualPence: null,
    variancePence: null,
    note: '',
  },
];

function read(rows: [string, string, string][]): WorkbookRead {
  return {
    file: 'ye.xlsx',
    profile: 'p',
    tables: {
      yearEndIncome: {
        table: 'yearEndIncome',
        sheet: '6. Income',
        headerRow: 4,
        columns: [
          { field: 'sourceOfFunding', header: 'Source of Funding', letter: 'A' },
          { field: 'actualPence', header: 'Actual income (£)', letter: 'C' },
          { field: 'note', header: 'Explanation of variance', letter: 'D' },
        ],
        rows: rows.map(([sourceOfFunding, actualPence, note], i) => ({
          row: 5 + i,
          cells: { sourceOfFunding, actualPence, note },
        })),
      },
    },
    cover: {},
    coverTexts: [],
    problems: [],
    notes: [],
  };
}

describe("a year-end workbook's income block, read", () => {
  it('matches sources as every name is matched, to the penny, and skips the total row however it is worded', () => {
    for (const total of ['Total', 'Total income', 'Grand total', 'TOTALS'])
      expect(
        incomeFromWorkbook(
          read([
            ['  minimum nhs   contribution ', '490000.01', ''],
            ['ICB Discharge Funding', '', 'Not yet paid'],
            [total, '490000.01', ''],
          ]),
          current,
        ),
      ).toEqual({
        sheet: '6. Income',
        rows: [
          { row: 5, input: { sourceOfFunding: 'Minimum NHS Contribution', actualPence: 49_000_001, note: '' } },
          { row: 6, input: { sourceOfFunding: 'ICB Discharge Funding', actualPence: null, note: 'Not yet paid' } },
        ],
        changes: [
          {
            sourceOfFunding: 'Minimum NHS Contribution',
            field: 'actualPence',
            label: 'Actual income',
            from: 'not entered',
            to: '£490,000.01',
          },
          {
            sourceOfFunding: 'ICB Discharge Funding',
            field: 'note',
            label: 'Explanation of variance',
            from: '',
            to: 'Not yet paid',
          },
        ],
        problems: [],
      });
  });

  it('refuses a source given twice and a figure typed against no source', () => {
    const out = incomeFromWorkbook(
      read([
        ['ICB Discharge Funding', '1', ''],
        ['icb discharge funding', '2', ''],
        ['', '3', ''],
      ]),
      current,
    );
    expect(out.problems).toEqual([
      {
        file: 'ye.xlsx (sheet "6. Income")',
        row: 6,
        column: '"Source of Funding" (A)',
        message: '"ICB Discharge Funding" is given twice (also on row 5)',
      },
      {
        file: 'ye.xlsx (sheet "6. Income")',
        row: 7,
        column: '"Source of Funding" (A)',
        message: 'the Source of Funding is blank, so the row cannot be matched to the return',
      },
    ]);
  });
});
