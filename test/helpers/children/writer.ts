/**
 * The durability test's writer, run with `node --import tsx` and killed with
 * SIGKILL at random moments. It opens the database as the app does (start-up
 * check, automatic backup), then makes changes through the real services for
 * ever, printing a line on stdout only after each has committed:
 *   W <n>                     one scheme line "w<n>" of n pence added to the 2019-20 plan (one transaction)
 *   I <k> <year> <lines>      import number k replaced <year>'s plan with <lines> lines "imp<k>-<i>" (one transaction)
 *   B                         an automatic backup was written
 */
import type { Row } from '../../../shared/imports/table';
import { EMPTY_LINE } from '../../../shared/plans/line';
import { openServiceContext } from '../../../electron/host';
import { autoBackup } from '../../../electron/services/backups/backups';
import { createArea, getArea } from '../../../electron/services/areas/areas';
import { importPlanTable } from '../../../electron/services/plans/import-plan';
import { createLine } from '../../../electron/services/plans/line-actions';
import { ASSETS_DIR } from '../../../electron/source-root';

export const IMPORT_YEARS = ['2040-41', '2041-42', '2042-43'] as const;
const SINGLE_YEAR = '2019-20';

const [dbPath] = process.argv.slice(2) as [string];
const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR, startBackup: true, actor: 'writer' });
const say = (line: string) => process.stdout.write(`${line}\n`);
say('open');

if (!getArea(ctx)) createArea(ctx, 'Durability test area');

const maxNumber = (sql: string): number => (ctx.db.prepare(sql).get() as { n: number | null }).n ?? 0;
let n = maxNumber(
  "SELECT max(CAST(substr(scheme_name, 2) AS INTEGER)) AS n FROM scheme_line WHERE scheme_name LIKE 'w%'",
);
// Each import is one changeset labelled "Import <k>" (the file's name), kept in the history for good.
let k = maxNumber("SELECT max(CAST(substr(label, 8) AS INTEGER)) AS n FROM changeset WHERE label LIKE 'Import %'");

function importRows(importNo: number, lines: number): Row[] {
  const rows: string[][] = [['Scheme ID', 'Scheme Name', 'Source of Funding', 'Expenditure']];
  for (let i = 1; i <= lines; i++)
    rows.push([String(i), `imp${importNo}-${i}`, 'Grant', `£${importNo}.${String(i % 100).padStart(2, '0')}`]);
  return rows;
}

for (let op = 1; ; op++) {
  if (op % 4 === 0) {
    k += 1;
    const year = IMPORT_YEARS[k % IMPORT_YEARS.length]!;
    const lines = 40 + (k % 60);
    // Years far ahead have no template year of their own: the 2019-20 layout is named, as a user would choose it.
    importPlanTable(ctx, { file: String(k), rows: importRows(k, lines), year, mode: 'replace', template: '2019-20' });
    say(`I ${k} ${year} ${lines}`);
  } else {
    n += 1;
    createLine(ctx, SINGLE_YEAR, {
      ...EMPTY_LINE,
      schemeId: String(n),
      schemeName: `w${n}`,
      schemeType: '',
      areaOfSpend: '',
      sourceOfFunding: 'Grant',
      priorYearPence: null,
      virementPence: null,
      expenditurePence: n,
      newOrExisting: '',
      schemeUpdate: '',
    });
    say(`W ${n}`);
  }
  if (op % 25 === 0 && autoBackup(ctx, 'timer')) say('B');
}
