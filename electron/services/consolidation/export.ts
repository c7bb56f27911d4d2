import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ConsolidationView, ExportedFile } from '../../../shared/api';
import { formatPence } from '../../../shared/money';
import { PERIOD_LABELS } from '../../../shared/returns/period';
import type { ServiceContext } from '../context';
import { loadPdfmake } from '../files/pdf';
import { pdfText } from '../pools/export-pdf';
import { slug } from '../review/package';
import { getConsolidation } from './view';
import { MONEY } from '../pools/export-xlsx';
import { workbookBytes } from '../workbooks/zip';

/**
 * A consolidation out as xlsx (exceljs, the app's one writer) and as PDF
 * (pdfmake, Helvetica only, as the pool statement). Both are built from one
 * list of tables, the same the screen shows, so the two files and the screen
 * cannot disagree. Names from packages are written as plain text, never as
 * formulas.
 */

type Value = string | number | { pence: number };
interface Section {
  title: string;
  header: string[];
  rows: Value[][];
}

const p = (pence: number) => ({ pence });

export function sections(v: ConsolidationView): Section[] {
  return [
    {
      title: 'By area',
      header: ['Area', 'Lines', 'Planned', 'Package sent', 'Fingerprint'],
      rows: [
        ...v.areas.map((a) => [
          a.name,
          a.lines,
          p(a.expenditurePence),
          `${a.sentAt.slice(0, 10)} by ${a.sentBy}`,
          a.fingerprint,
        ]),
        ['Total', v.total.lines, p(v.total.expenditurePence), '', ''],
      ],
    },
    {
      title: 'By funding source',
      header: ['Source of funding', 'Lines', 'Planned'],
      rows: v.bySource.map((h) => [h.heading, h.lines, p(h.expenditurePence)]),
    },
    {
      title: 'By scheme type',
      header: ['Scheme type', 'Lines', 'Planned'],
      rows: v.bySchemeType.map((h) => [h.heading, h.lines, p(h.expenditurePence)]),
    },
    {
      title: "Each area's minimums",
      header: ['Area', 'Minimum', 'Required', 'Planned', 'Met?'],
      rows: v.minimums.map((x) =>
        x.requiredPence === null || x.plannedPence === null
          ? [x.area, x.label, '', '', 'Not known: the package predates minimums']
          : [
              x.area,
              x.label,
              p(x.requiredPence),
              p(x.plannedPence),
              x.met ? 'Met' : `Not met: ${formatPence(x.requiredPence - x.plannedPence)} short`,
            ],
      ),
    },
    {
      title: 'Plan against actual by quarter',
      header: ['Period', 'Areas', 'Planned', 'Actual to date'],
      rows: v.quarters.map((q) => [PERIOD_LABELS[q.period], q.areas, p(q.plannedPence), p(q.actualPence)]),
    },
    {
      title: "Partners' exposure across their areas' pools",
      header: ['Partner', 'Areas', 'Pools', 'Contributions', 'Share of variances'],
      rows: v.exposure.map((e) => [e.partner, e.areas.join(', '), e.pools, p(e.contributionPence), p(e.sharePence)]),
    },
  ];
}

const fileName = (v: ConsolidationView, ext: string) => `${slug(v.name)}-consolidation-${v.year}.${ext}`;

export async function consolidationXlsx(ctx: ServiceContext, id: number): Promise<ExportedFile> {
  const v = getConsolidation(ctx, id);
  // exceljs is loaded on first use, as for every workbook written: it costs the app's start-up ~0.4 s.
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'BCF Returns';
  wb.title = `${v.name}: consolidation ${v.year}`;
  const ws = wb.addWorksheet('Consolidation', {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [{ width: 44 }, { width: 36 }, { width: 18 }, { width: 18 }, { width: 30 }];
  ws.addRow([`${v.name}: ICB consolidation ${v.year}`]).font = { bold: true, size: 14 };
  ws.addRow([`${v.areas.length} areas, from their review packages. Produced ${ctx.now().toISOString().slice(0, 10)}.`]);
  for (const s of sections(v)) {
    ws.addRow([]);
    ws.addRow([s.title]).font = { bold: true, size: 12 };
    ws.addRow(s.header).font = { bold: true };
    if (s.rows.length === 0) ws.addRow(['None in these packages.']);
    for (const r of s.rows) {
      const row = ws.addRow(r.map((c) => (typeof c === 'object' ? c.pence / 100 : c)));
      r.forEach((c, i) => {
        if (typeof c === 'object') row.getCell(i + 1).numFmt = MONEY;
      });
      if (r[0] === 'Total') row.font = { bold: true };
    }
  }
  const bytes = await workbookBytes(wb);
  return { fileName: fileName(v, 'xlsx'), base64: Buffer.from(bytes).toString('base64') };
}

const pdfCell = (c: Value): TableCell =>
  typeof c === 'object'
    ? { text: formatPence(c.pence), alignment: 'right' }
    : typeof c === 'number'
      ? { text: c.toLocaleString('en-GB'), alignment: 'right' }
      : { text: pdfText(c) };

export async function consolidationPdf(ctx: ServiceContext, id: number): Promise<ExportedFile> {
  const v = getConsolidation(ctx, id);
  const producedOn = ctx.now().toISOString().slice(0, 10);
  const content: Content[] = [
    { text: pdfText(`${v.name}: ICB consolidation ${v.year}`), style: 'title' },
    { text: pdfText(`${v.areas.length} areas, from their review packages.`), style: 'sub' },
  ];
  for (const s of sections(v)) {
    content.push({ text: pdfText(s.title), style: 'h2' });
    if (s.rows.length === 0) {
      content.push({ text: 'None in these packages.' });
      continue;
    }
    content.push({
      table: {
        headerRows: 1,
        widths: s.header.map((_, i) => (i === 0 ? '*' : 'auto')),
        body: [s.header.map((h) => ({ text: pdfText(h), bold: true })), ...s.rows.map((r) => r.map(pdfCell))],
      },
      layout: 'lightHorizontalLines',
    });
  }
  const doc: TDocumentDefinitions = {
    info: { title: pdfText(`${v.name}: consolidation ${v.year}`), creator: 'BCF Returns', producer: 'BCF Returns' },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [40, 40, 40, 48],
    defaultStyle: { font: 'Helvetica', fontSize: 9 },
    styles: {
      title: { fontSize: 15, bold: true, margin: [0, 0, 0, 2] },
      sub: { fontSize: 9, margin: [0, 0, 0, 8] },
      h2: { fontSize: 11.5, bold: true, margin: [0, 10, 0, 4] },
    },
    footer: (page, pages) => ({
      text: pdfText(
        `${v.name}, consolidation ${v.year}. Produced by BCF Returns on ${producedOn}. Page ${page} of ${pages}.`,
      ),
      fontSize: 7.5,
      margin: [40, 16, 40, 0],
    }),
    content,
  };
  const pdfmake = await loadPdfmake();
  const bytes = new Uint8Array(await pdfmake.createPdf(doc).getBuffer());
  return { fileName: fileName(v, 'pdf'), base64: Buffer.from(bytes).toString('base64') };
}
