import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatPence, sumPence, type Pence } from '../../../shared/money';
import { METHOD_NAMES, type Basis } from '../../../shared/pools/model';
import type { PoolStatement } from '../../../shared/pools/statement';
import type { YearLabel } from '../../../shared/years/financial-year';
import { loadPdfmake } from '../files/pdf';

/**
 * The statement as a printable PDF for both finance teams' sign-off. It uses
 * the PDF standard Helvetica fonts (built into every PDF reader: nothing is
 * downloaded or embedded), so text is limited to the Windows-1252 characters
 * those fonts carry; anything else is replaced before it reaches the page.
 */

const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can show: Windows-1252, with a few common stand-ins. */
export function pdfText(text: string): string {
  return [
    ...text
      .replace(/\u2212/g, '-')
      .replace(/\u2192/g, '->')
      .replace(/\u2264/g, '<=')
      .replace(/\u2265/g, '>=')
      .replace(/\u00a0/g, ' '),
  ]
    .map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c === 10 || (c >= 32 && c < 127) || (c >= 160 && c <= 255) || CP1252_EXTRA.has(ch)) return ch;
      return '?';
    })
    .join('');
}

const m = (p: Pence | null) => (p === null ? '' : formatPence(p));
const cell = (
  text: string,
  extra: Partial<{ bold: boolean; alignment: 'right' | 'left'; colSpan: number }> = {},
): TableCell => ({ text: pdfText(text), ...extra });
const num = (p: Pence | null, bold = false): TableCell => ({ text: m(p), alignment: 'right', bold });

function poolContent(s: PoolStatement, areaName: string, first: boolean): Content[] {
  const out: Content[] = [];
  out.push({
    text: pdfText(`${s.name}: pooled budget statement ${s.year}`),
    style: 'title',
    ...(first ? {} : { pageBreak: 'before' as const }),
  });
  out.push({
    text: pdfText(
      `${areaName}. ${s.basis === 'outturn' ? 'Outturn (actual, year end).' : 'Forecast (during the year).'} ${s.legalBasis}. Host partner: ${s.host ?? 'not recorded'}.`,
    ),
    style: 'sub',
  });

  out.push({ text: 'Budget by partner', style: 'h2' });
  out.push({
    table: {
      headerRows: 1,
      widths: ['*', 'auto', 'auto', 'auto', 'auto'],
      body: [
        [
          cell('Partner', { bold: true }),
          cell('Kind', { bold: true }),
          cell('Ratio part', { bold: true }),
          cell('Contributions', { bold: true, alignment: 'right' }),
          cell('Budget on own lines', { bold: true, alignment: 'right' }),
        ],
        ...s.partners.map((p) => [
          cell(p.name),
          cell(p.kind),
          cell(p.ratio ?? 'not set'),
          num(p.contributionPence),
          num(p.linesBudgetPence),
        ]),
        [cell('Other income (attributed to no partner)'), cell(''), cell(''), num(s.otherIncomePence), cell('')],
        [cell('Total contributions', { bold: true }), cell(''), cell(''), num(s.contributionsPence, true), cell('')],
      ],
    },
    layout: 'lightHorizontalLines',
  });

  out.push({
    margin: [0, 8, 0, 0],
    table: {
      widths: ['*', 'auto'],
      body: [
        [cell('Budget', { bold: true }), num(s.budget, true)],
        [
          cell(s.basis === 'outturn' ? 'Outturn' : 'Forecast', { bold: true }),
          s.outturn === null ? cell('not recorded yet') : num(s.outturn, true),
        ],
        [
          cell('Variance (outturn - budget)', { bold: true }),
          s.variance === null ? cell('not known yet') : num(s.variance, true),
        ],
        [cell('Overspend method'), cell(s.methods.overspend.description)],
        [cell('Underspend method'), cell(s.methods.underspend.description)],
        [cell('Method applied'), cell(s.method === 'none' ? 'none (no variance to share)' : METHOD_NAMES[s.method])],
      ],
    },
    layout: 'lightHorizontalLines',
  });

  if (s.lines.length > 0) {
    out.push({ text: 'Budget lines', style: 'h2' });
    out.push({
      table: {
        headerRows: 1,
        widths: ['auto', '*', 'auto', 'auto', 'auto', 'auto'],
        body: [
          ['Line', 'Name', 'Whose cost', 'Budget', s.basis === 'outturn' ? 'Outturn' : 'Forecast', 'Variance'].map(
            (h, i) => cell(h, { bold: true, alignment: i >= 3 ? 'right' : 'left' }),
          ),
          ...s.lines.map((l) => [
            cell(l.code),
            cell(
              `${l.name}${l.contingency ? ' (contingency)' : ''}${l.recorded ? '' : ' (no figure: taken at budget)'}`,
            ),
            cell(l.partner ?? 'shared'),
            num(l.budgetPence),
            num(l.figurePence),
            num(l.figurePence - l.budgetPence),
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    });
  }

  if (s.problem !== null) {
    out.push({ text: pdfText(`No shares: ${s.problem}`), style: 'h2' });
  } else {
    out.push({ text: 'The working', style: 'h2' });
    s.steps.forEach((step, i) => {
      out.push({ text: pdfText(`${i + 1}. ${step.label}`), bold: true, margin: [0, 4, 0, 1] });
      out.push({ text: pdfText(step.formula), fontSize: 8.5 });
      if (step.figures.length > 0) {
        out.push({
          margin: [12, 2, 0, 0],
          table: { widths: [200, 'auto'], body: step.figures.map((f) => [cell(f.label), num(f.pence)]) },
          layout: 'noBorders',
          fontSize: 8.5,
        });
      }
    });
    const total = sumPence(s.shares.map((x) => x.pence));
    out.push({ text: "Each partner's share", style: 'h2' });
    out.push({
      table: {
        headerRows: 1,
        widths: ['*', 'auto'],
        body: [
          [cell('Partner', { bold: true }), cell('Share of the variance', { bold: true, alignment: 'right' })],
          ...s.shares.map((x) => [cell(x.partner), num(x.pence)]),
          [cell('Total of the shares', { bold: true }), num(total, true)],
          [cell('The variance'), num(s.variance)],
        ],
      },
      layout: 'lightHorizontalLines',
    });
    out.push({
      text: pdfText(
        total === s.variance
          ? `Shares add up exactly to the variance: ${m(total)} = ${m(s.variance)}.`
          : `The shares (${m(total)}) do not add up to the variance (${m(s.variance)}).`,
      ),
      bold: true,
      margin: [0, 4, 0, 0],
    });
    out.push({
      text: 'Shares are rounded to the penny by the largest remainder method; where remainders are equal, the partner listed first in the agreement takes the penny.',
      fontSize: 8.5,
    });
  }

  const notes = [...s.fallbacks, ...s.warnings];
  if (notes.length > 0) {
    out.push({ text: 'Notes', style: 'h2' });
    out.push({ ul: notes.map((n) => pdfText(n)), fontSize: 8.5 });
  }

  out.push({ text: 'Agreed for each partner', style: 'h2' });
  out.push({
    table: {
      headerRows: 1,
      widths: ['auto', '*', '*', 'auto', 'auto'],
      body: [
        ['Partner', 'Name', 'Role', 'Date', 'Figures'].map((h) => cell(h, { bold: true })),
        ...s.partners.flatMap((p) => {
          const agreed = s.agreements.filter((a) => a.partner === p.name);
          if (agreed.length === 0) return [[cell(p.name), cell(' '), cell(' '), cell(' '), cell('awaiting agreement')]];
          return agreed.map((a) => [
            cell(p.name),
            cell(a.agreedBy),
            cell(a.role),
            cell(a.agreedOn),
            cell(a.current ? 'as agreed' : 'changed since agreed'),
          ]);
        }),
      ],
      heights: 22,
    },
  });
  return out;
}

function summaryContent(statements: PoolStatement[], year: YearLabel, basis: Basis, areaName: string): Content[] {
  return [
    { text: pdfText(`Pooled budgets statement ${year}`), style: 'title' },
    {
      text: pdfText(
        `${areaName}. ${basis === 'outturn' ? 'Outturn (actual, year end).' : 'Forecast (during the year).'}`,
      ),
      style: 'sub',
    },
    {
      table: {
        headerRows: 1,
        widths: ['*', 'auto', 'auto', 'auto', '*'],
        body: [
          ['Pool', 'Budget', basis === 'outturn' ? 'Outturn' : 'Forecast', 'Variance', 'Shares'].map((h, i) =>
            cell(h, { bold: true, alignment: i >= 1 && i <= 3 ? 'right' : 'left' }),
          ),
          ...statements.map((s) => [
            cell(s.name),
            num(s.budget),
            s.outturn === null ? cell('not recorded') : num(s.outturn),
            s.variance === null ? cell('') : num(s.variance),
            cell(s.problem ?? s.shares.map((x) => `${x.partner} ${m(x.pence)}`).join('; ')),
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
  ];
}

export async function statementPdf(
  statements: PoolStatement[],
  year: YearLabel,
  basis: Basis,
  areaName: string,
  producedOn: string,
): Promise<Uint8Array> {
  const content: Content[] = [];
  if (statements.length > 1) content.push(...summaryContent(statements, year, basis, areaName));
  statements.forEach((s, i) => content.push(...poolContent(s, areaName, i === 0 && statements.length === 1)));
  const doc: TDocumentDefinitions = {
    info: { title: pdfText(`Pooled budgets statement ${year}`), creator: 'BCF Returns', producer: 'BCF Returns' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 48],
    defaultStyle: { font: 'Helvetica', fontSize: 9.5 },
    styles: {
      title: { fontSize: 15, bold: true, margin: [0, 0, 0, 2] },
      sub: { fontSize: 9, margin: [0, 0, 0, 8] },
      h2: { fontSize: 11.5, bold: true, margin: [0, 10, 0, 4] },
    },
    footer: (page, pages) => ({
      text: pdfText(
        `${areaName}, pooled budgets statement ${year}. Produced by BCF Returns on ${producedOn}. Page ${page} of ${pages}.`,
      ),
      fontSize: 7.5,
      margin: [40, 16, 40, 0],
    }),
    content,
  };
  const pdfmake = await loadPdfmake();
  return new Uint8Array(await pdfmake.createPdf(doc).getBuffer());
}
