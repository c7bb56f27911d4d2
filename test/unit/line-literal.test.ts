import { describe, expect, it } from 'vitest';
import { ALL_FIELDS, EMPTY_LINE, lineLiteral, lineValues, type LineInput } from '../../shared/plans/line';

/** A line whose every field holds a value no other field has, so a field read in the wrong place shows. */
const distinct: LineInput = {
  ...EMPTY_LINE,
  ...Object.fromEntries(
    ALL_FIELDS.map((f, i) => [f, typeof EMPTY_LINE[f] === 'number' || f.endsWith('Pence') ? i * 100 : `v${i}`]),
  ),
  newOrExisting: 'New',
  recurrence: 'One-off',
};

describe('a line as the import hands it on', () => {
  it('copies every field, in the order of the fields, and its template-year values', () => {
    const copy = lineLiteral({ ...distinct, extra: { beds: 4 } });
    expect(copy).toEqual({ ...distinct, extra: { beds: 4 } });
    expect(Object.keys(copy)).toEqual([...ALL_FIELDS, 'extra']);
    expect(Object.keys(lineLiteral(distinct))).toEqual(ALL_FIELDS);
  });

  it("reads each field's value into its own place", () => {
    expect(lineValues(distinct)).toEqual(ALL_FIELDS.map((f) => distinct[f]));
  });
});
