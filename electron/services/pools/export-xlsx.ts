// exceljs is loaded when a workbook is first read or written, not when the app or CLI starts (it costs ~0.4 s).
import type ExcelJS from 'exceljs';
import { sumPence, type Pence } from '../../../shared/money';
import { METHOD_NAMES, type Basis } from '../../../shared/pools/model';
import type { PoolStatement } from '../../../shared/pools/statement';
import type { YearLabel } from '../../../shared/years/financial-year';
import { safeSheetName } from '../../../shared/workbooks/sheet-names';
import { workbookBytes } from '../workbooks/zip';

/**
 * The statement as an xlsx workbook: a Summary sheet and one sheet per pool.
 * Totals, variances and the proof that the shares add up are live formulas
 * whose cached results are the app's own figures (so a reader that does not
 * recalculate shows the same numbers), and the workbook asks to be
 * recalculated when opened. Every piece of user text (pool, partner and line
 * names) is written as a plain string value, never as a formula.
 */

/** Pounds as Excel shows money, for every xlsx the app writes. */
export const MONEY = '"£"#,##0.00;-"£"#,##0.00';
const pounds = (p: Pence) => p / 100;
const BOLD = { bold: true };

export const sheetRef = (sheet: string, cell: string) => `'${sheet.replace(/'/g, "''")}'!${cell}`;

interface PoolCells {
  sheet: string;
  budget: string;
  outturn: string | null;
  variance: string | null;
  shares: Map<string, string>;
  sharesTotal: string | null;
}

type Cached = number | string;

function formula(cell: ExcelJS.Cell, f: string, result: Cached): void {
  cell.value = { formula: f, result } as ExcelJS.CellFormulaValue;
}

function money(cell: ExcelJS.Cell, pence: Pence | null): void {
  if (pence !== null) cell.value = pounds(pence);
  cell.numFmt = MONEY;
}

function moneyFormula(cell: ExcelJS.Cell, f: string, pence: Pence): void {
  formula(cell, f, pounds(pence));
  cell.numFmt = MONEY;
}

const CHECK_OK = 'Shares add up exactly to the variance';
const CHECK_BAD = 'The shares do not add up to the variance';

function poolSheet(wb: ExcelJS.Workbook, s: PoolStatement, name: string, areaName: string): PoolCells {
  const ws = wb.addWorksheet(name, {
    pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [
    { width: 34 },
    { width: 70 },
    { width: 20 },
    { width: 20 },
    { width: 18 },
    { width: 18 },
    { width: 18 },
  ];
  let r = 1;
  const row = (...values: (string | number | null)[]) => {
    const out = ws.getRow(r++);
    values.forEach((v, i) => {
      if (v !== null) out.getCell(i + 1).value = v;
    });
    return out;
  };
  const title = row(`${s.name}: pooled budget statement ${s.year}`);
  title.font = { bold: true, size: 14 };
  row('Area', areaName);
  row('Figures', s.basis === 'outturn' ? 'Outturn (actual, year end)' : 'Forecast (during the year)');
  row('Legal basis', s.legalBasis);
  row('Host partner', s.host ?? 'not recorded');
  r++;

  const head = row('Partner', 'Kind', 'Ratio part', 'Contributions', 'Budget on its own lines');
  head.font = BOLD;
  const firstPartner = r;
  for (const p of s.partners) {
    const x = row(p.name, p.kind, p.ratio === null ? 'not set' : Number(p.ratio));
    money(x.getCell(4), p.contributionPence);
    money(x.getCell(5), p.linesBudgetPence);
  }
  const other = row('Other income (attributed to no partner)');
  money(other.getCell(4), s.otherIncomePence);
  const lastContribution = r - 1;
  const total = row('Total contributions');
  total.font = BOLD;
  moneyFormula(total.getCell(4), `SUM(D${firstPartner}:D${lastContribution})`, s.contributionsPence);
  const totalContributions = `D${total.number}`;
  r++;

  let linesRange: { first: number; last: number } | null = null;
  const budgetRow = row('Budget');
  budgetRow.font = BOLD;
  const budgetCell = `B${budgetRow.number}`;
  const outturnRow = row(s.basis === 'outturn' ? 'Outturn' : 'Forecast');
  outturnRow.font = BOLD;
  const outturnCell = `B${outturnRow.number}`;
  const varianceRow = row('Variance (outturn - budget)');
  varianceRow.font = BOLD;
  const varianceCell = `B${varianceRow.number}`;
  row('Complete', s.complete ? 'Yes' : 'No: see the notes below');
  r++;

  // Budget lines, when the pool has them: budget, figure and variance per line. Budget and outturn above refer to them.
  const lines = s.lines;
  if (lines.length > 0) {
    const lh = row(
      'Budget line',
      'Name',
      'Partner (whose cost)',
      'Budget',
      s.basis === 'outturn' ? 'Outturn' : 'Forecast',
      'Variance',
      'Contingency',
    );
    lh.font = BOLD;
    const first = r;
    for (const l of lines) {
      const x = row(l.code, l.name, l.partner ?? 'shared');
      money(x.getCell(4), l.budgetPence);
      money(x.getCell(5), l.figurePence);
      moneyFormula(x.getCell(6), `E${x.number}-D${x.number}`, l.figurePence - l.budgetPence);
      x.getCell(7).value = l.contingency ? 'Yes' : '';
    }
    linesRange = { first, last: r - 1 };
    r++;
  }

  if (linesRange) moneyFormula(budgetRow.getCell(2), `SUM(D${linesRange.first}:D${linesRange.last})`, s.budget);
  else moneyFormula(budgetRow.getCell(2), totalContributions, s.budget);
  if (s.outturn === null) {
    outturnRow.getCell(2).value = 'not recorded yet';
    varianceRow.getCell(2).value = 'not known yet';
  } else {
    if (linesRange) moneyFormula(outturnRow.getCell(2), `SUM(E${linesRange.first}:E${linesRange.last})`, s.outturn);
    else money(outturnRow.getCell(2), s.outturn);
    moneyFormula(varianceRow.getCell(2), `${outturnCell}-${budgetCell}`, s.variance!);
  }

  row('Overspend method', s.methods.overspend.description);
  row('Underspend method', s.methods.underspend.description);
  row('Method applied', s.method === 'none' ? 'none (no variance to share)' : METHOD_NAMES[s.method]);
  r++;

  const cells: PoolCells = {
    sheet: name,
    budget: budgetCell,
    outturn: s.outturn === null ? null : outturnCell,
    variance: s.outturn === null ? null : varianceCell,
    shares: new Map(),
    sharesTotal: null,
  };
  if (s.problem !== null) {
    const p = row('No shares', s.problem);
    p.font = BOLD;
    r++;
  } else {
    const wh = row('Working: step', 'Formula in words', 'Figure', 'Amount');
    wh.font = BOLD;
    s.steps.forEach((step, i) => {
      const x = row(`${i + 1}. ${step.label}`, step.formula);
      x.getCell(2).alignment = { wrapText: true, vertical: 'top' };
      x.getCell(1).alignment = { vertical: 'top' };
      for (const f of step.figures) {
        const y = row(null, null, f.label);
        money(y.getCell(4), f.pence);
      }
    });
    r++;
    const sh = row('Shares', 'Partner', null, 'Share of the variance');
    sh.font = BOLD;
    const first = r;
    for (const share of s.shares) {
      const x = row(null, share.partner);
      money(x.getCell(4), share.pence);
      cells.shares.set(share.partner, `D${x.number}`);
    }
    const last = r - 1;
    const sum = sumPence(s.shares.map((x) => x.pence));
    const t = row('Total of the shares');
    t.font = BOLD;
    moneyFormula(t.getCell(4), `SUM(D${first}:D${last})`, sum);
    cells.sharesTotal = `D${t.number}`;
    const v = row('The variance');
    moneyFormula(v.getCell(4), varianceCell, s.variance!);
    const d = row('Difference (must be £0.00)');
    moneyFormula(d.getCell(4), `ROUND(D${t.number}-D${v.number},2)`, 0);
    const c = row('Check');
    c.font = BOLD;
    formula(c.getCell(4), `IF(D${d.number}=0,"${CHECK_OK}","${CHECK_BAD}")`, CHECK_OK);
    row(
      'Rounding',
      'Shares are rounded to the penny by the largest remainder method; where remainders are equal, the partner listed first in the agreement takes the penny.',
    );
    r++;
  }

  if (s.warnings.length > 0 || s.fallbacks.length > 0) {
    row('Notes').font = BOLD;
    for (const w of [...s.fallbacks, ...s.warnings]) {
      const x = row(null, w);
      x.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    }
    r++;
  }
  row('Agreed by').font = BOLD;
  if (s.agreements.length === 0) row(null, 'Not yet agreed by either partner.');
  for (const a of s.agreements) {
    row(
      a.partner,
      `${a.agreedBy}${a.role ? `, ${a.role}` : ''}`,
      a.agreedOn,
      a.current ? 'figures as agreed' : 'figures changed since',
    );
  }
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return cells;
}

function summarySheet(
  ws: ExcelJS.Worksheet,
  statements: PoolStatement[],
  cells: PoolCells[],
  year: YearLabel,
  basis: Basis,
  areaName: string,
): void {
  const partners: string[] = [];
  for (const s of statements) for (const p of s.partners) if (!partners.includes(p.name)) partners.push(p.name);
  ws.getCell('A1').value = `Pooled budgets statement ${year}`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = areaName;
  ws.getCell('A3').value = basis === 'outturn' ? 'Outturn (actual, year end)' : 'Forecast (during the year)';
  const headers = [
    'Pool',
    'Legal basis',
    'Budget',
    basis === 'outturn' ? 'Outturn' : 'Forecast',
    'Variance',
    'Method applied',
    ...partners.map((p) => `${p} share`),
    'Total of the shares',
    'Check',
  ];
  const head = ws.getRow(5);
  headers.forEach((h, i) => (head.getCell(i + 1).value = h));
  head.font = BOLD;
  ws.columns = headers.map((_, i) => ({ width: i === 0 ? 34 : i === 1 ? 22 : i === headers.length - 1 ? 40 : 18 }));
  const shareCol = (i: number) => 7 + i;
  const totalCol = 7 + partners.length;
  const letter = (n: number) => ws.getColumn(n).letter;
  statements.forEach((s, k) => {
    const c = cells[k]!;
    const x = ws.getRow(6 + k);
    x.getCell(1).value = s.name;
    x.getCell(2).value = s.legalBasis;
    moneyFormula(x.getCell(3), sheetRef(c.sheet, c.budget), s.budget);
    if (c.outturn !== null && c.variance !== null) {
      moneyFormula(x.getCell(4), sheetRef(c.sheet, c.outturn), s.outturn!);
      moneyFormula(x.getCell(5), sheetRef(c.sheet, c.variance), s.variance!);
    } else {
      x.getCell(4).value = 'not recorded';
    }
    x.getCell(6).value = s.problem !== null ? s.problem : s.method === 'none' ? 'none' : METHOD_NAMES[s.method];
    partners.forEach((p, i) => {
      const ref = c.shares.get(p);
      const share = s.shares.find((x2) => x2.partner === p);
      if (ref && share) moneyFormula(x.getCell(shareCol(i)), sheetRef(c.sheet, ref), share.pence);
    });
    if (c.sharesTotal !== null) {
      const sum = sumPence(s.shares.map((x2) => x2.pence));
      moneyFormula(
        x.getCell(totalCol),
        `SUM(${letter(shareCol(0))}${x.number}:${letter(totalCol - 1)}${x.number})`,
        sum,
      );
      formula(
        x.getCell(totalCol + 1),
        `IF(ROUND(${letter(totalCol)}${x.number}-E${x.number},2)=0,"${CHECK_OK}","${CHECK_BAD}")`,
        CHECK_OK,
      );
    }
  });
  const last = 5 + statements.length;
  const t = ws.getRow(last + 1);
  t.getCell(1).value = 'All pools';
  t.font = BOLD;
  const sumCol = (col: number, pence: Pence) =>
    moneyFormula(t.getCell(col), `SUM(${letter(col)}6:${letter(col)}${last})`, pence);
  sumCol(3, sumPence(statements.map((s) => s.budget)));
  sumCol(4, sumPence(statements.map((s) => s.outturn ?? 0)));
  sumCol(5, sumPence(statements.map((s) => s.variance ?? 0)));
  partners.forEach((p, i) =>
    sumCol(shareCol(i), sumPence(statements.map((s) => s.shares.find((x) => x.partner === p)?.pence ?? 0))),
  );
  sumCol(totalCol, sumPence(statements.flatMap((s) => s.shares.map((x) => x.pence))));
  ws.views = [{ state: 'frozen', ySplit: 5 }];
}

/** Builds the workbook; the bytes are what the user saves. */
export async function statementWorkbook(
  statements: PoolStatement[],
  year: YearLabel,
  basis: Basis,
  areaName: string,
): Promise<Uint8Array> {
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'BCF Returns';
  wb.title = `Pooled budgets statement ${year}`;
  wb.calcProperties.fullCalcOnLoad = true;
  const summary = wb.addWorksheet('Summary', {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  // A pool's name is the user's: cleaned to what Excel accepts rather than refused (issue 19).
  const taken = new Set<string>(['summary']);
  const cells = statements.map((s) => poolSheet(wb, s, safeSheetName(s.name, taken, 'Pool'), areaName));
  summarySheet(summary, statements, cells, year, basis, areaName);
  return workbookBytes(wb);
}
