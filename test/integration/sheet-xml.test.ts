import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { applyWrites, findCell, readCell, scanSheet, type Writes } from '../../electron/services/workbooks/sheet-xml';
import type { SheetValue } from '../../shared/workbooks/values';

/**
 * The sheet XML scanner and writer on the shapes other programs write: a
 * namespace prefix, cells and rows without references, an empty sheetData,
 * quoted ">" in attributes, CDATA. Whatever is written reads back as meant,
 * and every byte outside the written cells stays as it was.
 */
const NS = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const writes = (entries: [number, number, SheetValue][]): Writes => {
  const w: Writes = new Map();
  for (const [r, c, v] of entries) {
    if (!w.has(r)) w.set(r, new Map());
    w.get(r)!.set(c, v);
  }
  return w;
};
const wellFormed = (xml: string) => {
  const errors: string[] = [];
  new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(
    xml,
    'text/xml',
  );
  return errors;
};
const text = (t: string): SheetValue => ({ type: 'string', text: t });

describe('the sheet XML scanner and writer', () => {
  it('writes into a prefixed sheet, inserting cells and rows in order and leaving the rest byte for byte', () => {
    const xml = `<?xml version="1.0"?>\n<x:worksheet ${NS}><x:dimension ref="A1:B2"/><x:sheetData>\n  <x:row r="1" spans="1:2"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" s="3"/></x:row>\n  <x:row r="3"><x:c r="A3"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>\n</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="D1:E1"/></x:mergeCells></x:worksheet>`;
    const scan = scanSheet(xml);
    expect(scan.prefix).toBe('x:');
    expect(scan.merged).toEqual([{ top: 1, bottom: 1, left: 3, right: 4 }]);
    const out = applyWrites(
      scan,
      writes([
        [1, 1, { type: 'number', text: '1234.56' }],
        [1, 3, text('new')],
        [2, 0, text('row two')],
      ]),
    );
    expect(wellFormed(out)).toEqual([]);
    expect(out).toContain(
      '<x:row r="1" spans="1:4"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" s="3"><x:v>1234.56</x:v></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>new</x:t></x:is></x:c></x:row>',
    );
    expect(out).toContain(
      '</x:row>\n  <x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>row two</x:t></x:is></x:c></x:row><x:row r="3"><x:c r="A3"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>',
    );
    expect(out).toContain('<x:dimension ref="A1:D2"/>');
    expect(out.slice(out.indexOf('</x:sheetData>'))).toBe(xml.slice(xml.indexOf('</x:sheetData>')));
    const again = scanSheet(out);
    expect(readCell(again, findCell(again, 3, 0)!, [])).toMatchObject({ type: 'number', text: '2', formula: true });
  });

  it('fills an empty sheet, and gives cells without references their place before inserting among them', () => {
    const empty = scanSheet(`<worksheet><sheetData/></worksheet>`);
    expect(applyWrites(empty, writes([[2, 1, text('x')]]))).toBe(
      '<worksheet><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
    );
    const implicit = scanSheet(
      `<worksheet><sheetData><row r="1"><c><v>1</v></c><c t="s"><v>0</v></c></row></sheetData></worksheet>`,
    );
    expect(implicit.rows[0]!.cells.map((c) => c.col)).toEqual([0, 1]);
    const out = applyWrites(implicit, writes([[1, 3, text('d')]]));
    expect(out).toBe(
      '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row></sheetData></worksheet>',
    );
  });

  it("keeps any text exactly: markup, surrounding spaces, carriage returns, characters XML cannot hold, and Excel's own escapes", () => {
    const odd = ' <b>Tom & "Jerry"</b>\r\n\t_x0041_ \u0001 ';
    const out = applyWrites(scanSheet('<worksheet><sheetData/></worksheet>'), writes([[1, 0, text(odd)]]));
    expect(wellFormed(out)).toEqual([]);
    expect(out).toContain('xml:space="preserve"');
    const scan = scanSheet(out);
    expect(readCell(scan, findCell(scan, 1, 0)!, []).text).toBe(odd);
  });

  it('reads attributes with ">" inside quotes, and CDATA, as they are', () => {
    const scan = scanSheet(
      `<worksheet><sheetData><row r="1" x14ac:note="a>b"><c r="A1" t="inlineStr" note='x>y'><is><t><![CDATA[<not markup> </c>]]></t></is></c></row></sheetData></worksheet>`,
    );
    expect(readCell(scan, findCell(scan, 1, 0)!, []).text).toBe('<not markup> </c>');
  });

  it('tells cells from other elements by the whole name, across line breaks, tabs, comments and processing instructions', () => {
    // Other writers break lines and tab between a name and its attributes, and put a space before a close
    // tag's ">"; an element whose name only starts with "c" (an extension) is not a cell and ends the cells.
    const xml =
      '<worksheet><sheetData><row r="1"><c\nr="A1"\tt="s"><v>0</v></c\n><!-- a <c> in a comment --><?pi <c r="Z1"/>?>' +
      '<c\tr="B1"><v>7</v></c ><c r="C1"/></row><row r="2"><c r="A2"><v>1</v></c><cx r="B2"/></row></sheetData></worksheet>';
    const scan = scanSheet(xml);
    expect(scan.rows.map((r) => r.cells.map((c) => c.col))).toEqual([[0, 1, 2], [0]]);
    expect(readCell(scan, findCell(scan, 1, 0)!, ['shared'])).toMatchObject({ type: 'string', text: 'shared' });
    expect(readCell(scan, findCell(scan, 1, 1)!, [])).toMatchObject({ type: 'number', text: '7' });
    // Nothing outside the cells moves when a cell is written among them.
    const out = applyWrites(scan, writes([[1, 3, text('d')]]));
    expect(out).toContain('<c r="C1"/><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>');
    expect(out.replace('<c r="D1" t="inlineStr"><is><t>d</t></is></c>', '')).toBe(xml);
  });

  it('clears a cell but keeps its style, and drops an unstyled one', () => {
    const scan = scanSheet(
      '<worksheet><sheetData><row r="1"><c r="A1" s="4" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>',
    );
    expect(
      applyWrites(
        scan,
        writes([
          [1, 0, { type: 'blank' }],
          [1, 1, { type: 'blank' }],
        ]),
      ),
    ).toBe('<worksheet><sheetData><row r="1"><c r="A1" s="4"/></row></sheetData></worksheet>');
  });
});
