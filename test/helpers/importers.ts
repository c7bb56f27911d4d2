import { createArea } from '../../electron/services/areas/areas';
import type { ServiceContext } from '../../electron/services/context';
import { readTable } from '../../electron/services/files/read-table';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import type { Sample } from './hostile-corpus';
import { printedPence, published, tsvRows } from './fixtures';

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
  /** Imports the file's bytes exactly as the user's action would; throws ApiError when refused. */
  run: (ctx: ServiceContext, file: { name: string; bytes: Uint8Array }) => unknown;
  /** The sum, in pence, of the sample's money column as the importer stored it. */
  importedTotal: (ctx: ServiceContext) => number;
  /** The same sum worked out from the sample independently of the app. */
  expectedTotal: number;
}

const planRows = tsvRows(published('plan-2019-20-schemes.tsv')).slice(0, 12);

export const IMPORTERS: ImporterUnderTest[] = [
  {
    name: 'plan (bcf import plan)',
    sample: { name: 'plan-2019-20.tsv', rows: planRows, money: '2019/20 Expenditure £', text: 'Scheme Name' },
    prepare: (ctx) => void createArea(ctx, 'Bath and North East Somerset'),
    run: (ctx, file) => importPlanTable(ctx, { file: file.name, rows: readTable(file.name, file.bytes), year: '2019-20', mode: 'append' }),
    importedTotal: (ctx) => (ctx.db.prepare('SELECT coalesce(sum(expenditure_pence), 0) AS p FROM scheme_line').get() as { p: number }).p,
    expectedTotal: planRows.slice(1).reduce((sum, r) => sum + printedPence(r[7]!), 0),
  },
  // Returns, pools and workbooks: add their importers here as they land.
];
