import { strToU8, unzipSync, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { TEST_DIR } from './fixtures';

/**
 * The hostile-file corpus: files no importer should let through. Small ones
 * are committed in test/fixtures/bad/; large ones are generated here when the
 * test runs (a zip bomb, a workbook with a million rows, a 21 MB table), as
 * streams, so that making them does not itself need the memory they would.
 * Layout-specific cases (a formula in a money cell, a duplicated heading, …)
 * are made from each importer's own good sample, so every importer is fed its
 * own shape of bad file.
 */
export const BAD_DIR = path.join(TEST_DIR, 'fixtures', 'bad');

export interface HostileFile {
  name: string;
  bytes: Uint8Array;
}

/** A good sample an importer accepts, which the layout cases spoil one way each. */
export interface Sample {
  /** File name, whose extension says TSV, CSV or XLSX. */
  name: string;
  /** The table, header row first, as the text each cell holds. */
  rows: string[][];
  /** A money column that must be £0 or more. */
  money: string;
  /** A free-text column. */
  text: string;
  /** An xlsx sample: `rows` are written into this workbook's data sheet (see tableIntoWorkbook). */
  workbook?: SampleWorkbook;
}

/** A real workbook in a profile's layout, whose data sheet a case rewrites from the header row down. */
export interface SampleWorkbook {
  /** The workbook as made (by the app's own generator, from a seeded plan or return). */
  base: Uint8Array;
  /** The data sheet's part in the zip, e.g. "xl/worksheets/sheet4.xml". */
  part: string;
  /** The spreadsheet row of the table's header; the rows above it (title, checklist) are kept as they are. */
  headerRow: number;
}

export interface Expectation {
  /** What the refusal must say. */
  message: RegExp;
  /** Words that say where: the row, the column heading. */
  where?: string[];
}

export interface HostileCase {
  id: string;
  /** What the file is, as a tester would put it. */
  what: string;
  file: (sample: Sample) => HostileFile;
  expect: (sample: Sample) => Expectation;
}

const committed = (name: string) => (): HostileFile => ({ name, bytes: fs.readFileSync(path.join(BAD_DIR, name)) });

/** The sample's rows (spoilt or not) as a file in the sample's own format. */
function toTable(sample: Sample, rows: string[][]): Uint8Array {
  if (sample.workbook) return tableIntoWorkbook(sample.workbook, rows);
  const csv = sample.name.toLowerCase().endsWith('.csv');
  const cell = (c: string) => (csv && /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return Buffer.from(`${rows.map((r) => r.map(cell).join(csv ? ',' : '\t')).join('\r\n')}\r\n`, 'utf8');
}

/** The sample with one cell changed: `row` counts data rows from 1 (spreadsheet row row + 1). */
function spoilCell(sample: Sample, column: string, row: number, value: string): HostileFile {
  const rows = sample.rows.map((r) => [...r]);
  const col = rows[0]!.indexOf(column);
  rows[row]![col] = value;
  return { name: sample.name.replace(/(\.\w+)$/, `-spoilt$1`), bytes: toTable(sample, rows) };
}

/** The sample's rows with one cell changed (see spoilCell). */
function spoilRows(sample: Sample, column: string, row: number, value: string): string[][] {
  const rows = sample.rows.map((r) => [...r]);
  rows[row]![rows[0]!.indexOf(column)] = value;
  return rows;
}

/** A text sample as Excel's "Unicode Text" (UTF-16 LE with its mark), optionally with one byte too many at the end. */
function asUtf16(sample: Sample, rows: string[][], strayByte: boolean): HostileFile {
  const csv = sample.name.toLowerCase().endsWith('.csv');
  const cell = (c: string) => (csv && /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const text = Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(csv ? ',' : '\t')).join('\r\n')}\r\n`, 'utf16le');
  return {
    name: sample.name.replace(/(\.\w+)$/, '-utf16$1'),
    bytes: strayByte ? Buffer.concat([text, Buffer.from([0x41])]) : text,
  };
}

/** The good sample's bytes, in its own format. */
export function sampleBytes(sample: Sample): Uint8Array {
  return toTable(sample, sample.rows);
}

/** The spreadsheet row of the sample's row `i` (0 = the header row): row i + 1 of a text table, further down a workbook's data sheet. */
const sheetRow = (sample: Sample, i: number) => i + (sample.workbook?.headerRow ?? 1);

const cellAt = (sample: Sample, column: string, row: number) => ({
  where: [`row ${sheetRow(sample, row)}`, `"${column}"`],
});

// ---- a table written into a workbook's data sheet ----------------------------------------------

const escapeXml = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Text for a cell, as Excel writes it: characters XML 1.0 cannot carry (an escape, a bell) as _xHHHH_. */
const cellText = (t: string) =>
  escapeXml(t).replace(
    // eslint-disable-next-line no-control-regex -- that is the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
const colLetters = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : colLetters(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));

/**
 * One cell as a user's Excel would store what the text says: "=…" a formula
 * (with no value saved, as a file written by a program other than Excel has
 * it), "#REF!" an error value, a plain amount ("£850,000", "-£12,000",
 * "99999999999999999") a number, anything else text.
 */
function cellXml(ref: string, value: string, asText = false): string {
  if (value === '') return '';
  if (asText) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${cellText(value)}</t></is></c>`;
  if (value.startsWith('=')) return `<c r="${ref}"><f>${escapeXml(value.slice(1))}</f></c>`;
  if (/^#(REF!|N\/A|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!)$/.test(value)) return `<c r="${ref}" t="e"><v>${value}</v></c>`;
  if (/^-?£?\d[\d,]*(\.\d+)?$/.test(value)) return `<c r="${ref}"><v>${value.replace(/[£,]/g, '')}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${cellText(value)}</t></is></c>`;
}

/**
 * The workbook with its data sheet's rows from the header down replaced by
 * `rows` (header first), written by hand: nothing of the app's own writer is
 * used to make what its reader is fed. Everything else (cover, lists, the
 * sheet's title and checklist rows, styles, validations) is the base's.
 */
export function tableIntoWorkbook(
  book: SampleWorkbook,
  rows: string[][],
  textColumns: readonly number[] = [],
): Uint8Array {
  const parts = unzipSync(book.base);
  const sheet = Buffer.from(parts[book.part]!).toString('utf8');
  const kept = sheet.replace(/<row r="(\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/row>)/g, (whole, r: string) =>
    Number(r) < book.headerRow ? whole : '',
  );
  const written = rows.map((cells, i) => {
    const r = book.headerRow + i;
    return `<row r="${r}">${cells.map((v, c) => cellXml(`${colLetters(c)}${r}`, v, textColumns.includes(c))).join('')}</row>`;
  });
  const out = kept
    .replace(
      /<sheetData\/>|<\/sheetData>/,
      (m) => `${m === '<sheetData/>' ? '<sheetData>' : ''}${written.join('')}</sheetData>`,
    )
    .replace(/<dimension ref="[^"]*"\/>/, '');
  return zipSync({ ...parts, [book.part]: strToU8(out) });
}

/** The zip part of the workbook's sheet named `sheet` (from the workbook's own list of sheets and its relationships). */
export function sheetPart(bytes: Uint8Array, sheet: string): string {
  const parts = unzipSync(bytes);
  const text = (name: string) => Buffer.from(parts[name]!).toString('utf8');
  const id = new RegExp(`<sheet [^>]*name="${sheet.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*r:id="([^"]+)"`).exec(
    text('xl/workbook.xml'),
  )?.[1];
  const target =
    id &&
    new RegExp(
      `<Relationship [^>]*Id="${id}"[^>]*Target="([^"]+)"|<Relationship [^>]*Target="([^"]+)"[^>]*Id="${id}"`,
    ).exec(text('xl/_rels/workbook.xml.rels'));
  if (!target) throw new Error(`no sheet "${sheet}" in the workbook`);
  const t = target[1] ?? target[2]!;
  return t.startsWith('/') ? t.slice(1) : `xl/${t}`;
}

// ---- zip and xlsx, made by hand or streamed --------------------------------------------------

const XLSX_PARTS = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="5. Expenditure" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
};
const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

function rowXml(r: number, cells: (string | number)[]): string {
  const ref = (i: number) => `${String.fromCharCode(65 + i)}${r}`;
  return `<row r="${r}">${cells.map((c, i) => (typeof c === 'number' ? `<c r="${ref(i)}"><v>${c}</v></c>` : `<c r="${ref(i)}" t="inlineStr"><is><t>${c}</t></is></c>`)).join('')}</row>`;
}

/** A small, well-formed xlsx with the given rows on one sheet. */
export function smallXlsx(rows: (string | number)[][]): Uint8Array {
  const sheet = SHEET_HEAD + rows.map((r, i) => rowXml(i + 1, r)).join('') + SHEET_TAIL;
  return zipSync({
    ...Object.fromEntries(Object.entries(XLSX_PARTS).map(([k, v]) => [k, strToU8(v)])),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
  });
}

/**
 * A small xlsx that would be large laid out as rows: a header, then `rows`
 * rows each holding one cell in column XFD (the last Excel has), or with
 * `farRow` a first row numbered 9,999,999 ahead of the others.
 */
export function sparseXlsx(kind: 'far-column' | 'far-row', rows = 5_000): Uint8Array {
  const header = rowXml(1, ['Scheme ID', 'Scheme Name', 'Source of Funding', 'Expenditure']);
  let body = '';
  if (kind === 'far-row')
    body = `<row r="9999999"><c r="A9999999"><v>1</v></c></row>${rowXml(2, ['1', 'Reablement', 'BCF', 100])}`;
  else for (let r = 2; r < rows + 2; r++) body += `<row r="${r}"><c r="XFD${r}"><v>${r}</v></c></row>`;
  return zipSync({
    ...Object.fromEntries(Object.entries(XLSX_PARTS).map(([k, v]) => [k, strToU8(v)])),
    'xl/worksheets/sheet1.xml': strToU8(SHEET_HEAD + header + body + SHEET_TAIL),
  });
}

/**
 * An xlsx whose one sheet has `rows` rows (a million by default), deflated as
 * it is generated: only the compressed file is ever held in memory.
 */
export function manyRowXlsx(rows = 1_000_000): Uint8Array {
  const out: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    out.push(data);
  });
  for (const [name, text] of Object.entries(XLSX_PARTS)) {
    const part = new ZipPassThrough(name);
    zip.add(part);
    part.push(strToU8(text), true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 });
  zip.add(sheet);
  sheet.push(strToU8(SHEET_HEAD + rowXml(1, ['Scheme ID', 'Scheme Name', 'Source of Funding', 'Expenditure'])));
  const BATCH = 10_000;
  for (let start = 2; start <= rows; start += BATCH) {
    let xml = '';
    // Numbers only, without cell references (both allowed): each row is small, so the sheet stays under 100 MB
    // and it is its number of rows, not its size, that must give it away.
    for (let r = start; r < Math.min(start + BATCH, rows + 1); r++)
      xml += `<row r="${r}"><c><v>${r - 1}</v></c><c><v>1000</v></c></row>`;
    sheet.push(strToU8(xml));
  }
  sheet.push(strToU8(SHEET_TAIL), true);
  zip.end();
  return Buffer.concat(out);
}

let millionRowBytes: Uint8Array | undefined;
/**
 * The million-row workbook, made once per test process: every importer is fed the same bytes, and
 * making them (≈ 2 s) is the fixture's cost, not the refusal's — eight importers need not pay it eight times.
 */
function millionRows(): Uint8Array {
  millionRowBytes ??= manyRowXlsx();
  return millionRowBytes;
}

/** A zip written by hand, so that a part's declared size can be set independently of its real one. */
function handMadeZip(
  parts: { name: string; data: Uint8Array; method: 0 | 8; size: number; crc: number }[],
): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, Buffer.from(p.data));
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(p.method, 10);
    dir.writeUInt32LE(p.crc >>> 0, 16);
    dir.writeUInt32LE(p.data.length, 20);
    dir.writeUInt32LE(p.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + p.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/**
 * A zip bomb shaped like an xlsx: its worksheet inflates to 304 MB of zeros
 * from about 300 KB. The deflate stream is one 16 MB block, made once, repeated
 * (each ends with a full flush, so copies can follow one another).
 * `declared` is the size its directory admits to: the truth, or a lie.
 */
export function zipBomb(declared: 'honest' | 'lying'): Uint8Array {
  const zeros = Buffer.alloc(16 * 1024 * 1024);
  const block = zlib.deflateRawSync(zeros, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const copies = 19;
  const data = Buffer.concat([...Array.from({ length: copies }, () => block), zlib.deflateRawSync(Buffer.alloc(0))]);
  let crc = 0;
  for (let i = 0; i < copies; i++) crc = zlib.crc32(zeros, crc);
  const meta = Object.entries(XLSX_PARTS).map(([name, text]) => {
    const bytes = Buffer.from(text);
    return { name, data: bytes, method: 0 as const, size: bytes.length, crc: zlib.crc32(bytes) };
  });
  return handMadeZip([
    ...meta,
    {
      name: 'xl/worksheets/sheet1.xml',
      data,
      method: 8,
      size: declared === 'honest' ? copies * zeros.length : 4096,
      crc,
    },
  ]);
}

// ---- the corpus ------------------------------------------------------------------------------

export const GENERIC_CASES: HostileCase[] = [
  {
    id: 'empty',
    what: 'an empty file (0 bytes)',
    file: committed('empty.tsv'),
    expect: () => ({ message: /is empty/ }),
  },
  {
    id: 'bom-only',
    what: 'a file holding only a byte-order mark',
    file: committed('bom-only.csv'),
    expect: () => ({ message: /header|empty/i }),
  },
  {
    id: 'garbage',
    what: 'binary garbage',
    file: committed('binary-garbage.tsv'),
    expect: () => ({ message: /not a text table|not an xlsx/ }),
  },
  {
    id: 'garbage-no-nul',
    what: 'binary garbage with no NUL byte',
    file: committed('binary-garbage-no-nul.csv'),
    expect: () => ({ message: /not a text table|not an xlsx/ }),
  },
  {
    id: 'picture',
    what: 'a picture renamed to .csv',
    file: committed('picture-renamed.csv'),
    expect: () => ({ message: /not a text table|not an xlsx/ }),
  },
  {
    id: 'truncated-xlsx',
    what: 'an xlsx cut off half-way through',
    file: committed('truncated.xlsx'),
    expect: () => ({ message: /damaged or incomplete/ }),
  },
  {
    id: 'not-a-workbook',
    what: 'a zip archive of other things',
    file: committed('not-a-workbook.zip'),
    expect: () => ({ message: /zip archive/ }),
  },
  {
    id: 'unclosed-quote',
    what: 'a CSV with a quote never closed',
    file: committed('unclosed-quote.csv'),
    expect: () => ({ message: /quoted cell is never closed/, where: ['row 2'] }),
  },
  {
    id: 'mixed-encodings',
    what: 'a CSV that is UTF-8 but for one Windows-1252 £',
    file: committed('mixed-encodings.csv'),
    expect: () => ({ message: /mixes text encodings.*0xA3 \(a £ saved as Windows-1252\)/, where: ['row 4'] }),
  },
  {
    id: 'zip-bomb',
    what: 'a zip bomb shaped like an xlsx (300 KB → 304 MB)',
    file: () => ({ name: 'plan.xlsx', bytes: zipBomb('honest') }),
    expect: () => ({ message: /would expand to/ }),
  },
  {
    id: 'lying-zip-bomb',
    what: 'a zip bomb whose directory lies about its size',
    file: () => ({ name: 'plan.xlsx', bytes: zipBomb('lying') }),
    expect: () => ({ message: /spreadsheet workbook \(xlsx\)|zip bomb|expands beyond/ }),
  },
  {
    id: 'million-row-xlsx',
    what: 'an xlsx with 1,000,000 rows',
    file: () => ({ name: 'plan.xlsx', bytes: millionRows() }),
    expect: () => ({ message: /spreadsheet workbook \(xlsx\)|more than 100,000 rows|would expand to/ }),
  },
  {
    id: 'huge-table',
    what: 'a 21 MB table',
    file: (s) => ({
      name: s.name,
      bytes: Buffer.alloc(21 * 1024 * 1024, `${s.rows[1]!.join(s.name.endsWith('.csv') ? ',' : '\t')}\n`),
    }),
    expect: () => ({ message: /the largest table this app reads is 20 MB/ }),
  },
  {
    id: 'too-many-rows',
    what: 'a table of 150,000 short rows (under the size limit)',
    file: (s) => ({
      name: s.name,
      bytes: Buffer.from(`${s.rows[0]!.join(s.name.endsWith('.csv') ? ',' : '\t')}\n${'1\n'.repeat(150_000)}`),
    }),
    expect: () => ({ message: /has 150,002 rows; the most this app reads is 100,000/ }),
  },
  {
    id: 'million-headings',
    what: 'a table of a million headings (7 MB, within the size and cell limits)',
    file: (s) => {
      const d = s.name.endsWith('.csv') ? ',' : '\t';
      const header = [...s.rows[0]!, ...Array.from({ length: 1_000_000 }, (_, i) => `h${i}`)].join(d);
      return {
        name: s.name,
        bytes: Buffer.from(
          `${header}\n${s.rows
            .slice(1)
            .map((r) => r.join(d))
            .join('\n')}\n`,
        ),
      };
    },
    expect: () => ({
      message:
        /has a value in column [A-Z]+, 1,000,0\d\d columns across; the widest table this app reads has 1,000 columns/,
      where: ['row 1'],
    }),
  },
];

export const LAYOUT_CASES: HostileCase[] = [
  {
    id: 'formula',
    what: 'a formula in a money cell',
    file: (s) => spoilCell(s, s.money, 2, '=SUM(F2:F9)'),
    expect: (s) => ({ message: /it is a formula/, ...cellAt(s, s.money, 2) }),
  },
  {
    id: 'ref-error',
    what: '#REF! in a money cell',
    file: (s) => spoilCell(s, s.money, 1, '#REF!'),
    expect: (s) => ({ message: /spreadsheet error/, ...cellAt(s, s.money, 1) }),
  },
  {
    id: 'text-in-money',
    what: 'text in a money cell',
    file: (s) => spoilCell(s, s.money, 3, 'TBC (awaiting finance)'),
    expect: (s) => ({ message: /is not an amount/, ...cellAt(s, s.money, 3) }),
  },
  {
    id: 'negative',
    what: 'a negative amount where spend must be £0 or more',
    file: (s) => spoilCell(s, s.money, 2, '-£12,000'),
    expect: (s) => ({ message: /cannot be negative/, ...cellAt(s, s.money, 2) }),
  },
  {
    id: 'absurd',
    what: 'an absurd amount (£5 billion in one line)',
    file: (s) => spoilCell(s, s.money, 1, '£5,000,000,000'),
    expect: (s) => ({ message: /more than £1,000,000,000/, ...cellAt(s, s.money, 1) }),
  },
  {
    id: 'overflow',
    what: 'an amount too large to hold (17 digits)',
    file: (s) => spoilCell(s, s.money, 1, '99999999999999999'),
    expect: (s) => ({ message: /larger than £999,999,999,999\.99/, ...cellAt(s, s.money, 1) }),
  },
  {
    id: 'duplicate-header',
    what: 'a heading that appears twice',
    file: (s) => ({
      name: s.name,
      bytes: toTable(
        s,
        s.rows.map((r, i) => [...r, i === 0 ? s.text : 'x']),
      ),
    }),
    expect: (s) => ({ message: /second/, where: [`row ${sheetRow(s, 0)}`, `"${s.text}"`] }),
  },
  {
    id: 'missing-header',
    what: 'a required column missing',
    file: (s) => {
      const col = s.rows[0]!.indexOf(s.money);
      return {
        name: s.name,
        bytes: toTable(
          s,
          s.rows.map((r) => r.filter((_, i) => i !== col)),
        ),
      };
    },
    expect: (s) => ({ message: /missing|no ".*" column/, where: [`row ${sheetRow(s, 0)}`] }),
  },
  {
    id: 'long-cell',
    what: 'a 10,000-character cell',
    file: (s) => spoilCell(s, s.text, 2, 'Reablement '.repeat(910)),
    expect: (s) => ({ message: /more than [\d,]+ characters/, ...cellAt(s, s.text, 2) }),
  },
  {
    id: 'long-heading',
    what: 'a 10,000-character heading',
    file: (s) => ({
      name: s.name,
      bytes: toTable(
        s,
        s.rows.map((r, i) => [...r, i === 0 ? 'H'.repeat(10_000) : '']),
      ),
    }),
    expect: (s) => ({ message: /heading/, where: [`row ${sheetRow(s, 0)}`] }),
  },
  {
    id: 'terminal-escape',
    what: 'a terminal escape sequence hidden in a text cell',
    file: (s) => spoilCell(s, s.text, 1, 'Falls\u001b[2J\u001b]0;pwned\u0007 service'),
    expect: (s) => ({ message: /control character/, ...cellAt(s, s.text, 1) }),
  },
  {
    id: 'bidi-override',
    what: 'a right-to-left override that makes text read differently',
    file: (s) => spoilCell(s, s.text, 1, 'Falls \u202eecivres'),
    expect: (s) => ({ message: /control character/, ...cellAt(s, s.text, 1) }),
  },
  {
    id: 'invisible-characters',
    what: 'a zero-width space, a right-to-left mark and a line separator hidden in a text cell',
    file: (s) => spoilCell(s, s.text, 2, 'Reable\u200Bment\u200F\u2028'),
    expect: (s) => ({ message: /invisible control character \(U\+200B\)/, ...cellAt(s, s.text, 2) }),
  },
  {
    id: 'utf16-lone-surrogate',
    what: 'UTF-16 holding half a surrogate pair (in an xlsx: the character a decoder left in its place)',
    file: (s) =>
      s.workbook
        ? spoilCell(s, s.text, 2, 'Reable\uFFFDment')
        : asUtf16(s, spoilRows(s, s.text, 2, 'Reable\uD800ment'), false),
    expect: (s) => ({
      message: s.workbook ? /could not be read \(U\+FFFD\)/ : /half of a UTF-16 surrogate pair/,
      where: [`row ${sheetRow(s, 2)}`],
    }),
  },
  {
    id: 'utf16-stray-byte',
    what: 'UTF-16 with a stray single byte at the end',
    file: (s) => (s.workbook ? spoilCell(s, s.text, 2, 'Reable\uFFFDment') : asUtf16(s, s.rows, true)),
    expect: (s) => ({
      message: s.workbook ? /could not be read/ : /stray single byte at the very end/,
      where: [`row ${s.workbook ? sheetRow(s, 2) : s.rows.length + 1}`],
    }),
  },
  {
    id: 'stray-value',
    what: 'a value in a column with no heading',
    file: (s) => ({
      name: s.name,
      bytes: toTable(
        s,
        s.rows.map((r, i) => (i === 2 ? [...r, 'stray'] : r)),
      ),
    }),
    expect: (s) => ({ message: /beyond the last heading/, where: [`row ${sheetRow(s, 2)}`] }),
  },
];

/**
 * Not hostile but easily mangled: a £ saved by Excel on Windows (Windows-1252) must be read as £, to the penny.
 * A workbook's parts are UTF-8 (or UTF-16) whatever Windows' code page, so Excel never saves an xlsx in
 * Windows-1252: the £ a workbook holds is in a cell formatted as text. For an xlsx sample, then, every
 * amount of its money column is written as text, £ and all ("£850,000"), which must be read to the penny.
 */
export function windows1252(sample: Sample): HostileFile {
  if (sample.workbook) {
    const money = sample.rows[0]!.indexOf(sample.money);
    return {
      name: sample.name.replace(/\.\w+$/, '-amounts-as-text.xlsx'),
      bytes: tableIntoWorkbook(sample.workbook, sample.rows, [money]),
    };
  }
  const csv = sample.name.replace(/\.\w+$/, '-windows-1252.csv');
  const rows = sample.rows.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','));
  return { name: csv, bytes: Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1') };
}
