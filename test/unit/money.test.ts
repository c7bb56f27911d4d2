import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  applyPercent,
  formatPence,
  MAX_INPUT_PENCE,
  parseMoney,
  penceToPlain,
  roundToPence,
  sumPence,
} from '../../shared/money';

const pence = (raw: string) => {
  const r = parseMoney(raw);
  if (!r.ok) throw new Error(r.message);
  return r.pence;
};
const refusal = (raw: string) => {
  const r = parseMoney(raw);
  if (r.ok) throw new Error(`${raw} was accepted as ${r.pence}`);
  return r.message;
};

describe('parseMoney: what council papers print and users paste', () => {
  it.each([
    ['£71,342,161', 7_134_216_100],
    ['-£14,270', -1_427_000],
    ['£-14,270', -1_427_000],
    ['(1,234.50)', -123_450],
    ['(£1,234.50)', -123_450],
    ['1234.5', 123_450],
    ['£0', 0],
    ['-£0', 0],
    ['  £850,000 ', 85_000_000],
    ['£\u00a0850,000', 85_000_000],
    ['+12.05', 1_205],
    ['\u221214,270', -1_427_000],
    ['999999999999.99', MAX_INPUT_PENCE],
    ['0000000000000000000001', 100],
    ['-000000000000000000000012.05', -1_205],
    ['0000000999999999999.99', MAX_INPUT_PENCE],
    ['00.50', 50],
  ])('%s is %i pence', (raw, expected) => {
    expect(pence(raw)).toBe(expected);
  });

  it.each([
    ['£2.184k', /scaled figures/],
    ['£3m', /scaled figures/],
    ['12,34', /groups of three digits/],
    ['1,2345', /groups of three digits/],
    ['£1.2.3', /more than one decimal point/],
    ['1.234', /more than two decimal places/],
    ['#REF!', /spreadsheet error/],
    ['=SUM(A1:A3)', /formula/],
    ['twelve', /the letter t \(character 1\) is not a digit/],
    ['26,75O', /the letter O \(character 6\) is not a digit/],
    ['£1,000\u200b', /an invisible character \(U\+200B\) \(character 7\)/],
    ['$1,000', /the character "\$" \(character 1\)/],
    ['£', /expected an amount/],
    ['(12', /brackets do not match/],
    ['-(12)', /expected an amount|both bracketed and signed/],
    ['--12', /two signs|expected/],
    ['1e5', /the letter e \(character 2\)/],
    ['1000000000000', /larger than/],
    ['00001000000000000', /larger than/],
    ['', /empty cell/],
  ])('%s is refused: %s', (raw, why) => {
    expect(refusal(raw)).toMatch(why);
  });

  it('quotes what it was given in the message', () => {
    expect(refusal('£2.184k')).toContain('"£2.184k" is not an amount');
  });

  it('reads back every amount it formats, whatever the style', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_INPUT_PENCE, max: MAX_INPUT_PENCE }), (p) => {
        expect(pence(formatPence(p))).toBe(p);
        expect(pence(formatPence(p, { pence: 'auto' }))).toBe(p);
        expect(pence(penceToPlain(p))).toBe(p);
      }),
    );
  });

  it('never throws and never returns anything but a safe integer, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        const r = parseMoney(raw);
        if (r.ok) expect(Number.isSafeInteger(r.pence)).toBe(true);
        else expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatPence: en-GB money', () => {
  it('groups thousands and shows the sign before the pound sign', () => {
    expect(formatPence(7_134_216_100)).toBe('£71,342,161.00');
    expect(formatPence(-1_427_000)).toBe('-£14,270.00');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(-1_427_000, { pence: 'auto' })).toBe('-£14,270');
    expect(formatPence(123_450, { pence: 'auto' })).toBe('£1,234.50');
  });
  it('refuses what is not whole pence', () => {
    expect(() => formatPence(1.5)).toThrow(/whole number of pence/);
  });
});

describe('the rounding rule', () => {
  it('rounds half a penny away from zero', () => {
    expect(roundToPence('0.5')).toBe(1);
    expect(roundToPence('-0.5')).toBe(-1);
    expect(roundToPence('2.4999')).toBe(2);
  });
  it('applies a percentage uplift exactly and rounds once', () => {
    // £850,000 uplifted by 5.66% = £898,110.00 exactly; 1p by 50% = 0.5p, which rounds to 1p.
    expect(applyPercent(85_000_000, '5.66')).toBe(4_811_000);
    expect(applyPercent(1, '50')).toBe(1);
  });
  it('sums exactly and refuses floats', () => {
    expect(sumPence([1, 2, 3])).toBe(6);
    expect(() => sumPence([0.1, 0.2])).toThrow();
  });
});

describe('allocate: split shares add up to the whole', () => {
  it('splits £100.00 in thirds with the spare penny to the first part', () => {
    expect(allocate(10_000, [1, 1, 1])).toEqual([3_334, 3_333, 3_333]);
  });
  it('splits by an agreed ratio such as 14:41:45', () => {
    // 1,000.01 × 14/100 = 140.0014, × 41/100 = 410.0041, × 45/100 = 450.0045: floors 140.00/410.00/450.00,
    // one penny left goes to the largest remainder (the 45 part).
    expect(allocate(100_001, [14, 41, 45])).toEqual([14_000, 41_000, 45_001]);
  });
  it('splits an underspend into negative shares', () => {
    expect(allocate(-10_000, [1, 1, 1])).toEqual([-3_334, -3_333, -3_333]);
  });
  it('gives zero shares for a zero total', () => {
    expect(allocate(0, [23, 77])).toEqual([0, 0]);
  });
  it('refuses weights that cannot split anything', () => {
    expect(() => allocate(100, [])).toThrow();
    expect(() => allocate(100, [0, 0])).toThrow();
    expect(() => allocate(100, [-1, 2])).toThrow();
  });

  const weights = fc
    .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 })
    .filter((ws) => ws.some((w) => w > 0));
  const total = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });

  it('always sums exactly to the total, each part within a penny of its exact share', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        const parts = allocate(t, ws);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(t);
        const sum = ws.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          expect(Number.isSafeInteger(p)).toBe(true);
          expect(Math.abs(p - (t * ws[i]!) / sum)).toBeLessThan(1.000001);
        });
      }),
    );
  });

  it('gives the same part to the same weight whatever the order, except for ties broken by order', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        const forward = allocate(t, ws);
        const backward = allocate(t, [...ws].reverse()).reverse();
        forward.forEach((p, i) => expect(Math.abs(p - backward[i]!)).toBeLessThanOrEqual(1));
        expect(backward.reduce((a, b) => a + b, 0)).toBe(t);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        expect(allocate(t, ws)).toEqual(allocate(t, ws));
      }),
    );
  });
});
