import path from 'node:path';
import type { DerivedProfile } from '../../../shared/api';
import { columnLetter } from '../../../shared/imports/table';
import { templateForYear } from '../../../shared/reference/reference-set';
import { checkColumns, profileSchema, type Check, type Profile, type ProfileColumn, type ProfileTable } from '../../../shared/workbooks/profile';
import { coverFieldForLabel, fieldForHeader, TABLE_FIELDS, type TableKind } from '../../../shared/workbooks/fields';
import { cellRef, HEADER_SCAN_ROWS } from '../../../shared/workbooks/locate';
import type { ServiceContext } from '../context';
import { referenceSets } from '../reference/reference';
import { XlsxPackage, type SheetInfo } from './package';
import { findCell, parseRange, readCell, type Range, type SheetXml } from './sheet-xml';
import { attr, elementText, parseAttrs } from './xml';
import { allProfiles } from './profiles';

/**
 * Derives a profile from an official workbook the user opens: its sheets,
 * the header row of each table (matched against the headers each field is
 * known by), which columns are inputs (unlocked cells under the header) and
 * which are pre-populated, which are required (a checker above the column),
 * the drop-down lists (data validations, including those Excel keeps in
 * extension lists) and the cover labels. The result is a draft for the user
 * to look at, correct and save; nothing is saved here.
 */
interface Validation {
  ranges: Range[];
  formula: string;
}

/** Every list validation on a sheet: the ordinary ones and the x14 ones in the extension list. */
function listValidations(scan: SheetXml): Validation[] {
  const out: Validation[] = [];
  const tail = scan.xml.slice(scan.data.end);
  for (const m of tail.matchAll(/<(?:\w+:)?dataValidation\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?dataValidation>/g)) {
    const attrs = parseAttrs(m[1]!);
    if (attr(attrs, 'type') !== 'list') continue;
    const f = /<(?:\w+:)?formula1>([\s\S]*?)<\/(?:\w+:)?formula1>/.exec(m[2]!)?.[1] ?? '';
    const inner = /<(?:xm:)?f>([\s\S]*?)<\/(?:xm:)?f>/.exec(f)?.[1] ?? f;
    const sqref = attr(attrs, 'sqref') ?? /<(?:xm:)?sqref>([\s\S]*?)<\/(?:xm:)?sqref>/.exec(m[2]!)?.[1] ?? '';
    out.push({ ranges: sqref.trim().split(/\s+/).flatMap((r) => parseRange(r) ?? []), formula: elementText(inner).trim() });
  }
  return out;
}

/** The values a list validation offers: an inline list, a range (on any sheet), or a defined name for one. */
function listValues(pkg: XlsxPackage, sheet: SheetInfo, formula: string, depth = 0): string[] {
  const f = formula.replace(/^=/, '').trim();
  if (f.startsWith('"')) return f.slice(1, -1).split(',').map((v) => v.trim()).filter(Boolean);
  const named = pkg.definedNames.find((d) => d.name.toLowerCase() === f.toLowerCase() && (d.localSheetId === null || d.localSheetId === sheet.index));
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
  return out;
}

interface Found {
  kind: TableKind;
  sheet: SheetInfo;
  row: number;
  fields: Map<number, string>;
  score: number;
}

/** The financial years the workbook's headers name, first first. */
function yearsIn(texts: string[]): string[] {
  const starts = new Set<number>();
  for (const t of texts) for (const m of t.matchAll(/\b(20\d{2})\s*[-/]\s*(\d{2})\b/g)) if ((Number(m[1]) + 1) % 100 === Number(m[2])) starts.add(Number(m[1]));
  return [...starts].sort().map((s) => `${s}-${String((s + 1) % 100).padStart(2, '0')}`);
}

function bestHeader(grid: string[][], sheet: SheetInfo, kind: TableKind, years: string[]): Found | null {
  let best: Found | null = null;
  const limit = Math.min(grid.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const fields = new Map<number, string>();
    const used = new Set<string>();
    grid[r]?.forEach((cell, i) => {
      const f = cell ? fieldForHeader(kind, cell, years) : undefined;
      if (f && !used.has(f.field)) {
        fields.set(i, f.field);
        used.add(f.field);
      }
    });
    const keys = kind === 'income' ? used.has('sourceOfFunding') && used.has('amountPence') : used.has('schemeId') && used.has('schemeName');
    if (!keys || (kind === 'spendActivity' && !used.has('actualPence'))) continue;
    if (!best || fields.size > best.score) best = { kind, sheet, row: r, fields, score: fields.size };
  }
  return best;
}

const TABLE_IDS: Record<TableKind, string> = { expenditure: 'expenditure', income: 'income', spendActivity: 'spendActivity' };
const TABLE_TITLES: Record<TableKind, string> = { expenditure: 'Expenditure', income: 'Income', spendActivity: 'Spend and activity' };

export function deriveProfile(ctx: ServiceContext, file: string, bytes: Uint8Array): DerivedProfile {
  const name = path.basename(file);
  const pkg = new XlsxPackage(name, bytes);
  const notes: string[] = [];
  const visible = pkg.sheets.filter((s) => s.state === 'visible');
  const grids = new Map(pkg.sheets.map((s) => [s.part, pkg.grid(s, HEADER_SCAN_ROWS + 5)]));
  const headerTexts = [...grids.values()].flatMap((g) => g.slice(0, 60).flat()).filter(Boolean);
  const years = yearsIn(headerTexts);

  const found: Found[] = [];
  for (const kind of ['spendActivity', 'expenditure', 'income'] as TableKind[]) {
    let best: Found | null = null;
    for (const sheet of visible) {
      if (found.some((f) => f.sheet === sheet)) continue;
      const hit = bestHeader(grids.get(sheet.part)!, sheet, kind, years);
      if (hit && (!best || hit.score > best.score)) best = hit;
    }
    if (best && !(kind === 'expenditure' && found.some((f) => f.kind === 'spendActivity'))) found.push(best);
  }
  const kind = found.some((f) => f.kind === 'spendActivity') ? 'return' : 'plan';
  const sets = referenceSets(ctx);
  const template = years[0] ? templateForYear(sets, years[0]).template : sets[sets.length - 1]!.template;
  const set = sets.find((s) => s.template === template)!;
  const base = allProfiles(ctx).find((p) => p.origin === 'shipped' && p.profile.kind === kind && (kind === 'return' || p.profile.template === template))?.profile;

  const tables: DerivedProfile['tables'] = [];
  const profileTables: ProfileTable[] = [];
  for (const f of found.sort((a, b) => a.sheet.index - b.sheet.index)) {
    const scan = pkg.scan(f.sheet);
    const grid = grids.get(f.sheet.part)!;
    const validations = listValidations(scan);
    const headerRow = f.row + 1;
    const firstData = headerRow + 1;
    const infos = TABLE_FIELDS[f.kind];
    const defaults = new Set<string>(f.kind === 'expenditure' ? [...set.required, ...(years.length > 1 ? ['expenditureYear2Pence'] : [])] : f.kind === 'income' ? ['sourceOfFunding', 'amountPence'] : ['actualPence', 'issues']);
    const checklist = grid[f.row - 1] ?? [];
    const hasChecklist = checklist.some((c) => /^(yes|no)$/i.test((c ?? '').trim()));
    const keyValues = findCell(scan, firstData, [...f.fields.entries()].find(([, field]) => field === 'schemeId')?.[0] ?? -1);
    const prefilledMode = f.kind === 'spendActivity' && keyValues !== undefined && readCell(scan, keyValues, pkg.sharedStrings()).type !== 'blank';
    const columns: DerivedProfile['tables'][number]['columns'] = [];
    const profileColumns: ProfileColumn[] = [];
    (grid[f.row] ?? []).forEach((header, i) => {
      if (!header || header.trim() === '') return;
      const field = f.fields.get(i) ?? null;
      const info = infos.find((x) => x.field === field);
      const cell = findCell(scan, firstData, i);
      const v = cell ? readCell(scan, cell, pkg.sharedStrings()) : null;
      const locked = v ? pkg.style(v.style).locked : true;
      const role = v?.formula ? 'ignored' : scan.protected ? (!locked ? 'input' : v && v.type !== 'blank' ? 'prefilled' : 'ignored') : v && v.type !== 'blank' && prefilledMode ? 'prefilled' : 'input';
      const validation = validations.find((x) => x.ranges.some((r) => firstData >= r.top && firstData <= r.bottom && i >= r.left && i <= r.right));
      const values = validation ? listValues(pkg, f.sheet, validation.formula) : [];
      const required = hasChecklist ? (checklist[i] ?? '').trim() !== '' : field !== null && defaults.has(field);
      columns.push({ letter: columnLetter(i), header: header.trim(), field, role, kind: info?.kind ?? 'text', required, list: info?.list ?? null, listValues: values });
      if (!field || !info) return;
      profileColumns.push({
        field, header: header.trim(), kind: info.kind, role,
        ...(field === 'schemeId' || (field === 'sourceOfFunding' && f.kind === 'income') || (field === 'schemeName' && prefilledMode) ? { key: true } : {}),
        ...(required && role !== 'ignored' ? { required: true } : {}),
        ...(info.list && role === 'input' ? { list: info.list } : {}),
      });
    });
    tables.push({ id: TABLE_IDS[f.kind], sheet: f.sheet.name, headerRow, columns });
    profileTables.push({
      id: TABLE_IDS[f.kind], title: TABLE_TITLES[f.kind], sheet: f.sheet.name, mode: prefilledMode ? 'prefilled' : 'rows',
      ...(hasChecklist ? { checklist: true } : {}), ...(prefilledMode ? {} : { spareRows: f.kind === 'income' ? 20 : 50 }), columns: profileColumns,
    });
    const unknown = columns.filter((c) => !c.field).map((c) => `"${c.header}" (${c.letter})`);
    if (unknown.length) notes.push(`Sheet "${f.sheet.name}": ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not mapped to a field; map ${unknown.length === 1 ? 'it' : 'them'} if the app should read or write ${unknown.length === 1 ? 'it' : 'them'}.`);
  }
  if (found.length === 0) notes.push('No table with the headers of a plan (Scheme ID, Scheme Name …), an income table (Source of Funding, an amount) or a quarterly return (… Actual Expenditure to date) was found.');

  // The cover: labels the app knows, with the value beside them.
  const coverSheet = visible.find((s) => /cover/i.test(s.name)) ?? (base ? pkg.sheet(base.cover.sheet) : undefined);
  const cover: DerivedProfile['cover'] = [];
  if (coverSheet) {
    const scan = pkg.scan(coverSheet);
    const grid = grids.get(coverSheet.part)!;
    grid.forEach((row, r) => row.forEach((text, c) => {
      const info = text ? coverFieldForLabel(text) : undefined;
      if (!info || cover.some((x) => x.key === info.field)) return;
      const merge = scan.merged.find((m) => m.top === r + 1 && m.left === c);
      const col = (merge ? merge.right : c) + 1;
      const cell = findCell(scan, r + 1, col);
      const v = cell ? readCell(scan, cell, pkg.sharedStrings()) : null;
      const locked = v ? pkg.style(v.style).locked : true;
      const role = scan.protected && locked && v && v.type !== 'blank' ? 'prefilled' : 'input';
      cover.push({ key: info.field, label: text.trim(), cell: `${coverSheet.name}!${cellRef(r, col)}`, role, value: v?.text ?? '' });
    }));
  } else {
    notes.push('No cover sheet was found.');
  }

  // Checks carried over from the shipped profile where the columns they need exist.
  const has = (table: string, field: string) => profileTables.some((t) => t.id === table && t.columns.some((c) => c.field === field));
  const checks: Check[] = (base?.checks ?? []).filter((c) => {
    const cols = checkColumns(c);
    return cols.own.every((f) => has(c.table, f)) && (c.kind !== 'balance' || cols.against.every((f) => has(c.against.table, f)));
  });
  if (base) notes.push(`Checks come from the shipped profile "${base.label}" where this workbook has the columns they need (${checks.length} of ${base.checks.length}).`);

  const slug = name.replace(/\.xlsx$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'official';
  const draft = {
    id: `${slug}-derived`.replace(/^-/, ''),
    label: `Derived from ${name}`,
    kind,
    template,
    years: years.length > 0 ? (kind === 'plan' ? years.slice(0, set.years.length > 1 ? 2 : 1) : years.slice(-1)) : (base?.years ?? set.years),
    provenance: `Derived by the app from ${name} on ${ctx.now().toISOString().slice(0, 10)}; corrected by the user.`,
    sheets: visible.map((s) => s.name),
    title: base?.title.replace(/\{[^}]+\}/g, '').replace(/\s+/g, ' ').trim() || 'Better Care Fund',
    guidanceSheet: visible.find((s) => /guidance/i.test(s.name))?.name ?? base?.guidanceSheet ?? 'Guidance',
    listSheet: 'Lists',
    requiredRule: kind === 'plan' ? 'plan.required-field' : 'return.required-field',
    cover: { sheet: coverSheet?.name ?? base?.cover.sheet ?? 'Cover', fields: cover.map((c) => ({ key: c.key, label: c.label, role: c.role as 'input' | 'prefilled', required: true })) },
    tables: profileTables,
    checks,
    ...(base?.lists ? { lists: base.lists } : {}),
  };
  const parsed = profileSchema.safeParse(draft);
  return {
    file: name,
    profile: (parsed.success ? parsed.data : draft) as Profile,
    valid: parsed.success,
    problems: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`),
    sheets: pkg.sheets.map((s) => ({ name: s.name, state: s.state })),
    tables,
    cover,
    notes,
  };
}
