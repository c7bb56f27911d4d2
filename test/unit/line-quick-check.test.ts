import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINE_MAX_PENCE, MAX_INPUT_PENCE, parseMoney } from '../../shared/money';
import { EMPTY_LINE, lineFromText, lineInputSchema, lineReader, surelyValidLine } from '../../shared/plans/line';

/**
 * An import answers for a line that is plainly fine without running the line schema
 * (surelyValidLine). That shortcut may pass a line to the schema needlessly, but must never
 * let through one the schema refuses, nor one the schema would give back changed.
 */
const valid = {
  ...EMPTY_LINE,
  schemeId: '3a',
  schemeName: 'Reablement',
  sourceOfFunding: 'Minimum NHS Contribution',
  jointNhsPercent: '62.5',
  jointLaPercent: '37.5',
  plannedOutputs: '120',
  priorYearPence: 0,
  virementPence: -1_000,
  expenditurePence: 1_234_56,
  expenditureYear2Pence: null,
  newOrExisting: 'Existing' as const,
  recurrence: 'One-off' as const,
};

function holds(candidate: Record<string, unknown>): void {
  if (!surelyValidLine(candidate)) return;
  const checked = lineInputSchema.safeParse(candidate);
  expect(checked.success, JSON.stringify(candidate).slice(0, 200)).toBe(true);
  expect(checked.data).toEqual(candidate);
}

const TEXT_LIMITS: [string, number][] = [
  ['schemeName', 500],
  ['briefDescription', 2000],
  ['schemeType', 200],
  ['subType', 300],
  ['schemeTypeOther', 500],
  ['areaOfSpend', 200],
  ['areaOfSpendOther', 500],
  ['commissioner', 100],
  ['provider', 300],
  ['sourceOfFunding', 200],
  ['outputUnit', 200],
  ['schemeUpdate', 10_000],
];

describe('the quick check of an imported line', () => {
  it('passes a plain good line, as the schema does', () => {
    expect(surelyValidLine(valid)).toBe(true);
    expect(surelyValidLine({ ...valid, extra: {} })).toBe(true);
    holds(valid);
  });

  it('never passes a line the schema refuses or changes, at every limit of every field', () => {
    const cases: [string, unknown][] = [];
    for (const [field, max] of TEXT_LIMITS) {
      for (const value of ['', ' x', 'x ', '\tx', 'a'.repeat(max), 'a'.repeat(max + 1), ` ${'a'.repeat(max)}`])
        cases.push([field, value]);
      for (const ch of ['\u0000', '\u001b', '\u007f', '\u200b', '\u202e', '\u2028', '\ufeff', '\ufffd'])
        cases.push([field, `a${ch}b`]);
      cases.push([field, null], [field, undefined], [field, 12]);
    }
    for (const id of ['', ' 3', '3 ', '3a', 'a'.repeat(20), 'a'.repeat(21), '-3', '3 a', '3/4.5-b', '£3', null])
      cases.push(['schemeId', id]);
    for (const field of ['jointNhsPercent', 'jointLaPercent', 'plannedOutputs'])
      for (const value of [null, '', '0', '100', '62.5', '1.23456', '1234567890123', ' 5', '-5', '+5', 5, undefined])
        cases.push([field, value]);
    for (const field of ['priorYearPence', 'virementPence', 'expenditurePence', 'expenditureYear2Pence'])
      for (const value of [
        null,
        undefined,
        0,
        -0,
        -1,
        1.5,
        LINE_MAX_PENCE,
        LINE_MAX_PENCE + 1,
        -LINE_MAX_PENCE,
        -LINE_MAX_PENCE - 1,
        Number.NaN,
        Infinity,
        '100',
      ])
        cases.push([field, value]);
    for (const value of ['', 'New', 'Existing', 'new', 'Recurrent', null]) cases.push(['newOrExisting', value]);
    for (const value of ['', 'Recurrent', 'One-off', 'one-off', 'New', null]) cases.push(['recurrence', value]);
    for (const value of [undefined, null, [], {}, { key: 'x' }, { key: 1.5 }, { 'bad key': 'x' }])
      cases.push(['extra', value]);
    cases.push(['unknownField', 'x'], ['source', { file: 'a.tsv', row: 2 }]);
    for (const [field, value] of cases) holds({ ...valid, [field]: value });
    for (const field of Object.keys(valid)) {
      const missing: Record<string, unknown> = { ...valid };
      delete missing[field];
      holds(missing);
    }
  });

  it('never passes a line the schema refuses or changes, whatever its fields hold', () => {
    const fields = Object.keys(valid);
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...fields, 'extra', 'other'),
          fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.constant(null)),
        ),
        (changes) => holds({ ...valid, ...changes }),
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a row with the same result and the same words as a form of the same text', () => {
    const columns = ['schemeId', 'schemeName', 'expenditurePence', 'jointNhsPercent', 'newOrExisting', 'provider'];
    const read = lineReader(columns);
    const rows = [
      ['14', 'Carers', '£1,234.56', '60', 'Existing', 'NHS Trust'],
      ['14', ' Carers ', '1234.5', '062.50', 'existing', ' NHS Trust'],
      ['', '', '', '', '', ''],
      ['1 4', 'a'.repeat(501), '12,34', '101', 'Maybe', 'x\u200by'],
      ['14', 'Carers', '-£5', '', '', ''],
      ['14', 'Carers', '£2.184k', '1e3', 'New', ''],
    ];
    for (const row of rows) {
      const form = Object.fromEntries(columns.map((c, i) => [c, row[i]!]));
      expect(read(row)).toEqual(lineFromText(form));
    }
  });
});

describe('reading the plain shapes of an amount', () => {
  it('gives what the full reading gives, at its limits', () => {
    expect(parseMoney('999999999999.99')).toEqual({ ok: true, pence: MAX_INPUT_PENCE });
    expect(parseMoney('£999,999,999,999.99')).toEqual({ ok: true, pence: MAX_INPUT_PENCE });
    expect(parseMoney('-£1,234.5')).toEqual({ ok: true, pence: -123_450 });
    expect(parseMoney('-0')).toEqual({ ok: true, pence: 0 });
    expect(parseMoney('0001.05')).toEqual({ ok: true, pence: 105 });
    expect(parseMoney('0,123')).toEqual({ ok: true, pence: 12_300 });
    expect(parseMoney('1,000,000,000,000')).toEqual({
      ok: false,
      message: '"1,000,000,000,000" is not an amount: it is larger than £999,999,999,999.99',
    });
    expect(parseMoney('1234.567')).toEqual({
      ok: false,
      message: '"1234.567" is not an amount: it has more than two decimal places; amounts are pounds and pence',
    });
    expect(parseMoney('12,34')).toEqual({
      ok: false,
      message: '"12,34" is not an amount: commas must separate groups of three digits, as in 1,234,567',
    });
  });
});
