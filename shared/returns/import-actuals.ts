import { checkRows, mapColumns, onePerCell } from '../imports/hygiene';
import { formatPence, parseMoney, type Pence } from '../money';
import {
  columnLetter,
  columnRef,
  isBlankRow,
  normaliseHeader,
  ROWS_PER_REPORT,
  type ImportProblem,
  type Row,
  type RowsChecked,
} from '../imports/table';
import {
  ENTRY_FIELDS,
  RETURN_FIELD_SPECS,
  returnColumnSpec,
  type ReturnColumn,
  type ReturnEntry,
  type ReturnFieldName,
  type ReturnFixed,
} from './line';
import { extraColumn, type ExtraField } from '../templates/fields';
import { appendAll, groupBy } from '../values/arrays';
import { nameKey } from '../values/text';

/**
 * Reads actuals from a finance ledger extract or a filled return (rows of
 * cells from a TSV, CSV or xlsx) and matches each row to one line of the
 * return by its Scheme ID and the fixed columns the file has. Lines that are
 * alike in every fixed column are told apart by Planned Expenditure; if they
 * still cannot be, the row is refused with a message — a row is never
 * assigned by guesswork. Every problem is collected (file, row, column); the
 * caller writes nothing unless there are none.
 */
export interface MatchableLine extends ReturnFixed {
  id: number;
}

export interface ActualsRowMatch {
  lineId: number;
  row: number;
  /** The entry columns the row sets: built-in ones by name, the template year's own as "extra.<key>". */
  values: Partial<Omit<ReturnEntry, 'extra'>> & { [column: `extra.${string}`]: unknown };
}

export interface ImportedTotal {
  row: number;
  label: string;
  field: 'plannedPence' | 'actualPence';
  printedPence: Pence;
}

export interface ActualsImport {
  file: string;
  headerRow: number;
  columns: { field: ReturnColumn; header: string; letter: string }[];
  /** Headings that are not return columns (a ledger's cost centre, say): read past, listed in the preview. */
  ignored: string[];
  matches: ActualsRowMatch[];
  printedTotals: ImportedTotal[];
  problems: ImportProblem[];
}

type Matcher = (h: string) => boolean;
const exact = (...names: string[]): Matcher => {
  const set = new Set(names.map(normaliseHeader));
  return (h) => set.has(h);
};
const startsWith =
  (...prefixes: string[]): Matcher =>
  (h) =>
    prefixes.some((p) => h.startsWith(normaliseHeader(p)));

/** Header texts each column is known by (NHS England's, and a ledger extract's usual words). */
const HEADERS: [ReturnFieldName, Matcher][] = [
  ['schemeId', exact('Scheme ID')],
  ['schemeName', exact('Scheme Name')],
  ['briefDescription', exact('Brief Description of Scheme', 'Brief Description', 'Description')],
  ['schemeType', exact('Scheme Type')],
  ['subType', exact('Sub Types', 'Sub Type', 'Subtype')],
  ['sourceOfFunding', exact('Source of Funding', 'Funding Source')],
  ['plannedPence', exact('Planned Expenditure', 'Planned Expenditure £', 'Planned', 'Plan', 'Budget')],
  ['plannedOutputs', exact('Planned outputs', 'Planned output')],
  ['outputUnit', exact('Unit of Measure', 'Units', 'Unit')],
  [
    'actualPence',
    exact(
      'Actual Expenditure to date',
      'Actual Expenditure',
      'Actual spend to date',
      'Actual to date',
      'Actual',
      'Actuals',
      'Spend to date',
      'Actual spend',
    ),
  ],
  ['outputsDelivered', startsWith('Outputs delivered')],
  ['issues', startsWith('Have there been any implementation issues', 'Implementation issues')],
  ['issueDescription', startsWith('If yes, please briefly describe', 'Description of the issues', 'Issue description')],
  ['forecastPence', exact('Forecast outturn for the year', 'Forecast outturn', 'Forecast', 'Forecast outturn £')],
  ['note', exact('Explanation of variance', 'Variance explanation', 'Explanation', 'Commentary')],
];

function fieldFor(header: string): ReturnFieldName | null {
  const h = normaliseHeader(header);
  if (h === '') return null;
  return HEADERS.find(([, m]) => m(h))?.[0] ?? null;
}

/** The columns only a quarterly return has: a filled return read as a plan reads past them. */
const RETURN_ONLY: ReadonlySet<ReturnFieldName> = new Set([
  'actualPence',
  'outputsDelivered',
  'issues',
  'issueDescription',
  'forecastPence',
  'note',
]);

export function isReturnOnlyHeading(header: string): boolean {
  const field = fieldFor(header);
  return field !== null && RETURN_ONLY.has(field);
}

const DESCRIBING = ['schemeName', 'briefDescription', 'schemeType', 'subType', 'sourceOfFunding'] as const;
const norm = nameKey;
const money = (p: Pence) => formatPence(p, { pence: 'auto' });
const TOTAL_LABEL = /\btotals?\b/i;

export function isActualsHeader(row: Row): boolean {
  const fields = row.map(fieldFor);
  return fields.includes('schemeId') && fields.includes('actualPence');
}

export function importActuals(
  file: string,
  rows: readonly Row[],
  lines: readonly MatchableLine[],
  sources: readonly string[],
  fields: readonly ExtraField[] = [],
  onRows?: RowsChecked,
): ActualsImport {
  const result = readActuals(file, rows, lines, sources, fields, onRows);
  result.problems = onePerCell(result.problems);
  return result;
}

function readActuals(
  file: string,
  rows: readonly Row[],
  lines: readonly MatchableLine[],
  sources: readonly string[],
  fields: readonly ExtraField[],
  onRows?: RowsChecked,
): ActualsImport {
  const problems: ImportProblem[] = [];
  const result: ActualsImport = {
    file,
    headerRow: 0,
    columns: [],
    ignored: [],
    matches: [],
    printedTotals: [],
    problems,
  };
  // The template year's own entry fields are read by their labels, as the workbook and the export head them.
  const own = new Map(fields.map((f) => [normaliseHeader(f.label), extraColumn(f.key) as ReturnColumn]));
  const columnFor = (h: string): ReturnColumn | null => fieldFor(h) ?? own.get(normaliseHeader(h)) ?? null;
  const mapped = mapColumns<ReturnColumn>(file, rows, {
    needed: [
      { label: RETURN_FIELD_SPECS.schemeId.label, matches: (h) => fieldFor(h) === 'schemeId' },
      { label: RETURN_FIELD_SPECS.actualPence.label, matches: (h) => fieldFor(h) === 'actualPence' },
    ],
    fieldFor: columnFor,
    second: (field) => `a second "${returnColumnSpec(field, fields)?.label ?? field}" column; keep one`,
  });
  appendAll(problems, mapped.problems);
  if (!mapped.found) return result;
  const { index: headerIndex, header, columns } = mapped;
  result.headerRow = headerIndex + 1;
  result.ignored = mapped.unread.map((i) => `${columnLetter(i)} ${header[i]!.trim()}`);
  if (problems.length > 0) return result;
  appendAll(problems, checkRows(file, rows, headerIndex));
  result.columns = [...columns.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([field, i]) => ({ field, header: header[i]!.trim(), letter: columnLetter(i) }));

  const normalisedHeader = header.map(normaliseHeader).join('\t');
  const claimed = new Map<number, number>();
  const inScope = new Set(sources.map(norm));
  // The return's lines by Scheme ID, as compared, made once: filtering every line for every row grew
  // with rows × lines (6,000 of each: 5 s).
  const byId = groupBy(lines, (l) => norm(l.schemeId));
  for (let r = headerIndex + 1; r < rows.length; r++) {
    if (onRows !== undefined && r % ROWS_PER_REPORT === 0) onRows(r);
    const row = rows[r]!;
    const rowNumber = r + 1;
    if (isBlankRow(row) || row.map(normaliseHeader).join('\t') === normalisedHeader) continue;
    const cell = (f: ReturnColumn) => (columns.has(f) ? (row[columns.get(f)!] ?? '') : undefined);
    const ref = (f: ReturnColumn) => columnRef(header[columns.get(f)!]!, columns.get(f)!);
    const problem = (message: string, f?: ReturnColumn) =>
      problems.push({ file, row: rowNumber, ...(f ? { column: ref(f) } : {}), message });
    const schemeId = (cell('schemeId') ?? '').trim();

    if (schemeId === '' && row.some((c) => TOTAL_LABEL.test(c))) {
      const label = row.find((c) => TOTAL_LABEL.test(c))!.trim();
      for (const f of ['plannedPence', 'actualPence'] as const) {
        const raw = cell(f);
        if (raw === undefined || raw.trim() === '') continue;
        const parsed = parseMoney(raw);
        if (parsed.ok) result.printedTotals.push({ row: rowNumber, label, field: f, printedPence: parsed.pence });
        else problem(`total row: ${parsed.message}`, f);
      }
      continue;
    }
    if (schemeId === '') {
      problem('the Scheme ID is blank, so the row cannot be matched to a line of the return', 'schemeId');
      continue;
    }

    // The figures first, so that every bad cell is reported even on a row that does not match.
    const values: ActualsRowMatch['values'] = {};
    let bad = false;
    for (const f of [...ENTRY_FIELDS, ...own.values()]) {
      const raw = cell(f);
      if (raw === undefined) continue;
      const parsed = returnColumnSpec(f, fields)!.parse(raw);
      if (parsed.ok) (values as Record<string, unknown>)[f] = parsed.value;
      else {
        bad = true;
        problem(parsed.message, f);
      }
    }
    let planned: Pence | null = null;
    const plannedRaw = cell('plannedPence');
    if (plannedRaw !== undefined && plannedRaw.trim() !== '') {
      const parsed = RETURN_FIELD_SPECS.plannedPence.parse(plannedRaw);
      if (parsed.ok) planned = parsed.value as Pence;
      else {
        bad = true;
        problem(parsed.message, 'plannedPence');
      }
    }
    if (bad) continue;

    const sameId = byId.get(norm(schemeId)) ?? [];
    if (sameId.length === 0) {
      problem(`no line of this return has Scheme ID ${schemeId}`, 'schemeId');
      continue;
    }
    let candidates = sameId;
    let mismatch: string | null = null;
    for (const f of DESCRIBING) {
      const raw = cell(f);
      if (raw === undefined) continue;
      const next = candidates.filter((l) => norm(l[f]) === norm(raw));
      if (next.length === 0) {
        const known = [...new Set(candidates.map((l) => l[f]))].map((v) => JSON.stringify(v)).join(', ');
        mismatch =
          f === 'sourceOfFunding' && !inScope.has(norm(raw))
            ? `Source of Funding "${raw.trim()}" is not in this return's scope (${sources.join(', ')})`
            : `Scheme ID ${schemeId} is in the return, but not with ${RETURN_FIELD_SPECS[f].label} ${JSON.stringify(raw.trim())} (the return has ${known})`;
        problem(mismatch, f);
        break;
      }
      candidates = next;
    }
    if (mismatch) continue;
    const desc = `Scheme ID ${schemeId}${cell('schemeName') ? ` "${cell('schemeName')!.trim()}"` : ''}`;
    if (planned !== null) {
      const byPlan = candidates.filter((l) => l.plannedPence === planned);
      if (byPlan.length === 0) {
        problem(
          candidates.length === 1
            ? `Planned Expenditure ${money(planned)} differs from the return's ${money(candidates[0]!.plannedPence)} for ${desc} (the return's fixed figure, copied from the plan): is the file for another version of the plan?`
            : `Planned Expenditure ${money(planned)} matches none of the ${candidates.length} lines of ${desc} (planned ${candidates.map((l) => money(l.plannedPence)).join(', ')})`,
          'plannedPence',
        );
        continue;
      }
      candidates = byPlan;
    }
    if (candidates.length > 1) {
      problem(
        planned === null
          ? `${candidates.length} lines of the return match ${desc} in every fixed column the file has (planned ${candidates.map((l) => money(l.plannedPence)).join(' and ')}); add a Planned Expenditure column so each row can be matched to one line. Nothing was guessed.`
          : `${candidates.length} lines of the return match ${desc} in every fixed column, Planned Expenditure ${money(planned)} included; they cannot be told apart, so the row is not imported. Give the lines distinct descriptions in the plan.`,
        'schemeId',
      );
      continue;
    }
    const line = candidates[0]!;
    const earlier = claimed.get(line.id);
    if (earlier !== undefined) {
      problem(
        `this row and row ${earlier} both match the same line of the return (${desc}, planned ${money(line.plannedPence)}); keep one`,
        'schemeId',
      );
      continue;
    }
    claimed.set(line.id, rowNumber);
    result.matches.push({ lineId: line.id, row: rowNumber, values });
  }
  if (problems.length === 0 && result.matches.length === 0)
    problems.push({ file, message: 'the file has a header row but no lines to import' });
  return result;
}
