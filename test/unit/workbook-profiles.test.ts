import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { penceToPlain, MAX_INPUT_PENCE } from '../../shared/money';
import { planYears } from '../../shared/reference/reference-set';
import { checkerFormula, checkersOf, columnRange, quoteSheet } from '../../shared/workbooks/checks';
import { locateCover, locateTable, missingKeyMessage } from '../../shared/workbooks/locate';
import { hasYearTokens, profileSchema } from '../../shared/workbooks/profile';
import { sameText, sheetValue, shiftDecimal, trimDecimal } from '../../shared/workbooks/values';
import { PLAN_RULES } from '../../shared/plans/rules';
import { RETURN_RULES } from '../../shared/returns/rules';
import { ENTRY_FIELDS, FIXED_FIELDS } from '../../shared/returns/line';
import { ON_TRACK_ANSWERS, type MetricAssessment } from '../../shared/returns/metrics';
import { PROFILE_IDS, rawProfile, shippedProfile } from '../helpers/profiles';
import { shippedReference } from '../helpers/reference';

describe('shipped template profiles', () => {
  it.each(PROFILE_IDS)('%s is a valid profile whose tables have a key column', (id) => {
    const p = rawProfile(id);
    expect(profileSchema.parse(shippedProfile(id))).toEqual(shippedProfile(id));
    expect(p.id).toBe(id);
    for (const t of p.tables) expect(t.columns.some((c) => c.key)).toBe(true);
    for (const t of p.tables) expect(p.sheets).toContain(t.sheet);
    expect(p.sheets).toContain(p.cover.sheet);
  });

  it.each([
    ['2023-25-planning', '2023-25'],
    ['2019-20-plan-appendix', '2019-20'],
  ] as const)('%s requires exactly the cells the %s plan rules require', (id, template) => {
    const p = shippedProfile(id);
    const set = shippedReference(template);
    const lines = p.tables.find((t) => t.id === 'expenditure')!;
    const required = lines.columns
      .filter((c) => c.required)
      .map((c) => c.field)
      .sort();
    const expected = [
      ...set.required,
      ...(planYears(set, set.years[0]!).length > 1 ? ['expenditureYear2Pence'] : []),
    ].sort();
    expect(required).toEqual(expected);
    // Every column of the template year's layout has a column in the workbook.
    expect(lines.columns.map((c) => c.field).sort()).toEqual([...set.columns].sort());
  });

  it.each(PROFILE_IDS)('%s: every checker mirrors a rule the app has, on a field of the model it serves', (id) => {
    const p = shippedProfile(id);
    const rules = new Set((p.kind === 'plan' ? PLAN_RULES : RETURN_RULES).map((r) => r.id));
    for (const spec of checkersOf(p)) expect(rules, `${spec.id} mirrors ${spec.rule}`).toContain(spec.rule);
    if (p.kind === 'return') {
      // The quarterly columns are named as the return's fields, so a checker and its rule speak of the same field.
      const fields = new Set<string>([...FIXED_FIELDS, ...ENTRY_FIELDS]);
      for (const c of p.tables[0]!.columns) expect(fields, c.header).toContain(c.field);
      expect(checkersOf(p).map((s) => [s.id, s.rule, s.field])).toEqual([
        ['required.spendActivity.actualPence', 'return.required-field', 'actualPence'],
        ['required.spendActivity.issues', 'return.required-field', 'issues'],
        ['spend.issue-described', 'return.issue-description-missing', 'issueDescription'],
        ['metrics.assessed', 'return.required-field', 'onTrack'],
        ['metrics.challenges', 'return.required-field', 'challenges'],
      ]);
      // The metrics table's columns are named as a metric assessment's fields (the absolute numbers and the revised
      // targets are the app's own: no workbook column is known for them yet).
      const metric: Record<keyof Omit<MetricAssessment, 'metricId' | 'numerator' | 'denominator' | 'revisions'>, true> =
        {
          name: true,
          target: true,
          onTrack: true,
          challenges: true,
          achievements: true,
        };
      expect(p.tables[1]!.columns.map((c) => c.field).sort()).toEqual(Object.keys(metric).sort());
      // Its drop-down offers exactly the three answers the app keeps.
      expect(p.lists?.[p.tables[1]!.columns.find((c) => c.field === 'onTrack')!.list!]).toEqual([...ON_TRACK_ANSWERS]);
    }
  });

  it('writes a quantity as a number when it is one, and as text ("NA", "-") when it is not', () => {
    expect(sheetValue('quantity', '120')).toEqual({ type: 'number', text: '120' });
    expect(sheetValue('quantity', '12.50')).toEqual({ type: 'number', text: '12.5' });
    expect(sheetValue('quantity', 'NA')).toEqual({ type: 'string', text: 'NA' });
    expect(sheetValue('quantity', '-')).toEqual({ type: 'string', text: '-' });
    expect(sheetValue('quantity', ' ')).toEqual({ type: 'blank' });
    expect(() => sheetValue('decimal', 'NA')).toThrow(/decimal text/);
  });

  it('fills in year placeholders, so one profile serves every year of its layout', () => {
    const p = shippedProfile('2019-20-plan-appendix', ['2021-22']);
    expect(p.years).toEqual(['2021-22']);
    expect(p.title).toBe('Better Care Fund 2021/22 Plan: Schemes');
    expect(p.tables[1]!.columns.filter((c) => c.kind === 'money').map((c) => c.header)).toEqual([
      '2020/21 Expenditure £',
      'Virement',
      '2021/22 Expenditure £',
    ]);
    expect(p.tables[0]!.columns[2]!.header).toBe('21/22 £');
    expect(shippedProfile('2023-25-planning', ['2025-26', '2026-27']).title).toBe(
      'Better Care Fund 2025-27 Planning Template',
    );
    expect(hasYearTokens(rawProfile('2023-25-planning'))).toBe(true);
    expect(hasYearTokens(shippedProfile('2023-25-planning'))).toBe(false);
  });

  it('puts the quarterly spend and activity columns exactly as DOMAIN §4 lists them', () => {
    const t = shippedProfile('2024-25-quarterly').tables[0]!;
    expect(t.columns.map((c) => c.header)).toEqual([
      'Scheme ID',
      'Scheme Name',
      'Brief Description of Scheme',
      'Scheme Type',
      'Sub Types',
      'Source of Funding',
      'Planned Expenditure',
      'Actual Expenditure to date',
      'Planned outputs',
      'Outputs delivered to date (estimate if none)',
      'Unit of Measure',
      'Have there been any implementation issues?',
      'If yes, please briefly describe the issue(s) and any actions that have been/are being implemented as a result.',
    ]);
    expect(t.mode).toBe('prefilled');
    expect(t.columns.filter((c) => c.role === 'input').map((c) => c.field)).toEqual([
      'actualPence',
      'outputsDelivered',
      'issues',
      'issueDescription',
    ]);
  });

  it('refuses a profile whose check names a column the table does not have, or with no key column', () => {
    const p = structuredClone(shippedProfile('2023-25-planning'));
    p.checks.push({
      id: 'x.bad',
      label: 'bad',
      table: 'expenditure',
      kind: 'notNegative',
      columns: ['nope'],
      rule: 'plan.negative-amount',
    });
    expect(profileSchema.safeParse(p).error?.issues.map((i) => i.message)).toContain(
      'check x.bad: table expenditure has no column nope',
    );
    const q = structuredClone(shippedProfile('2023-25-planning'));
    q.tables[1]!.columns = q.tables[1]!.columns.map((c) => ({ ...c, key: false }));
    expect(profileSchema.safeParse(q).error?.issues.map((i) => i.message)).toContain(
      'table expenditure: no key column (e.g. Scheme ID)',
    );
  });
});

describe('cell values', () => {
  it('writes money as the exact decimal text of its pence, never through a float', () => {
    expect(sheetValue('money', 12_345_678)).toEqual({ type: 'number', text: '123456.78' });
    expect(sheetValue('money', -5)).toEqual({ type: 'number', text: '-0.05' });
    expect(sheetValue('money', null)).toEqual({ type: 'blank' });
    expect(() => sheetValue('money', 12.5)).toThrow(/integer pence/);
  });

  it('keeps every amount exact when a spreadsheet stores it as a double and prints it back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_INPUT_PENCE, max: MAX_INPUT_PENCE }), (p) => {
        const text = penceToPlain(p);
        expect(trimDecimal(String(Number(text)))).toBe(trimDecimal(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes text that looks like a formula as text', () => {
    for (const t of ['=SUM(A1)', '+44 7700', '-x', '@user', '\tTab', '\rCR'])
      expect(sheetValue('text', t)).toEqual({ type: 'string', text: t });
  });

  it('moves a decimal point exactly, both ways', () => {
    expect(shiftDecimal('62.5', -2)).toBe('0.625');
    expect(shiftDecimal('0.625', 2)).toBe('62.5');
    expect(shiftDecimal('100', -2)).toBe('1');
    expect(shiftDecimal('0.004', 2)).toBe('0.4');
    expect(shiftDecimal('-7', -3)).toBe('-0.007');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (n, d) => {
        const text = d === 0 ? String(n) : `${Math.floor(n / 10 ** d)}.${String(n % 10 ** d).padStart(d, '0')}`;
        expect(shiftDecimal(shiftDecimal(text, -2), 2)).toBe(trimDecimal(text));
      }),
    );
  });

  it('compares texts as a person would', () => {
    expect(sameText('  Care  Act Assessments ', 'care act assessments')).toBe(true);
    expect(sameText('Care Act', 'Care Acts')).toBe(false);
  });
});

describe('finding a table and the cover by their text', () => {
  const table = shippedProfile('2024-25-quarterly').tables[0]!;
  const header = table.columns.map((c) => c.header);

  it('finds the header wherever it sits, under a checklist row of Yes/No', () => {
    const grid = [
      ['Spend and activity'],
      [],
      [],
      ['', '', '', '', '', '', '', 'Yes', '', '', '', 'Yes', 'Yes'],
      header,
      ['102', 'Care Act Assessments'],
    ];
    const found = locateTable(grid, table)!;
    expect(found.headerRow).toBe(4);
    expect(found.columns.get('actualPence')).toBe(7);
    expect(found.missing).toEqual([]);
  });

  it('finds reordered and renamed columns by their aliases', () => {
    const p = shippedProfile('2023-25-planning').tables[1]!;
    const found = locateTable([['New/Existing Scheme', 'Scheme Name', 'Scheme ID', 'Sub Type']], p)!;
    expect([...found.columns.entries()]).toEqual([
      ['newOrExisting', 0],
      ['schemeName', 1],
      ['schemeId', 2],
      ['subType', 3],
    ]);
  });

  it('says which key column is missing and what the header row has instead', () => {
    const grid = [[], header.filter((h) => h !== 'Scheme ID')];
    const found = locateTable(grid, table)!;
    expect(missingKeyMessage(table, found, 'Sheet "5. Spend and activity"')).toBe(
      'Sheet "5. Spend and activity": the header row (row 2) has no "Scheme ID" column, which identifies each line; it has "Scheme Name" (A), "Brief Description of Scheme" (B), "Scheme Type" (C) and 9 more.',
    );
  });

  it('finds cover values beside their labels, with or without the colon', () => {
    const fields = shippedProfile('2024-25-quarterly').cover.fields;
    const found = locateCover([[], ['', 'Health and Wellbeing Board', 'Bath'], ['', 'Completed by:', '']], fields);
    expect(found.cells.get('hwb')).toEqual({ row: 1, column: 2, labelColumn: 1 });
    expect(found.cells.get('completedBy')).toEqual({ row: 2, column: 2, labelColumn: 1 });
    expect(found.missing.map((f) => f.key)).toEqual(['email', 'phone', 'signedOffBy', 'dateSignedOff']);
  });
});

describe('checker formulas', () => {
  const p = shippedProfile('2023-25-planning');
  const layouts = {
    income: {
      sheet: '4. Income',
      firstRow: 8,
      lastRow: 30,
      columns: { sourceOfFunding: 'A', partner: 'B', amountPence: 'C', amountYear2Pence: 'D' },
    },
    expenditure: {
      sheet: '5. Expenditure',
      firstRow: 9,
      lastRow: 60,
      columns: Object.fromEntries(p.tables[1]!.columns.map((c, i) => [c.field, String.fromCharCode(65 + i)])),
    },
  };

  it('quotes sheet names as Excel needs', () => {
    expect(quoteSheet('Lists')).toBe('Lists');
    expect(quoteSheet('5. Expenditure')).toBe("'5. Expenditure'");
    expect(quoteSheet("Bob's")).toBe("'Bob''s'");
    expect(quoteSheet('AB12')).toBe("'AB12'");
    expect(columnRange(layouts.income, 'amountPence')).toBe("'4. Income'!$C$8:$C$30");
  });

  it('gives one checker per required column and one per check, each tied to an app rule', () => {
    const specs = checkersOf(p);
    expect(specs.filter((s) => s.column).map((s) => s.field)).toEqual([
      'sourceOfFunding',
      'amountPence',
      ...p.tables[1]!.columns.filter((c) => c.required).map((c) => c.field),
    ]);
    expect(specs.every((s) => s.rule.startsWith('plan.'))).toBe(true);
  });

  it('writes formulas a spreadsheet evaluates: a required column, a condition on a list, a balance', () => {
    const specs = checkersOf(p);
    const formula = (id: string) =>
      checkerFormula(
        specs.find((s) => s.id === id)!,
        p,
        layouts,
      );
    expect(formula('required.expenditure.schemeName')).toBe(
      `IF(SUMPRODUCT(('5. Expenditure'!$A$9:$A$60<>"")*('5. Expenditure'!$B$9:$B$60=""))=0,"Yes","No")`,
    );
    expect(formula('expenditure.sub-type')).toBe(
      `IF(SUMPRODUCT(('5. Expenditure'!$A$9:$A$60<>"")*(COUNTIF(typesWithSubTypes,'5. Expenditure'!$D$9:$D$60)>0)*('5. Expenditure'!$E$9:$E$60=""))=0,"Yes","No")`,
    );
    expect(formula('income.balance')).toContain(
      `SUMIF('4. Income'!$A$8:$A$30,'4. Income'!$A$8:$A$30,'4. Income'!$C$8:$C$30)-SUMIF('5. Expenditure'!$O$9:$O$60,'4. Income'!$A$8:$A$30,'5. Expenditure'!$P$9:$P$60)`,
    );
  });
});
