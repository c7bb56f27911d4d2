import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMoney } from '../../shared/money';
import type { IncomeLine } from '../../shared/plans/income';
import { EMPTY_LINE, type LineInput } from '../../shared/plans/line';
import { validatePlan } from '../../shared/plans/rules';
import { planYears, type ReferenceSet } from '../../shared/reference/reference-set';
import { checkersOf } from '../../shared/workbooks/checks';
import type { WorkbookData } from '../../shared/workbooks/data';
import { planWorkbookData } from '../../shared/workbooks/plan-adapter';
import type { Profile } from '../../shared/workbooks/profile';
import { generateWorkbook, LAYOUT, type GenerateResult } from '../../electron/services/workbooks/generate';
import { syntheticLines } from '../bench/synthetic';
import { tempDir } from '../helpers/db';
import { published, printedPence, tsvRows } from '../helpers/fixtures';
import { appSays, shippedProfile } from '../helpers/profiles';
import { shippedReference } from '../helpers/reference';
import { at, dumpWorkbook, type WorkbookDump } from '../helpers/workbooks';
import { gnumericSheets, libreOfficeSheets } from '../helpers/readers';

/**
 * Generated workbooks, reopened by two readers that share no code with the
 * app: LibreOffice recalculates every formula (its figures must equal the
 * results the app cached) and openpyxl reports the structure.
 */
interface Case {
  name: string;
  profile: Profile;
  data: WorkbookData;
  result: GenerateResult;
  file: string;
  findings?: ReturnType<typeof validatePlan>['findings'];
  dump?: WorkbookDump;
}

function planCase(
  name: string,
  profile: Profile,
  set: ReferenceSet,
  lines: LineInput[],
  income: IncomeLine[],
  cover: Record<string, string>,
) {
  const years = planYears(set, set.years[0]!);
  const findings = validatePlan({
    years,
    template: set,
    lines: lines.map((l, i) => ({ ...l, id: i + 1 })),
    income,
    printedTotals: [],
    requirements: [],
  }).findings;
  return {
    name,
    profile,
    data: planWorkbookData(
      { area: 'Bath and North East Somerset', label: set.template, lines, income, cover },
      set,
      profile,
    ),
    findings,
  };
}

const cover = {
  completedBy: 'A. Manager',
  email: 'bcf@example.invalid',
  phone: '01225 000000',
  signedOffBy: 'Chair of the HWB',
  dateSignedOff: '2023-06-28',
};
const set23 = shippedReference('2023-25');
const set19 = shippedReference('2019-20');

function balancedIncome(lines: readonly LineInput[]): IncomeLine[] {
  const sums = new Map<string, [number, number]>();
  for (const l of lines) {
    const s = sums.get(l.sourceOfFunding) ?? [0, 0];
    sums.set(l.sourceOfFunding, [s[0] + l.expenditurePence, s[1] + (l.expenditureYear2Pence ?? 0)]);
  }
  return [...sums].map(([s, [a, b]], i) => ({
    id: i + 1,
    source: null,
    sourceOfFunding: s,
    partner: 'Partner',
    amountPence: a,
    amountYear2Pence: b,
  }));
}

const complete: LineInput[] = [1, 2, 3].map((i) => ({
  ...EMPTY_LINE,
  schemeId: String(i),
  schemeName: i === 1 ? '=HYPERLINK("http://evil.example")' : `Scheme ${i}`,
  briefDescription: 'Core team',
  schemeType: 'Carers Services',
  subType: 'Respite services',
  plannedOutputs: '120',
  outputUnit: 'Beneficiaries',
  areaOfSpend: 'Social Care',
  commissioner: 'Joint',
  jointNhsPercent: '62.5',
  jointLaPercent: '37.5',
  provider: 'Local Authority',
  sourceOfFunding: i === 3 ? 'DFG' : 'iBCF',
  expenditurePence: 100_000_01 * i,
  expenditureYear2Pence: 105_000_00,
  newOrExisting: 'New',
}));

describe("generating a workbook in NHS England's conventions", () => {
  const cases: Case[] = [];
  let recalculated: Record<string, Record<string, string[][]>>;

  beforeAll(async () => {
    const faulty = syntheticLines(set23, 60);
    const sample = tsvRows(published('plan-2019-20-schemes.tsv'))
      .slice(1)
      .map((r): LineInput => ({
        ...EMPTY_LINE,
        schemeId: r[0]!,
        schemeName: r[1]!,
        schemeType: r[2]!,
        areaOfSpend: r[3]!,
        sourceOfFunding: r[4]!,
        priorYearPence: printedPence(r[5]!),
        virementPence: printedPence(r[6]!),
        expenditurePence: printedPence(r[7]!),
        newOrExisting: r[8] as 'New' | 'Existing',
        schemeUpdate: r[9] ?? '',
      }));
    const [, ...seedRows] = tsvRows(published('return-2024-25-q1-discharge.tsv'));
    const seed = seedRows.map((r) => ({
      schemeId: r[0]!,
      schemeName: r[1]!,
      briefDescription: r[2]!,
      schemeType: r[3]!,
      subType: r[4]!,
      sourceOfFunding: r[5]!,
      plannedPence: printedPence(r[6]!),
      actualPence: printedPence(r[7]!),
      plannedOutputs: r[8] || null,
      outputsDelivered: null,
      outputUnit: r[10] || null,
      issues: r[11]!,
      issueDescription: r[12] ?? '',
    }));
    const specs = [
      planCase(
        'complete 2023-25 plan',
        shippedProfile('2023-25-planning'),
        set23,
        complete,
        balancedIncome(complete),
        cover,
      ),
      planCase(
        'faulty 2023-25 plan',
        shippedProfile('2023-25-planning'),
        set23,
        faulty,
        balancedIncome(faulty).slice(1),
        { completedBy: 'A. Manager' },
      ),
      planCase('published 2019-20 plan', shippedProfile('2019-20-plan-appendix'), set19, sample, [], cover),
      {
        name: 'Q1 2024-25 return',
        profile: shippedProfile('2024-25-quarterly'),
        data: {
          subject: 'Bath and North East Somerset, Q1 2024-25',
          cover: { ...cover, hwb: 'Bath and North East Somerset' },
          tables: { spendActivity: seed },
          lists: { yesNo: ['Yes', 'No'] },
        },
      },
    ];
    const dir = tempDir('bcf-generated-');
    for (const s of specs) {
      const result = await generateWorkbook({
        profile: s.profile,
        data: s.data,
        now: new Date('2026-03-31T12:00:00Z'),
      });
      const file = path.join(dir, `${s.name}.xlsx`);
      fs.writeFileSync(file, result.bytes);
      cases.push({ ...s, result, file, dump: dumpWorkbook(file) });
    }
    recalculated = libreOfficeSheets(cases.map((c) => c.file));
  }, 240_000);

  it('Gnumeric, recalculating every formula, reads each checker and the banner as the app cached them', () => {
    for (const c of cases) {
      const cover = gnumericSheets(c.file).get(c.profile.cover.sheet)!;
      const shown = c.result.summary.checkers.map((k) => `${k.label}: ${at(cover, k.cell)}`);
      expect(shown, c.name).toEqual(c.result.summary.checkers.map((k) => `${k.label}: ${k.value}`));
      expect(at(cover, 'A2'), c.name).toBe(c.result.summary.banner);
    }
  });

  it('LibreOffice opens every generated workbook and its recalculated figures equal the cached ones', () => {
    for (const c of cases) {
      const sheets = recalculated[c.file]!;
      expect(Object.keys(sheets).sort()).toEqual(c.result.summary.sheets.slice().sort());
      let formulas = 0;
      for (const [sheet, cells] of Object.entries(c.dump!.cells)) {
        for (const [ref, [value, cachedValue, type]] of Object.entries(cells)) {
          if (type !== 'f') continue;
          formulas++;
          const shown = at(sheets[sheet], ref);
          const where = `${c.name}: ${sheet}!${ref} ${String(value)}`;
          if (typeof cachedValue === 'number') {
            const p = parseMoney(shown);
            expect(p.ok && p.pence, where).toBe(Math.round(cachedValue * 100));
          } else {
            expect(shown, where).toBe(cachedValue ?? '');
          }
        }
      }
      expect(formulas, c.name).toBeGreaterThan(5);
    }
  });

  it('reads "Yes" in each checker exactly where the app finds the plan complete, and the banner follows', () => {
    for (const c of cases.filter((x) => x.findings)) {
      const specs = checkersOf(c.profile);
      const cover = recalculated[c.file]![c.profile.cover.sheet]!;
      for (const spec of specs) {
        const checker = c.result.summary.checkers.find((k) => k.label === spec.label)!;
        expect(at(cover, checker.cell), `${c.name}: ${spec.label}`).toBe(appSays(spec, c.findings!) ? 'Yes' : 'No');
      }
      const allYes = c.result.summary.checkers.every((k) => at(cover, k.cell) === 'Yes');
      expect(at(cover, 'A2'), c.name).toBe(allYes ? 'Complete Template' : 'Incomplete Template');
    }
    const [good, bad, published19] = cases;
    expect(at(recalculated[good!.file]!['2. Cover'], 'A2')).toBe('Complete Template');
    expect(good!.findings!.filter((f) => f.severity === 'error')).toEqual([]);
    expect(at(recalculated[bad!.file]!['2. Cover'], 'A2')).toBe('Incomplete Template');
    // The published 2019/20 plan breaks the virement identity on six lines, and it has no income.
    const virement = published19!.result.summary.checkers.find((k) =>
      k.label.startsWith('Schemes: 2018/19 + virement'),
    )!;
    expect(at(recalculated[published19!.file]!['2. Cover'], virement.cell)).toBe('No');
  });

  it('lays out the sheets as NHS England does: guidance, cover, data sheets, a hidden list sheet', () => {
    const d = cases[0]!.dump!;
    expect(d.sheets.map((s) => [s.name, s.state, s.protected])).toEqual([
      ['1. Guidance', 'visible', false],
      ['2. Cover', 'visible', true],
      ['4. Income', 'visible', true],
      ['5. Expenditure', 'visible', true],
      ['Lists', 'hidden', true],
    ]);
    expect(d.calc.fullCalcOnLoad).toBe(true);
    expect(cases[0]!.result.summary.formulaLikeTexts).toBe(1);
    expect(d.names.map((n) => n.name)).toEqual(
      expect.arrayContaining(['sourcesOfFunding', 'schemeTypes', 'newOrExisting', 'typesWithSubTypes']),
    );
    const exp = d.sheets.find((s) => s.name === '5. Expenditure')!;
    const first = LAYOUT.first;
    const last = first + 3 + 50 - 1;
    expect(exp.validations).toEqual(
      expect.arrayContaining([
        { type: 'list', formula1: 'schemeTypes', sqref: `D${first}:D${last}` },
        { type: 'list', formula1: 'sourcesOfFunding', sqref: `O${first}:O${last}` },
        { type: 'decimal', formula1: '0', sqref: `P${first}:P${last}` },
        { type: 'decimal', formula1: '0', sqref: `L${first}:L${last}` },
      ]),
    );
    expect(exp.conditional.map((c) => c.sqref)).toContain(`A${LAYOUT.checklist}:R${LAYOUT.checklist}`);
    expect(exp.freeze).toBe(`C${first}`);
    const cells = d.cells['5. Expenditure']!;
    // Yellow unlocked inputs, £ formats, the checklist row's formulas, text that looks like a formula kept as text.
    expect(cells[`P${first}`]).toEqual([100000.01, 100000.01, 'n', false, 'FFFFFF99', '"£"#,##0.00']);
    expect(cells[`B${first}`]!.slice(0, 4)).toEqual([
      '=HYPERLINK("http://evil.example")',
      '=HYPERLINK("http://evil.example")',
      's',
      false,
    ]);
    expect(cells[`A${last}`]!.slice(3, 5)).toEqual([false, 'FFFFFF99']);
    expect(cells[`B${LAYOUT.checklist}`]![2]).toBe('f');
    const coverCells = d.cells['2. Cover']!;
    expect(coverCells.C7!.slice(0, 5)).toEqual(['A. Manager', 'A. Manager', 's', false, 'FFFFFF99']);
  });

  it('makes pre-populated return cells grey and locked, and the inputs yellow and unlocked', () => {
    const q = cases[3]!;
    const cells = q.dump!.cells['5. Spend and activity']!;
    const first = LAYOUT.first;
    expect(cells[`A${first}`]!.slice(0, 5)).toEqual(['102', '102', 's', true, 'FFD9D9D9']);
    expect(cells[`G${first}`]!.slice(0, 5)).toEqual([120000, 120000, 'n', true, 'FFD9D9D9']);
    expect(cells[`H${first}`]!.slice(0, 5)).toEqual([30000, 30000, 'n', false, 'FFFFFF99']);
    // The sheets in the official order: an (empty) "4. Metrics" table comes before the spend and activity.
    expect(q.result.summary.tables.map((t) => t.table)).toEqual(['metrics', 'spendActivity']);
    expect(q.result.summary.tables[1]).toMatchObject({ lines: 6, firstRow: first, lastRow: first + 5 });
    const sheet = recalculated[q.file]!['5. Spend and activity']!;
    expect([at(sheet, `H${LAYOUT.checklist}`), at(sheet, `L${LAYOUT.checklist}`)]).toEqual(['Yes', 'Yes']);
    expect(q.dump!.sheets.find((s) => s.name === '5. Spend and activity')!.validations).toContainEqual({
      type: 'list',
      formula1: 'yesNo',
      sqref: `L${first}:L${first + 5}`,
    });
  });
});
