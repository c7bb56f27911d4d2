import type { ImportProblem, Row } from '../imports/table';
import { ON_TRACK_ANSWERS, type AssessmentInput, type MetricAssessment, type OnTrack } from '../returns/metrics';
import {
  RETURN_FIELD_SPECS,
  RETURN_FIELDS,
  isReturnField,
  type ReturnEntry,
  type ReturnFieldName,
  type ReturnFixed,
} from '../returns/line';
import { parsePeriod, type Period } from '../returns/period';
import type { ConditionAnswer } from '../templates/conditions';
import type { ExtraField } from '../templates/fields';
import { conditionRecord, CONDITIONS_TABLE } from './conditions';
import type { WorkbookData, WorkbookRead } from './data';
import type { Profile } from './profile';
import { comparable, numberCell, type WorkbookRecord } from './values';
import { maxOf } from '../values/arrays';
import type { YearEndIncomeRow } from '../returns/year-end';

/**
 * The return adapter: a quarterly return as the workbook engine's records
 * (to fill NHS England's copy or generate one), and a workbook read back as
 * the rows the returns importer matches to the return's lines (by Scheme ID,
 * the describing columns, then Planned Expenditure; never by guesswork).
 * The quarterly profile's columns are named as the return's fields, so a
 * record is a return line as it stands: money in pence, outputs as the text
 * the return keeps ("120", "NA"), the Yes/No as typed.
 */
export const RETURN_TABLE = 'spendActivity';
/** The metrics sheet's table: one row per metric of the return, its name and target pre-populated, its assessment entered. */
export const METRICS_TABLE = 'metrics';

/** The names the first quarterly profile used (a profile saved then still uses them). */
const LEGACY_FIELDS: Record<string, ReturnFieldName> = {
  actualToDatePence: 'actualPence',
  outputsToDate: 'outputsDelivered',
  implementationIssues: 'issues',
};

/** A return profile with any field named as the first quarterly profile named it renamed to the return's field. */
export function withReturnFieldNames(p: Profile): Profile {
  if (p.kind !== 'return' || !JSON.stringify(p).match(/actualToDatePence|outputsToDate|implementationIssues/)) return p;
  const text = JSON.stringify(p).replace(
    /"(actualToDatePence|outputsToDate|implementationIssues)"/g,
    (_m, f: string) => `"${LEGACY_FIELDS[f]}"`,
  );
  return JSON.parse(text) as Profile;
}

export type ReturnLineValues = ReturnFixed & ReturnEntry;

/** One return line as a record: every field of the return, whichever the profile uses, and the template year's own by their keys. */
export function returnRecord(line: ReturnLineValues): WorkbookRecord {
  const out: WorkbookRecord = {};
  for (const f of RETURN_FIELDS) {
    const v = line[f];
    out[f] = v === undefined || v === '' ? null : v;
  }
  for (const [k, v] of Object.entries(line.extra ?? {})) out[k] = v;
  return out;
}

export interface ReturnForWorkbook {
  area: string;
  /** "Q1 2024-25". */
  label: string;
  lines: readonly ReturnLineValues[];
  /** The cover details, by key (the Health and Wellbeing Board is the area). */
  cover: Record<string, string>;
  /** The return's metrics with their assessments (an approved return's as approved). */
  metrics?: readonly Omit<MetricAssessment, 'metricId'>[];
  /** The template year's national conditions with the return's answers. */
  conditions?: readonly ConditionAnswer[];
  /** A year-end return's income by funding source. */
  income?: readonly YearEndIncomeRow[];
}

/** A year-end return's income block: one row per funding source. */
export const YEAR_END_INCOME_TABLE = 'yearEndIncome';

/** One funding source's income as a record: planned (pre-populated), actual and explanation (inputs), the variance. */
export function incomeRecord(r: YearEndIncomeRow): WorkbookRecord {
  return {
    sourceOfFunding: r.sourceOfFunding,
    plannedPence: r.plannedPence,
    actualPence: r.actualPence,
    variancePence: r.variancePence,
    note: r.note.trim() === '' ? null : r.note,
  };
}

/** One metric as a record: name and target (pre-populated), the assessment, challenges and achievements (inputs), the absolute numbers. */
export function metricRecord(m: Omit<MetricAssessment, 'metricId'>): WorkbookRecord {
  const text = (v: string) => (v.trim() === '' ? null : v);
  return {
    name: m.name,
    target: text(m.target),
    onTrack: text(m.onTrack),
    challenges: text(m.challenges),
    achievements: text(m.achievements),
    // Written only where the template year maps a column to them.
    numerator: numberCell(m.numerator),
    denominator: numberCell(m.denominator),
  };
}

export function returnWorkbookData(r: ReturnForWorkbook, lists: Record<string, string[]>): WorkbookData {
  return {
    subject: `${r.area}, ${r.label} return`,
    cover: { ...r.cover, hwb: r.area },
    tables: {
      [RETURN_TABLE]: r.lines.map(returnRecord),
      [METRICS_TABLE]: (r.metrics ?? []).map(metricRecord),
      [CONDITIONS_TABLE]: (r.conditions ?? []).map(conditionRecord),
      [YEAR_END_INCOME_TABLE]: (r.income ?? []).map(incomeRecord),
    },
    lists,
  };
}

export interface ReturnFromWorkbook {
  /** "book.xlsx [5. Spend and activity]": where the figures came from, as the return's lines remember it. */
  file: string;
  sheet: string | null;
  headerRow: number;
  /**
   * The table as rows of cell text for the returns importer, each at the
   * row and column the sheet shows (so every problem names the workbook's
   * own row and column letter); header texts are the return's column names.
   */
  rows: Row[];
  cover: Record<string, string>;
  /** Cells that could not be read (an error value such as #REF!), or no table at all. */
  problems: ImportProblem[];
}

export function returnFromWorkbook(read: WorkbookRead, fields: readonly ExtraField[] = []): ReturnFromWorkbook {
  const problems: ImportProblem[] = read.problems.map((p) => ({ ...p }));
  const cover: Record<string, string> = {};
  for (const [key, v] of Object.entries(read.cover)) if (v.value.trim() !== '') cover[key] = v.value.trim();
  const table = read.tables[RETURN_TABLE];
  if (!table) {
    problems.push({
      file: read.file,
      message:
        'no spend and activity table was found (a header row with "Scheme ID", "Scheme Name" and "Actual Expenditure to date")',
    });
    return { file: read.file, sheet: null, headerRow: 0, rows: [], cover, problems };
  }
  // Built-in columns under the return's own labels; the template year's own fields under theirs (the returns importer reads both).
  const labelOf = (field: string) =>
    isReturnField(field) ? RETURN_FIELD_SPECS[field].label : fields.find((f) => f.key === field)!.label;
  const columns = table.columns
    .filter((c) => isReturnField(c.field) || fields.some((f) => f.key === c.field))
    .map((c) => ({ field: c.field, index: letterIndex(c.letter) }));
  const width = maxOf(
    columns.map((c) => c.index + 1),
    0,
  );
  const rowOf = (cells: (field: string) => string): string[] => {
    const row = new Array<string>(width).fill('');
    for (const c of columns) row[c.index] = cells(c.field);
    return row;
  };
  const rows: string[][] = [];
  const put = (n: number, row: string[]) => {
    while (rows.length < n - 1) rows.push([]);
    rows[n - 1] = row;
  };
  put(table.headerRow, rowOf(labelOf));
  // A cell holding an error value is already a problem of its own: it is passed on blank, so it is not reported twice.
  for (const r of table.rows)
    put(
      r.row,
      rowOf((f) => (r.errors?.includes(f) ? '' : (r.cells[f] ?? ''))),
    );
  return {
    file: `${read.file} [${table.sheet}]`,
    sheet: table.sheet,
    headerRow: table.headerRow,
    rows,
    cover,
    problems,
  };
}

function letterIndex(letter: string): number {
  return [...letter].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

const PERIOD_WORDS = /\b(Q[1-4])\b|\bQuarter\s*([1-4])\b|\b(year[\s-]?end|end[\s-]of[\s-]year)\b/gi;

/** The return periods a workbook's cover names ("Q1 2024-25", "Quarter 2", "Year end"), each once, in the order of the year. */
export function periodsNamed(texts: readonly string[]): Period[] {
  const found = new Set<Period>();
  for (const text of texts) {
    for (const m of text.matchAll(PERIOD_WORDS)) {
      const parsed = parsePeriod(m[1] ?? (m[2] ? `Q${m[2]}` : 'YE'));
      if (parsed.ok) found.add(parsed.period);
    }
  }
  return (['Q1', 'Q2', 'Q3', 'YE'] as const).filter((p) => found.has(p));
}

// ---------------------------------------------------------------------------
// The metrics sheet read back

export const ASSESSMENT_FIELDS = ['onTrack', 'challenges', 'achievements'] as const;
export type AssessmentField = (typeof ASSESSMENT_FIELDS)[number];
export const ASSESSMENT_LABELS: Record<AssessmentField, string> = {
  onTrack: 'Assessment of progress',
  challenges: 'Challenges and any support needs',
  achievements: 'Achievements',
};

/** What one metric's assessment becomes: the workbook's value of each field the sheet has, the return's own of any other. */
export interface MetricFromWorkbook {
  metricId: number;
  name: string;
  row: number;
  input: AssessmentInput;
}

export interface MetricsFromWorkbook {
  sheet: string | null;
  metrics: MetricFromWorkbook[];
  /** Each value that changes, from the return's to the workbook's. */
  changes: { metric: string; field: AssessmentField; label: string; from: string; to: string }[];
  problems: ImportProblem[];
  notes: string[];
}

/** The longest challenges or achievements text the app keeps (as when typed in). */
const TEXT_LIMIT = 5000;

/**
 * A quarterly workbook's metrics rows as assessments of the return's metrics,
 * matched by name (case and spacing ignored). An unknown metric, a metric
 * given twice, or an assessment that is not one of the three answers is a
 * problem naming the file, sheet, row and column; a blank assessment leaves
 * the metric unassessed, as a blank cell empties a line's figure. Metrics the
 * workbook does not mention keep their assessments. No metrics table (a
 * profile or workbook without one): nothing read, no problem.
 */
export function metricsFromWorkbook(read: WorkbookRead, current: readonly MetricAssessment[]): MetricsFromWorkbook {
  const out: MetricsFromWorkbook = { sheet: null, metrics: [], changes: [], problems: [], notes: [] };
  const table = read.tables[METRICS_TABLE];
  if (!table) return out;
  out.sheet = table.sheet;
  const file = `${read.file} (sheet "${table.sheet}")`;
  const column = (field: string) => table.columns.find((c) => c.field === field);
  const at = (field: string) => {
    const c = column(field)!;
    return `"${c.header}" (${c.letter})`;
  };
  const byName = new Map(current.map((m) => [comparable(m.name), m]));
  const seen = new Map<number, number>();
  for (const r of table.rows) {
    const cell = (field: string) => (r.cells[field] ?? '').trim();
    const problem = (field: string, message: string) =>
      out.problems.push({ file, row: r.row, column: at(field), message });
    if (r.errors?.includes('name')) continue;
    const name = cell('name');
    if (name === '') {
      if (ASSESSMENT_FIELDS.some((f) => column(f) && cell(f) !== ''))
        problem('name', 'the Metric is blank, so the row cannot be matched to a metric of the return');
      continue;
    }
    const metric = byName.get(comparable(name));
    if (!metric) {
      problem(
        'name',
        `the return has no metric "${name}"; its metrics are ${current.map((m) => `"${m.name}"`).join(', ') || 'none'}`,
      );
      continue;
    }
    const before = seen.get(metric.metricId);
    if (before !== undefined) {
      problem('name', `the metric "${metric.name}" is given twice (also on row ${before})`);
      continue;
    }
    seen.set(metric.metricId, r.row);
    let bad = false;
    const input: AssessmentInput = {
      onTrack: metric.onTrack,
      challenges: metric.challenges,
      achievements: metric.achievements,
    };
    if (column('onTrack')) {
      const text = cell('onTrack');
      if (r.errors?.includes('onTrack')) bad = true;
      else if (text === '') input.onTrack = '';
      else {
        const answer = ON_TRACK_ANSWERS.find((a) => comparable(a) === comparable(text));
        if (answer) input.onTrack = answer as OnTrack;
        else {
          problem(
            'onTrack',
            `"${text}" is not an assessment of progress: expected ${ON_TRACK_ANSWERS.map((a) => `"${a}"`).join(', ')}, or blank`,
          );
          bad = true;
        }
      }
    }
    for (const f of ['challenges', 'achievements'] as const) {
      if (!column(f)) continue;
      if (r.errors?.includes(f)) {
        bad = true;
        continue;
      }
      const text = cell(f);
      if (text.length > TEXT_LIMIT) {
        problem(
          f,
          `the text is ${text.length.toLocaleString('en-GB')} characters long; at most ${TEXT_LIMIT.toLocaleString('en-GB')} are kept`,
        );
        bad = true;
      } else input[f] = text;
    }
    if (column('target') && !r.errors?.includes('target') && cell('target') !== metric.target.trim()) {
      out.notes.push(
        `Row ${r.row} of sheet "${table.sheet}": the workbook's target for "${metric.name}" is ${cell('target') ? `"${cell('target')}"` : 'blank'}, the return's ${metric.target.trim() ? `"${metric.target.trim()}"` : 'blank'}; targets are set with the year's metrics, not read from a workbook.`,
      );
    }
    if (bad) continue;
    out.metrics.push({ metricId: metric.metricId, name: metric.name, row: r.row, input });
    for (const f of ASSESSMENT_FIELDS)
      if (input[f] !== metric[f])
        out.changes.push({ metric: metric.name, field: f, label: ASSESSMENT_LABELS[f], from: metric[f], to: input[f] });
  }
  return out;
}
