import type { ImportProblem } from '../imports/table';
import { formatPence, parseMoney, type Pence } from '../money';
import { incomeActualInputSchema, sourceKey, type IncomeActualInput, type YearEndIncomeRow } from '../returns/year-end';
import type { WorkbookRead } from './data';
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

/** The profile's year-end income block (after withYearEndIncome, there is one). */
export function yearEndIncomeTable(p: Profile): ProfileTable {
  return p.tables.find((t) => t.id === YEAR_END_INCOME_TABLE)!;
}

export interface IncomeFromWorkbook {
  /** The sheet the income was read from; null when the workbook has no income block. */
  sheet: string | null;
  /** Each funding source read, with the workbook's row. */
  rows: { row: number; input: IncomeActualInput }[];
  /** Each value that changes, as the preview lists it (amounts as £ text). */
  changes: { sourceOfFunding: string; field: 'actualPence' | 'note'; label: string; from: string; to: string }[];
  problems: ImportProblem[];
}

/** A total row, however the template words it ("Total", "Total income", "Grand total"): as the other importers tell one. */
const TOTAL_ROW = /\btotals?\b/i;

const INCOME_LABELS = { actualPence: 'Actual income', note: 'Explanation of variance' } as const;

/**
 * A year-end workbook's income block as the return's actual income by funding source, matched to
 * the sources the return lists (case and spacing ignored). A source the return does not have, one
 * given twice, or an amount that is not one is a problem naming the file, sheet, row and column; a
 * blank actual leaves the source's actual not entered, as a blank figure does on a line. Sources the
 * workbook does not mention keep what they have; a total row is the workbook's own sum.
 */
export function incomeFromWorkbook(read: WorkbookRead, current: readonly YearEndIncomeRow[]): IncomeFromWorkbook {
  const out: IncomeFromWorkbook = { sheet: null, rows: [], changes: [], problems: [] };
  const table = read.tables[YEAR_END_INCOME_TABLE];
  if (!table) return out;
  out.sheet = table.sheet;
  const file = `${read.file} (sheet "${table.sheet}")`;
  const column = (field: string) => table.columns.find((c) => c.field === field);
  const at = (field: string) => `"${column(field)!.header}" (${column(field)!.letter})`;
  const bySource = new Map(current.map((r) => [sourceKey(r.sourceOfFunding), r]));
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const cell = (field: string) => (r.cells[field] ?? '').trim();
    const problem = (field: string, message: string) =>
      out.problems.push({ file, row: r.row, column: at(field), message });
    if (r.errors?.includes('sourceOfFunding')) continue;
    const name = cell('sourceOfFunding');
    if (TOTAL_ROW.test(name)) continue;
    if (name === '') {
      if ((['actualPence', 'note'] as const).some((f) => column(f) && cell(f) !== ''))
        problem('sourceOfFunding', 'the Source of Funding is blank, so the row cannot be matched to the return');
      continue;
    }
    const now = bySource.get(sourceKey(name));
    if (!now) {
      problem(
        'sourceOfFunding',
        `the return has no income from "${name}"; its sources are ${current.map((c) => `"${c.sourceOfFunding}"`).join(', ') || 'none'}`,
      );
      continue;
    }
    const before = seen.get(sourceKey(name));
    if (before !== undefined) {
      problem('sourceOfFunding', `"${now.sourceOfFunding}" is given twice (also on row ${before})`);
      continue;
    }
    seen.set(sourceKey(name), r.row);
    const input: IncomeActualInput = {
      sourceOfFunding: now.sourceOfFunding,
      actualPence: now.actualPence,
      note: now.note,
    };
    let bad = false;
    if (column('actualPence')) {
      const text = cell('actualPence');
      if (r.errors?.includes('actualPence')) bad = true;
      else if (text === '') input.actualPence = null;
      else {
        const amount = parseMoney(text);
        if (amount.ok) input.actualPence = amount.pence;
        else {
          problem('actualPence', amount.message);
          bad = true;
        }
      }
    }
    if (column('note')) {
      if (r.errors?.includes('note')) bad = true;
      else input.note = cell('note');
    }
    const checked = incomeActualInputSchema.safeParse(input);
    if (!checked.success) {
      for (const issue of checked.error.issues)
        problem(issue.path[0] === 'note' ? 'note' : 'actualPence', issue.message);
      continue;
    }
    if (bad) continue;
    out.rows.push({ row: r.row, input: checked.data });
    // As the return's screen says it: an actual not entered is not £0 received, nor a blank to fill.
    const shown = (p: Pence | null) => (p === null ? 'not entered' : formatPence(p));
    if (checked.data.actualPence !== now.actualPence)
      out.changes.push({
        sourceOfFunding: now.sourceOfFunding,
        field: 'actualPence',
        label: INCOME_LABELS.actualPence,
        from: shown(now.actualPence),
        to: shown(checked.data.actualPence),
      });
    if (checked.data.note !== now.note)
      out.changes.push({
        sourceOfFunding: now.sourceOfFunding,
        field: 'note',
        label: INCOME_LABELS.note,
        from: now.note,
        to: checked.data.note,
      });
  }
  return out;
}
