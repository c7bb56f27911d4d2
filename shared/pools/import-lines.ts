import { checkRows, mapColumns, onePerCell, type NeededHeading } from '../imports/hygiene';
import { formatPence, LINE_MAX_PENCE, parseBoundedMoney, type AmountBounds, type Pence } from '../money';
import { columnRef, isBlankRow, normaliseHeader, type ImportProblem, type Row } from '../imports/table';
import { textProblem } from '../values/text';
import type { PartnerKind } from './model';
import { appendAll } from '../values/arrays';

/**
 * Two tables a finance officer brings to a pool: its budget lines (each
 * classified to the partner whose cost it is), and a ledger extract with the
 * outturn or forecast per line. Both are read whole and checked as every
 * table is (shared/imports/hygiene.ts); every problem names the file, row and
 * column, and the caller writes nothing unless there are none.
 *
 * Both may hold amounts below zero: a budget line for income (client
 * contributions) is negative, and so is a ledger's credit. Either way one line
 * holds at most £1,000,000,000.
 */
export const BUDGET: AmountBounds = { label: 'A budget', signed: true };
const LEDGER_AMOUNT: AmountBounds = { label: 'An amount', signed: true };

const LINE_CODE = ['line', 'line id', 'budget line', 'code', 'cost centre', 'cost center'];

const LINE_HEADING: NeededHeading = {
  label: 'Line',
  also: ['Code', 'Cost centre'],
  matches: (c) => LINE_CODE.includes(c),
};

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9./_-]{0,39}$/;

// ---------------------------------------------------------------- budget lines

export interface ImportedBudgetLine {
  row: number;
  code: string;
  name: string;
  partner: string | null;
  contingency: boolean;
  budgetPence: Pence;
}

export interface BudgetLinesImport {
  file: string;
  headerRow: number;
  lines: ImportedBudgetLine[];
  problems: ImportProblem[];
}

type BudgetColumn = 'code' | 'name' | 'partner' | 'budget' | 'contingency';
function budgetColumn(h: string): BudgetColumn | null {
  if (LINE_CODE.includes(h)) return 'code';
  if (h === 'name' || h === 'description' || h === 'line name') return 'name';
  if (h === 'partner' || h === 'whose cost' || h === 'classification' || h === 'classified to') return 'partner';
  if (h === 'budget' || h === 'budget ' || /^budget( \d{4}\/\d{2})?$/.test(h)) return 'budget';
  if (h === 'contingency' || h === 'risk pool') return 'contingency';
  return null;
}

/**
 * Partner cells name a partner of the pool ("CCG", "Council") or the kind of
 * cost ("health", "social care", "education") when one partner is of that
 * kind; "shared" or blank leaves the line unclassified.
 */
export function importBudgetLines(
  file: string,
  rows: readonly Row[],
  partners: readonly { name: string; kind: PartnerKind }[],
): BudgetLinesImport {
  const result = readBudgetLines(file, rows, partners);
  result.problems = onePerCell(result.problems);
  return result;
}

function readBudgetLines(
  file: string,
  rows: readonly Row[],
  partners: readonly { name: string; kind: PartnerKind }[],
): BudgetLinesImport {
  const problems: ImportProblem[] = [];
  const result: BudgetLinesImport = { file, headerRow: 0, lines: [], problems };
  const mapped = mapColumns(file, rows, {
    needed: [LINE_HEADING, { label: 'Budget', matches: (c) => budgetColumn(c) === 'budget' }],
    fieldFor: (cell) => budgetColumn(normaliseHeader(cell)),
    unknown: 'this heading is not one a budget-lines table has (Line, Name, Partner, Budget, Contingency)',
    second: () => 'a second column of this kind; keep one',
  });
  appendAll(problems, mapped.problems);
  if (!mapped.found) return result;
  const { index: h, header, columns } = mapped;
  result.headerRow = h + 1;
  if (!columns.has('name')) problems.push({ file, row: h + 1, message: 'the column "Name" is missing' });
  if (problems.length > 0) return result;
  appendAll(problems, checkRows(file, rows, h));

  const seen = new Map<string, number>();
  for (let r = h + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const rowNumber = r + 1;
    if (isBlankRow(row)) continue;
    const cell = (c: BudgetColumn) => (columns.has(c) ? (row[columns.get(c)!] ?? '').trim() : '');
    const at = (c: BudgetColumn) => columnRef(header[columns.get(c)!]!, columns.get(c)!);
    const before = problems.length;
    const code = cell('code');
    if (!CODE_PATTERN.test(code))
      problems.push({
        file,
        row: rowNumber,
        column: at('code'),
        message:
          code === ''
            ? 'the line has no ID'
            : `${JSON.stringify(code)} is not a line ID: letters, digits, ".", "/", "_" or "-", up to 40`,
      });
    else if (seen.has(code.toLowerCase()))
      problems.push({
        file,
        row: rowNumber,
        column: at('code'),
        message: `line ${code} is already on row ${seen.get(code.toLowerCase())}`,
      });
    else seen.set(code.toLowerCase(), rowNumber);
    const name = cell('name');
    const nameWhy = name === '' ? 'the line has no name' : textProblem(name, 500, 'a line name');
    if (nameWhy !== null) problems.push({ file, row: rowNumber, column: at('name'), message: nameWhy });
    const budget = parseBoundedMoney(cell('budget'), BUDGET);
    if (!budget.ok) problems.push({ file, row: rowNumber, column: at('budget'), message: budget.message });
    const partner = resolvePartner(cell('partner'), partners);
    if (!partner.ok) problems.push({ file, row: rowNumber, column: at('partner'), message: partner.message });
    const flag = cell('contingency').toLowerCase();
    if (!['', 'yes', 'no', 'y', 'n'].includes(flag))
      problems.push({
        file,
        row: rowNumber,
        column: at('contingency'),
        message: `${JSON.stringify(cell('contingency'))} should be "Yes", "No" or blank`,
      });
    if (problems.length > before || !budget.ok || !partner.ok) continue;
    result.lines.push({
      row: rowNumber,
      code,
      name,
      partner: partner.value,
      contingency: flag === 'yes' || flag === 'y',
      budgetPence: budget.pence,
    });
  }
  if (result.lines.length === 0 && problems.length === 0)
    problems.push({ file, message: 'the table has a header row but no budget lines' });
  return result;
}

export function resolvePartner(
  raw: string,
  partners: readonly { name: string; kind: PartnerKind }[],
): { ok: true; value: string | null } | { ok: false; message: string } {
  const text = raw.trim();
  if (text === '' || /^(shared|none|unclassified|-)$/i.test(text)) return { ok: true, value: null };
  const byName = partners.find((p) => p.name.toLowerCase() === text.toLowerCase());
  if (byName) return { ok: true, value: byName.name };
  const byKind = partners.filter((p) => p.kind === text.toLowerCase());
  if (byKind.length === 1) return { ok: true, value: byKind[0]!.name };
  const names = partners.map((p) => `"${p.name}"`).join(', ');
  return {
    ok: false,
    message: `${JSON.stringify(text)} is not a partner in this pool: expected ${names}, a kind of cost (health, social care, education), or blank for a shared line`,
  };
}

// ---------------------------------------------------------------- ledger extract

export interface LedgerAmount {
  code: string;
  pence: Pence;
  rows: number[];
}

export interface LedgerImport {
  file: string;
  headerRow: number;
  amountColumn: string;
  amounts: LedgerAmount[];
  ignoredColumns: string[];
  problems: ImportProblem[];
}

const AMOUNT_HEADERS = ['outturn', 'actual', 'actuals', 'forecast', 'forecast outturn', 'amount', 'outturn 2', 'value'];

/**
 * A ledger extract: one row per line, or many (periods, transactions), which
 * are added up per line. Columns other than the line and the amount are
 * ignored and listed, since extracts carry many. Every line named must be one
 * of the pool's lines.
 */
export function importLedger(file: string, rows: readonly Row[], lineCodes: readonly string[]): LedgerImport {
  const result = readLedger(file, rows, lineCodes);
  result.problems = onePerCell(result.problems);
  return result;
}

const isAmountHeading = (c: string) => AMOUNT_HEADERS.includes(c) || /^(outturn|actual|forecast)\b/.test(c);
const ledgerColumn = (c: string): 'line' | 'amount' | null =>
  LINE_CODE.includes(c) ? 'line' : isAmountHeading(c) ? 'amount' : null;

function readLedger(file: string, rows: readonly Row[], lineCodes: readonly string[]): LedgerImport {
  const problems: ImportProblem[] = [];
  const result: LedgerImport = { file, headerRow: 0, amountColumn: '', amounts: [], ignoredColumns: [], problems };
  const mapped = mapColumns(file, rows, {
    needed: [LINE_HEADING, { label: 'Outturn', also: ['Actual', 'Forecast', 'Amount'], matches: isAmountHeading }],
    fieldFor: (cell) => ledgerColumn(normaliseHeader(cell)),
    second: (c) =>
      c === 'line'
        ? 'a second line column; keep one'
        : 'a second amount column; keep one so that it is clear which figure is the outturn',
  });
  appendAll(problems, mapped.problems);
  if (!mapped.found) return result;
  const { index: h, header, columns } = mapped;
  result.headerRow = h + 1;
  if (problems.length > 0) return result;
  appendAll(problems, checkRows(file, rows, h));
  const codeCol = columns.get('line')!;
  const amountCol = columns.get('amount')!;
  result.amountColumn = header[amountCol]!.trim();
  result.ignoredColumns = mapped.unread.map((i) => header[i]!.trim());
  const known = new Map(lineCodes.map((c) => [c.toLowerCase(), c]));
  const byCode = new Map<string, { pence: Pence[]; rows: number[] }>();

  for (let r = h + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const rowNumber = r + 1;
    if (isBlankRow(row)) continue;
    const codeText = (row[codeCol] ?? '').trim();
    const amountText = row[amountCol] ?? '';
    if (/^total\b/i.test(codeText)) continue; // a printed total is not a line
    const code = known.get(codeText.toLowerCase());
    if (code === undefined) {
      problems.push({
        file,
        row: rowNumber,
        column: columnRef(header[codeCol]!, codeCol),
        message:
          codeText === ''
            ? 'the row names no line'
            : `${JSON.stringify(codeText.slice(0, 40))} is not a budget line of this pool (its lines are ${lineCodes.join(', ') || 'none yet'})`,
      });
    }
    const amount = parseBoundedMoney(amountText, LEDGER_AMOUNT);
    if (!amount.ok)
      problems.push({
        file,
        row: rowNumber,
        column: columnRef(header[amountCol]!, amountCol),
        message: amount.message,
      });
    if (code === undefined || !amount.ok) continue;
    const entry = byCode.get(code) ?? { pence: [], rows: [] };
    entry.pence.push(amount.pence);
    entry.rows.push(rowNumber);
    byCode.set(code, entry);
  }
  for (const code of lineCodes) {
    const entry = byCode.get(code);
    if (!entry) continue;
    // Each row is within bounds; so must the line's total be (a thousand rows of £1m are not one line's
    // outturn). Added up exactly first: 100,000 rows of £1bn would be past what a number holds exactly.
    const exact = entry.pence.reduce((total, p) => total + BigInt(p), 0n);
    const limit = BigInt(LINE_MAX_PENCE);
    if (exact > limit || exact < -limit) {
      const shown = entry.rows.length > 6 ? `${entry.rows.slice(0, 5).join(', ')}, …` : entry.rows.join(', ');
      const sum = Number.isSafeInteger(Number(exact)) ? ` to ${formatPence(Number(exact), { pence: 'auto' })}` : '';
      problems.push({
        file,
        row: entry.rows.at(-1)!,
        column: columnRef(header[amountCol]!, amountCol),
        message: `the rows for line ${code} (rows ${shown}) add up${sum}, more than ${formatPence(LINE_MAX_PENCE, { pence: 'auto' })} either way, the most one line may hold`,
      });
      continue;
    }
    result.amounts.push({ code, pence: Number(exact), rows: entry.rows });
  }
  if (result.amounts.length === 0 && problems.length === 0)
    problems.push({ file, message: 'the extract has a header row but no amounts' });
  return result;
}
