import { describe, expect, it } from 'vitest';
import {
  checkHeader,
  checkRows,
  checkTable,
  mapColumns,
  onePerCell,
  type ColumnRules,
} from '../../shared/imports/hygiene';
import { columnRef, describeProblem } from '../../shared/imports/table';
import { amountOutOfBounds, LINE_MAX_PENCE, parseBoundedMoney, parseOptionalBoundedMoney } from '../../shared/money';
import { importIncome } from '../../shared/plans/import-income';
import { importLedger } from '../../shared/pools/import-lines';
import { RETURN_FIELD_SPECS } from '../../shared/returns/line';
import { printable, quoteText, textProblem } from '../../shared/values/text';

const said = (problems: Parameters<typeof describeProblem>[0][]) => problems.map(describeProblem);

describe('the table check every importer runs on its header row and the rows below', () => {
  it('passes a clean table, ignoring a title above the header and blank cells past the last heading', () => {
    const rows = [
      ['Falls prevention: ledger extract'],
      ['Line', 'Name', 'Outturn', ''],
      ['H', 'Health\ncare\tteam', '£1', ''],
      [],
      ['S', '', '-£2', '  '],
    ];
    expect(checkTable('a.tsv', rows, 1)).toEqual([]);
  });

  it('refuses a heading given twice (case, spacing and £ ignored), naming both columns', () => {
    expect(said(checkHeader('h.csv', ['Line', 'Outturn £', 'Name', ' outturn'], 0))).toEqual([
      'h.csv row 1, column "outturn" (D): a second column with this heading (the first is column B); keep one',
    ]);
  });

  it('refuses an over-long or invisible-character heading without echoing it', () => {
    const [long, hidden] = checkHeader('h.tsv', ['Line', 'x'.repeat(5000), 'Out\u202eturn'], 2);
    expect(describeProblem(long!)).toBe(
      'h.tsv row 3, column B: a heading of 5,000 characters ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"), more than the 300 a heading may have; a heading names its column in a few words',
    );
    expect(describeProblem(hidden!)).toBe(
      'h.tsv row 3, column C: a heading contains an invisible control character (U+202E); retype it',
    );
  });

  it('refuses values under no heading, past the last one or under a blank one, with the column letter', () => {
    const rows = [
      ['Line', '', 'Outturn'],
      ['H', 'note', '£1', 'stray'],
      ['S', '', '£2'],
    ];
    expect(said(checkRows('r.csv', rows, 0))).toEqual([
      'r.csv row 2, column B: a value under no heading: "note"; give the column a heading or remove the value',
      'r.csv row 2, column D: a value beyond the last heading: "stray"',
    ]);
  });

  it('refuses a cell over 10,000 characters and any control character or direction override, naming it', () => {
    const rows = [
      ['Line', 'Name'],
      ['H', 'y'.repeat(10_001)],
      ['S', 'Falls\u001b[2J'],
      ['T', 'a\u2066b'],
      ['U', 'x\u0085'],
    ];
    expect(said(checkRows('c.tsv', rows, 0))).toEqual([
      'c.tsv row 2, column "Name" (B): more than 10,000 characters; shorten it',
      'c.tsv row 3, column "Name" (B): contains an invisible control character (U+001B); retype the text or remove it',
      'c.tsv row 4, column "Name" (B): contains an invisible control character (U+2066); retype the text or remove it',
      'c.tsv row 5, column "Name" (B): contains an invisible control character (U+0085); retype the text or remove it',
    ]);
  });

  it('refuses characters that take no space or mark direction, a BOM inside the text, line separators and U+FFFD, like the bidi controls', () => {
    const hidden = [
      '\u200B',
      '\u200C',
      '\u200D',
      '\u200E',
      '\u200F',
      '\u061C',
      '\uFEFF',
      '\u2028',
      '\u2029',
      '\u2060',
      '\u180E',
    ];
    const rows = [['Scheme ID', 'Name'], ...hidden.map((ch, i) => [`S${i}`, `Reable${ch}ment`])];
    expect(said(checkRows('z.tsv', rows, 0))).toEqual(
      hidden.map(
        (ch, i) =>
          `z.tsv row ${i + 2}, column "Name" (B): contains an invisible control character (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}); retype the text or remove it`,
      ),
    );
    expect(
      said(
        checkRows(
          'i.tsv',
          [
            ['Scheme ID', 'Name'],
            ['1\u200B', 'x'],
          ],
          0,
        ),
      ),
    ).toEqual([
      'i.tsv row 2, column "Scheme ID" (A): contains an invisible control character (U+200B); retype the text or remove it',
    ]);
    expect(said(checkRows('r.tsv', [['Name'], ['Caf\uFFFD']], 0))).toEqual([
      'r.tsv row 2, column "Name" (A): contains a character that could not be read (U+FFFD); retype the text or remove it',
    ]);
    expect(textProblem('Bath\u200F', 200, 'The name')).toBe(
      'The name contains an invisible control character (U+200F); retype the text or remove it',
    );
    expect(printable('a\u2028b\u200Bc')).toBe('a?b?c');
    // Characters that are visible, or that scripts need, stay.
    expect(textProblem('Café – £1 “quoted” 😀 Ελληνικά', 200)).toBeNull();
  });

  it('keeps one problem per cell (the first said) and lists them top to bottom', () => {
    const merged = onePerCell([
      { file: 'f', row: 3, column: '"Name" (B)', message: 'first' },
      { file: 'f', row: 2, column: 'C', message: 'row 2' },
      { file: 'f', row: 3, column: 'B', message: 'same cell' },
      { file: 'f', message: 'whole file' },
    ]);
    expect(merged.map((p) => p.message)).toEqual(['whole file', 'row 2', 'first']);
  });

  it('never lets a control character reach a message', () => {
    expect(printable('a\u001b[2Jb\u202ec\u007f')).toBe('a?[2Jb?c?');
    expect(quoteText(`${'z'.repeat(50)}\u0007`)).toBe(`"${'z'.repeat(40)}…"`);
    expect(columnRef('Out\u001bturn', 2)).toBe('"Out?turn" (C)');
    expect(describeProblem({ file: 'f\u202e.csv', message: 'x\u0007' })).toBe('f?.csv: x?');
    expect(textProblem('fine\nline\ttab', 20)).toBeNull();
  });
});

describe('the header every importer maps to its fields', () => {
  const field = (h: string) =>
    /^line$/i.test(h.trim())
      ? 'line'
      : /^(outturn|actual)$/i.test(h.trim())
        ? 'amount'
        : /^note$/i.test(h.trim())
          ? 'unread'
          : null;
  const rules = (unknown?: string): ColumnRules<'line' | 'amount'> => ({
    needed: [
      { label: 'Line', matches: (h) => h === 'line' },
      { label: 'Outturn', matches: (h) => h === 'outturn' || h === 'actual' },
    ],
    fieldFor: field,
    ...(unknown ? { unknown } : {}),
    second: (f) => `a second ${f} column; keep one`,
  });

  it('finds the header under a title and says where each field is and which headings it does not read', () => {
    const mapped = mapColumns('l.csv', [['Ledger, March'], ['Note', 'Line', 'Cost centre', 'Outturn']], rules());
    expect(mapped).toMatchObject({
      found: true,
      index: 1,
      columns: new Map([
        ['line', 1],
        ['amount', 3],
      ]),
      unread: [0, 2],
      problems: [],
    });
  });

  it("refuses a heading the table does not have when the importer says so, and a field's second column, on the header row", () => {
    const mapped = mapColumns(
      'l.csv',
      [['Line', 'Outturn', 'Cost centre', 'Actual']],
      rules('not a heading of a ledger'),
    );
    expect(mapped.found && said(mapped.problems)).toEqual([
      'l.csv row 1, column "Cost centre" (C): not a heading of a ledger',
      'l.csv row 1, column "Actual" (D): a second amount column; keep one',
    ]);
  });

  it('says which needed heading is missing, and that there is no header at all', () => {
    const missing = mapColumns('l.csv', [['Line', 'Budget']], rules());
    expect(!missing.found && said(missing.problems)).toEqual(['l.csv row 1: the column "Outturn" is missing']);
    const none = mapColumns('l.csv', [['a', 'b']], rules());
    expect(!none.found && said(none.problems)).toEqual([
      'l.csv: no header row found: expected a row with the headings "Line" and "Outturn"',
    ]);
  });
});

describe("an amount within a line's bounds", () => {
  it("is £0 to £1,000,000,000 unless it may be negative, in the plan importer's words", () => {
    expect(parseBoundedMoney('£1,000,000,000', { label: 'Income' })).toEqual({ ok: true, pence: LINE_MAX_PENCE });
    expect(parseBoundedMoney('£0', { label: 'Income' })).toEqual({ ok: true, pence: 0 });
    expect(parseBoundedMoney('-£1', { label: 'Income' })).toEqual({
      ok: false,
      message: 'Income cannot be negative: enter £0 or more',
    });
    expect(parseBoundedMoney('£1,000,000,000.01', { label: 'Income' })).toEqual({
      ok: false,
      message:
        'Income is more than £1,000,000,000, the most one line may hold; check for pence typed as pounds or a total pasted in',
    });
    expect(parseBoundedMoney('(£1,000,000,000)', { label: 'A credit', signed: true })).toEqual({
      ok: true,
      pence: -LINE_MAX_PENCE,
    });
    expect(amountOutOfBounds(-LINE_MAX_PENCE - 1, { label: 'A credit', signed: true })).toMatch(
      /^A credit is more than £1,000,000,000 either way/,
    );
  });

  it("refuses what parseMoney refuses in parseMoney's words, and a blank only where it is optional", () => {
    expect(parseBoundedMoney('99999999999999999', { label: 'X' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/larger than £999,999,999,999\.99/),
    });
    expect(parseBoundedMoney('', { label: 'X' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/found an empty cell/),
    });
    expect(parseOptionalBoundedMoney(' ', { label: 'X' })).toEqual({ ok: true, pence: null });
  });

  it("bounds a return's figures whether typed or imported", () => {
    expect(RETURN_FIELD_SPECS.actualPence.parse('-£5')).toEqual({
      ok: false,
      message: 'Actual Expenditure to date cannot be negative: enter £0 or more',
    });
    expect(RETURN_FIELD_SPECS.forecastPence.parse('£2,000,000,000')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Forecast outturn for the year is more than £1,000,000,000/),
    });
    expect(RETURN_FIELD_SPECS.actualPence.parse('')).toEqual({ ok: true, value: null });
    expect(RETURN_FIELD_SPECS.note.parse('Falls\u001b]0;x')).toEqual({
      ok: false,
      message: 'Explanation of variance contains an invisible control character (U+001B); retype the text or remove it',
    });
    expect(RETURN_FIELD_SPECS.schemeName.parse('n'.repeat(501))).toEqual({
      ok: false,
      message: 'Scheme Name is more than 500 characters; shorten it',
    });
  });
});

describe('the importers that use them', () => {
  it('reads income by the same rules, and names the amount column a file lacks', () => {
    const r = importIncome(
      'i.tsv',
      [
        ['Source of Funding', '19/20 £'],
        ['Grant', '-£1'],
        ['Other', '£1bn'],
        ['s'.repeat(201), '£1'],
      ],
      ['2019-20'],
    );
    expect(said(r.problems)).toEqual([
      'i.tsv row 2, column "19/20 £" (B): Income cannot be negative: enter £0 or more',
      'i.tsv row 3, column "19/20 £" (B): "£1bn" is not an amount: scaled figures (k, m, bn) are not accepted; write the amount in full pounds, e.g. £2,184,000',
      'i.tsv row 4, column "Source of Funding" (A): a source of funding is more than 200 characters; shorten it',
    ]);
    expect(
      said(
        importIncome(
          'i.tsv',
          [
            ['Source of Funding', '18/19 £'],
            ['Grant', '£1'],
          ],
          ['2019-20'],
        ).problems,
      ),
    ).toEqual([
      'i.tsv row 1: the column "19/20 £" (the income for 2019-20) is missing; the file has "18/19 £": check --year',
    ]);
  });

  it("adds up a ledger's rows per line, credits included, and refuses a line whose rows add up past the bound", () => {
    const ok = importLedger(
      'l.csv',
      [
        ['Line', 'Outturn'],
        ['H', '£900,000,000'],
        ['H', '-£100,000,000'],
        ['S', '(£5)'],
      ],
      ['H', 'S'],
    );
    expect(ok.problems).toEqual([]);
    expect(ok.amounts.map((a) => [a.code, a.pence])).toEqual([
      ['H', 80_000_000_000],
      ['S', -500],
    ]);
    const tooMuch = importLedger(
      'l.csv',
      [
        ['Line', 'Outturn'],
        ['H', '£600,000,000'],
        ['H', '£600,000,000'],
      ],
      ['H'],
    );
    expect(said(tooMuch.problems)).toEqual([
      'l.csv row 3, column "Outturn" (B): the rows for line H (rows 2, 3) add up to £1,200,000,000, more than £1,000,000,000 either way, the most one line may hold',
    ]);
  });

  it("adds a ledger's rows up exactly even where the running total is past what a number holds exactly", () => {
    const rows = [
      ['Line', 'Outturn'],
      ...Array.from({ length: 50_000 }, () => ['H', '£1,000,000,000']),
      ...Array.from({ length: 50_000 }, () => ['H', '-£1,000,000,000']),
      ['H', '£5.01'],
    ];
    const r = importLedger('big.csv', rows, ['H']);
    expect(r.problems).toEqual([]);
    expect(r.amounts[0]!.pence).toBe(501);
    const over = importLedger('big.csv', rows.slice(0, 50_001), ['H']);
    expect(said(over.problems)).toEqual([
      'big.csv row 50001, column "Outturn" (B): the rows for line H (rows 2, 3, 4, 5, 6, …) add up to £50,000,000,000,000, more than £1,000,000,000 either way, the most one line may hold',
    ]);
  });

  it("says which of a ledger's two columns is missing, on the header row", () => {
    expect(said(importLedger('l.csv', [['Extract'], ['Line', 'Description'], ['H', 'x']], ['H']).problems)).toEqual([
      'l.csv row 2: the column "Outturn" (or "Actual", "Forecast", "Amount") is missing',
    ]);
    expect(
      said(
        importLedger(
          'l.csv',
          [
            ['Outturn', 'Description'],
            ['£1', 'x'],
          ],
          ['H'],
        ).problems,
      ),
    ).toEqual(['l.csv row 1: the column "Line" (or "Code", "Cost centre") is missing']);
  });
});
