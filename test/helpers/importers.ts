import { createArea } from '../../electron/services/areas/areas';
import type { ServiceContext } from '../../electron/services/context';
import { readTable } from '../../electron/services/files/read-table';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import { importPlanTable, readPlanFile } from '../../electron/services/plans/import-plan';
import { importLines, importOutturn } from '../../electron/services/pools/import-lines';
import { importPoolsTable } from '../../electron/services/pools/import-pools';
import { findPool } from '../../electron/services/pools/store';
import { createReturn } from '../../electron/services/returns/create';
import { importReturnTable, readReturnFile } from '../../electron/services/returns/import-actuals';
import { exportPlanWorkbook, importWorkbook } from '../../electron/services/workbooks/plan-workbooks';
import { exportReturnWorkbook } from '../../electron/services/workbooks/return-workbooks';
import { tempContext } from './db';
import { sheetPart, type Expectation, type Sample, type SampleWorkbook } from './hostile-corpus';
import { printedPence, published, tsvRows } from './fixtures';
import { DISCHARGE, Q1_FILE, seedPlan, seedQ1 } from './returns';

/**
 * Every importer the app has, as the hostile-file corpus drives it
 * (test/integration/hostile-files.test.ts). Adding an importer means adding
 * ONE entry here: a good sample in its layout (the corpus spoils it one way per
 * case), what the database needs first, how a user's file reaches it, and how
 * to read back the total it imported (for the Windows-1252 check).
 */
export interface ImporterUnderTest {
  name: string;
  sample: Sample;
  /** What a user would have done first (set up the area, load a plan, …). */
  prepare: (ctx: ServiceContext) => void;
  /** The same import on the command line: the arguments after `--db FILE`, for a file at `file`. */
  cli: (file: string) => string[];
  /** Imports the file's bytes exactly as the user's action would; throws (or rejects with) ApiError when refused. */
  run: (ctx: ServiceContext, file: { name: string; bytes: Uint8Array }) => unknown;
  /** The sum, in pence, of the sample's money column as the importer stored it. */
  importedTotal: (ctx: ServiceContext) => number;
  /** The same sum worked out from the sample independently of the app. */
  expectedTotal: number;
  /**
   * Corpus cases that are good input for this importer, with the reason (a
   * ledger's credit is a negative amount). They are checked to be accepted,
   * not skipped.
   */
  accepts?: Record<string, string>;
  /**
   * Corpus cases this importer refuses, but in other words than the case
   * expects, with why: an importer of xlsx workbooks only says "not an xlsx
   * workbook" of a 21 MB text table, where a table importer says the table is
   * too large. They are still fed to it and checked against this expectation.
   */
  refusesOtherwise?: Record<string, { why: string } & Expectation>;
}

const planRows = tsvRows(published('plan-2019-20-schemes.tsv')).slice(0, 12);
const incomeRows = tsvRows(published('funding-sources-2019-20.tsv'));
const poolRows = tsvRows(published('pooled-budgets-2019-20.tsv'));
const returnRows = tsvRows(Q1_FILE);
const sum = (rows: string[][], column: string) => {
  const i = rows[0]!.indexOf(column);
  return rows.slice(1).reduce((total, r) => total + printedPence(r[i]!), 0);
};
const total = (ctx: ServiceContext, sql: string) => (ctx.db.prepare(sql).get() as { p: number }).p;

/** The Mental Health pool with two budget lines, for its ledger extracts. */
function poolWithLines(ctx: ServiceContext): number {
  createArea(ctx, 'Bath and North East Somerset');
  importPoolsTable(ctx, { file: 'pooled-budgets-2019-20.tsv', rows: poolRows, year: '2019-20' });
  const id = findPool(ctx, 'Mental Health', '2019-20');
  importLines(ctx, {
    id,
    file: 'lines.tsv',
    rows: [
      ['Line', 'Name', 'Partner', 'Budget'],
      ['H', 'Health care', 'CCG', '£2,982,556'],
      ['S', 'Social care', 'Council', '£3,078,442'],
    ],
  });
  return id;
}
const budgetRows = [
  ['Line', 'Name', 'Partner', 'Budget'],
  ['H', 'Health care', 'CCG', '£2,982,556'],
  ['S', 'Social care', 'Council', '£3,078,442'],
  ['C', 'Contingency', '', '£100,000'],
];
const ledgerRows = [
  ['Line', 'Description', 'Outturn'],
  ['H', 'Health care April to September', '£1,500,000'],
  ['S', 'Social care April to September', '£1,600,000'],
  ['H', 'Health care October to March', '£1,400,000.50'],
  ['S', 'Social care October to March', '£1,450,000'],
];

/**
 * A workbook in a profile's layout, made by the app's own generator from a
 * seeded plan or return: the frame (cover, lists, checklist, styles) the
 * workbook samples' rows are written into, from the data sheet's header down.
 */
async function generatedWorkbook(
  make: (ctx: ServiceContext) => Promise<{
    bytes: Uint8Array;
    generate?: { tables: { table: string; sheet: string; firstRow: number }[] } | undefined;
  }>,
  table: string,
): Promise<SampleWorkbook> {
  const ctx = tempContext();
  try {
    const out = await make(ctx);
    const t = out.generate!.tables.find((x) => x.table === table)!;
    return { base: out.bytes, part: sheetPart(out.bytes, t.sheet), headerRow: t.firstRow - 1 };
  } finally {
    ctx.close();
  }
}

const planWorkbook = await generatedWorkbook((ctx) => {
  createArea(ctx, 'Bath and North East Somerset');
  importPlanTable(ctx, { file: 'plan-2019-20.tsv', rows: planRows, year: '2019-20', mode: 'append' });
  return exportPlanWorkbook(ctx, { year: '2019-20' });
}, 'expenditure');
const returnWorkbook = await generatedWorkbook((ctx) => {
  seedQ1(ctx);
  return exportReturnWorkbook(ctx, { year: '2024-25', period: 'Q1' });
}, 'spendActivity');

/** What an importer of xlsx workbooks only says of a file that is a text table (named .xlsx or not). */
const NOT_A_WORKBOOK =
  'a workbook importer reads xlsx files only: a text table, whatever is wrong inside it, is not one';
const XLSX_ONLY: ImporterUnderTest['refusesOtherwise'] = {
  'bom-only': { why: NOT_A_WORKBOOK, message: /is not an xlsx workbook/ },
  'unclosed-quote': { why: NOT_A_WORKBOOK, message: /is not an xlsx workbook/ },
  'mixed-encodings': { why: NOT_A_WORKBOOK, message: /is not an xlsx workbook/ },
  'huge-table': { why: NOT_A_WORKBOOK, message: /is not an xlsx workbook/ },
  'too-many-rows': { why: NOT_A_WORKBOOK, message: /is not an xlsx workbook/ },
  'million-headings': { why: NOT_A_WORKBOOK, message: /is not an xlsx workbook/ },
};

export const IMPORTERS: ImporterUnderTest[] = [
  {
    name: 'plan (bcf import plan; Plan › Import…)',
    sample: { name: 'plan-2019-20.tsv', rows: planRows, money: '2019/20 Expenditure £', text: 'Scheme Name' },
    prepare: (ctx) => void createArea(ctx, 'Bath and North East Somerset'),
    cli: (file) => ['import', 'plan', file, '--year', '2019-20'],
    run: async (ctx, file) => {
      const read = await readPlanFile(file.name, file.bytes);
      return importPlanTable(ctx, { file: read.file, rows: read.rows, year: '2019-20', mode: 'append' });
    },
    importedTotal: (ctx) => total(ctx, 'SELECT coalesce(sum(expenditure_pence), 0) AS p FROM scheme_line'),
    expectedTotal: sum(planRows, '2019/20 Expenditure £'),
  },
  {
    name: 'plan income (bcf import income)',
    sample: { name: 'funding-sources-2019-20.tsv', rows: incomeRows, money: '19/20 £', text: 'Funding Source' },
    prepare: (ctx) => void createArea(ctx, 'Bath and North East Somerset'),
    cli: (file) => ['import', 'income', file, '--year', '2019-20'],
    run: (ctx, file) =>
      importIncomeTable(ctx, {
        file: file.name,
        rows: readTable(file.name, file.bytes),
        year: '2019-20',
        mode: 'append',
      }),
    importedTotal: (ctx) => total(ctx, 'SELECT coalesce(sum(amount_pence), 0) AS p FROM income_line'),
    expectedTotal: sum(incomeRows, '19/20 £'),
  },
  {
    name: 'pooled budgets (bcf pool import)',
    sample: { name: 'pooled-budgets-2019-20.tsv', rows: poolRows, money: 'CCG Contribution', text: 'Pooled Budget' },
    prepare: (ctx) => void createArea(ctx, 'Bath and North East Somerset'),
    cli: (file) => ['pool', 'import', file, '--year', '2019-20'],
    run: (ctx, file) =>
      importPoolsTable(ctx, { file: file.name, rows: readTable(file.name, file.bytes), year: '2019-20' }),
    importedTotal: (ctx) =>
      total(
        ctx,
        "SELECT coalesce(sum(c.amount_pence), 0) AS p FROM pool_contribution c JOIN pool_partner p ON p.id = c.partner_id WHERE p.name = 'CCG'",
      ),
    expectedTotal: sum(poolRows, 'CCG Contribution'),
  },
  {
    name: 'pool budget lines (bcf pool lines --import)',
    sample: { name: 'lines.tsv', rows: budgetRows, money: 'Budget', text: 'Name' },
    prepare: (ctx) => {
      createArea(ctx, 'Bath and North East Somerset');
      importPoolsTable(ctx, { file: 'pooled-budgets-2019-20.tsv', rows: poolRows, year: '2019-20' });
    },
    cli: (file) => ['pool', 'lines', 'Mental Health', '--year', '2019-20', '--import', file],
    run: (ctx, file) =>
      importLines(ctx, {
        id: findPool(ctx, 'Mental Health', '2019-20'),
        file: file.name,
        rows: readTable(file.name, file.bytes),
      }),
    importedTotal: (ctx) => total(ctx, 'SELECT coalesce(sum(budget_pence), 0) AS p FROM pool_budget_line'),
    expectedTotal: 616_099_800,
    accepts: { negative: 'a budget line for income (client contributions, say) is negative' },
  },
  {
    name: 'pool ledger extract (bcf pool outturn --import)',
    sample: { name: 'ledger.tsv', rows: ledgerRows, money: 'Outturn', text: 'Description' },
    prepare: (ctx) => void poolWithLines(ctx),
    cli: (file) => ['pool', 'outturn', 'Mental Health', '--year', '2019-20', '--import', file],
    run: (ctx, file) =>
      importOutturn(ctx, {
        id: findPool(ctx, 'Mental Health', '2019-20'),
        basis: 'outturn',
        file: file.name,
        rows: readTable(file.name, file.bytes),
      }),
    importedTotal: (ctx) => total(ctx, 'SELECT coalesce(sum(outturn_pence), 0) AS p FROM pool_budget_line'),
    expectedTotal: 595_000_050,
    accepts: { negative: 'a ledger extract holds credits: a negative row reduces its line' },
  },
  {
    name: 'return actuals (bcf return import; Quarterly returns › Import…)',
    sample: {
      name: 'return-2024-25-q1.tsv',
      rows: returnRows,
      money: 'Actual Expenditure to date',
      text: 'If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.',
    },
    prepare: (ctx) => {
      seedPlan(ctx);
      createReturn(ctx, { year: '2024-25', period: 'Q1', sources: DISCHARGE });
    },
    cli: (file) => ['return', 'import', file, '--year', '2024-25', '--period', 'Q1'],
    run: async (ctx, file) => {
      const read = await readReturnFile(file.name, file.bytes);
      return importReturnTable(ctx, { year: '2024-25', period: 'Q1', file: read.file, rows: read.rows });
    },
    importedTotal: (ctx) => total(ctx, 'SELECT coalesce(sum(actual_pence), 0) AS p FROM return_line'),
    expectedTotal: sum(returnRows, 'Actual Expenditure to date'),
  },
  {
    name: 'plan workbook (bcf import workbook; Workbooks › Open workbook…)',
    sample: {
      name: 'plan-2019-20.xlsx',
      rows: planRows,
      money: '2019/20 Expenditure £',
      text: 'Scheme Name',
      workbook: planWorkbook,
    },
    prepare: (ctx) => void createArea(ctx, 'Bath and North East Somerset'),
    cli: (file) => ['import', 'workbook', file],
    run: (ctx, file) => importWorkbook(ctx, { file: file.name, bytes: file.bytes, mode: 'refuse' }),
    importedTotal: (ctx) => total(ctx, 'SELECT coalesce(sum(expenditure_pence), 0) AS p FROM scheme_line'),
    expectedTotal: sum(planRows, '2019/20 Expenditure £'),
    refusesOtherwise: XLSX_ONLY,
  },
  {
    name: 'quarterly return workbook (bcf import workbook --period Q1)',
    sample: {
      name: 'return-2024-25-q1.xlsx',
      rows: returnRows,
      money: 'Actual Expenditure to date',
      text: 'If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.',
      workbook: returnWorkbook,
    },
    prepare: (ctx) => {
      seedPlan(ctx);
      createReturn(ctx, { year: '2024-25', period: 'Q1', sources: DISCHARGE });
    },
    cli: (file) => ['import', 'workbook', file, '--period', 'Q1'],
    run: (ctx, file) => importWorkbook(ctx, { file: file.name, bytes: file.bytes, mode: 'refuse', period: 'Q1' }),
    importedTotal: (ctx) => total(ctx, 'SELECT coalesce(sum(actual_pence), 0) AS p FROM return_line'),
    expectedTotal: sum(returnRows, 'Actual Expenditure to date'),
    refusesOtherwise: XLSX_ONLY,
  },
];
