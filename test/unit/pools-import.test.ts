import { describe, expect, it } from 'vitest';
import { describeProblem } from '../../shared/imports/table';
import {
  buildStatement,
  consolidate,
  importBudgetLines,
  importLedger,
  importPublishedPools,
  type PoolData,
} from '../../shared/pools';
import { printedPence, published, tsvRows } from '../helpers/fixtures';

const FILE = 'pooled-budgets-2019-20.tsv';
const rows = () => tsvRows(published(FILE));

describe('the published pooled-budgets table', () => {
  it('reads the four pools with their partners, ratios and contributions', () => {
    const r = importPublishedPools(FILE, rows());
    expect(r.problems).toEqual([]);
    expect(r.pools.map((p) => [p.name, p.legalBasis, p.partners.map((x) => `${x.name}=${x.ratio}`).join(' ')])).toEqual(
      [
        ['Learning Disabilities and Autism', 's75 NHS Act 2006', 'CCG=23 Council=77'],
        ["Children's Services", 's10 Children Act 2004', 'CCG=14 Council=41 Education=45'],
        ['Community Equipment', 's75 NHS Act 2006', 'CCG=70 Council=30'],
        ['Mental Health', 's75 NHS Act 2006', 'CCG=50 Council=50'],
      ],
    );
    const childrens = r.pools[1]!;
    expect(childrens.partners.map((p) => p.kind)).toEqual(['health', 'social care', 'education']);
    // A three-part ratio: "Contributions and other grant funding" is Education's.
    expect(childrens.contributions.map((c) => [c.partner, c.amountPence])).toEqual([
      ['CCG', 39_219_600],
      ['Council', 118_591_200],
      ['Education', 129_800_000],
    ]);
    // Two parts: it is other income, attributed to no partner; a £0 one is left out.
    expect(r.pools[0]!.contributions.at(-1)).toMatchObject({
      partner: null,
      label: 'Contributions and other grant funding',
      amountPence: 246_760_600,
    });
    expect(r.pools[3]!.contributions).toHaveLength(2);
  });

  it("checks every Total Value against the contributions, independently of the app's parser", () => {
    const r = importPublishedPools(FILE, rows());
    const expected = rows()
      .slice(1)
      .map((row, i) => ({
        row: i + 2,
        label: row[0],
        printedPence: printedPence(row[4]!),
        computedPence: printedPence(row[1]!) + printedPence(row[2]!) + printedPence(row[3]!),
      }));
    expect(r.totals).toEqual(expected);
    for (const t of r.totals) expect(t.printedPence).toBe(t.computedPence);
  });

  it('reports a Total Value that disagrees, and refuses bad cells naming row and column', () => {
    const bad = rows();
    bad[1]![4] = '£31,642,605';
    bad[3]![1] = '£473.011k';
    bad[4]![5] = '50';
    const r = importPublishedPools(FILE, bad);
    expect(r.totals.find((t) => t.row === 2)).toMatchObject({
      printedPence: 3_164_260_500,
      computedPence: 3_164_260_400,
    });
    expect(r.problems.map(describeProblem)).toEqual([
      `${FILE} row 4, column "CCG Contribution" (B): "£473.011k" is not an amount: scaled figures (k, m, bn) are not accepted; write the amount in full pounds, e.g. £2,184,000`,
      `${FILE} row 5, column "Risk Share CCG:LA: Education" (F): "50" is not a ratio: expected parts separated by colons, e.g. 50:50 or 14:41:45`,
    ]);
  });

  it('refuses a table without its headings', () => {
    expect(
      importPublishedPools('x.tsv', [
        ['Name', 'Amount'],
        ['A', '£1'],
      ]).problems.map(describeProblem),
    ).toEqual([
      'x.tsv: no header row found: expected a row with the headings "Pooled Budget" and "Risk Share CCG:LA: Education"',
    ]);
  });
});

const PARTNERS = [
  { name: 'CCG', kind: 'health' as const },
  { name: 'Council', kind: 'social care' as const },
];

describe('budget lines and ledger extracts', () => {
  it('classifies budget lines by partner name or kind of cost', () => {
    const r = importBudgetLines(
      'lines.csv',
      [
        ['Line', 'Name', 'Partner', 'Budget', 'Contingency'],
        ['H1', 'Mental health placements', 'health', '£3,000,000', ''],
        ['S1', 'Social care packages', 'Council', '£3,060,998', 'No'],
        ['R1', 'Risk pool', '', '£0', 'Yes'],
      ],
      PARTNERS,
    );
    expect(r.problems).toEqual([]);
    expect(r.lines.map((l) => [l.code, l.partner, l.budgetPence, l.contingency])).toEqual([
      ['H1', 'CCG', 300_000_000, false],
      ['S1', 'Council', 306_099_800, false],
      ['R1', null, 0, true],
    ]);
  });

  it('names every bad cell in a budget-lines table', () => {
    const r = importBudgetLines(
      'lines.csv',
      [
        ['Line', 'Name', 'Partner', 'Budget'],
        ['H1', 'A', 'Education', '£1'],
        ['H1', '', 'CCG', '1,00'],
      ],
      PARTNERS,
    );
    expect(r.problems.map(describeProblem)).toEqual([
      'lines.csv row 2, column "Partner" (C): "Education" is not a partner in this pool: expected "CCG", "Council", a kind of cost (health, social care, education), or blank for a shared line',
      'lines.csv row 3, column "Line" (A): line H1 is already on row 2',
      'lines.csv row 3, column "Name" (B): the line has no name',
      'lines.csv row 3, column "Budget" (D): "1,00" is not an amount: commas must separate groups of three digits, as in 1,234,567',
    ]);
  });

  it('adds up a ledger extract per line and lists the columns it ignored', () => {
    const r = importLedger(
      'ledger.csv',
      [
        ['Period', 'Cost Centre', 'Narrative', 'Actual'],
        ['M01', 'H1', 'April', '£250,000.10'],
        ['M02', 'h1', 'May', '£250,000.20'],
        ['M12', 'S1', 'Year', '(£1,000.00)'],
        ['', 'Total', '', '£499,000.30'],
      ],
      ['H1', 'S1'],
    );
    expect(r.problems).toEqual([]);
    expect(r.amounts).toEqual([
      { code: 'H1', pence: 50_000_030, rows: [2, 3] },
      { code: 'S1', pence: -100_000, rows: [4] },
    ]);
    expect(r.ignoredColumns).toEqual(['Period', 'Narrative']);
    expect(r.amountColumn).toBe('Actual');
  });

  it('refuses a ledger extract naming a line the pool does not have', () => {
    const r = importLedger(
      'ledger.csv',
      [
        ['Line', 'Outturn'],
        ['H9', '£1'],
        ['H1', '£2.184k'],
      ],
      ['H1'],
    );
    expect(r.problems.map(describeProblem)).toEqual([
      'ledger.csv row 2, column "Line" (A): "H9" is not a budget line of this pool (its lines are H1)',
      'ledger.csv row 3, column "Outturn" (B): "£2.184k" is not an amount: scaled figures (k, m, bn) are not accepted; write the amount in full pounds, e.g. £2,184,000',
    ]);
  });
});

function mh(overrides: Partial<PoolData> = {}): PoolData {
  return {
    id: 1,
    name: 'Mental Health',
    year: '2019-20',
    legalBasis: 's75 NHS Act 2006',
    partners: [
      { id: 1, name: 'CCG', kind: 'health', ratio: '50', isHost: false },
      { id: 2, name: 'Council', kind: 'social care', ratio: '50', isHost: true },
    ],
    contributions: [
      { id: 1, partner: 'CCG', label: 'CCG Contribution', amountPence: 298_255_600, schemeLineId: null },
      { id: 2, partner: 'Council', label: 'Council SC Contribution', amountPence: 307_844_200, schemeLineId: null },
    ],
    lines: [],
    forecastPence: null,
    outturnPence: null,
    printedTotalPence: 606_099_800,
    overspend: { method: 'threshold', thresholdPercent: '10' },
    underspend: { method: 'fixed-ratio' },
    agreements: [],
    ...overrides,
  };
}

describe('the statement', () => {
  it('says plainly when there is no outturn yet', () => {
    const s = buildStatement(mh(), 'outturn');
    expect(s).toMatchObject({
      budget: 606_099_800,
      outturn: null,
      variance: null,
      complete: false,
      shares: [],
      problem: 'No outturn is recorded for this pool yet.',
      host: 'Council',
    });
  });

  it('uses the pool-level outturn when there are no lines, and shows budget by partner', () => {
    const s = buildStatement(mh({ outturnPence: 606_099_800 - 2_001 }), 'outturn');
    expect(s).toMatchObject({
      outturn: 606_097_799,
      variance: -2_001,
      complete: true,
      method: 'fixed-ratio',
      problem: null,
    });
    expect(s.shares).toEqual([
      { partner: 'CCG', pence: -1_001 },
      { partner: 'Council', pence: -1_000 },
    ]);
    expect(s.partners.map((p) => p.contributionPence)).toEqual([298_255_600, 307_844_200]);
    expect(buildStatement(mh({ forecastPence: 606_099_800 }), 'forecast')).toMatchObject({
      basis: 'forecast',
      variance: 0,
    });
  });

  it('takes lines without an outturn at budget and marks the statement incomplete', () => {
    const lines = [
      {
        id: 1,
        code: 'H',
        name: 'Health',
        partner: 'CCG',
        contingency: false,
        budgetPence: 300_000_000,
        forecastPence: null,
        outturnPence: 300_000_100,
      },
      {
        id: 2,
        code: 'S',
        name: 'Care',
        partner: 'Council',
        contingency: false,
        budgetPence: 306_099_800,
        forecastPence: null,
        outturnPence: null,
      },
    ];
    const s = buildStatement(mh({ lines }), 'outturn');
    expect(s).toMatchObject({ outturn: 606_099_900, variance: 100, complete: false });
    expect(s.warnings).toContain('No outturn is recorded for line S: taken at budget (no variance) until one is.');
  });

  it('warns when the published total or the budget lines disagree with the contributions', () => {
    const s = buildStatement(
      mh({
        printedTotalPence: 606_099_900,
        lines: [
          {
            id: 1,
            code: 'H',
            name: 'Health',
            partner: 'CCG',
            contingency: false,
            budgetPence: 5,
            forecastPence: null,
            outturnPence: 5,
          },
        ],
      }),
      'outturn',
    );
    expect(s.warnings[0]).toBe(
      'The published Total Value £6,060,999.00 does not equal the contributions £6,060,998.00 (a difference of £1.00); the contributions are used.',
    );
    expect(s.warnings[1]).toMatch(/^The budget lines add up to £0.05 but the contributions to £6,060,998.00/);
  });

  it('marks an agreement stale once the figures change', () => {
    const figures = {
      budget: 606_099_800,
      outturn: 606_099_801,
      variance: 1,
      method: 'threshold' as const,
      shares: [
        { partner: 'CCG', pence: 1 },
        { partner: 'Council', pence: 0 },
      ],
    };
    const agreement = {
      id: 1,
      partner: 'CCG',
      agreedBy: 'A. Finance',
      role: 'Head of Finance',
      agreedOn: '2020-05-01',
      recordedAt: '',
      recordedBy: 'x',
      figures,
    };
    expect(
      buildStatement(mh({ outturnPence: 606_099_801, agreements: [agreement] }), 'outturn').agreements[0]!.current,
    ).toBe(true);
    expect(
      buildStatement(mh({ outturnPence: 606_099_802, agreements: [agreement] }), 'outturn').agreements[0]!.current,
    ).toBe(false);
  });

  it('reports a method it cannot apply instead of inventing shares', () => {
    const s = buildStatement(
      mh({ outturnPence: 606_099_900, partners: mh().partners.map((p) => ({ ...p, ratio: null })) }),
      'outturn',
    );
    expect(s.problem).toMatch(/this pool has none/);
    expect(s.shares).toEqual([]);
  });
});

describe('money between pools', () => {
  it('counts a BCF line that funds a pool contribution once, and shows the flow', () => {
    const plan = [
      {
        id: 15,
        schemeId: '8',
        schemeName: 'Protection of Social Care',
        sourceOfFunding: 'CCG Minimum Contribution',
        expenditurePence: 372_804_400,
      },
      {
        id: 16,
        schemeId: '8',
        schemeName: 'Protection of Social Care',
        sourceOfFunding: 'Grant',
        expenditurePence: 97_000_000,
      },
      {
        id: 22,
        schemeId: '14',
        schemeName: 'Disabled Facilities Grant',
        sourceOfFunding: 'Grant',
        expenditurePence: 127_078_900,
      },
    ];
    const links = [
      {
        contributionId: 1,
        pool: 'Mental Health',
        partner: 'Council',
        label: 'From the BCF',
        amountPence: 100_000_000,
        schemeLineId: 15,
      },
      {
        contributionId: 2,
        pool: 'Community Equipment',
        partner: null,
        label: 'DFG',
        amountPence: 130_000_000,
        schemeLineId: 22,
      },
    ];
    const c = consolidate(
      plan,
      [
        { pool: 'Mental Health', contributionsPence: 606_099_800 },
        { pool: 'Community Equipment', contributionsPence: 81_073_000 },
      ],
      links,
    );
    // BCF 372,804,400 + 97,000,000 + 127,078,900 = 596,883,300; pools 687,172,800.
    // Counted twice: 100,000,000 (line 15) + 127,078,900 (line 22 funds 130,000,000 but is only 127,078,900).
    expect(c).toMatchObject({
      bcfPlanPence: 596_883_300,
      poolsPence: 687_172_800,
      countedTwicePence: 227_078_900,
      countedOncePence: 596_883_300 + 687_172_800 - 227_078_900,
    });
    expect(c.flows.map((f) => [f.from.schemeId, f.to.pool, f.pence])).toEqual([
      ['8', 'Mental Health', 100_000_000],
      ['14', 'Community Equipment', 130_000_000],
    ]);
    expect(c.warnings).toEqual([
      'BCF line 14 "Disabled Facilities Grant" (Grant) is £1,270,789.00 but funds £1,300,000.00 of pool contributions; only £1,270,789.00 is counted once, the other £29,211.00 is not BCF money.',
    ]);
  });
});
