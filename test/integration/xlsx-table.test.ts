import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsxTable } from '../../electron/services/files/read-xlsx';
import { zipParts } from '../../electron/services/workbooks/zip';

/**
 * A table importer reads an xlsx through the one reader (XlsxPackage.table):
 * each cell as the text exceljs used to give it (a date-formatted number as
 * its date, a formula saved without a result as "=…", booleans and errors as
 * Excel writes them), except that a number is read to the 15 significant
 * digits Excel shows, as the workbook reader always did, rather than as the
 * double's full text (987654.3199999999).
 */
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function workbook(sheetData: string): Uint8Array {
  return zipParts([
    ['[Content_Types].xml', strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')],
    [
      'xl/workbook.xml',
      strToU8(
        `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Lines" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    ],
    [
      'xl/_rels/workbook.xml.rels',
      strToU8(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      ),
    ],
    [
      'xl/sharedStrings.xml',
      strToU8(`<sst xmlns="${MAIN}"><si><t>Scheme ID</t></si><si><t>Start</t></si><si><t>Amount</t></si></sst>`),
    ],
    [
      'xl/styles.xml',
      strToU8(
        `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
      ),
    ],
    ['xl/worksheets/sheet1.xml', strToU8(`<worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`)],
  ]);
}

describe('a table read from an xlsx', () => {
  it('gives dates as dates, saved results as shown, and a formula saved without a result as its formula', async () => {
    const bytes = workbook(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' +
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" s="1"><v>45383</v></c><c r="C2"><v>987654.3199999999</v></c></row>' +
        '<row r="3"><c r="A3"><v>2</v></c><c r="B3" s="2"><v>45383</v></c><c r="C3"><f>SUM(C1:C2)</f></c></row>' +
        '<row r="5"><c r="D5" t="b"><v>1</v></c><c r="E5" t="e"><v>#DIV/0!</v></c><c r="F5"><f>A1&amp;B1</f><v>7</v></c></row>',
    );
    const read = await readXlsxTable('plan.xlsx', bytes, (row) => row[0] === 'Scheme ID');
    expect(read).toEqual({
      sheet: 'Lines',
      rows: [
        ['Scheme ID', 'Start', 'Amount'],
        ['1', '2024-04-01', '987654.32'],
        ['2', '2024-04-01', '=SUM(C1:C2)'],
        [],
        ['', '', '', 'TRUE', '#DIV/0!', '7'],
      ],
    });
  });
});
