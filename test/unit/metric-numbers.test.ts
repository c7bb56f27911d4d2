import { describe, expect, it } from 'vitest';
import { metricRecord } from '../../shared/workbooks/return-adapter';
import { sheetValue } from '../../shared/workbooks/values';
import { TABLE_FIELDS, matchHeader } from '../../shared/workbooks/fields';

/** A metric's absolute numbers as a workbook gets them: optional fields of the metrics table, written as numbers. */
const metric = {
  name: 'Emergency admissions (65+) per 100,000',
  target: '1,950',
  revisions: [],
  onTrack: 'On track to meet target' as const,
  challenges: '',
  achievements: '',
};

describe("a metric's numerator and denominator", () => {
  it('are fields a metrics column can be mapped to, by their usual headings', () => {
    const numbers = TABLE_FIELDS.metrics.filter((f) => f.field === 'numerator' || f.field === 'denominator');
    expect(numbers.map((f) => [f.field, f.kind])).toEqual([
      ['numerator', 'decimal'],
      ['denominator', 'decimal'],
    ]);
    expect(matchHeader('metrics', 'Numerator')?.info.field).toBe('numerator');
    expect(matchHeader('metrics', 'Denominator')?.info.field).toBe('denominator');
    // The metrics table's other headings keep their fields.
    expect(matchHeader('metrics', 'Metric')?.info.field).toBe('name');
    expect(matchHeader('metrics', 'Definition')).toBeUndefined();
  });

  it("go into a return's metrics row as numbers without their thousands commas, blank when not given", () => {
    const row = metricRecord({ ...metric, numerator: '1,045', denominator: '55,000.5' });
    expect([row.numerator, row.denominator]).toEqual(['1045', '55000.5']);
    expect(sheetValue('decimal', row.numerator!)).toEqual({ type: 'number', text: '1045' });
    expect(sheetValue('decimal', row.denominator!)).toEqual({ type: 'number', text: '55000.5' });
    const none = metricRecord({ ...metric, numerator: '', denominator: ' ' });
    expect([none.numerator, none.denominator]).toEqual([null, null]);
  });
});
