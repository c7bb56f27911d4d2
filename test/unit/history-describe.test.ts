import { describe, expect, it } from 'vitest';
import { describeEntry, fieldLabel, showValue, type AuditFacts } from '../../shared/audit/describe';

const entry = (e: Partial<AuditFacts>): AuditFacts => ({
  id: 7,
  at: '2026-12-02T10:00:00.000Z',
  actor: 'jane.smith',
  action: 'update',
  entity: 'scheme_line',
  entityId: 3,
  field: null,
  oldValue: null,
  newValue: null,
  reason: null,
  ...e,
});

describe("the history in the screens' words", () => {
  it("names fields by their labels, the template year's own by the labels it gives them, and falls back to words", () => {
    expect(fieldLabel('expenditurePence')).toBe('Expenditure £');
    expect(fieldLabel('actualPence')).toBe('Actual Expenditure to date');
    expect(fieldLabel('signedOffBy')).toBe('Who signed off the report on behalf of the Health and Wellbeing Board');
    expect(fieldLabel('extra.ascFeeRate', new Map([['ascFeeRate', 'ASC fee rate (£/hour)']]))).toBe(
      'ASC fee rate (£/hour)',
    );
    expect(fieldLabel('extra.someNewThing')).toBe('Some new thing');
    expect(fieldLabel('budgetYear2Pence')).toBe('Budget year 2 (£)');
    expect(fieldLabel('National condition 1: answer')).toBe('National condition 1: answer');
  });

  it('shows money in £, states by their names, lists joined and a source as file and row', () => {
    expect(showValue('expenditurePence', '2675000')).toBe('£26,750.00');
    expect(showValue('amountPence', -150)).toBe('-£1.50');
    expect(showValue('state', 'ready')).toBe('Ready for approval');
    expect(showValue('sources', ['Local Authority Discharge Funding', 'ICB Discharge Funding'])).toBe(
      'Local Authority Discharge Funding, ICB Discharge Funding',
    );
    expect(showValue('source', { file: 'plan.tsv', row: 12 })).toBe('plan.tsv row 12');
    expect(showValue('contingency', true)).toBe('Yes');
    expect(
      showValue('lines', [
        { code: 'A1', name: 'Residential', budgetPence: 1_000_000 },
        { code: 'A2', name: 'Day care', budgetPence: 250 },
      ]),
    ).toBe('2 entries: A1 Residential £10,000.00; A2 Day care £2.50');
  });

  it('spells out a deleted line one row per field, and a change as one row, was → now', () => {
    const snapshot = {
      position: 4,
      source: { file: 'plan.tsv', row: 5 },
      schemeId: '3',
      schemeName: 'Falls',
      expenditurePence: 2_675_000,
      provider: '',
      extra: { ascFeeRate: '18.50' },
    };
    const rows = describeEntry(
      entry({ action: 'delete', oldValue: JSON.stringify(snapshot), reason: 'Merged' }),
      'Plan 2019-20 · Scheme line 3 Falls',
      new Map([['ascFeeRate', 'ASC fee rate']]),
    );
    expect(rows.map((r) => [r.action, r.field, r.was, r.now, r.why])).toEqual([
      ['Deleted', 'From', 'plan.tsv row 5', '', 'Merged'],
      ['Deleted', 'Scheme ID', '3', '', 'Merged'],
      ['Deleted', 'Scheme Name', 'Falls', '', 'Merged'],
      ['Deleted', 'Expenditure £', '£26,750.00', '', 'Merged'],
      ['Deleted', 'ASC fee rate', '18.50', '', 'Merged'],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(describeEntry(entry({ field: 'expenditurePence', oldValue: '100', newValue: '2675000' }), 'x')).toEqual([
      expect.objectContaining({
        action: 'Changed',
        field: 'Expenditure £',
        was: '£1.00',
        now: '£26,750.00',
        key: '7.0',
      }),
    ]);
  });
});
