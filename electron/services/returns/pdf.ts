import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ReturnView } from '../../../shared/api';
import { formatDate, localIsoDate } from '../../../shared/dates/iso-date';
import { safeFileName } from '../../../shared/exports/csv';
import { Decimal, formatPence, type Pence } from '../../../shared/money';
import { STATE_LABELS } from '../../../shared/returns/signoff';
import type { ReturnTotalRow } from '../../../shared/returns/totals';
import type { YearEndPicture } from '../../../shared/returns/year-end';
import type { Period } from '../../../shared/returns/period';
import type { YearLabel } from '../../../shared/years/financial-year';
import { getArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { loadPdfmake } from '../files/pdf';
import { getReturnView } from './view';

/**
 * The one-page summary of a return for the board's ratification paper, as a
 * PDF drawn with pdfmake in Node. It uses PDF's built-in Helvetica, so no font
 * is read from disk or downloaded, and pdfmake may open no file and no URL.
 */

const money = (p: Pence) => formatPence(p, { pence: 'auto' });
const percent = (part: Pence, whole: Pence) =>
  whole > 0
    ? `${new Decimal(part).times(100).dividedBy(whole).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`
    : '';
const MAX_LINES = 18;

function totalsTable(title: string, rows: ReturnTotalRow[], total: ReturnTotalRow): Content {
  const head: TableCell[] = [title, 'Lines', 'Planned', 'Actual to date', '% of plan', 'Forecast outturn'].map(
    (t, i) => ({ text: t, bold: true, alignment: i === 0 ? 'left' : 'right' }),
  );
  const body: TableCell[][] = [head];
  for (const r of [...rows, total]) {
    const isTotal = r === total;
    body.push([
      { text: r.key, bold: isTotal },
      { text: String(r.lines), alignment: 'right', bold: isTotal },
      { text: money(r.plannedPence), alignment: 'right', bold: isTotal },
      {
        text: `${money(r.actualPence)}${r.actualMissing ? ` (${r.actualMissing} not entered)` : ''}`,
        alignment: 'right',
        bold: isTotal,
      },
      { text: percent(r.actualPence, r.plannedPence), alignment: 'right', bold: isTotal },
      { text: money(r.forecastPence), alignment: 'right', bold: isTotal },
    ]);
  }
  return {
    table: { headerRows: 1, widths: ['*', 30, 70, 90, 50, 80], body },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 8],
  };
}

/**
 * A year-end return's income by funding source, planned beside actual, as the return's own sheet
 * lays it out: the board ratifies the year's income as well as its spend.
 */
function incomeTable(picture: YearEndPicture): Content {
  const head: TableCell[] = [
    'Source of Funding',
    'Planned income',
    'Actual income',
    'Variance',
    'Explanation of variance',
  ].map((t, i) => ({ text: t, bold: true, alignment: i >= 1 && i <= 3 ? 'right' : 'left' }));
  const body: TableCell[][] = [head];
  for (const r of picture.income)
    body.push([
      r.sourceOfFunding,
      { text: money(r.plannedPence), alignment: 'right' },
      { text: r.actualPence === null ? 'not entered' : money(r.actualPence), alignment: 'right' },
      { text: r.variancePence === null ? '' : money(r.variancePence), alignment: 'right' },
      r.note || '—',
    ]);
  const t = picture.incomeTotal;
  const missing = picture.income.filter((r) => r.actualPence === null).length;
  body.push([
    { text: 'Total', bold: true },
    { text: money(t.plannedPence), alignment: 'right', bold: true },
    {
      text: `${money(t.actualPence)}${missing ? ` (${missing} not entered)` : ''}`,
      alignment: 'right',
      bold: true,
    },
    // With an actual missing the total's variance would count it as £0 received: not a figure to print.
    { text: missing ? '' : money(t.variancePence), alignment: 'right', bold: true },
    '',
  ]);
  return {
    table: { headerRows: 1, widths: [150, 75, 135, 75, '*'], body },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 8],
  };
}

function signOff(v: ReturnView): Content {
  const rows: [string, string][] = [['Status', STATE_LABELS[v.state]]];
  rows.push([
    'Approved by',
    v.approvers.length
      ? v.approvers.map((a) => `${a.name}, ${a.role} (${formatDate(a.approvedOn)})`).join('; ')
      : 'not yet approved',
  ]);
  if (v.delegatedAuthority) rows.push(['Authority', v.delegatedAuthority]);
  rows.push(['Deadline', v.deadline ? formatDate(v.deadline) : 'not recorded']);
  rows.push([
    'Submitted',
    v.submittedOn
      ? `${formatDate(v.submittedOn)}${v.deadlineMet === null ? '' : v.deadlineMet ? ', by the deadline' : ', after the deadline'}`
      : 'not yet submitted',
  ]);
  rows.push([
    'Ratified by the HWB',
    v.ratifiedOn
      ? `${formatDate(v.ratifiedOn)}${v.ratifiedAt ? ` (${v.ratifiedAt})` : ''}, ${v.ratifiedWhen}`
      : 'not yet ratified',
  ]);
  return {
    table: { widths: [100, '*'], body: rows.map(([k, t]) => [{ text: k, bold: true }, t]) },
    layout: 'noBorders',
    margin: [0, 0, 0, 8],
  };
}

export function summaryDocument(
  v: ReturnView,
  area: string,
  preparedOn: string,
  preparedBy: string,
): TDocumentDefinitions {
  const errors = v.validation.findings.filter((f) => f.severity === 'error');
  const warnings = v.validation.findings.filter((f) => f.severity === 'warning');
  const lineRows: TableCell[][] = [
    ['Scheme ID', 'Scheme Name', 'Source of Funding', 'Planned', 'Actual to date', 'Issues?'].map((t, i) => ({
      text: t,
      bold: true,
      alignment: i >= 3 && i <= 4 ? 'right' : 'left',
    })),
    ...v.lines
      .slice(0, MAX_LINES)
      .map((l): TableCell[] => [
        l.schemeId,
        l.schemeName,
        l.sourceOfFunding,
        { text: money(l.plannedPence), alignment: 'right' },
        { text: l.actualPence === null ? 'not entered' : money(l.actualPence), alignment: 'right' },
        l.issues || '—',
      ]),
  ];
  const content: Content[] = [
    { text: `Better Care Fund: ${v.label} return`, style: 'title' },
    {
      text: `${area} · plan ${v.planLabel} · ${v.template} · funding in scope: ${v.sources.join(', ')}`,
      margin: [0, 0, 0, 8],
    },
    signOff(v),
  ];
  if (v.yearEnd && v.yearEnd.income.length > 0)
    content.push({ text: 'Income for the year by Source of Funding', style: 'heading' }, incomeTable(v.yearEnd));
  content.push(
    { text: 'Planned and actual expenditure by Source of Funding', style: 'heading' },
    totalsTable('Source of Funding', v.totals.bySourceOfFunding, v.totals),
  );
  if (v.lines.length <= MAX_LINES) {
    content.push(
      { text: `Scheme lines (${v.lines.length})`, style: 'heading' },
      {
        table: { headerRows: 1, widths: [40, '*', 150, 70, 80, 40], body: lineRows },
        layout: 'lightHorizontalLines',
        margin: [0, 2, 0, 8],
      },
    );
  } else {
    content.push(
      { text: 'Planned and actual expenditure by Scheme Type', style: 'heading' },
      totalsTable('Scheme Type', v.totals.bySchemeType, v.totals),
    );
    content.push({
      text: `The return has ${v.lines.length} scheme lines; the full return is in the workbook submitted to NHS England.`,
      italics: true,
      margin: [0, 0, 0, 8],
    });
  }
  const assessed = v.metrics.filter((m) => m.target || m.onTrack);
  if (assessed.length) {
    content.push(
      { text: 'Metrics', style: 'heading' },
      {
        table: {
          headerRows: 1,
          widths: [150, 120, '*'],
          body: [
            ['Metric', 'Target', 'Assessment'].map((t) => ({ text: t, bold: true })),
            ...assessed.map((m) => [m.name, m.target || '—', m.onTrack || 'not assessed']),
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 2, 0, 8],
      },
    );
  }
  content.push(
    { text: 'Checks', style: 'heading' },
    {
      text: `${errors.length} error${errors.length === 1 ? '' : 's'} and ${warnings.length} warning${warnings.length === 1 ? '' : 's'}.`,
    },
  );
  const shown = [...errors, ...warnings].slice(0, 6);
  if (shown.length)
    content.push({
      ul: shown.map((f) => `${f.severity === 'error' ? 'Error' : 'Warning'} (${f.rule}): ${f.message}`),
      margin: [0, 2, 0, 0],
    });
  if (errors.length + warnings.length > shown.length)
    content.push({
      text: `…and ${errors.length + warnings.length - shown.length} more (bcf validate return --year ${v.year} --period ${v.period}).`,
      italics: true,
    });
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [32, 28, 32, 36],
    info: {
      title: `BCF ${v.label} return summary`,
      author: area,
      subject: v.period === 'YE' ? 'Better Care Fund year-end return' : 'Better Care Fund quarterly return',
      creator: 'BCF Returns',
    },
    defaultStyle: { font: 'Helvetica', fontSize: 8.5 },
    styles: {
      title: { fontSize: 15, bold: true, margin: [0, 0, 0, 2] },
      heading: { fontSize: 10, bold: true, margin: [0, 2, 0, 0] },
    },
    footer: (page, pages) => ({
      text: `Prepared with BCF Returns on ${formatDate(preparedOn)} by ${preparedBy}. Page ${page} of ${pages}.`,
      fontSize: 7,
      margin: [32, 10, 32, 0],
      color: '#4c6272',
    }),
    content,
  };
}

export async function returnSummaryPdf(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
): Promise<{ fileName: string; bytes: Buffer }> {
  const view = getReturnView(ctx, year, period);
  const area = getArea(ctx)?.name ?? 'Health and Wellbeing Board';
  const doc = summaryDocument(view, area, localIsoDate(ctx.now()), ctx.actor);
  const bytes = await (await loadPdfmake()).createPdf(doc).getBuffer();
  return { fileName: `${safeFileName(`BCF ${view.label} return summary`, 'BCF return summary')}.pdf`, bytes };
}
