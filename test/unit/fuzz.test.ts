import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDelimited, type Delimiter } from '../../shared/imports/delimited';
import { describeProblem } from '../../shared/imports/table';
import { formatPence, MAX_INPUT_PENCE, parseMoney } from '../../shared/money';
import { importPlanLines } from '../../shared/plans/import-lines';
import { lineInputSchema, PLAN_LINE_MAX_PENCE } from '../../shared/plans/line';

/**
 * Property-based fuzzing of the two readers every import goes through: the
 * money parser and the CSV/TSV reader. The generators and oracles here are
 * written independently of the code under test.
 */

const RUNS = { numRuns: 3000 };

/** An amount written the many ways people and spreadsheets write them, built from its pence alone. */
const writtenAmount = fc
  .record({
    pence: fc.integer({ min: -MAX_INPUT_PENCE, max: MAX_INPUT_PENCE }),
    pound: fc.boolean(),
    group: fc.boolean(),
    sign: fc.constantFrom('-', '\u2212', 'bracket', '£-'),
    plus: fc.boolean(),
    pad: fc.constantFrom('', ' ', '  ', '\u00a0', '\t'),
    decimals: fc.constantFrom('shortest', 'two'),
  })
  .map((a) => {
    const abs = Math.abs(a.pence);
    const whole = String(Math.floor(abs / 100));
    const frac = abs % 100;
    const digits = a.group ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
    const dec =
      a.decimals === 'two'
        ? `.${String(frac).padStart(2, '0')}`
        : frac === 0
          ? ''
          : frac % 10 === 0
            ? `.${frac / 10}`
            : `.${String(frac).padStart(2, '0')}`;
    const body = `${digits}${dec}`;
    const pound = a.pound ? '£' : '';
    let text: string;
    if (a.pence >= 0) text = `${a.plus ? '+' : ''}${pound}${body}`;
    else if (a.sign === 'bracket') text = `(${pound}${body})`;
    else if (a.sign === '£-') text = `${pound}-${body}`;
    else text = `${a.sign}${pound}${body}`;
    return { text: `${a.pad}${text}${a.pad}`, pence: a.pence === 0 ? 0 : a.pence };
  });

describe('parseMoney, fuzzed', () => {
  it('reads every amount written in any accepted style to exactly its pence', () => {
    fc.assert(
      fc.property(writtenAmount, ({ text, pence }) => {
        const r = parseMoney(text);
        expect(r).toEqual({ ok: true, pence });
      }),
      RUNS,
    );
  });

  it('refuses an amount with a letter, a #, an = or a second point slipped in anywhere', () => {
    fc.assert(
      fc.property(
        writtenAmount,
        fc.constantFrom('k', 'm', 'O', 'l', '#', '=', 'e', '$', '€', '%', '.'),
        fc.nat(),
        ({ text }, junk, at) => {
          const t = text.trim();
          const i = at % (t.length + 1);
          const spoilt = `${t.slice(0, i)}${junk}${t.slice(i)}`;
          // A "." added to a whole number, or at its end, may still be a number (12. or 1.2): only judge other slips.
          fc.pre(junk !== '.' || t.includes('.'));
          const r = parseMoney(spoilt);
          expect(r.ok, `${JSON.stringify(spoilt)} was accepted`).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it('accepts nothing but digits, £, separators, signs and brackets, and only within the limit', () => {
    const alphabet = fc.constantFrom(...'0123456789£,.()+-\u2212 \u00a0kmK#=$€eE%abc'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 24 }), (raw) => {
        const r = parseMoney(raw);
        if (!r.ok) return;
        expect(raw).toMatch(/^[0-9£,.()+\-\u2212\s]*$/);
        expect(raw).toMatch(/\d/);
        expect(Number.isSafeInteger(r.pence)).toBe(true);
        expect(Math.abs(r.pence)).toBeLessThanOrEqual(MAX_INPUT_PENCE);
        expect(parseMoney(formatPence(r.pence))).toEqual({ ok: true, pence: r.pence });
      }),
      RUNS,
    );
  });

  it('never throws, and keeps its message short, whatever the text (any Unicode, up to 10,000 characters)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 10_000 })),
        (raw) => {
          const r = parseMoney(raw);
          if (!r.ok) expect(r.message.length).toBeLessThan(300);
        },
      ),
      { numRuns: 1000 },
    );
    // A thousand texts of up to 10,000 characters: room for a busy two-core machine, not a speed target.
  }, 60_000);
});

/** Writes a table the way Excel does: a cell holding the delimiter, a quote or a line break is quoted. */
function writeTable(rows: string[][], delimiter: Delimiter): string {
  const cell = (c: string) => (c.includes(delimiter) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${rows.map((r) => r.map(cell).join(delimiter)).join('\r\n')}\r\n`;
}

const cellText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(',', '\t', '"', '\n', '\r\n', '£', ' ', '–', 'é', '=', "'"),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
const table = fc
  .integer({ min: 1, max: 6 })
  .chain((width) =>
    fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
  )
  // A last row of one empty cell is indistinguishable from the file's final line break.
  .filter((rows) => !(rows[rows.length - 1]!.length === 1 && rows[rows.length - 1]![0] === ''));

describe('parseDelimited, fuzzed', () => {
  it.each([[','], ['\t']] as [Delimiter][])(
    'reads back exactly any table written as Excel writes it (delimiter %j)',
    (delimiter) => {
      fc.assert(
        fc.property(table, (rows) => {
          const parsed = parseDelimited('f', writeTable(rows, delimiter), delimiter);
          expect(parsed).toEqual({ ok: true, rows });
        }),
        { numRuns: 2000 },
      );
    },
  );

  it('never throws on any text, and names a row when it refuses', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(',', '\t', '"', '\n', '\r'),
            fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
          ),
          maxLength: 200,
        }),
        fc.constantFrom<Delimiter>(',', '\t'),
        (text, d) => {
          const parsed = parseDelimited('f.csv', text, d);
          if (!parsed.ok) {
            expect(parsed.problem.row).toBeGreaterThanOrEqual(1);
            expect(parsed.problem.message.length).toBeGreaterThan(0);
          } else {
            for (const row of parsed.rows) for (const c of row) expect(typeof c).toBe('string');
          }
        },
      ),
      RUNS,
    );
  });
});

describe('the plan importer, fuzzed', () => {
  const HEADER = [
    'Scheme ID',
    'Scheme Name',
    'Scheme Type',
    'Area of Spend',
    'Source of Funding',
    '2018/19 Expenditure £',
    'Virement',
    '2019/20 Expenditure £',
    'New/ Existing Scheme',
    'Scheme update',
  ];
  const cell = fc.oneof(
    writtenAmount.map((a) => a.text),
    fc.constantFrom('', 'New', 'Existing', 'Total', '#REF!', '=A1', '£', '14', '3a', 'Grant', '\u001b[0m', 'Total BCF'),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  );
  const rows = fc
    .tuple(fc.boolean(), fc.array(fc.array(cell, { minLength: 0, maxLength: 12 }), { maxLength: 15 }))
    .map(([withHeader, body]) => (withHeader ? [HEADER, ...body] : body));

  it("never throws on any table; what it accepts is whole pence within a line's limits, each problem names the file", () => {
    fc.assert(
      fc.property(rows, (table) => {
        const result = importPlanLines('fuzz.tsv', table, '2019-20');
        for (const p of result.problems) {
          expect(p.file).toBe('fuzz.tsv');
          expect(describeProblem(p).length).toBeLessThan(600);
        }
        if (result.problems.length === 0) {
          for (const line of result.lines) {
            expect(Number.isSafeInteger(line.expenditurePence)).toBe(true);
            expect(line.expenditurePence).toBeGreaterThanOrEqual(0);
            expect(line.expenditurePence).toBeLessThanOrEqual(PLAN_LINE_MAX_PENCE);
            const { source: _source, ...input } = line;
            expect(lineInputSchema.safeParse(input).success).toBe(true);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
