import { describe, expect, it } from 'vitest';
import { describeProblem } from '../../shared/imports/table';
import { importPlanLines } from '../../shared/plans/import-lines';
import { printedPence, published, tsvRows } from '../helpers/fixtures';

const PLAN = tsvRows(published('plan-2019-20-schemes.tsv'));

describe('importing the published 2019/20 plan', () => {
  const result = importPlanLines('plan-2019-20-schemes.tsv', PLAN, '2019-20');

  it('reads every one of its 51 lines with no problems', () => {
    expect(result.problems).toEqual([]);
    expect(result.lines).toHaveLength(51);
    expect(result.headerRow).toBe(1);
  });

  it("keeps each line's file and spreadsheet row (the header is row 1)", () => {
    expect(result.lines[0]!.source).toEqual({ file: 'plan-2019-20-schemes.tsv', row: 2 });
    expect(result.lines[50]!.source.row).toBe(52);
    expect(result.lines[50]!.schemeId).toBe('101');
  });

  it('maps "2018/19 Expenditure £" to the prior year and "2019/20 Expenditure £" to the plan year', () => {
    const continuingCare = result.lines.find((l) => l.schemeName === 'Community Services Contract Continuing Care')!;
    expect(continuingCare).toMatchObject({
      priorYearPence: 67_954_800,
      virementPence: -1_427_000,
      expenditurePence: 66_527_800,
      areaOfSpend: 'Continuing Care',
    });
  });

  it('adds up, line by line, to what the file prints', () => {
    const expected = PLAN.slice(1).reduce((sum, row) => sum + printedPence(row[7]!), 0);
    expect(result.lines.reduce((sum, l) => sum + l.expenditurePence, 0)).toBe(expected);
    expect(expected).toBe(7_134_216_100);
  });

  it('keeps a blank Scheme Type blank rather than inventing one', () => {
    expect(result.lines.find((l) => l.schemeId === '29')!.schemeType).toBe('');
  });
});

describe('finding the header and skipping what is not a line', () => {
  it('finds a header that sits below a title, and skips repeated headers and blank rows', () => {
    const rows = [['Appendix 1 - Better Care Fund 2017/20 Schemes'], [], PLAN[0]!, PLAN[1]!, [''], PLAN[0]!, PLAN[2]!];
    const result = importPlanLines('moved.tsv', rows, '2019-20');
    expect(result.problems).toEqual([]);
    expect(result.headerRow).toBe(3);
    expect(result.lines.map((l) => l.source.row)).toEqual([4, 7]);
  });

  it('accepts synonyms: "Funding Source" and "Expenditure (£)"', () => {
    const rows = [
      ['Scheme ID', 'Scheme Name', 'Funding Source', 'Expenditure (£)'],
      ['1', 'Reablement', 'iBCF', '£1,000'],
    ];
    const result = importPlanLines('synonyms.csv', rows, '2024-25');
    expect(result.problems).toEqual([]);
    expect(result.lines[0]).toMatchObject({ sourceOfFunding: 'iBCF', expenditurePence: 100_000, priorYearPence: null });
  });

  it('recognises a printed total row, checks it against the lines above, and does not import it', () => {
    const rows = [...PLAN, ['Total BCF & IBCF', '', '', '', '', '£69,184,226', '£726,078', '£71,342,161', '', '']];
    const result = importPlanLines('with-total.tsv', rows, '2019-20');
    expect(result.problems).toEqual([]);
    expect(result.lines).toHaveLength(51);
    const byColumn = Object.fromEntries(result.printedTotals.map((t) => [t.field, t]));
    expect(byColumn.expenditurePence).toMatchObject({
      row: 53,
      printedPence: 7_134_216_100,
      computedPence: 7_134_216_100,
    });
    // The paper's own prior-year and virement totals do not add up from its lines (some virements
    // are printed with the wrong sign): both figures are kept so the difference can be reported.
    const column = (i: number) => PLAN.slice(1).reduce((sum, row) => sum + printedPence(row[i]!), 0);
    expect(byColumn.priorYearPence).toMatchObject({ printedPence: 6_918_422_600, computedPence: column(5) });
    expect(byColumn.virementPence).toMatchObject({ printedPence: 72_607_800, computedPence: column(6) });
    expect(column(5)).not.toBe(6_918_422_600);
    expect(column(6)).not.toBe(72_607_800);
  });
});

describe('refusing a bad file whole, saying where', () => {
  it('names the file, row and column of a bad money cell', () => {
    const rows = PLAN.map((r) => [...r]);
    rows[4]![6] = '£2.184k';
    const result = importPlanLines('bad.tsv', rows, '2019-20');
    expect(result.problems.map(describeProblem)).toEqual([
      'bad.tsv row 5, column "Virement" (G): "£2.184k" is not an amount: scaled figures (k, m, bn) are not accepted; write the amount in full pounds, e.g. £2,184,000',
    ]);
  });

  it('reports every problem in one pass', () => {
    const rows = PLAN.map((r) => [...r]);
    rows[2]![7] = '';
    rows[3]![0] = '';
    rows[9]![8] = 'Maybe';
    const result = importPlanLines('many.tsv', rows, '2019-20');
    expect(result.problems.map(describeProblem)).toEqual([
      'many.tsv row 3, column "2019/20 Expenditure £" (H): Expenditure £ is required: an amount such as £1,234.56',
      'many.tsv row 4, column "Scheme ID" (A): Scheme ID is required',
      'many.tsv row 10, column "New/ Existing Scheme" (I): "Maybe" should be "New", "Existing" or blank',
    ]);
  });

  it("says when the plan year does not match the file's expenditure column", () => {
    const result = importPlanLines('plan.tsv', PLAN, '2020-21');
    expect(result.problems.map(describeProblem)).toEqual([
      'plan.tsv row 1: no "2020/21 Expenditure £" column for 2020-21 (the file has "2018/19 Expenditure £", "2019/20 Expenditure £"); check --year',
    ]);
  });

  it('refuses a file without the header, or with a required column missing', () => {
    expect(
      importPlanLines(
        'x.tsv',
        [
          ['a', 'b'],
          ['1', '2'],
        ],
        '2019-20',
      ).problems.map(describeProblem),
    ).toEqual(['x.tsv: no header row found: expected a row with the headings "Scheme ID" and "Scheme Name"']);
    const noSource = PLAN.map((r) => r.filter((_, i) => i !== 4));
    expect(importPlanLines('y.tsv', noSource, '2019-20').problems.map(describeProblem)).toEqual([
      'y.tsv row 1: the column "Source of Funding" is missing',
    ]);
  });

  it('refuses unknown and duplicated headings, and values under no heading', () => {
    const rows = [
      ['Scheme ID', 'Scheme Name', 'Source of Funding', 'Expenditure', 'Colour', 'Funding Source'],
      ['1', 'A', 'Grant', '£1', '', 'Grant', 'stray'],
    ];
    expect(importPlanLines('z.csv', rows, '2019-20').problems.map(describeProblem)).toEqual([
      'z.csv row 1, column "Colour" (E): this heading is not one the plan layout knows; rename or remove the column',
      'z.csv row 1, column "Funding Source" (F): a second "Source of Funding" column; keep one',
    ]);
    const ok = [rows[0]!.slice(0, 4), ['1', 'A', 'Grant', '£1', 'stray']];
    expect(importPlanLines('z.csv', ok, '2019-20').problems.map(describeProblem)).toEqual([
      'z.csv row 2, column E: a value beyond the last heading: "stray"',
    ]);
  });

  it('refuses cells longer than a line can hold', () => {
    const rows = [PLAN[0]!, PLAN[1]!.map((c, i) => (i === 1 ? 'x'.repeat(10_000) : c))];
    expect(importPlanLines('long.tsv', rows, '2019-20').problems[0]).toMatchObject({
      row: 2,
      column: '"Scheme Name" (B)',
    });
  });
});

describe('a filled quarterly return read as a plan', () => {
  const RETURN = tsvRows(published('return-2024-25-q1-discharge.tsv'));
  const result = importPlanLines('return-2024-25-q1-discharge.tsv', RETURN, '2025-26');

  it("takes the fixed columns and lists the return's own, read past", () => {
    expect(result.problems).toEqual([]);
    expect(result.lines).toHaveLength(6);
    expect(result.readPast.map((c) => c.letter)).toEqual(['H', 'J', 'L', 'M']);
    expect(result.readPast[0]).toEqual({ header: 'Actual Expenditure to date', letter: 'H' });
  });

  it('reads "-" in Planned outputs as none planned, and Planned Expenditure as the year\'s', () => {
    expect(result.lines[0]).toMatchObject({ schemeId: '102', plannedOutputs: null, expenditurePence: 12_000_000 });
  });

  it('still refuses a heading that neither a plan nor a return has', () => {
    const odd = RETURN.map((row, i) => [...row, i === 0 ? 'Colour' : 'red']);
    expect(importPlanLines('odd.tsv', odd, '2025-26').problems.map(describeProblem)).toEqual([
      'odd.tsv row 1, column "Colour" (N): this heading is not one the plan layout knows; rename or remove the column',
    ]);
  });
});
