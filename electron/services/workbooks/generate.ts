// exceljs is loaded when a workbook is first read or written, not when the app or CLI starts (it costs ~0.4 s).
import type ExcelJS from 'exceljs';
import { safeFileName, startsLikeFormula } from '../../../shared/exports/csv';
import { columnLetter } from '../../../shared/imports/table';
import { penceToPlain } from '../../../shared/money';
import {
  checkerFormula,
  checkersOf,
  evaluateChecker,
  formulaText,
  quoteSheet,
  type CheckerSpec,
  type TableLayout,
} from '../../../shared/workbooks/checks';
import type { GenerateSummary, WorkbookData } from '../../../shared/workbooks/data';
import type { Check, Profile, ProfileColumn, ProfileTable } from '../../../shared/workbooks/profile';
import {
  comparable,
  isBlankInput,
  isoToSerial,
  sheetValue,
  type CellInput,
  type WorkbookRecord,
} from '../../../shared/workbooks/values';
import { maxOf } from '../../../shared/values/arrays';
import { workbookBytes } from './zip';

/**
 * Generates a workbook in NHS England's conventions when there is no
 * official copy: a guidance sheet; a cover with the details and the
 * checklist, one checker per required cell that reads a red "No" until it
 * is complete and a green "Yes" after (formulas and conditional formats, so
 * it works in Excel); the "Incomplete Template"/"Complete Template" banner;
 * the data sheets with yellow unlocked inputs and grey locked pre-populated
 * cells, drop-downs fed from a hidden list sheet, £ formats and sheet
 * protection. Every formula carries the result the app computed, and the
 * workbook asks Excel to recalculate on opening (fullCalcOnLoad).
 */
const YELLOW = 'FFFFFF99';
const GREY = 'FFD9D9D9';
const HEADER = 'FFDCE6F1';
const MONEY_FORMAT = '"£"#,##0.00';
const thin = { style: 'thin' as const, color: { argb: 'FF8C8C8C' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const RED = {
  fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: 'FFFFC7CE' } },
  font: { color: { argb: 'FF9C0006' }, bold: true },
};
const GREEN = {
  fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: 'FFC6EFCE' } },
  font: { color: { argb: 'FF006100' }, bold: true },
};

/** Rows of a generated data sheet: title, completeness flag, intro, checklist label, checklist, header, lines. */
export const LAYOUT = { title: 1, flag: 2, intro: 3, checklistLabel: 5, checklist: 6, header: 7, first: 8 } as const;

export interface GenerateInput {
  profile: Profile;
  data: WorkbookData;
  now: Date;
}

export interface GenerateResult {
  bytes: Uint8Array;
  summary: GenerateSummary;
}

/** exceljs keeps a sheet's validations by range, which its type declarations do not say. */
function validate(sheet: ExcelJS.Worksheet, ref: string, validation: ExcelJS.DataValidation): void {
  (
    sheet as unknown as { dataValidations: { add: (ref: string, v: ExcelJS.DataValidation) => void } }
  ).dataValidations.add(ref, validation);
}

const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/** One style object per kind of cell, shared by every cell of that kind (exceljs then writes it once). */
function styleFor(column: ProfileColumn, input: boolean): Partial<ExcelJS.Style> {
  return {
    fill: fill(input ? YELLOW : GREY),
    border: BORDER,
    protection: { locked: !input },
    ...(column.kind === 'money' ? { numFmt: MONEY_FORMAT } : column.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {}),
    alignment: { vertical: 'top', ...(column.kind === 'text' && (column.width ?? 0) >= 30 ? { wrapText: true } : {}) },
  };
}

/** A record's value as exceljs takes it: text as a string, figures as the number their exact decimal text names. */
function excelValue(column: ProfileColumn, value: CellInput): ExcelJS.CellValue {
  const v = sheetValue(column.kind, value, column.field);
  if (v.type === 'blank') return null;
  return v.type === 'number' ? Number(v.text) : v.text;
}

interface Placed {
  table: ProfileTable;
  sheet: ExcelJS.Worksheet;
  layout: TableLayout;
  records: WorkbookRecord[];
  /** Checklist-row checkers: field → A1 cell. */
  checklist: Map<string, string>;
}

function checklistStyle(sheet: ExcelJS.Worksheet, ref: string): void {
  sheet.addConditionalFormatting({
    ref,
    rules: [
      { type: 'cellIs', operator: 'equal', formulae: ['"No"'], style: RED, priority: 1 },
      { type: 'cellIs', operator: 'equal', formulae: ['"Yes"'], style: GREEN, priority: 2 },
    ],
  });
}

const protectOptions = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  formatCells: false,
  insertRows: false,
  deleteRows: false,
  sort: false,
  autoFilter: false,
};

/** The list sheet: one column per list, each named (workbook-scoped) for the drop-downs to use. */
function addLists(
  book: ExcelJS.Workbook,
  profile: Profile,
  lists: Record<string, readonly string[]>,
  used: Set<string>,
): Map<string, string> {
  const sheet = book.addWorksheet(profile.listSheet ?? 'Lists', { state: 'hidden' });
  const names = new Map<string, string>();
  let col = 1;
  for (const name of [...used].sort()) {
    // An empty list is still named (over one blank cell), so that a checker counting in it reads 0 rather than #NAME?.
    const values = lists[name] ?? [];
    sheet.getCell(1, col).value = name;
    values.forEach((v, i) => (sheet.getCell(i + 2, col).value = v));
    const letter = columnLetter(col - 1);
    const range = `${quoteSheet(sheet.name)}!$${letter}$2:$${letter}$${Math.max(2, values.length + 1)}`;
    book.definedNames.add(range, name);
    names.set(name, range);
    sheet.getColumn(col).width = Math.min(
      60,
      maxOf(
        values.map((v) => v.length),
        Math.max(12, name.length),
      ),
    );
    col++;
  }
  return names;
}

function listsUsed(profile: Profile): Set<string> {
  const used = new Set<string>();
  for (const t of profile.tables) for (const c of t.columns) if (c.list && c.role === 'input') used.add(c.list);
  const conditions = (check: Check) =>
    check.kind === 'requiredIf' ? [...check.when, ...(check.whenAlso ?? [])] : check.kind === 'sumTo' ? check.when : [];
  for (const check of profile.checks) for (const w of conditions(check)) if (w.inList) used.add(w.inList);
  return used;
}

function placeTable(book: ExcelJS.Workbook, table: ProfileTable, records: WorkbookRecord[]): Placed {
  const sheet = book.addWorksheet(table.sheet, { properties: { tabColor: { argb: 'FF005EB8' } } });
  const count = Math.max(1, records.length + (table.mode === 'rows' ? (table.spareRows ?? 0) : 0));
  const layout: TableLayout = {
    sheet: table.sheet,
    firstRow: LAYOUT.first,
    lastRow: LAYOUT.first + count - 1,
    columns: {},
  };
  table.columns.forEach((c, i) => (layout.columns[c.field] = columnLetter(i)));
  return { table, sheet, layout, records, checklist: new Map() };
}

/** Writes a table's header and lines; returns how many texts looked like formulas (they are written as text). */
function writeTable(
  placed: Placed,
  title: string,
  lists: Map<string, string>,
  listValues: Record<string, readonly string[]>,
): number {
  let formulaLike = 0;
  const { table, sheet, layout, records } = placed;
  const width = table.columns.length;
  sheet.getCell(LAYOUT.title, 1).value = `${title}: ${table.title}`;
  sheet.getCell(LAYOUT.title, 1).font = { bold: true, size: 14 };
  sheet.getCell(LAYOUT.flag, 1).value = 'Required columns complete:';
  sheet.getCell(LAYOUT.flag, 1).font = { bold: true };
  if (table.intro) {
    sheet.mergeCells(LAYOUT.intro, 1, LAYOUT.intro, Math.min(width, 8));
    const intro = sheet.getCell(LAYOUT.intro, 1);
    intro.value = table.intro;
    intro.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(LAYOUT.intro).height = 32;
  }
  sheet.getCell(LAYOUT.checklistLabel, 1).value =
    'Checklist: each required column reads "Yes" when every line has it filled in.';
  sheet.getCell(LAYOUT.checklistLabel, 1).font = { italic: true };
  const header = sheet.getRow(LAYOUT.header);
  header.height = 48;
  const headerStyle: Partial<ExcelJS.Style> = {
    font: { bold: true },
    fill: fill(HEADER),
    border: BORDER,
    alignment: { wrapText: true, vertical: 'top' },
    protection: { locked: true },
  };
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.style = headerStyle;
    sheet.getColumn(i + 1).width = c.width ?? 16;
  });
  const styles = table.columns.map((c) => styleFor(c, c.role === 'input'));
  const rows = layout.lastRow - layout.firstRow + 1;
  for (let i = 0; i < rows; i++) {
    const record = records[i];
    const row = sheet.getRow(layout.firstRow + i);
    for (let j = 0; j < width; j++) {
      const c = table.columns[j]!;
      const cell = row.getCell(j + 1);
      if (record) {
        const value = excelValue(c, record[c.field] ?? null);
        if (typeof value === 'string' && startsLikeFormula(value)) formulaLike++;
        cell.value = value;
      }
      cell.style = styles[j]!;
    }
  }
  // Drop-downs and bounds, one range per column.
  table.columns.forEach((c) => {
    if (c.role !== 'input') return;
    const ref = `${layout.columns[c.field]}${layout.firstRow}:${layout.columns[c.field]}${layout.lastRow}`;
    if (c.list && lists.has(c.list) && (listValues[c.list]?.length ?? 0) > 0) {
      const strict = (listValues[c.list]?.length ?? 0) <= 3; // Yes/No, New/Existing: only these
      validate(sheet, ref, {
        type: 'list',
        allowBlank: true,
        formulae: [c.list],
        showErrorMessage: true,
        errorStyle: strict ? 'stop' : 'warning',
        errorTitle: c.header,
        error: strict
          ? `Choose ${(listValues[c.list] ?? []).map((v) => `"${v}"`).join(' or ')}.`
          : `This is not in the list of ${c.header}. Choose from the drop-down, or keep it: the app will flag it.`,
      });
    } else if (c.kind === 'quantity') {
      // A number within bounds, or "NA" / "-" where no number applies.
      const cell = `${layout.columns[c.field]}${layout.firstRow}`;
      const min = c.min ?? 0;
      const max = c.max ?? 1_000_000_000;
      validate(sheet, ref, {
        type: 'custom',
        allowBlank: true,
        formulae: [`OR(AND(ISNUMBER(${cell}),${cell}>=${min},${cell}<=${max}),${cell}="NA",${cell}="-")`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: `Enter a number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}, or NA where it does not apply.`,
      });
    } else if (c.kind === 'date') {
      validate(sheet, ref, {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2099, 11, 31))],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: 'Enter a date, such as 30/09/2026.',
      });
    } else if (c.kind === 'money' || c.kind === 'decimal' || c.kind === 'percent') {
      const min = c.min ?? (c.kind === 'money' ? -1_000_000_000 : 0);
      const max = c.max ?? (c.kind === 'percent' ? 100 : 1_000_000_000);
      validate(sheet, ref, {
        type: 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [min, max],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: `Enter a number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}${c.kind === 'money' ? ' (pounds and pence)' : ''}.`,
      });
    }
  });
  fitRowHeights(sheet, layout.firstRow, layout.firstRow + records.length - 1);
  sheet.views = [
    {
      state: 'frozen',
      xSplit: Math.min(2, width),
      ySplit: LAYOUT.header,
      topLeftCell: `${columnLetter(Math.min(2, width))}${LAYOUT.first}`,
      activeCell: `A${LAYOUT.first}`,
    },
  ];
  sheet.pageSetup = {
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${LAYOUT.header}:${LAYOUT.header}`,
    paperSize: 9,
  };
  return formulaLike;
}

/** Checker cells: the required columns' in the checklist row, with results the app computed. */
function writeChecklist(
  placed: Placed,
  specs: CheckerSpec[],
  profile: Profile,
  layouts: Record<string, TableLayout>,
  results: Map<string, boolean>,
): void {
  const { sheet, layout } = placed;
  let lastLetter = 'A';
  for (const spec of specs) {
    if (!spec.column || spec.table !== placed.table.id) continue;
    const ref = `${layout.columns[spec.column]}${LAYOUT.checklist}`;
    sheet.getCell(ref).value = {
      formula: checkerFormula(spec, profile, layouts),
      result: results.get(spec.id) ? 'Yes' : 'No',
    };
    sheet.getCell(ref).style = { font: { bold: true }, alignment: { horizontal: 'center' }, border: BORDER };
    placed.checklist.set(spec.column, ref);
    lastLetter = layout.columns[spec.column]!;
  }
  const width = placed.table.columns.length;
  checklistStyle(sheet, `A${LAYOUT.checklist}:${columnLetter(width - 1)}${LAYOUT.checklist}`);
  const refs = [...placed.checklist.values()];
  const complete = [...placed.checklist.keys()].every((f) =>
    results.get(specs.find((s) => s.column === f && s.table === placed.table.id)!.id),
  );
  const flag = sheet.getCell(LAYOUT.flag, 2);
  flag.value =
    refs.length === 0
      ? 'Yes'
      : {
          formula: `IF(COUNTIF(A${LAYOUT.checklist}:${lastLetter}${LAYOUT.checklist},"No")=0,"Yes","No")`,
          result: complete ? 'Yes' : 'No',
        };
  flag.style = { font: { bold: true }, border: BORDER, alignment: { horizontal: 'center' } };
  checklistStyle(sheet, `B${LAYOUT.flag}`);
}

/** A balance check's working, beside the income table: income less planned expenditure for the row's source, per amount. */
function writeBalances(
  placed: Placed,
  check: Extract<Check, { kind: 'balance' }>,
  profile: Profile,
  layouts: Record<string, TableLayout>,
  tables: Record<string, WorkbookRecord[]>,
): void {
  const { sheet, layout, table } = placed;
  const other = profile.tables.find((t) => t.id === check.against.table)!;
  const ol = layouts[other.id]!;
  const range = (l: TableLayout, f: string) =>
    `${quoteSheet(l.sheet)}!$${l.columns[f]}$${l.firstRow}:$${l.columns[f]}$${l.lastRow}`;
  const sum = (records: readonly WorkbookRecord[], sourceField: string, amountField: string, key: string) =>
    records.reduce(
      (s, r) =>
        !isBlankInput(r[sourceField] ?? null) && comparable(String(r[sourceField])) === key
          ? s + ((r[amountField] as number | null) ?? 0)
          : s,
      0,
    );
  check.amounts.forEach((amountField, i) => {
    const col = table.columns.length + i;
    const amountHeader = table.columns.find((c) => c.field === amountField)!.header;
    const head = sheet.getCell(LAYOUT.header, col + 1);
    head.value = `Balance: ${amountHeader} less planned expenditure`;
    head.style = {
      font: { bold: true },
      fill: fill(HEADER),
      border: BORDER,
      alignment: { wrapText: true, vertical: 'top' },
    };
    sheet.getColumn(col + 1).width = 20;
    const style: Partial<ExcelJS.Style> = {
      fill: fill(GREY),
      border: BORDER,
      numFmt: MONEY_FORMAT,
      protection: { locked: true },
    };
    for (let r = layout.firstRow; r <= layout.lastRow; r++) {
      const record = placed.records[r - layout.firstRow];
      const src = `$${layout.columns[check.source]}${r}`;
      const formula = `IF(${src}="","",ROUND(SUMIF(${range(layout, check.source)},${src},${range(layout, amountField)})-SUMIF(${range(ol, check.against.source)},${src},${range(ol, check.against.amounts[i]!)}),2))`;
      let result: string | number = '';
      if (record && !isBlankInput(record[check.source] ?? null)) {
        const key = comparable(String(record[check.source]));
        result = Number(
          penceToPlain(
            sum(tables[table.id] ?? [], check.source, amountField, key) -
              sum(tables[other.id] ?? [], check.against.source, check.against.amounts[i]!, key),
          ),
        );
      }
      const cell = sheet.getCell(r, col + 1);
      cell.value = { formula, result } as ExcelJS.CellFormulaValue;
      cell.style = style;
    }
  });
}

function addGuidance(book: ExcelJS.Workbook, profile: Profile, data: WorkbookData, now: Date): void {
  const sheet = book.addWorksheet(profile.guidanceSheet ?? 'Guidance');
  sheet.getColumn(1).width = 110;
  const lines: [string, Partial<ExcelJS.Style>?][] = [
    [profile.title, { font: { bold: true, size: 16 } }],
    [data.subject, { font: { bold: true } }],
    [''],
    [
      `Generated by BCF Returns on ${now.toISOString().slice(0, 10)}. It follows NHS England's conventions but it is not NHS England's official template: when the official workbook is to hand, fill that instead (BCF Returns › Workbooks › Fill official workbook…).`,
    ],
    [''],
    ['How the workbook works', { font: { bold: true } }],
    ['Yellow cells are for you to fill in.', { fill: fill(YELLOW) }],
    ['Grey cells are pre-populated or calculated, and locked.', { fill: fill(GREY) }],
    [
      'Each checker on the cover reads a red "No" until its cells are complete and a green "Yes" after. The banner under the cover\'s title reads "Incomplete Template" until every checker reads "Yes", then "Complete Template".',
    ],
    ['Columns with a drop-down take their values from the hidden sheet "Lists". Amounts are pounds and pence.'],
    [
      'The sheets are protected without a password so that the layout stays as it is; Review › Unprotect Sheet lets you change it.',
    ],
    [''],
    ['The sheets', { font: { bold: true } }],
    [`${profile.cover.sheet}: who completed the workbook, who signed it off, and the checklist.`],
    ...profile.tables.map((t): [string] => [`${t.sheet}: ${t.intro ?? t.title}`]),
    [''],
    [
      `Template profile: ${profile.label} (${profile.id}). ${profile.provenance}`,
      { font: { italic: true, color: { argb: 'FF4C6272' } } },
    ],
  ];
  lines.forEach(([text, style], i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = text;
    cell.style = { alignment: { wrapText: true, vertical: 'top' }, ...(style ?? {}) };
  });
  fitRowHeights(sheet, 1, lines.length);
  sheet.pageSetup = { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

const LINE_POINTS = 15; // one line of 11pt text
const MAX_ROW_POINTS = 409; // Excel's tallest row

/** Lines a text takes in a column of this width (in characters of the default font), wrapped at spaces. */
function wrappedLines(text: string, width: number): number {
  // Conservative: a column width counts "0" characters, and LibreOffice and Excel fit fewer letters of running text than that.
  const perLine = Math.max(1, Math.floor(width * 0.85));
  return text.split(/\r?\n/).reduce((n, paragraph) => n + Math.max(1, Math.ceil(paragraph.length / perLine)), 0);
}

/**
 * Row heights for wrapped text. Excel does not grow a row to fit wrapped text
 * written by another program until the cell is edited, so a long scheme name
 * would print cut to one line; each row is made as tall as its longest
 * wrapped cell needs.
 */
function fitRowHeights(sheet: ExcelJS.Worksheet, from: number, to: number): void {
  for (let r = from; r <= to; r++) {
    const row = sheet.getRow(r);
    let lines = 1;
    row.eachCell((cell, col) => {
      if (!cell.alignment?.wrapText || typeof cell.value !== 'string') return;
      const merged = cell.isMerged ? 3 : 1; // the cover's title and banner span the three columns
      lines = Math.max(lines, wrappedLines(cell.value, (sheet.getColumn(col).width ?? 9) * merged));
    });
    if (lines > 1) row.height = Math.min(MAX_ROW_POINTS, lines * LINE_POINTS);
  }
}

export function generatedName(profile: Profile, data: WorkbookData): string {
  return `${safeFileName(`${profile.title} - ${data.subject}`, 'BCF workbook')}.xlsx`;
}

export async function generateWorkbook(input: GenerateInput): Promise<GenerateResult> {
  const { profile, data, now } = input;
  const book = new (await import('exceljs')).default.Workbook();
  book.creator = 'BCF Returns';
  book.title = profile.title;
  book.subject = data.subject;
  book.created = now;
  book.modified = now;
  book.calcProperties.fullCalcOnLoad = true;

  addGuidance(book, profile, data, now);
  const coverSheet = book.addWorksheet(profile.cover.sheet);
  // Data sheets in the order the official workbook has them.
  const rank = (t: ProfileTable) => (profile.sheets.indexOf(t.sheet) < 0 ? 1e6 : profile.sheets.indexOf(t.sheet));
  const placed = [...profile.tables]
    .sort((a, b) => rank(a) - rank(b))
    .map((t) => placeTable(book, t, data.tables[t.id] ?? []));
  const listNames = addLists(book, profile, data.lists, listsUsed(profile));
  const layouts = Object.fromEntries(placed.map((p) => [p.table.id, p.layout]));
  let formulaLike = 0;
  for (const p of placed) formulaLike += writeTable(p, profile.title, listNames, data.lists);

  const specs = checkersOf(profile);
  const results = new Map(specs.map((s) => [s.id, evaluateChecker(s, profile, data.tables, data.lists)]));
  for (const p of placed) writeChecklist(p, specs, profile, layouts, results);
  for (const check of profile.checks) {
    if (check.kind === 'balance')
      writeBalances(
        placed.find((p) => p.table.id === check.table)!,
        check,
        profile,
        layouts,
        data.tables,
      );
  }

  // The cover: details, then the checklist, with the banner under the title.
  coverSheet.getColumn(1).width = 4;
  coverSheet.getColumn(2).width = 70;
  coverSheet.getColumn(3).width = 44;
  coverSheet.mergeCells('A1:C1');
  coverSheet.getCell('A1').value = profile.title;
  coverSheet.getCell('A1').font = { bold: true, size: 16 };
  coverSheet.mergeCells('A2:C2');
  coverSheet.getCell('A4').value = data.subject;
  coverSheet.getCell('A4').font = { bold: true };
  const checklist: GenerateSummary['checkers'] = [];
  let row = 6;
  const coverRows = new Map<string, number>();
  for (const f of profile.cover.fields) {
    coverSheet.getCell(row, 2).value = f.label;
    coverSheet.getCell(row, 2).alignment = { wrapText: true, vertical: 'top' };
    const value = coverSheet.getCell(row, 3);
    const text = (data.cover[f.key] ?? '').trim();
    // The date signed off is a real date (a serial in a date-formatted cell), as on NHS England's cover.
    const serial = f.key === 'dateSignedOff' && text !== '' ? isoToSerial(text) : null;
    value.value = serial !== null ? serial : text === '' ? null : text;
    value.style = {
      fill: fill(f.role === 'input' ? YELLOW : GREY),
      border: BORDER,
      protection: { locked: f.role !== 'input' },
      alignment: { vertical: 'top', wrapText: true },
    };
    if (f.key === 'dateSignedOff') value.numFmt = 'dd/mm/yyyy';
    coverRows.set(f.key, row);
    row++;
  }
  row++;
  coverSheet.getCell(row, 2).value = 'Checklist';
  coverSheet.getCell(row, 3).value = 'Complete?';
  coverSheet.getRow(row).font = { bold: true };
  row++;
  const firstCheck = row;
  const addChecker = (label: string, formula: string, yes: boolean) => {
    coverSheet.getCell(row, 2).value = label;
    coverSheet.getCell(row, 2).alignment = { wrapText: true, vertical: 'top' };
    const cell = coverSheet.getCell(row, 3);
    cell.value = { formula, result: yes ? 'Yes' : 'No' };
    cell.style = { font: { bold: true }, alignment: { horizontal: 'center' }, border: BORDER };
    checklist.push({ label, sheet: coverSheet.name, cell: `C${row}`, value: yes ? 'Yes' : 'No' });
    row++;
  };
  for (const f of profile.cover.fields) {
    if (!f.required) continue;
    const r = coverRows.get(f.key)!;
    addChecker(
      `Cover: ${f.label.replace(/:$/, '')}`,
      `IF(C${r}<>"","Yes","No")`,
      (data.cover[f.key] ?? '').trim() !== '',
    );
  }
  for (const spec of specs) {
    const p = placed.find((x) => x.table.id === spec.table)!;
    const formula = spec.column
      ? `IF(${quoteSheet(p.sheet.name)}!${p.checklist.get(spec.column)}="Yes","Yes","No")`
      : checkerFormula(spec, profile, layouts, data.lists);
    addChecker(spec.label, formula, results.get(spec.id)!);
  }
  const lastCheck = row - 1;
  checklistStyle(coverSheet, `C${firstCheck}:C${lastCheck}`);
  const complete = checklist.every((c) => c.value === 'Yes');
  const banner = coverSheet.getCell('A2');
  banner.value = {
    formula: `IF(COUNTIF(C${firstCheck}:C${lastCheck},"No")=0,${formulaText('Complete Template')},${formulaText('Incomplete Template')})`,
    result: complete ? 'Complete Template' : 'Incomplete Template',
  };
  banner.style = { font: { bold: true, size: 13 }, alignment: { horizontal: 'left' } };
  coverSheet.addConditionalFormatting({
    ref: 'A2',
    rules: [
      { type: 'cellIs', operator: 'equal', formulae: ['"Incomplete Template"'], style: RED, priority: 1 },
      { type: 'cellIs', operator: 'equal', formulae: ['"Complete Template"'], style: GREEN, priority: 2 },
    ],
  });
  // The cover prints on one page, as the sheet a board member signs.
  fitRowHeights(coverSheet, 6, lastCheck);
  coverSheet.pageSetup = { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 1 };
  for (const s of book.worksheets) {
    if (s.name === (profile.guidanceSheet ?? 'Guidance')) continue;
    await s.protect('', protectOptions);
  }
  return {
    bytes: await workbookBytes(book),
    summary: {
      outputName: generatedName(profile, data),
      profile: profile.id,
      sheets: book.worksheets.map((s) => s.name),
      tables: placed.map((p) => ({
        table: p.table.id,
        title: p.table.title,
        sheet: p.sheet.name,
        lines: p.records.length,
        firstRow: p.layout.firstRow,
        lastRow: p.layout.lastRow,
      })),
      checkers: checklist,
      banner: complete ? 'Complete Template' : 'Incomplete Template',
      formulaLikeTexts: formulaLike,
    },
  };
}
