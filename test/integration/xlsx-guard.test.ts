import { strToU8 } from 'fflate';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { openXlsx } from '../../electron/services/files/xlsx-zip';
import { XlsxPackage } from '../../electron/services/workbooks/package';
import { zipParts, type ZipEntry } from '../../electron/services/workbooks/zip';

/**
 * The guard every workbook passes before the app reads a byte of it:
 * truncated files, password-protected ones, zip bombs (honest or lying about
 * their size), damaged parts, and sheets far larger than any BCF workbook.
 */
const CONTENT_TYPES: ZipEntry = [
  '[Content_Types].xml',
  strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
];
const book = (...more: ZipEntry[]) => zipParts([CONTENT_TYPES, ['xl/workbook.xml', strToU8('<workbook/>')], ...more]);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'refused') return err.message;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A part stored with a directory entry that says what we like about its size. */
function lying(name: string, content: Uint8Array, claimedSize: number): ZipEntry {
  return [
    name,
    { stored: { method: 8, crc: zlib.crc32(content) >>> 0, size: claimedSize, data: zlib.deflateRawSync(content) } },
  ];
}

describe('the xlsx guard', () => {
  it("reads a well-formed workbook, part by part, in the zip's order", () => {
    const parts = openXlsx('ok.xlsx', book(['xl/worksheets/sheet1.xml', strToU8('<worksheet/>')]));
    expect(parts.names).toEqual(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    expect(new TextDecoder().decode(parts.parts.get('xl/worksheets/sheet1.xml'))).toBe('<worksheet/>');
  });

  it('refuses files that are not whole xlsx workbooks, saying why', () => {
    const good = book();
    expect(refusal(() => openXlsx('empty.xlsx', new Uint8Array()))).toBe('empty.xlsx is empty.');
    expect(refusal(() => openXlsx('cut.xlsx', good.subarray(0, good.length - 30)))).toMatch(
      /^cut\.xlsx is damaged or incomplete \(the end of the zip is missing\)/,
    );
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0]);
    expect(refusal(() => openXlsx('secret.xlsx', ole))).toMatch(
      /^secret\.xlsx is password-protected or an old-style \.xls workbook/,
    );
    expect(refusal(() => openXlsx('notes.xlsx', strToU8('minutes of the meeting')))).toBe(
      'notes.xlsx is not an xlsx workbook.',
    );
    expect(refusal(() => openXlsx('photos.zip', zipParts([['photo.jpg', strToU8('jpeg')]])))).toBe(
      'photos.zip is a zip archive but not an Excel workbook (it has no xl/workbook.xml).',
    );
    expect(refusal(() => openXlsx('twice.xlsx', book(['xl/a.xml', strToU8('1')], ['xl/a.xml', strToU8('2')])))).toMatch(
      /holds the part xl\/a\.xml twice/,
    );
  });

  it('reads an empty part that its writer marked as deflated but gave no bytes', () => {
    const empty: ZipEntry = ['xl/empty.xml', { stored: { method: 8, crc: 0, size: 0, data: new Uint8Array() } }];
    expect(openXlsx('empty.xlsx', book(empty)).parts.get('xl/empty.xml')).toEqual(new Uint8Array());
  });

  it('refuses an encrypted part, and a part whose bytes do not match its checksum', () => {
    const encrypted = book(['xl/a.xml', strToU8('<a/>')]);
    // Set the "encrypted" flag of the last part, in its local header and its central directory entry, as an encrypting zip does.
    const dir = Buffer.from(encrypted).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const local = Buffer.from(encrypted).lastIndexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const flagged = new Uint8Array(encrypted);
    flagged[dir + 8] = flagged[dir + 8]! | 1;
    flagged[local + 6] = flagged[local + 6]! | 1;
    expect(refusal(() => openXlsx('enc.xlsx', flagged))).toBe(
      'enc.xlsx is password-protected; remove the password in Excel and try again.',
    );
    const sheet = strToU8('<worksheet><sheetData/></worksheet>');
    const bad: ZipEntry = [
      'xl/worksheets/sheet1.xml',
      { stored: { method: 0, crc: (zlib.crc32(sheet) >>> 0) ^ 1, size: sheet.length, data: sheet } },
    ];
    expect(refusal(() => openXlsx('crc.xlsx', book(bad)))).toBe(
      'crc.xlsx is damaged and cannot be opened as a workbook (part xl/worksheets/sheet1.xml does not match its checksum).',
    );
  });

  it('refuses a zip bomb, whether its directory declares the size or hides it', () => {
    const huge = new Uint8Array(2 * 1024 * 1024);
    // Decompressing stops at the size the directory declares, a worksheet or any other part.
    expect(refusal(() => openXlsx('liar.xlsx', book(lying('xl/worksheets/sheet1.xml', huge, 1000))))).toBe(
      'liar.xlsx: the part "xl/worksheets/sheet1.xml" expands beyond the 1 KB its directory declares (a "zip bomb"); nothing was read from it.',
    );
    expect(refusal(() => openXlsx('liar.xlsx', book(lying('xl/styles.xml', huge, 1000))))).toBe(
      'liar.xlsx: the part "xl/styles.xml" expands beyond the 1 KB its directory declares (a "zip bomb"); nothing was read from it.',
    );
    // Bytes that are not a deflate stream at all, under an honest size and checksum.
    const text = strToU8('<styleSheet/>');
    const garbled: ZipEntry = [
      'xl/styles.xml',
      {
        stored: { method: 8, crc: zlib.crc32(text) >>> 0, size: text.length, data: new Uint8Array([0xff, 0xff, 0xff]) },
      },
    ];
    expect(refusal(() => openXlsx('garbled.xlsx', book(garbled)))).toMatch(
      /^garbled\.xlsx is damaged and cannot be opened as a workbook \(part xl\/styles\.xml cannot be read: .+\)\.$/,
    );
    expect(refusal(() => openXlsx('big.xlsx', book(lying('xl/sheet.xml', new Uint8Array(10), 81 * 1024 * 1024))))).toBe(
      'big.xlsx: the part "xl/sheet.xml" would expand to 81 MB; the largest this app opens is 80 MB. Nothing was decompressed.',
    );
    // Three honest parts of 55 MB each: the third would take the whole past 160 MB, and is refused before it is inflated.
    const zeros = new Uint8Array(55 * 1024 * 1024);
    const stored = {
      method: 8 as const,
      crc: zlib.crc32(zeros) >>> 0,
      size: zeros.length,
      data: zlib.deflateRawSync(zeros),
    };
    const parts = [1, 2, 3].map((i): ZipEntry => [`xl/part${i}.xml`, { stored }]);
    expect(refusal(() => openXlsx('many.xlsx', book(...parts)))).toBe(
      'many.xlsx would expand to more than 160 MB in all (the part "xl/part3.xml" takes it past; a "zip bomb", or far larger than a BCF workbook); nothing was decompressed.',
    );
    const crowd = Array.from({ length: 5_001 }, (_, i): ZipEntry => [`xl/p${i}.xml`, new Uint8Array()]);
    expect(refusal(() => openXlsx('crowd.xlsx', book(...crowd)))).toBe(
      'crowd.xlsx has 5,003 parts; a workbook this app opens has at most 5,000.',
    );
  });

  it('refuses a sheet with more rows than any BCF workbook', () => {
    const rels =
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
    const file = zipParts([
      CONTENT_TYPES,
      [
        'xl/workbook.xml',
        strToU8(
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Lines" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
      ],
      ['xl/_rels/workbook.xml.rels', strToU8(rels)],
      [
        'xl/worksheets/sheet1.xml',
        strToU8(
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="100001"><c r="A100001"><v>1</v></c></row></sheetData></worksheet>',
        ),
      ],
    ]);
    const pkg = new XlsxPackage('tall.xlsx', file);
    expect(refusal(() => pkg.scan(pkg.sheets[0]!))).toBe(
      'tall.xlsx, sheet "Lines", has 100,001 rows; the most this app reads is 100,000.',
    );
  });
});
