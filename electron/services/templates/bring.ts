import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { columnLetter, normaliseHeader } from '../../../shared/imports/table';
import { ALL_FIELDS, type LineField } from '../../../shared/plans/line';
import { latestTemplateBefore, type SchemeTypeRef, type TemplateYear } from '../../../shared/reference/reference-set';
import { PERIOD_LABELS, type Period } from '../../../shared/returns/period';
import {
  choiceProblems,
  draftFrom,
  kindFromList,
  type BroughtColumn,
  type BroughtTable,
  type TemplateBrought,
} from '../../../shared/templates/draft';
import type { ExtraKind } from '../../../shared/templates/fields';
import { templateFile, templateFileProblems, templateFileSchema } from '../../../shared/templates/template-file';
import {
  coverFieldForLabel,
  matchHeader,
  TABLE_FIELDS,
  TABLE_KIND_LABELS,
  type TableKind,
} from '../../../shared/workbooks/fields';
import { cellRef, HEADER_SCAN_ROWS } from '../../../shared/workbooks/locate';
import type { CoverField, Profile, ProfileKind } from '../../../shared/workbooks/profile';
import { periodsNamed } from '../../../shared/workbooks/return-adapter';
import { nextYear, type YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { storedTemplateYears } from '../reference/reference';
import { XlsxPackage, type SheetInfo } from '../workbooks/package';
import { findCell, parseRange, readCell, type Range, type SheetXml } from '../workbooks/sheet-xml';
import { attr, elementText, parseAttrs } from '../workbooks/xml';
import { allProfiles, type StoredProfile } from '../workbooks/profiles';

/**
 * Brings a template year from NHS England's workbook (DOMAIN §9): reads its
 * sheets; finds each table by its header wherever it sits (the scheme lines,
 * income, the national conditions block, the metrics); maps each column to a
 * field the app knows, by its heading or by similar words, or proposes a new
 * field of the year for an input column the app has no field for (its kind
 * from its drop-down, number format or validation); tells input cells from
 * pre-populated ones (unlocked or locked, yellow or grey); finds required
 * columns (a checker above them), the drop-down lists (inline, a range, a
 * defined name, Excel's extension list) and the cover cells by their labels.
 * The result is a draft for the BCF manager to review, correct and save;
 * nothing is written here.
 */
interface Validation {
  type: string;
  ranges: Range[];
  formula: string;
}

/** Every data validation on a sheet: the ordinary ones and the x14 ones Excel keeps in the extension list. */
function validations(scan: SheetXml): Validation[] {
  const out: Validation[] = [];
  const tail = scan.xml.slice(scan.data.end);
  for (const m of tail.matchAll(/<(?:\w+:)?dataValidation\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?dataValidation>/g)) {
    const attrs = parseAttrs(m[1]!);
    const f = /<(?:\w+:)?formula1>([\s\S]*?)<\/(?:\w+:)?formula1>/.exec(m[2]!)?.[1] ?? '';
    const inner = /<(?:xm:)?f>([\s\S]*?)<\/(?:xm:)?f>/.exec(f)?.[1] ?? f;
    const sqref = attr(attrs, 'sqref') ?? /<(?:xm:)?sqref>([\s\S]*?)<\/(?:xm:)?sqref>/.exec(m[2]!)?.[1] ?? '';
    out.push({
      type: attr(attrs, 'type') ?? 'none',
      ranges: sqref
        .trim()
        .split(/\s+/)
        .flatMap((r) => parseRange(r) ?? []),
      formula: elementText(inner).trim(),
    });
  }
  return out;
}

/** The values a list validation offers: an inline list, a range (on any sheet), or a defined name for one. */
function listValues(pkg: XlsxPackage, sheet: SheetInfo, formula: string, depth = 0): string[] {
  const f = formula.replace(/^=/, '').trim();
  if (f.startsWith('"'))
    return f
      .slice(1, -1)
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const named = pkg.definedNames.find(
    (d) => d.name.toLowerCase() === f.toLowerCase() && (d.localSheetId === null || d.localSheetId === sheet.index),
  );
  if (named && depth < 3) return listValues(pkg, sheet, named.value, depth + 1);
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(f);
  const target = m ? pkg.sheet((m[1] ?? m[2]!).replace(/''/g, "'")) : sheet;
  const range = parseRange((m ? m[3]! : f).replace(/\$/g, ''));
  if (!target || !range) return [];
  const scan = pkg.scan(target);
  const out: string[] = [];
  for (let r = range.top; r <= Math.min(range.bottom, range.top + 500); r++) {
    for (let c = range.left; c <= range.right; c++) {
      const cell = findCell(scan, r, c);
      const v = cell ? readCell(scan, cell, pkg.sharedStrings()) : null;
      if (v && v.type !== 'blank' && v.text.trim() !== '') out.push(v.text.trim());
    }
  }
  return [...new Set(out)];
}

interface Hit {
  kind: TableKind;
  sheet: SheetInfo;
  /** 0-based header row. */
  row: number;
  fields: Map<number, { field: string; by: 'exact' | 'similar' }>;
  score: number;
}

const NEEDS: Record<TableKind, (used: Set<string>) => boolean> = {
  spendActivity: (u) => u.has('schemeId') && u.has('schemeName') && u.has('actualPence'),
  expenditure: (u) => u.has('schemeId') && u.has('schemeName') && !u.has('actualPence'),
  income: (u) => u.has('sourceOfFunding') && (u.has('amountPence') || u.has('amountYear2Pence')) && !u.has('schemeId'),
  metrics: (u) => u.has('name') && (u.has('target') || u.has('onTrack')),
  nationalConditions: (u) => u.has('condition') && u.has('answer'),
  yearEndIncome: (u) => u.has('sourceOfFunding') && u.has('actualPence') && !u.has('schemeId'),
};

/** The rows of one sheet that could be the header of a table of this kind, best first. */
function headerHits(grid: string[][], sheet: SheetInfo, kind: TableKind, years: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  const limit = Math.min(grid.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const fields = new Map<number, { field: string; by: 'exact' | 'similar' }>();
    const used = new Set<string>();
    let score = 0;
    // Exact headings first, so a renamed column never takes a field another column names exactly.
    for (const pass of ['exact', 'similar'] as const) {
      grid[r]?.forEach((cell, i) => {
        if (!cell || fields.has(i)) return;
        const m = matchHeader(kind, cell, years);
        if (!m || m.by !== pass || used.has(m.info.field)) return;
        fields.set(i, { field: m.info.field, by: m.by });
        used.add(m.info.field);
        score += m.by === 'exact' ? 2 : 1;
      });
    }
    if (NEEDS[kind](used)) hits.push({ kind, sheet, row: r, fields, score });
  }
  return hits.sort((a, b) => b.score - a.score);
}

/**
 * The year's own fields by the header their column was brought under, from the year's saved profiles: the
 * review may have renamed a field ("Aligned with neighbourhood working" for NHS England's longer header), and
 * the next quarter's workbook, with the same header, is that field again, not a second new one.
 */
function headersSaved(profiles: readonly StoredProfile[], year: TemplateYear, kind: ProfileKind): Map<string, string> {
  const own = new Set(year.fields.map((f) => f.key));
  const out = new Map<string, string>();
  // A plan's and a return's profiles may both have the header, each for its own field.
  for (const { profile } of profiles)
    if (profile.template === year.template && profile.kind === kind)
      for (const t of profile.tables)
        for (const c of t.columns) if (own.has(c.field)) out.set(normaliseHeader(c.header), c.field);
  return out;
}

/**
 * A workbook whose titles and headers name financial years, none of them the one it is brought for, is
 * another year's: taken as this year's, it would replace this year's template with that year's layout,
 * lists and columns. Refused, naming the years it is for (the user chose the year in a drop-down; a slip).
 */
function refuseAnotherYear(name: string, year: YearLabel, named: readonly string[]): void {
  if (named.length === 0 || named.includes(year)) return;
  throw new ApiError(
    'invalid_request',
    `${name} is for ${named.join(' and ')}, not ${year}: its titles and headers name ${named.length > 1 ? 'those years' : 'that year'} and never ${year}. Bring it for ${named[0]!} (or choose the workbook for ${year}); nothing was saved.`,
    'year',
  );
}

/** The financial years a workbook's headers name, first first. */
function yearsIn(texts: readonly string[]): string[] {
  const starts = new Set<number>();
  for (const t of texts)
    for (const m of t.matchAll(/\b(20\d{2})\s*[-/]\s*(\d{2})\b/g))
      if ((Number(m[1]) + 1) % 100 === Number(m[2])) starts.add(Number(m[1]));
  return [...starts].sort().map((s) => `${s}-${String((s + 1) % 100).padStart(2, '0')}`);
}

const YELLOWISH = /^(FFFF[0-9A-F]{2}|FFF2CC|FFEB9C|FFFFCC|FFE699|FFD966)$/;
const GREYISH = (rgb: string) => {
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(rgb.slice(i, i + 2), 16)) as [number, number, number];
  return Math.max(r, g, b) - Math.min(r, g, b) < 16 && r > 150 && r < 245;
};

/** The kind of value a new field holds, from its validation and its number format. */
function kindFromCell(validation: Validation | undefined, numFmt: string): ExtraKind {
  if (validation?.type === 'date') return 'date';
  if (validation?.type === 'whole') return 'quantity';
  const fmt = numFmt.replace(/"[^"]*"|\\./g, (m) => (m.includes('£') ? '£' : ''));
  if (/£|\[\$£/.test(numFmt) || /^(7|8|164)$/.test(numFmt)) return 'money';
  if (/%/.test(fmt) || numFmt === '9' || numFmt === '10') return 'percent';
  if (
    (/(^|[^a-z])(d{1,4}|m{1,4}|y{2,4})([^a-z]|$)/i.test(fmt) && /[dy]/i.test(fmt)) ||
    /^(14|15|16|17|22)$/.test(numFmt)
  )
    return 'date';
  if (validation?.type === 'decimal') return 'quantity';
  return 'text';
}

/** Whether a cell in the row above the header is a checker: "Yes"/"No", or a formula that gives one. */
function isChecker(scan: SheetXml, pkg: XlsxPackage, row: number, col: number): boolean {
  const cell = findCell(scan, row, col);
  if (!cell) return false;
  const v = readCell(scan, cell, pkg.sharedStrings());
  if (/^(yes|no)$/i.test(v.text.trim())) return true;
  return v.formula && /"yes"/i.test(cell.inner ?? '') && /"no"/i.test(cell.inner ?? '');
}

/** Fields a checker above asks for only on some rows (a No, a metric with a target, one not on track): never required on every row. */
const ONLY_SOMETIMES = new Set(['explanation', 'onTrack', 'challenges', 'achievements', 'issueDescription', 'note']);

const TITLES: Record<TableKind, string> = {
  expenditure: 'Expenditure',
  income: 'Income',
  spendActivity: 'Spend and activity',
  metrics: 'Metrics',
  nationalConditions: 'National conditions',
  yearEndIncome: 'Year-end income',
};

interface Found {
  table: BroughtTable;
  hit: Hit;
  /** Each column's value on every row of the table (blank as ''), by column index. */
  values: Map<number, string[]>;
}

function readTable(
  pkg: XlsxPackage,
  hit: Hit,
  grid: string[][],
  existing: TemplateYear | null,
  on: 'plan' | 'return',
  savedUnder: ReadonlyMap<string, string>,
): Found {
  const scan = pkg.scan(hit.sheet);
  const sst = pkg.sharedStrings();
  const dvs = validations(scan);
  const headerRow = hit.row + 1;
  const firstData = headerRow + 1;
  const header = grid[hit.row] ?? [];
  const checklistCells = header.map((_, i) => isChecker(scan, pkg, headerRow - 1, i));
  const hasChecklist = checklistCells.some(Boolean);
  const keyCol =
    [...hit.fields.entries()].find(
      ([, f]) =>
        f.field ===
        (hit.kind === 'metrics'
          ? 'name'
          : hit.kind === 'nationalConditions'
            ? 'condition'
            : hit.kind === 'income' || hit.kind === 'yearEndIncome'
              ? 'sourceOfFunding'
              : 'schemeId'),
    )?.[0] ?? -1;
  const keyCell = findCell(scan, firstData, keyCol);
  const prefilled =
    hit.kind !== 'expenditure' &&
    hit.kind !== 'income' &&
    keyCell !== undefined &&
    readCell(scan, keyCell, sst).type !== 'blank';
  // Rows of the table: down to the first blank key cell (pre-populated) or 200 rows (blank input rows).
  const rows: number[] = [];
  for (let r = firstData; r < firstData + 2000; r++) {
    const c = findCell(scan, r, keyCol);
    const v = c ? readCell(scan, c, sst) : null;
    if (prefilled ? !v || v.type === 'blank' : rows.length >= 200) break;
    rows.push(r);
  }
  const values = new Map<number, string[]>();
  const defaults = new Set<string>(
    hit.kind === 'expenditure'
      ? ['schemeId', 'schemeName', 'sourceOfFunding', 'expenditurePence']
      : hit.kind === 'income'
        ? ['sourceOfFunding', 'amountPence']
        : hit.kind === 'spendActivity'
          ? ['actualPence', 'issues']
          : hit.kind === 'nationalConditions'
            ? ['answer']
            : hit.kind === 'yearEndIncome'
              ? ['actualPence']
              : [],
  );
  const columns: BroughtColumn[] = [];
  header.forEach((text, i) => {
    if (!text || text.trim() === '') return;
    const known = hit.fields.get(i);
    const own =
      !known && (hit.kind === 'expenditure' || hit.kind === 'spendActivity')
        ? existing?.fields.find(
            (f) =>
              f.on === on &&
              (normaliseHeader(f.label) === normaliseHeader(text) || savedUnder.get(normaliseHeader(text)) === f.key),
          )
        : undefined;
    const cell = findCell(scan, firstData, i);
    const v = cell ? readCell(scan, cell, sst) : null;
    const style = pkg.style(v ? v.style : 0);
    const fill = style.fill;
    const byRow = rows.map((r) => {
      const c = findCell(scan, r, i);
      const x = c ? readCell(scan, c, sst) : null;
      return x && x.type !== 'blank' ? x.text.trim() : '';
    });
    const colValues = byRow.filter((v) => v !== '');
    values.set(i, byRow);
    let role: BroughtColumn['role'];
    if (v?.formula) role = 'ignored';
    else if (scan.protected)
      role = !style.locked ? 'input' : colValues.length > 0 || prefilled ? 'prefilled' : 'ignored';
    else if (fill && YELLOWISH.test(fill)) role = 'input';
    else if (fill && GREYISH(fill)) role = 'prefilled';
    else role = prefilled && colValues.length > 0 ? 'prefilled' : 'input';
    const dv = dvs.find((x) =>
      x.ranges.some((r) => firstData >= r.top && firstData <= r.bottom && i >= r.left && i <= r.right),
    );
    const offered = dv?.type === 'list' ? listValues(pkg, hit.sheet, dv.formula) : [];
    const field = known?.field ?? own?.key ?? null;
    const matchedBy: BroughtColumn['matchedBy'] = known ? known.by : own ? 'exact' : role === 'input' ? 'new' : null;
    columns.push({
      letter: columnLetter(i),
      header: text.trim(),
      field,
      matchedBy,
      role,
      extraKind: own?.kind ?? kindFromList(offered, kindFromCell(dv, style.numFmt)),
      // An explanation, an assessment or challenges are asked for on some rows only: the checks say which, not a required column.
      required:
        !(field !== null && ONLY_SOMETIMES.has(field)) &&
        (hasChecklist ? checklistCells[i] === true : field !== null && defaults.has(field)),
      listValues: offered,
      samples: colValues.slice(0, 3),
    });
  });
  const mode =
    prefilled || hit.kind === 'metrics' || hit.kind === 'nationalConditions' || hit.kind === 'yearEndIncome'
      ? 'prefilled'
      : 'rows';
  return {
    hit,
    values,
    table: {
      id: hit.kind,
      title: TITLES[hit.kind],
      sheet: hit.sheet.name,
      headerRow,
      mode,
      checklist: hasChecklist,
      columns,
    },
  };
}

const letterIndex = (letter: string) => letter.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** The lists the brought tables show: drop-downs, and the values NHS England pre-populated. */
const LIST_OF: Partial<Record<string, keyof TemplateYear['lists']>> = {
  sourceOfFunding: 'sourcesOfFunding',
  areaOfSpend: 'areasOfSpend',
  commissioner: 'commissioners',
  provider: 'providers',
  outputUnit: 'outputUnits',
  schemeType: 'schemeTypes',
};
const LIST_LABEL: Record<string, string> = {
  sourcesOfFunding: 'Sources of Funding',
  areasOfSpend: 'Areas of Spend',
  commissioners: 'Commissioners',
  providers: 'Providers',
  outputUnits: 'Output units',
  schemeTypes: 'Scheme Types',
};

function profileIdFor(year: string, kind: ProfileKind, period: Period | null): string {
  if (kind === 'plan') return `${year}-planning`;
  return period === 'YE' ? `${year}-year-end` : `${year}-quarterly-${(period ?? 'q').toLowerCase()}`;
}

/** A copy of the template year a new year starts from: its lists and layout, none of its own fields, metrics or conditions. */
function startFrom(from: TemplateYear, id: string, years: YearLabel[]): TemplateYear {
  const columns: LineField[] = from.columns.filter((c) => years.length > 1 || c !== 'expenditureYear2Pence');
  if (years.length > 1 && !columns.includes('expenditureYear2Pence'))
    columns.splice(columns.indexOf('expenditurePence') + 1, 0, 'expenditureYear2Pence');
  return {
    ...(JSON.parse(JSON.stringify(from)) as TemplateYear),
    template: id,
    label: `NHS England BCF template ${id}`,
    confidence: 'official',
    copiedFrom: from.template,
    years,
    columns,
    required: from.required.filter((c) => columns.includes(c)),
    fields: [],
    customLists: {},
    metrics: [],
    nationalConditions: [],
    // The uplift of the NHS minimum to adult social care is the year's own, never another year's.
    ascUpliftPercent: undefined,
  };
}

export function bringTemplate(
  ctx: ServiceContext,
  args: { file: string; bytes: Uint8Array; year: YearLabel; period?: Period | undefined },
): TemplateBrought {
  const name = path.basename(args.file);
  const pkg = new XlsxPackage(name, args.bytes);
  const notes: string[] = [];
  const visible = pkg.sheets.filter((s) => s.state === 'visible');
  const grids = new Map(visible.map((s) => [s.part, pkg.grid(s, HEADER_SCAN_ROWS + 5)]));
  const headerTexts = [...grids.values()].flatMap((g) => g.slice(0, 80).flat()).filter(Boolean);
  refuseAnotherYear(name, args.year, yearsIn(headerTexts));

  // The template year that already covers the year, if any: its years are the ones a two-year plan's
  // columns name ("2023-24" is the first year of 2023-25 even when the workbook is brought for 2024-25).
  const stored = storedTemplateYears(ctx);
  const covering = stored.find((t) => t.set.years.includes(args.year));
  const columnYears = covering && covering.set.years.length > 1 ? covering.set.years : [args.year, nextYear(args.year)];

  // The tables, each found where its header is; two sheets claiming one table is a workbook to fix first.
  const hits = new Map<TableKind, Hit>();
  const taken = new Set<string>();
  for (const kind of [
    'spendActivity',
    'expenditure',
    'income',
    'nationalConditions',
    'metrics',
    'yearEndIncome',
  ] as TableKind[]) {
    if (kind === 'expenditure' && hits.has('spendActivity')) continue;
    if (kind === 'yearEndIncome' && !hits.has('spendActivity')) continue;
    if (kind === 'income' && !hits.has('expenditure')) continue;
    const all = visible
      .flatMap((s) => headerHits(grids.get(s.part)!, s, kind, columnYears).slice(0, 1))
      .filter((h) => !taken.has(`${h.sheet.part}:${h.row}`));
    if (all.length === 0) continue;
    const best = all.sort((a, b) => b.score - a.score);
    if ((kind === 'spendActivity' || kind === 'expenditure') && best.length > 1 && best[1]!.score === best[0]!.score) {
      throw new ApiError(
        'refused',
        `${name} has two tables that both claim the ${TABLE_KIND_LABELS[kind].toLowerCase()}: sheet "${best[0]!.sheet.name}" (header on row ${best[0]!.row + 1}) and sheet "${best[1]!.sheet.name}" (header on row ${best[1]!.row + 1}). Remove or rename one in a copy of the workbook and bring it again; nothing was saved.`,
      );
    }
    hits.set(kind, best[0]!);
    taken.add(`${best[0]!.sheet.part}:${best[0]!.row}`);
  }
  if (!hits.has('spendActivity') && !hits.has('expenditure')) {
    throw new ApiError(
      'refused',
      `${name} has no table of scheme lines that the app can find: no sheet has a header row with "Scheme ID" and "Scheme Name" (and, for a return, "Actual Expenditure to date") in its first ${HEADER_SCAN_ROWS} rows. Is it a BCF planning or reporting workbook? Nothing was saved.`,
    );
  }
  const kind: ProfileKind = hits.has('spendActivity') ? 'return' : 'plan';
  const on = kind === 'plan' ? 'plan' : 'return';

  // Which period a reporting workbook is for: as given, or as its cover and titles say.
  let period: Period | null = null;
  if (kind === 'return') {
    const named = periodsNamed(headerTexts);
    period = args.period ?? (named.length === 1 ? named[0]! : null);
    if (!period)
      throw new ApiError(
        'invalid_request',
        `${name} is a reporting workbook, but ${named.length === 0 ? 'it does not say which quarter it is for' : `it names ${named.join(' and ')}`}; say which (Q1, Q2, Q3 or year end).`,
        'period',
      );
    if (args.period && named.length > 0 && !named.includes(args.period))
      notes.push(
        `The workbook names ${named.map((p) => PERIOD_LABELS[p]).join(' and ')}; it is taken as the ${PERIOD_LABELS[args.period]} template, as you said.`,
      );
  }

  // The template year: the one that already covers the year, or a new one (two years when the plan's expenditure names both).
  const twoYears =
    kind === 'plan' &&
    yearsIn(headerTexts).includes(nextYear(args.year)) &&
    [...hits.get('expenditure')!.fields.values()].some((f) => f.field === 'expenditureYear2Pence');
  const years = covering ? covering.set.years : twoYears ? [args.year, nextYear(args.year)] : [args.year];
  const templateId = covering
    ? covering.set.template
    : years.length > 1
      ? `${args.year.slice(0, 5)}${years[1]!.slice(5)}`
      : args.year;
  const from =
    covering?.set ??
    latestTemplateBefore(
      stored.map((t) => t.set),
      args.year,
    );
  if (!from) throw new ApiError('internal', 'There is no template year to start from.');
  const year: TemplateYear =
    covering && covering.set.confidence !== 'provisional'
      ? (JSON.parse(JSON.stringify(covering.set)) as TemplateYear)
      : startFrom(covering?.set ?? from, templateId, years);
  const official = Boolean(covering && covering.set.confidence !== 'provisional');
  if (!official)
    notes.push(
      `The ${templateId} template year starts from ${from.template}'s lists and plan layout; what this workbook shows replaces them.`,
    );
  year.confidence = 'official';
  const today = ctx.now().toISOString().slice(0, 10);
  year.provenance =
    `${official ? `${year.provenance} ` : `Started from ${from.template}. `}Brought from ${name} (${kind === 'plan' ? 'planning' : `${PERIOD_LABELS[period!]} reporting`} workbook) on ${today}.`.slice(
      -4000,
    );

  const profiles = allProfiles(ctx);
  const savedUnder = headersSaved(profiles, year, kind);
  const found = [...hits.values()]
    .sort((a, b) => a.sheet.index - b.sheet.index || a.row - b.row)
    .map((h) => readTable(pkg, h, grids.get(h.sheet.part)!, year, on, savedUnder));
  const tables = found.map((f) => f.table);

  // Lists: each list column's drop-down, else the values NHS England pre-populated.
  const lists: TemplateBrought['lists'] = [];
  for (const f of found) {
    for (const c of f.table.columns) {
      const list = c.field ? LIST_OF[c.field] : undefined;
      if (!list) continue;
      const i = letterIndex(c.letter);
      const seen = c.listValues.length > 0 ? c.listValues : [...new Set((f.values.get(i) ?? []).filter(Boolean))];
      if (seen.length === 0) continue;
      const fromWhere = `sheet "${f.table.sheet}", column ${c.letter} (${c.listValues.length > 0 ? 'its drop-down' : 'the pre-populated lines'})`;
      if (list === 'schemeTypes') {
        const old = new Map(year.lists.schemeTypes.map((t) => [t.value.toLowerCase(), t]));
        const next: SchemeTypeRef[] = seen.map(
          (v) =>
            old.get(v.toLowerCase()) ?? {
              value: v,
              subTypes: [],
              ...(v.toLowerCase() === 'other' ? { other: true } : {}),
            },
        );
        year.lists.schemeTypes =
          official && c.listValues.length === 0
            ? [...year.lists.schemeTypes, ...next.filter((t) => !old.has(t.value.toLowerCase()))]
            : next;
      } else {
        const current = year.lists[list];
        year.lists[list] =
          official && c.listValues.length === 0
            ? [...current, ...seen.filter((v) => !current.some((x) => x.toLowerCase() === v.toLowerCase()))]
            : seen;
      }
      const entry = {
        name: list,
        label: LIST_LABEL[list]!,
        values: list === 'schemeTypes' ? year.lists.schemeTypes.map((t) => t.value) : year.lists[list],
        from: fromWhere,
      };
      const i2 = lists.findIndex((l) => l.name === list);
      if (i2 >= 0) lists[i2] = entry;
      else lists.push(entry);
    }
  }
  // Sub types NHS England pre-populated go under the scheme type of the same row.
  for (const f of found) {
    const typeCol = f.table.columns.find((c) => c.field === 'schemeType');
    const subCol = f.table.columns.find((c) => c.field === 'subType');
    if (!typeCol || !subCol) continue;
    const types = f.values.get(letterIndex(typeCol.letter)) ?? [];
    const subs = f.values.get(letterIndex(subCol.letter)) ?? [];
    types.forEach((type, i) => {
      const t = year.lists.schemeTypes.find((x) => x.value.toLowerCase() === type.toLowerCase());
      const sub = subs[i] ?? '';
      if (t && sub !== '' && !t.subTypes.some((x) => x.toLowerCase() === sub.toLowerCase()))
        t.subTypes = [...t.subTypes, sub];
    });
  }
  if (!year.lists.sourcesOfFunding.some((s) => s.toLowerCase() === year.nhsMinimumSource.toLowerCase())) {
    const nhs = year.lists.sourcesOfFunding.find((s) => /nhs/i.test(s) && /minimum/i.test(s));
    if (nhs) {
      notes.push(`The NHS minimum contribution is "${nhs}" in this year's list (it was "${year.nhsMinimumSource}").`);
      year.nhsMinimumSource = nhs;
    }
  }

  // The national conditions and the metrics, as the workbook lists them.
  const rowsOf = (id: TableKind, field: string) => {
    const f = found.find((x) => x.table.id === id);
    const c = f?.table.columns.find((x) => x.field === field);
    if (!f || !c) return [];
    return (f.values.get(letterIndex(c.letter)) ?? []).filter(Boolean);
  };
  const conditions = rowsOf('nationalConditions', 'condition').map((text, i) => ({
    key: /^\s*(\d{1,2})\s*[).:-]/.exec(text)?.[1] ?? String(i + 1),
    text: text.slice(0, 2000),
  }));
  if (conditions.length > 0) year.nationalConditions = conditions;
  const metrics = rowsOf('metrics', 'name').map((n) => n.slice(0, 200));
  if (metrics.length > 0) year.metrics = [...new Set(metrics)].map((n) => ({ name: n }));

  // The cover: the labels the app knows, with the value beside them.
  const coverSheet = visible.find((s) => /cover/i.test(s.name)) ?? visible[0]!;
  const cover: TemplateBrought['cover'] = [];
  {
    const scan = pkg.scan(coverSheet);
    const grid = grids.get(coverSheet.part)!;
    grid.forEach((row, r) =>
      row.forEach((text, c) => {
        const info = text ? coverFieldForLabel(text) : undefined;
        if (!info || cover.some((x) => x.key === info.field)) return;
        const merge = scan.merged.find((m) => m.top === r + 1 && m.left === c);
        const col = (merge ? merge.right : c) + 1;
        const cell = findCell(scan, r + 1, col);
        const v = cell ? readCell(scan, cell, pkg.sharedStrings()) : null;
        const style = pkg.style(v ? v.style : 0);
        const role = scan.protected
          ? style.locked
            ? 'prefilled'
            : 'input'
          : v && v.type !== 'blank' && style.fill && GREYISH(style.fill)
            ? 'prefilled'
            : 'input';
        cover.push({
          key: info.field,
          label: text.trim(),
          cell: `${coverSheet.name}!${cellRef(r, col)}`,
          role,
          value: v?.text ?? '',
        });
      }),
    );
    if (cover.length === 0)
      notes.push(
        `No cover cells were found (labels such as "Completed by:"), so the cover details will not be written.`,
      );
  }

  // The profile: the workbook's sheets, title and cover; checks carried from the nearest profile of the same kind.
  // A workbook brought for a shipped year gets a name of its own: shipped profiles stay as they are, to go back to.
  const suggested = profileIdFor(templateId, kind, period);
  const profileId = profiles.some((p) => p.origin === 'shipped' && p.profile.id === suggested)
    ? `${suggested}-official`
    : suggested;
  const like = profiles
    .filter((p) => p.profile.kind === kind)
    .sort(
      (a, b) =>
        (a.profile.template === templateId ? -1 : 0) - (b.profile.template === templateId ? -1 : 0) ||
        b.profile.years[0]!.localeCompare(a.profile.years[0]!),
    )[0]?.profile;
  const titleText =
    (grids.get(coverSheet.part)?.[0] ?? []).find((t) => t && t.trim()) ?? like?.title ?? 'Better Care Fund';
  const coverFields: CoverField[] = cover.map((c) => ({
    key: c.key,
    label: c.label,
    role: c.role === 'prefilled' ? 'prefilled' : 'input',
    required: true,
  }));
  const skeleton: Profile = {
    id: profileId,
    label: `NHS England BCF ${kind === 'plan' ? 'planning' : period === 'YE' ? 'year-end' : `${PERIOD_LABELS[period!]} reporting`} template ${templateId}`,
    kind,
    template: templateId,
    years: kind === 'plan' ? years : [args.year],
    ...(kind === 'return' ? { periods: [period!] } : {}),
    provenance: `Brought from ${name} on ${today}, reviewed by the user.`,
    sheets: visible.map((s) => s.name).slice(0, 60),
    title: titleText.trim().slice(0, 200) || 'Better Care Fund',
    guidanceSheet: visible.find((s) => /guidance/i.test(s.name))?.name ?? like?.guidanceSheet ?? 'Guidance',
    listSheet: like?.listSheet ?? 'Lists',
    requiredRule: kind === 'plan' ? 'plan.required-field' : 'return.required-field',
    cover: { sheet: coverSheet.name, fields: coverFields },
    tables: [],
    checks: like?.checks ?? [],
    lists: {
      yesNo: ['Yes', 'No'],
      onTrack: ['On track to meet target', 'Not on track to meet target', 'Data not available to assess progress'],
      ...(like?.lists ?? {}),
    },
  };
  const own = profiles
    .filter((p) => p.origin === 'user' && p.profile.template === templateId && p.profile.id !== profileId)
    .map((p) => p.profile);
  const base = templateFile(year, [...own, skeleton]);
  const shell = { base, profileId, tables, kind };
  const draft = draftFrom(shell);
  if (kind === 'plan') {
    const exp = draft.profiles.find((p) => p.id === profileId)!.tables.find((t) => t.id === 'expenditure');
    if (exp)
      notes.push(
        `The plan layout of ${templateId} becomes this workbook's: ${exp.columns.filter((c) => (ALL_FIELDS as string[]).includes(c.field) && c.role !== 'ignored').length} columns of the app's, ${draft.templateYear.fields.filter((f) => f.on === 'plan').length} of the year's own.`,
      );
  }
  for (const t of tables) {
    const unused = t.columns
      .filter((c) => c.field === null && c.matchedBy === null)
      .map((c) => `"${c.header}" (${c.letter})`);
    if (unused.length > 0)
      notes.push(
        `Sheet "${t.sheet}": ${unused.join(', ')} ${unused.length === 1 ? 'is' : 'are'} pre-populated or calculated and not used by the app; map ${unused.length === 1 ? 'it' : 'them'} if the app should read ${unused.length === 1 ? 'it' : 'them'}.`,
      );
    const similar = t.columns
      .filter((c) => c.matchedBy === 'similar')
      .map(
        (c) =>
          `"${c.header}" (${c.letter}) as ${TABLE_FIELDS[t.id].find((f) => f.field === c.field)?.label ?? c.field}`,
      );
    if (similar.length > 0)
      notes.push(
        `Sheet "${t.sheet}": taken by similar words, check ${similar.length === 1 ? 'it' : 'them'}: ${similar.join('; ')}.`,
      );
  }
  const checked = templateFileSchema.safeParse(draft);
  const problems = [...choiceProblems(shell), ...(checked.success ? [] : templateFileProblems(checked.error))];
  return {
    file: name,
    templateId,
    kind,
    period,
    profileId,
    base,
    draft,
    valid: problems.length === 0,
    problems,
    sheets: pkg.sheets.map((s) => ({ name: s.name, state: s.state })),
    tables,
    cover,
    lists,
    conditions,
    metrics,
    notes,
    replaces: covering ? { origin: covering.origin, confidence: covering.set.confidence } : null,
  };
}
