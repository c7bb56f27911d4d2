import { parseBoundedMoney } from '../money';
import { INCOME } from '../plans/import-income';
import { describeProblem, type ImportProblem } from '../imports/table';
import type { IncomeInput } from '../plans/income';
import type { ImportedLine } from '../plans/import-lines';
import {
  ALL_FIELDS,
  columnLabelOf,
  lineFromText,
  toLineInput,
  type LineField,
  type LineForm,
  type LineInput,
  type PlanColumn,
} from '../plans/line';
import { extraColumn, extraKeyOf, type ExtraField } from '../templates/fields';
import type { ConditionAnswer } from '../templates/conditions';
import { conditionRecord, CONDITIONS_TABLE } from './conditions';
import type { IncomeLine } from '../plans/income';
import { listValues, type ReferenceSet } from '../reference/reference-set';
import type { WorkbookData, WorkbookRead } from './data';
import type { Profile } from './profile';
import { numberCell, type WorkbookRecord } from './values';

/**
 * The plan adapter: a plan as the workbook engine's records (to fill or
 * generate a workbook), and a workbook read back as plan lines, income and
 * cover details (to import). Returns will have an adapter of their own; the
 * engine does not know which it is serving.
 */
export const PLAN_TABLES = { lines: 'expenditure', income: 'income', metrics: 'metrics' } as const;

/** Every drop-down list a plan workbook may use, from the template year's reference lists and the profile's own. */
export function planLists(set: ReferenceSet, profile: Profile): Record<string, string[]> {
  const types = set.lists.schemeTypes;
  const subTypes: string[] = [];
  for (const t of types)
    for (const s of t.subTypes) if (!subTypes.some((x) => x.toLowerCase() === s.toLowerCase())) subTypes.push(s);
  return {
    sourcesOfFunding: listValues(set, 'sourcesOfFunding'),
    areasOfSpend: listValues(set, 'areasOfSpend'),
    commissioners: listValues(set, 'commissioners'),
    providers: listValues(set, 'providers'),
    outputUnits: listValues(set, 'outputUnits'),
    schemeTypes: listValues(set, 'schemeTypes'),
    subTypes,
    typesWithSubTypes: types.filter((t) => t.subTypes.length > 0).map((t) => t.value),
    otherTypes: types.filter((t) => t.other).map((t) => t.value),
    typesWithOutputs: types.filter((t) => t.outputUnit).map((t) => t.value),
    newOrExisting: ['New', 'Existing'],
    recurrence: ['Recurrent', 'One-off'],
    yesNo: ['Yes', 'No'],
    ...set.customLists,
    ...(profile.lists ?? {}),
  };
}

/** A line as a workbook record: its built-in fields, and the template year's own fields by their keys. */
export function lineRecord(line: LineInput): WorkbookRecord {
  const { extra, ...rest } = toLineInput(line);
  return { ...(rest as unknown as WorkbookRecord), ...(extra ?? {}) };
}

export interface PlanForWorkbook {
  area: string;
  label: string;
  lines: readonly LineInput[];
  income: readonly IncomeLine[];
  cover: Record<string, string>;
  /** The year's metrics and their planned targets ("metrics to plan"), with the absolute numbers where given. */
  metrics?: readonly { name: string; target: string; numerator?: string; denominator?: string }[];
  /** The template year's national conditions with the plan's answers (its assurance statements). */
  conditions?: readonly ConditionAnswer[];
}

export function planWorkbookData(plan: PlanForWorkbook, set: ReferenceSet, profile: Profile): WorkbookData {
  return {
    subject: `${plan.area}, ${plan.label} plan`,
    cover: { ...plan.cover, hwb: plan.area },
    tables: {
      [PLAN_TABLES.lines]: plan.lines.map(lineRecord),
      [PLAN_TABLES.income]: plan.income.map((x) => ({
        sourceOfFunding: x.sourceOfFunding,
        partner: x.partner,
        amountPence: x.amountPence,
        amountYear2Pence: x.amountYear2Pence,
      })),
      [PLAN_TABLES.metrics]: (plan.metrics ?? []).map((m) => ({
        name: m.name,
        target: m.target.trim() === '' ? null : m.target,
        // Written only where the template year maps a column to them.
        numerator: numberCell(m.numerator),
        denominator: numberCell(m.denominator),
      })),
      [CONDITIONS_TABLE]: (plan.conditions ?? []).map(conditionRecord),
    },
    lists: planLists(set, profile),
  };
}

export interface PlanFromWorkbook {
  lines: ImportedLine[];
  /** The columns read, as the preview shows them (a template year's own field as "extra.<key>"). */
  columns: { field: PlanColumn; header: string; letter: string }[];
  sheet: string | null;
  headerRow: number;
  income: (IncomeInput & { source: { file: string; row: number } })[];
  cover: Record<string, string>;
  /** The planned targets of the metrics table, by metric name, with the row each came from. */
  metrics: { name: string; target: string; row: number }[];
  problems: ImportProblem[];
}

/**
 * Turns a workbook read through a plan profile into lines, income and cover
 * details, every cell parsed as strictly as any import; problems name the
 * file, sheet, row and column. The caller writes nothing if there are any.
 */
export function planFromWorkbook(
  read: WorkbookRead,
  years: readonly string[],
  fields: readonly ExtraField[] = [],
): PlanFromWorkbook {
  const problems: ImportProblem[] = read.problems.map((p) => ({ ...p }));
  const out: PlanFromWorkbook = {
    lines: [],
    columns: [],
    sheet: null,
    headerRow: 0,
    income: [],
    cover: {},
    metrics: [],
    problems,
  };
  const lineTable = read.tables[PLAN_TABLES.lines];
  if (!lineTable) {
    problems.push({
      file: read.file,
      message: 'no table of scheme lines was found (a header row with "Scheme ID" and "Scheme Name")',
    });
  } else {
    const file = `${read.file} (sheet "${lineTable.sheet}")`;
    out.sheet = lineTable.sheet;
    out.headerRow = lineTable.headerRow;
    // A column is a built-in field, or one of the template year's own (by its key in the profile, "extra.<key>" on the line).
    const columnOf = (field: string): PlanColumn | null =>
      (ALL_FIELDS as string[]).includes(field)
        ? (field as LineField)
        : fields.some((f) => f.key === field)
          ? (extraColumn(field) as PlanColumn)
          : null;
    const known = lineTable.columns.filter((c) => columnOf(c.field) !== null);
    out.columns = known.map((c) => ({ field: columnOf(c.field)!, header: c.header, letter: c.letter }));
    const at = (column: string) => {
      const field = extraKeyOf(column) ?? column;
      const c = lineTable.columns.find((x) => x.field === field);
      return c ? `"${c.header}" (${c.letter})` : columnLabelOf(column, fields);
    };
    for (const r of lineTable.rows) {
      const form: Partial<LineForm> = {};
      for (const c of known) form[columnOf(c.field)!] = r.cells[c.field] ?? '';
      const parsed = lineFromText(form, undefined, fields);
      if (!parsed.ok) {
        for (const [column, message] of Object.entries(parsed.errors))
          if (!r.errors?.includes(extraKeyOf(column) ?? column))
            problems.push({ file, row: r.row, column: at(column), message: message! });
        continue;
      }
      out.lines.push({ ...parsed.input, source: { file: `${read.file} [${lineTable.sheet}]`, row: r.row } });
    }
  }
  const incomeTable = read.tables[PLAN_TABLES.income];
  if (incomeTable) {
    const file = `${read.file} (sheet "${incomeTable.sheet}")`;
    const at = (field: string) => {
      const c = incomeTable.columns.find((x) => x.field === field)!;
      return `"${c.header}" (${c.letter})`;
    };
    const has = (field: string) => incomeTable.columns.some((c) => c.field === field);
    for (const r of incomeTable.rows) {
      const source = (r.cells.sourceOfFunding ?? '').trim();
      let bad = false;
      if (source === '') {
        problems.push({ file, row: r.row, column: at('sourceOfFunding'), message: 'the source of funding is empty' });
        bad = true;
      }
      const money = (field: string, required: boolean): number | null => {
        const text = (r.cells[field] ?? '').trim();
        if (r.errors?.includes(field)) {
          bad = true;
          return null;
        }
        if (!has(field) || (text === '' && !required)) return null;
        const m = parseBoundedMoney(text, INCOME);
        if (!m.ok) {
          problems.push({ file, row: r.row, column: has(field) ? at(field) : field, message: m.message });
          bad = true;
          return null;
        }
        return m.pence;
      };
      const amount = money('amountPence', true);
      const amount2 = years.length > 1 ? money('amountYear2Pence', false) : null;
      if (bad) continue;
      out.income.push({
        sourceOfFunding: source.slice(0, 200),
        partner: (r.cells.partner ?? '').trim().slice(0, 200),
        amountPence: amount!,
        amountYear2Pence: amount2,
        source: { file: `${read.file} [${incomeTable.sheet}]`, row: r.row },
      });
    }
  }
  const metricTable = read.tables[PLAN_TABLES.metrics];
  if (metricTable && metricTable.columns.some((c) => c.field === 'target')) {
    const file = `${read.file} (sheet "${metricTable.sheet}")`;
    const target = metricTable.columns.find((c) => c.field === 'target')!;
    for (const r of metricTable.rows) {
      const name = (r.cells.name ?? '').trim();
      if (name === '' || r.errors?.includes('name') || r.errors?.includes('target')) continue;
      const text = (r.cells.target ?? '').trim();
      if (text.length > 500)
        problems.push({
          file,
          row: r.row,
          column: `"${target.header}" (${target.letter})`,
          message: 'the target is more than 500 characters; shorten it',
        });
      else out.metrics.push({ name, target: text, row: r.row });
    }
  }
  for (const [key, v] of Object.entries(read.cover)) if (v.value.trim() !== '') out.cover[key] = v.value.trim();
  problems.sort(byPlace);
  return out;
}

/** File, then row, then column (by its letter), as a person reads down a sheet. */
function byPlace(a: ImportProblem, b: ImportProblem): number {
  const letter = (p: ImportProblem) => /\(([A-Z]+)\)$/.exec(p.column ?? '')?.[1] ?? '';
  const col = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return a.file.localeCompare(b.file) || (a.row ?? 0) - (b.row ?? 0) || col(letter(a)) - col(letter(b));
}

export function describeProblems(problems: readonly ImportProblem[]): string[] {
  return problems.map(describeProblem);
}
