import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED } from '../../electron/services/workbooks/formulas/evaluate';
import { functionsIn, parseFormula } from '../../electron/services/workbooks/formulas/parse';
import { recalculate } from '../../electron/services/workbooks/formulas/recalc';
import { numberText, XlError, type Scalar } from '../../electron/services/workbooks/formulas/values';
import { cachedResult } from '../../electron/services/workbooks/formulas/cache';
import { MAIN_NS, XlsxPackage } from '../../electron/services/workbooks/package';
import { scanSheet, setCachedResults } from '../../electron/services/workbooks/sheet-xml';
import { tempDir } from '../helpers/db';
import { gnumericSheets, libreOfficeSheets, openpyxl } from '../helpers/readers';

/**
 * The allow-list of the formula engine that gives a filled workbook its saved
 * results, checked against two other engines: every function on it, with the
 * semantics NHS England's checkers lean on (a blank equals "", text compares
 * without case, SUMPRODUCT of conditions, criteria with wildcards and "<>",
 * ROUND half away from zero on the shown decimal), evaluated by the app and by
 * LibreOffice and Gnumeric recalculating the same file.
 */
const DATA: (string | number | null)[][] = [
  ['a', 1, 'Carers Services'],
  ['=""', 2.5, 'carers services'],
  [null, 3, null],
  ['Yes', -4, 'Other'],
  ['yes', 0.005, 'iBCF'],
  ['No', 1.005, '=""'],
];

/** [formula, whether Gnumeric evaluates it as Excel does (it does not apply ABS or ROUND over a range in SUMPRODUCT)]. */
const FORMULAS: [string, boolean][] = [
  ['Data!A3=""', true],
  ['Data!C6=""', true],
  ['ISBLANK(Data!A3)', true],
  ['ISBLANK(Data!C6)', true],
  ['Data!A4="YES"', true],
  ['SUMPRODUCT((Data!A1:A6<>"")*(Data!B1:B6))', true],
  ['SUMPRODUCT((Data!A1:A6="")*(Data!C1:C6=""))', true],
  ['SUMPRODUCT(--(Data!A1:A6="yes"))', true],
  ['SUMPRODUCT((Data!B1:B6>1)+(Data!B1:B6<0))', true],
  ['SUMPRODUCT(Data!B1:B6,Data!B1:B6)', true],
  ['SUMPRODUCT(ABS(Data!B1:B6))', false],
  ['SUMPRODUCT(ROUND(Data!B1:B6,2))', false],
  ['ROUND(1.005,2)', true],
  ['ROUND(-2.5,0)', true],
  ['ROUND(Data!B5,2)', true],
  ['ROUND(1234.5678,-2)', true],
  ['COUNTIF(Data!A1:A6,"yes")', true],
  ['COUNTIF(Data!A1:A6,"")', true],
  ['COUNTIF(Data!A1:A6,"<>")', true],
  ['COUNTIF(Data!A1:A6,"<>No")', true],
  ['COUNTIF(Data!B1:B6,">1")', true],
  ['COUNTIF(Data!C1:C6,"carers*")', true],
  ['COUNTIF(Data!B1:B6,1)', true],
  ['SUMIF(Data!A1:A6,"Yes",Data!B1:B6)', true],
  ['SUMIF(Data!B1:B6,"<0")', true],
  ['COUNTIFS(Data!A1:A6,"yes",Data!B1:B6,"<0")', true],
  ['SUMIFS(Data!B1:B6,Data!A1:A6,"<>",Data!C1:C6,"<>")', true],
  ['COUNTBLANK(Data!A1:A6)', true],
  ['AND(Data!B1>0,Data!A1="a")', true],
  ['AND(Data!B1:B3)', true],
  ['OR(Data!B1<0,Data!A3<>"")', true],
  ['NOT(Data!A3="")', true],
  ['IF(Data!A3="","empty","full")', true],
  ['IF(Data!B1>5,1)', true],
  ['IF(Data!C3,"t","f")', true],
  ['"n"&Data!B2', true],
  ['Data!B1+Data!A3', true],
  ['Data!A1+1', true],
  ['1/0', true],
  ['"1"+1', true],
  ['SUM(Data!B1:B6)', true],
  ['SUM(Data!A1:A6)', true],
  ['SUM(Data!B:B)', true],
  ['SUM(Amounts)', true],
  ['ISNUMBER(Data!B1)', true],
  ['ISTEXT(Data!A2)', true],
  ['ABS(Data!B4)', true],
  ['Data!B4<Data!A1', true],
  ['0.1+0.2=0.3', true],
  ['-2^2', true],
  ['2*3+4^2/8-1', true],
  ['50%*Data!B2', true],
];

const MAKE = `
import json, sys
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
data, formulas, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
wb = Workbook()
f = wb.active
f.title = 'F'
d = wb.create_sheet('Data')
for r, row in enumerate(data, start=1):
    for c, v in enumerate(row, start=1):
        if v is not None:
            d.cell(r, c, v)
for r, text in enumerate(formulas, start=1):
    f.cell(r, 1, '=' + text)
wb.defined_names.append(DefinedName('Amounts', attr_text='Data!$B$1:$B$6'))
wb.save(out)
print('{}')
`;

function shown(v: Scalar | null | undefined): string {
  if (v === null || v === undefined) return '(left for Excel)';
  if (v instanceof XlError) return v.code;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return numberText(v);
  return v;
}

/** Gnumeric writes some results with more digits than Excel shows (0.0099999999999999999998): numbers compare to 15 digits. */
function digits15(text: string): string {
  return /^-?\d+(\.\d+)?(E[-+]?\d+)?$/i.test(text) ? numberText(Number(text)) : text;
}

describe('the formula engine, against LibreOffice and Gnumeric', () => {
  let file: string;
  let ours: string[];

  beforeAll(() => {
    file = path.join(tempDir('bcf-engine-'), 'engine.xlsx');
    openpyxl(MAKE, JSON.stringify(DATA), JSON.stringify(FORMULAS.map(([f]) => f)), file);
    const pkg = new XlsxPackage('engine.xlsx', fs.readFileSync(file));
    const sheets = pkg.sheets.map((info) => ({ info, scan: pkg.scan(info) }));
    const rec = recalculate(sheets, pkg.definedNames, pkg.sharedStrings());
    expect(rec.left).toEqual([]);
    const results = rec.results.get(pkg.sheet('F')!.part)!;
    ours = FORMULAS.map((_, i) => shown(results.get(i + 1)?.get(0)));
  }, 60_000);

  it('tests every function on the allow-list', () => {
    const used = new Set<string>();
    for (const [f] of FORMULAS) functionsIn(parseFormula(f), used);
    expect([...ALLOWED].filter((name) => !used.has(name))).toEqual([]);
  });

  it('calculates each formula as LibreOffice does', () => {
    const lo = libreOfficeSheets([file], true)[file]!.F!;
    const theirs = FORMULAS.map((_, i) => lo[i]?.[0] ?? '');
    expect(FORMULAS.map(([f], i) => `${f} → ${ours[i]}`)).toEqual(FORMULAS.map(([f], i) => `${f} → ${theirs[i]}`));
  }, 120_000);

  it('calculates each formula as Gnumeric does, where Gnumeric evaluates it as Excel does', () => {
    const gn = gnumericSheets(file).get('F')!;
    const rows = FORMULAS.map(([f, alike], i) => [f, alike, i] as const).filter(([, alike]) => alike);
    expect(rows.map(([f, , i]) => `${f} → ${ours[i]}`)).toEqual(
      rows.map(([f, , i]) => `${f} → ${digits15(gn[i]?.[0] ?? '')}`),
    );
  }, 120_000);
});

describe('formulas as Excel stores them', () => {
  const sheet = (name: string, index: number, rows: string) => ({
    info: { name, part: `xl/worksheets/sheet${index + 1}.xml`, state: 'visible' as const, index },
    scan: scanSheet(`<worksheet xmlns="${MAIN_NS}"><sheetData>${rows}</sheetData></worksheet>`),
  });
  const sheets = [
    sheet(
      'Main',
      0,
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>0</v></c>' +
        '<c r="C1"><f>C2</f></c><c r="D1"><f t="array" ref="D1">SUM(A1:A3*2)</f></c>' +
        `<c r="E1"><f>'Children''s Services'!A1&amp;"!"</f></c><c r="F1"><f>A1&gt;0</f></c><c r="G1"><f>1/0</f></c>` +
        '<c r="H1"><f>"1,000"+1</f></c><c r="I1"><f>COUNTBLANK(A:A)</f></c><c r="J1"><f>"a-b"&lt;"a"</f></c>' +
        '<c r="K1"><f>AND(A1:A3&gt;0)</f></c><c r="L1"><f>1/10000000&amp;""</f></c></row>' +
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>0</v></c><c r="C2"><f>C1</f></c></row>' +
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/></c></row>',
    ),
    sheet("Children's Services", 1, '<row r="1"><c r="A1" t="inlineStr"><is><t>Carers</t></is></c></row>'),
  ];

  it('moves a shared formula to each copy, reads quoted sheet names, and refuses what it cannot calculate exactly', () => {
    const rec = recalculate(sheets, [], []);
    const main = rec.results.get('xl/worksheets/sheet1.xml')!;
    expect([1, 2, 3].map((r) => main.get(r)!.get(1))).toEqual([2, 4, 6]);
    expect(main.get(1)!.get(4)).toBe('Carers!');
    expect(main.get(1)!.get(5)).toBe(true);
    expect(main.get(1)!.get(6)).toEqual(new XlError('#DIV/0!'));
    expect(rec.left).toEqual([
      { reason: 'a circular reference', cells: ['Main!C1', 'Main!C2'] },
      { reason: 'an array formula', cells: ['Main!D1'] },
      // Where Excel reads text as a number by locale, counts a whole column's blanks, orders text by collation,
      // reads a computed array by version, or writes 1E-07: left for Excel, never guessed.
      { reason: 'arithmetic on text that Excel may read as a number', cells: ['Main!H1'] },
      { reason: 'COUNTBLANK over a whole column or row', cells: ['Main!I1'] },
      { reason: 'ordering text with punctuation or accents', cells: ['Main!J1'] },
      { reason: 'AND over a computed array', cells: ['Main!K1'] },
      { reason: 'the text of a very large or very small number', cells: ['Main!L1'] },
    ]);
  });

  it('saves each result with its type, the formula kept as written', () => {
    const rec = recalculate(sheets, [], []);
    const main = rec.results.get('xl/worksheets/sheet1.xml')!;
    const writes = new Map([...main].map(([r, cols]) => [r, new Map([...cols].map(([c, v]) => [c, cachedResult(v)]))]));
    const xml = setCachedResults(sheets[0]!.scan, writes);
    expect(xml).toContain('<c r="B2"><f t="shared" si="0"/><v>4</v></c>');
    expect(xml).toContain(`<c r="E1" t="str"><f>'Children''s Services'!A1&amp;"!"</f><v>Carers!</v></c>`);
    expect(xml).toContain('<c r="F1" t="b"><f>A1&gt;0</f><v>1</v></c>');
    expect(xml).toContain('<c r="G1" t="e"><f>1/0</f><v>#DIV/0!</v></c>');
    // Left for Excel: the formula stays, with no saved result.
    expect(xml).toContain('<c r="C1"><f>C2</f></c>');
  });
});
