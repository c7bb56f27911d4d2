import { describe, expect, it } from 'vitest';
import { EMPTY_LINE, lineFromText } from '../../shared/plans/line';
import { validatePlan } from '../../shared/plans/rules';
import {
  canonicalSource,
  metricsForYear,
  successorSource,
  templateForYear,
  type TemplateYear,
} from '../../shared/reference/reference-set';
import { conditionFindings, withAnswers } from '../../shared/templates/conditions';
import { draftFrom, withOverrides, type BroughtTable } from '../../shared/templates/draft';
import { formatExtra, keyFromLabel, parseExtra, type ExtraField } from '../../shared/templates/fields';
import { templateFile, templateFileProblems, templateFileSchema } from '../../shared/templates/template-file';
import { headingWords, matchHeader } from '../../shared/workbooks/fields';
import { asExcelShows, isoToSerial, serialToIso, sheetValue } from '../../shared/workbooks/values';
import { shippedProfile } from '../helpers/profiles';
import { shippedReference } from '../helpers/reference';

const R2023 = shippedReference('2023-25');
const R2019 = shippedReference('2019-20');

/** A year of its own, one year long, with a Yes/No and a choice field on plan lines. */
function year2026(): TemplateYear {
  return {
    ...R2023,
    template: '2026-27',
    years: ['2026-27'],
    label: 'BCF 2026-27',
    confidence: 'official',
    columns: R2023.columns.filter((c) => c !== 'expenditureYear2Pence'),
    required: R2023.required,
    fields: [
      { key: 'aligned', label: 'Aligned with neighbourhood health', kind: 'yesNo', on: 'plan', required: true },
      { key: 'service', label: 'Neighbourhood service', kind: 'choice', on: 'plan', list: 'services' },
    ],
    customLists: { services: ['Intermediate care', 'Urgent community response'] },
  };
}

describe('headings NHS England renamed', () => {
  it('are matched exactly where the heading is known, and by their words where it was renamed', () => {
    expect(matchHeader('spendActivity', 'Actual Expenditure to date')).toMatchObject({
      info: { field: 'actualPence' },
      by: 'exact',
    });
    expect(matchHeader('spendActivity', 'Actual spend to date (£)')).toMatchObject({
      info: { field: 'actualPence' },
      by: 'similar',
    });
    expect(matchHeader('spendActivity', 'Spend to date - actual')).toMatchObject({
      info: { field: 'actualPence' },
      by: 'similar',
    });
    expect(matchHeader('expenditure', 'Expenditure for 2026-27 (£)', ['2026-27'])).toMatchObject({
      info: { field: 'expenditurePence' },
      by: 'exact',
    });
    expect(matchHeader('metrics', 'Planned 2027-28')).toMatchObject({ info: { field: 'target' }, by: 'similar' });
  });

  it('are not guessed when no field is clearly closest, or the words say something else', () => {
    expect(matchHeader('spendActivity', 'Is the scheme aligned with neighbourhood health services?')).toBeUndefined();
    expect(matchHeader('spendActivity', 'Date')).toBeUndefined();
    expect(matchHeader('expenditure', 'Capital element (£)')).toBeUndefined();
    expect([...headingWords('Actual spend to date (£)')].sort()).toEqual(['actual', 'date', 'expenditure']);
  });
});

describe("a template year's own fields", () => {
  const field = (kind: ExtraField['kind']): ExtraField => ({
    key: 'x',
    label: 'The field',
    kind,
    on: 'plan',
    ...(kind === 'choice' ? { list: 'l' } : {}),
  });

  it('read every kind strictly: money to pence, dates to ISO, Yes/No, quantities and percentages as decimal text', () => {
    expect(parseExtra(field('money'), '£250,000.50')).toEqual({ ok: true, value: 25_000_050 });
    expect(parseExtra(field('money'), '£2.5k')).toMatchObject({ ok: false });
    expect(parseExtra(field('date'), '30/06/2027')).toEqual({ ok: true, value: '2027-06-30' });
    expect(parseExtra(field('date'), '31/06/2027')).toMatchObject({
      ok: false,
      message: expect.stringContaining('June 2027 has 30 days'),
    });
    expect(parseExtra(field('yesNo'), ' y ')).toEqual({ ok: true, value: 'Yes' });
    expect(parseExtra(field('yesNo'), 'maybe')).toMatchObject({ ok: false });
    expect(parseExtra(field('quantity'), '1,250')).toEqual({ ok: true, value: '1250' });
    expect(parseExtra(field('quantity'), 'N/A')).toEqual({ ok: true, value: 'NA' });
    expect(parseExtra(field('percent'), '62.5%')).toEqual({ ok: true, value: '62.5' });
    expect(parseExtra(field('text'), 'hidden\u202etext')).toMatchObject({
      ok: false,
      message: expect.stringContaining('U+202E'),
    });
    expect(parseExtra(field('choice'), '  ')).toEqual({ ok: true, value: null });
    expect(formatExtra(field('money'), 25_000_050)).toBe('£250,000.50');
  });

  it('are named from their heading, never taking a name already used', () => {
    expect(keyFromLabel('Is the scheme aligned with neighbourhood health services?', new Set())).toBe(
      'isTheSchemeAlignedWithNeighbourhood',
    );
    expect(keyFromLabel('Capital element (£)', new Set(['capitalElement']))).toBe('capitalElement2');
    expect(keyFromLabel('2027 start', new Set())).toBe('f2027Start');
  });

  it('are typed into a line as columns "extra.<key>": parsed, blanked, or refused by name', () => {
    const fields = year2026().fields;
    const line = lineFromText(
      {
        schemeId: '1',
        schemeName: 'Reablement',
        expenditurePence: '£10',
        'extra.aligned': 'yes',
        'extra.service': 'Intermediate care',
      },
      EMPTY_LINE,
      fields,
    );
    expect(line).toMatchObject({ ok: true, input: { extra: { aligned: 'Yes', service: 'Intermediate care' } } });
    const blanked = lineFromText({ 'extra.aligned': '' }, line.ok ? line.input : EMPTY_LINE, fields);
    expect(blanked).toMatchObject({ ok: true, input: { extra: { service: 'Intermediate care' } } });
    expect(lineFromText({ 'extra.aligned': 'perhaps', 'extra.other': 'x' }, EMPTY_LINE, fields)).toMatchObject({
      ok: false,
      errors: {
        'extra.aligned': '"perhaps" should be "Yes", "No" or blank',
        'extra.other': "extra.other is not a column of this plan's template year",
      },
    });
  });

  it('are checked by the plan rules: required where the year says so, and a choice in its list', () => {
    const template = year2026();
    const base = { ...EMPTY_LINE, schemeId: '1', schemeName: 'Reablement', expenditurePence: 100 };
    const report = validatePlan({
      years: ['2026-27'],
      template,
      lines: [{ ...base, id: 7, extra: { service: 'Something else' } }],
      income: [],
      printedTotals: [],
      requirements: [],
    });
    const own = report.findings.filter((f) => f.field?.startsWith('extra.'));
    expect(own.map((f) => [f.rule, f.severity, f.field, f.lineId])).toEqual([
      ['plan.required-field', 'error', 'extra.aligned', 7],
      ['plan.unknown-value', 'warning', 'extra.service', 7],
    ]);
    expect(own[1]!.message).toBe(
      'Scheme 1 "Reablement": "Something else" is not in the 2026-27 list of Neighbourhood service; choose one of "Intermediate care", "Urgent community response".',
    );
    // A year may switch a rule off.
    const off = validatePlan({
      years: ['2026-27'],
      template: { ...template, rulesOff: ['plan.unknown-value'] },
      lines: [{ ...base, extra: { aligned: 'No', service: 'x' } }],
      income: [],
      printedTotals: [],
      requirements: [],
    });
    expect(off.rules.map((r) => r.id)).not.toContain('plan.unknown-value');
  });
});

describe('which template year a year follows', () => {
  it("is the one that lists the year, and never another year's", () => {
    expect(templateForYear([R2019, R2023], '2024-25')?.template).toBe('2023-25');
    expect(templateForYear([R2019, R2023], '2019-20')?.template).toBe('2019-20');
    expect(templateForYear([R2019, R2023], '2025-26')).toBeUndefined();
    expect(templateForYear([R2019, R2023], '2020-21')).toBeUndefined();
  });
});

describe('a template year file', () => {
  it("is refused when a new field takes a built-in name, names a list it lacks, or a profile is another year's", () => {
    const year = year2026();
    const ok = templateFileSchema.safeParse(templateFile(year, []));
    expect(ok.success).toBe(true);
    const bad = templateFileSchema.safeParse(
      templateFile(
        {
          ...year,
          fields: [
            { key: 'schemeName', label: 'Name', kind: 'text', on: 'plan' },
            { key: 'x', label: 'X', kind: 'choice', on: 'plan', list: 'missing' },
          ],
        },
        [shippedProfile('2024-25-quarterly')],
      ),
    );
    expect(bad.success).toBe(false);
    expect(templateFileProblems(bad.error!)).toEqual([
      'templateYear.fields.0.key: schemeName is a field the app already has; give the new field another name',
      'templateYear.fields.1.list: the field x takes its values from the list missing, which the template year does not have',
      'profiles.0.template: the profile 2024-25-quarterly is for the template year 2023-25, not 2026-27',
      'profiles.0.tables.0.columns.1: 2024-25-quarterly: "Scheme Name" is mapped to schemeName, a field of plan lines, on a return workbook',
    ]);
  });
});

describe('a brought table, corrected', () => {
  const table: BroughtTable = {
    id: 'spendActivity',
    title: 'Spend and activity',
    sheet: 'Spend',
    headerRow: 9,
    mode: 'prefilled',
    checklist: true,
    columns: [
      {
        letter: 'A',
        header: 'Scheme ID',
        field: 'schemeId',
        matchedBy: 'exact',
        role: 'prefilled',
        extraKind: 'text',
        required: false,
        listValues: [],
        samples: ['1'],
      },
      {
        letter: 'B',
        header: 'Scheme Name',
        field: 'schemeName',
        matchedBy: 'exact',
        role: 'prefilled',
        extraKind: 'text',
        required: false,
        listValues: [],
        samples: ['Reablement'],
      },
      {
        letter: 'C',
        header: 'Actual spend to date (£)',
        field: 'actualPence',
        matchedBy: 'similar',
        role: 'input',
        extraKind: 'money',
        required: true,
        listValues: [],
        samples: [],
      },
      {
        letter: 'D',
        header: 'Pathway',
        field: null,
        matchedBy: 'new',
        role: 'input',
        extraKind: 'choice',
        required: false,
        listValues: ['P0', 'P1', 'P2'],
        samples: [],
      },
      {
        letter: 'E',
        header: 'Notes',
        field: null,
        matchedBy: 'new',
        role: 'input',
        extraKind: 'text',
        required: false,
        listValues: [],
        samples: [],
      },
    ],
  };
  const profile = {
    ...shippedProfile('2024-25-quarterly'),
    id: '2026-27-quarterly-q2',
    template: '2026-27',
    years: ['2026-27'],
    tables: [],
    checks: [],
  };
  const brought = {
    base: templateFile({ ...year2026(), fields: [], customLists: {} }, [profile]),
    profileId: profile.id,
    tables: [table],
    kind: 'return' as const,
  };

  it("becomes the year's own fields with their lists, and the profile's columns pointing at them", () => {
    const draft = draftFrom(brought);
    expect(draft.templateYear.fields).toEqual([
      { key: 'pathway', label: 'Pathway', kind: 'choice', on: 'return', list: 'pathwayList' },
      { key: 'notes', label: 'Notes', kind: 'text', on: 'return' },
    ]);
    expect(draft.templateYear.customLists).toEqual({ pathwayList: ['P0', 'P1', 'P2'] });
    expect(
      draft.profiles[0]!.tables[0]!.columns.map((c) => [
        c.field,
        c.kind,
        c.role,
        c.key ?? false,
        c.required ?? false,
        c.list ?? null,
      ]),
    ).toEqual([
      ['schemeId', 'text', 'prefilled', true, false, null],
      ['schemeName', 'text', 'prefilled', true, false, null],
      ['actualPence', 'money', 'input', false, true, null],
      ['pathway', 'choice', 'input', false, false, 'pathwayList'],
      ['notes', 'text', 'input', false, false, null],
    ]);
    expect(templateFileSchema.safeParse(draft).success).toBe(true);
  });

  it("takes the user's corrections: a column not used, a new field renamed and retyped, a required column", () => {
    const draft = draftFrom(brought, {
      'spendActivity:E': { field: null, role: 'input', required: false },
      'spendActivity:D': { field: 'new', role: 'input', required: true, label: 'Discharge pathway', kind: 'text' },
    });
    expect(draft.templateYear.fields).toEqual([
      { key: 'dischargePathway', label: 'Discharge pathway', kind: 'text', on: 'return', required: true },
    ]);
    expect(draft.templateYear.customLists).toEqual({});
    expect(draft.profiles[0]!.tables[0]!.columns.map((c) => c.field)).toEqual([
      'schemeId',
      'schemeName',
      'actualPence',
      'dischargePathway',
    ]);
  });

  it('takes corrected lists, conditions and metrics, one per line, each once', () => {
    const draft = withOverrides(draftFrom(brought), {
      lists: {
        sourcesOfFunding: [
          'NHS Minimum Contribution',
          '',
          'Local Authority Better Care Grant',
          'nhs minimum contribution ',
        ],
      },
      conditions: ['1) Plans jointly agreed', 'Oversight and support'],
      metrics: ['Falls', ' '],
    });
    expect(draft.templateYear.lists.sourcesOfFunding).toEqual([
      'NHS Minimum Contribution',
      'Local Authority Better Care Grant',
    ]);
    expect(draft.templateYear.nationalConditions).toEqual([
      { key: '1', text: '1) Plans jointly agreed' },
      { key: '2', text: 'Oversight and support' },
    ]);
    expect(draft.templateYear.metrics).toEqual([{ name: 'Falls' }]);
  });
});

describe('national conditions', () => {
  it('ask for a confirmation of each, and an explanation of a No', () => {
    const found: string[] = [];
    const answers = withAnswers(
      [
        { key: '1', text: 'Plans jointly agreed' },
        { key: '2', text: 'Grant conditions met' },
        { key: '3', text: 'Oversight' },
      ],
      new Map([
        ['2', { answer: 'No' as const, explanation: '' }],
        ['3', { answer: 'No' as const, explanation: 'Agreed at JCC' }],
      ]),
    );
    conditionFindings(answers, (f) => found.push(`${f.field}: ${f.message}`));
    expect(found).toEqual([
      'answer: National condition 1 ("Plans jointly agreed"): confirm it, Yes or No.',
      'explanation: National condition 2 ("Grant conditions met") is not met: explain why, and what is being done about it.',
    ]);
  });
});

describe('values in a sheet', () => {
  it("carry a date as Excel's date serial, and back", () => {
    expect(isoToSerial('2027-06-30')).toBe(46568);
    expect(serialToIso('46568')).toBe('2027-06-30');
    expect(isoToSerial('2027-02-30')).toBeNull();
    expect(sheetValue('date', '2027-04-01')).toEqual({ type: 'number', text: '46478' });
  });

  it('read a number as Excel shows it, to 15 significant digits', () => {
    expect(asExcelShows('987654.3199999999')).toBe('987654.32');
    expect(asExcelShows('26750.000000000004')).toBe('26750');
    expect(asExcelShows('0.30000000000000004')).toBe('0.3');
    expect(asExcelShows('1.5E+6')).toBe('1500000');
    expect(asExcelShows('12.5')).toBe('12.5');
    expect(asExcelShows('TRUE')).toBe('TRUE');
  });
});

describe('the shipped 2025-26 and 2026-27 years', () => {
  const y2023 = shippedReference('2023-25');
  const y2025 = shippedReference('2025-26');
  const y2026 = shippedReference('2026-27');

  it('are provisional one-year templates on the merged streams; only 2025-26 knows its uplift', () => {
    for (const y of [y2025, y2026]) {
      expect(y).toMatchObject({
        confidence: 'provisional',
        years: [y.template],
        nhsMinimumSource: 'NHS Minimum Contribution',
      });
      expect(y.columns).not.toContain('expenditureYear2Pence');
      expect(y.lists.sourcesOfFunding).toContain('Local Authority Better Care Grant');
    }
    expect(y2025.ascUpliftPercent).toBe('3.9');
    expect(y2026.ascUpliftPercent).toBeUndefined();
  });

  it("reads a stream's other names as that stream, whatever their case, and leaves others alone", () => {
    for (const name of [
      'Local Authority Better Care Fund Grant',
      'local authority better care grant (formerly iBCF)',
      ' formerly iBCF ',
      'Local Authority Better Care Grant',
    ])
      expect(canonicalSource(y2025, name), name).toBe('Local Authority Better Care Grant');
    expect(canonicalSource(y2025, 'Disabled Facilities Grant')).toBe('DFG');
    // An import names the stream it means: an old stream is not silently moved.
    expect(canonicalSource(y2025, 'iBCF')).toBe('iBCF');
    expect(canonicalSource(y2023, 'Local Authority Better Care Fund Grant')).toBe(
      'Local Authority Better Care Fund Grant',
    );
  });

  it('moves an old stream to the one that took it over, on roll forward only', () => {
    expect(successorSource(y2025, 'iBCF')).toBe('Local Authority Better Care Grant');
    expect(successorSource(y2025, 'Local Authority Discharge Funding')).toBe('Local Authority Better Care Grant');
    expect(successorSource(y2025, 'ICB Discharge Funding')).toBe('NHS Minimum Contribution');
    expect(successorSource(y2025, 'Minimum NHS Contribution')).toBe('NHS Minimum Contribution');
    expect(successorSource(y2025, 'DFG')).toBe('DFG');
    expect(successorSource(y2025, 'Something local')).toBe('Something local');
  });

  it('lists five metrics in 2023-24 (with reablement), four in 2024-25 and three from 2025-26', () => {
    expect(metricsForYear(y2023, '2023-24')).toHaveLength(5);
    expect(metricsForYear(y2023, '2023-24')).toContain('Reablement');
    expect(metricsForYear(y2023, '2024-25')).toHaveLength(4);
    expect(metricsForYear(y2025, '2025-26')).toHaveLength(3);
    expect(metricsForYear(y2026, '2026-27')).toEqual(metricsForYear(y2025, '2025-26'));
  });
});
