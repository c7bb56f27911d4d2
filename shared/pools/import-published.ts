import { checkRows, mapColumns, onePerCell } from '../imports/hygiene';
import { parseBoundedMoney, parseMoney, sumPence, type AmountBounds, type Pence } from '../money';
import { columnRef, isBlankRow, normaliseHeader, type ImportProblem, type Row } from '../imports/table';
import { textProblem } from '../values/text';
import { parseRatio, type LegalBasis, type PartnerKind } from './model';
import { appendAll } from '../values/arrays';

/**
 * Reads the pooled-budgets table as council papers publish it (Bath and North
 * East Somerset, 2019/20): Pooled Budget · CCG Contribution · Council SC
 * Contribution · Contributions and other grant funding · Total Value ·
 * Risk Share CCG:LA: Education.
 *
 * Choices the table leaves open, stated once here and in the README:
 * - the partners are named from the contribution headings ("CCG", "Council")
 *   and, for a three-part ratio, the third label of the risk-share heading
 *   ("Education");
 * - "Contributions and other grant funding" is the third partner's
 *   contribution when the ratio has a third part (Children's Services,
 *   14:41:45: Education), and otherwise other income attributed to no
 *   partner (it then takes no share pro rata to contributions);
 * - Total Value is checked against the sum of the contributions and a
 *   difference is reported, never silently used;
 * - a pool whose name mentions children is under s10 Children Act 2004, the
 *   others under s75 NHS Act 2006;
 * - the ratio becomes the fixed-ratio method for both overspend and underspend.
 */
export interface ImportedPool {
  row: number;
  name: string;
  legalBasis: LegalBasis;
  partners: { name: string; kind: PartnerKind; ratio: string }[];
  contributions: { partner: string | null; label: string; amountPence: Pence; column: string }[];
  printedTotalPence: Pence | null;
}

export interface TotalCheck {
  row: number;
  label: string;
  printedPence: Pence;
  computedPence: Pence;
}

export interface PublishedPoolsImport {
  file: string;
  headerRow: number;
  pools: ImportedPool[];
  /** Each pool's Total Value (and any printed total row) against the contributions. */
  totals: TotalCheck[];
  problems: ImportProblem[];
}

type Column = 'name' | 'health' | 'council' | 'other' | 'total' | 'ratio';

function columnFor(header: string): Column | null {
  const h = normaliseHeader(header);
  if (h === 'pooled budget' || h === 'pool' || h === 'pool name') return 'name';
  if (/^(ccg|icb|nhs) contribution$/.test(h)) return 'health';
  if (/^(council|la|local authority)( sc| social care)? contribution$/.test(h)) return 'council';
  if (h === 'contributions and other grant funding' || h === 'other contributions' || h === 'other grant funding')
    return 'other';
  if (h === 'total value' || h === 'total') return 'total';
  if (h.startsWith('risk share')) return 'ratio';
  return null;
}

const REQUIRED: [Column, string][] = [
  ['name', 'Pooled Budget'],
  ['health', 'CCG Contribution'],
  ['council', 'Council SC Contribution'],
  ['ratio', 'Risk Share CCG:LA: Education'],
];

export const CONTRIBUTION: AmountBounds = { label: 'A contribution' };

export function importPublishedPools(file: string, rows: readonly Row[]): PublishedPoolsImport {
  const result = readPublishedPools(file, rows);
  result.problems = onePerCell(result.problems);
  return result;
}

function readPublishedPools(file: string, rows: readonly Row[]): PublishedPoolsImport {
  const problems: ImportProblem[] = [];
  const result: PublishedPoolsImport = { file, headerRow: 0, pools: [], totals: [], problems };
  const mapped = mapColumns(file, rows, {
    needed: [
      { label: 'Pooled Budget', matches: (h) => columnFor(h) === 'name' },
      { label: 'Risk Share CCG:LA: Education', matches: (h) => columnFor(h) === 'ratio' },
    ],
    fieldFor: columnFor,
    unknown: 'this heading is not one the pooled-budgets table has; rename or remove the column',
    second: () => 'a second column of this kind; keep one',
  });
  appendAll(problems, mapped.problems);
  if (!mapped.found) return result;
  const { index: headerIndex, header, columns } = mapped;
  result.headerRow = headerIndex + 1;
  for (const [c, label] of REQUIRED)
    if (!columns.has(c)) problems.push({ file, row: headerIndex + 1, message: `the column "${label}" is missing` });
  if (problems.length > 0) return result;
  appendAll(problems, checkRows(file, rows, headerIndex));

  const headingOf = (c: Column) => header[columns.get(c)!]!.trim();
  const healthName = /^icb/i.test(headingOf('health')) ? 'ICB' : /^nhs/i.test(headingOf('health')) ? 'NHS' : 'CCG';
  const ratioLabels = headingOf('ratio')
    .replace(/^risk\s*share/i, '')
    .split(':')
    .map((s) => s.trim())
    .filter(Boolean);
  const thirdName = ratioLabels[2] ?? 'Third partner';
  const normalisedHeader = header.map(normaliseHeader).join('\t');
  const seen = new Map<string, number>();

  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const rowNumber = r + 1;
    if (isBlankRow(row) || row.map(normaliseHeader).join('\t') === normalisedHeader) continue;
    const cell = (c: Column) => (columns.has(c) ? (row[columns.get(c)!] ?? '') : '');
    const at = (c: Column) => columnRef(header[columns.get(c)!]!, columns.get(c)!);
    const before = problems.length;
    const money = (c: Column, optional: boolean): Pence | null => {
      if (!columns.has(c)) return null;
      if (optional && cell(c).trim() === '') return null;
      // Total Value is only checked against the contributions; each contribution is £0 to £1,000,000,000.
      const parsed = c === 'total' ? parseMoney(cell(c)) : parseBoundedMoney(cell(c), CONTRIBUTION);
      if (!parsed.ok) {
        problems.push({ file, row: rowNumber, column: at(c), message: parsed.message });
        return null;
      }
      return parsed.pence;
    };

    const name = cell('name').trim();
    if (/^total\b/i.test(name)) {
      const printed = money('total', true);
      if (printed !== null) {
        result.totals.push({
          row: rowNumber,
          label: name,
          printedPence: printed,
          computedPence: sumPence(result.pools.map((p) => sumPence(p.contributions.map((c) => c.amountPence)))),
        });
      }
      continue;
    }
    const nameWhy = textProblem(name, 200, 'a pool name');
    if (name === '') problems.push({ file, row: rowNumber, column: at('name'), message: 'the pool has no name' });
    else if (nameWhy !== null) problems.push({ file, row: rowNumber, column: at('name'), message: nameWhy });
    else if (seen.has(name.toLowerCase()))
      problems.push({
        file,
        row: rowNumber,
        column: at('name'),
        message: `"${name}" is already on row ${seen.get(name.toLowerCase())}; each pool once`,
      });
    else seen.set(name.toLowerCase(), rowNumber);

    const health = money('health', false);
    const council = money('council', false);
    const other = money('other', true);
    const total = money('total', true);
    const ratio = parseRatio(cell('ratio'));
    let parts: string[] = [];
    if (!ratio.ok)
      problems.push({
        file,
        row: rowNumber,
        column: at('ratio'),
        message:
          cell('ratio').trim() === '' ? 'expected the agreed risk-share ratio, e.g. 50:50 or 14:41:45' : ratio.message,
      });
    else if (ratio.value.length > 3)
      problems.push({
        file,
        row: rowNumber,
        column: at('ratio'),
        message: `the table has at most three partners (${ratioLabels.join(':') || 'CCG:LA:Education'}); this ratio has ${ratio.value.length} parts`,
      });
    else parts = ratio.value;
    if (problems.length > before) continue;

    const three = parts.length === 3;
    const partners: ImportedPool['partners'] = [
      { name: healthName, kind: 'health', ratio: parts[0]! },
      { name: 'Council', kind: 'social care', ratio: parts[1]! },
      ...(three
        ? [
            {
              name: thirdName,
              kind: (/educ/i.test(thirdName) ? 'education' : 'other') as PartnerKind,
              ratio: parts[2]!,
            },
          ]
        : []),
    ];
    const contributions: ImportedPool['contributions'] = [
      { partner: healthName, label: headingOf('health'), amountPence: health!, column: at('health') },
      { partner: 'Council', label: headingOf('council'), amountPence: council!, column: at('council') },
    ];
    if (other !== null && (three || other !== 0)) {
      contributions.push({
        partner: three ? thirdName : null,
        label: headingOf('other'),
        amountPence: other,
        column: at('other'),
      });
    }
    const computed = sumPence(contributions.map((c) => c.amountPence));
    if (total !== null)
      result.totals.push({ row: rowNumber, label: name, printedPence: total, computedPence: computed });
    result.pools.push({
      row: rowNumber,
      name,
      legalBasis: /child/i.test(name) ? 's10 Children Act 2004' : 's75 NHS Act 2006',
      partners,
      contributions,
      printedTotalPence: total,
    });
  }
  if (result.pools.length === 0 && problems.length === 0)
    problems.push({ file, message: 'the table has a header row but no pools' });
  return result;
}
