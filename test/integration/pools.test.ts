import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { openDatabase } from '../../electron/db/connection';
import { migrate } from '../../electron/db/migrate';
import { MIGRATIONS } from '../../electron/db/migrations';
import { createArea } from '../../electron/services/areas/areas';
import { listAudit } from '../../electron/services/audit/audit';
import { readTable } from '../../electron/services/files/read-table';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { createLine } from '../../electron/services/plans/line-actions';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { agreeStatement } from '../../electron/services/pools/agreement';
import { deleteContribution, linkContribution, saveContribution } from '../../electron/services/pools/contributions';
import { copyForward, createPool, deletePool, updatePool } from '../../electron/services/pools/create';
import { setLineFigures, setOutturn } from '../../electron/services/pools/figures';
import { importLines, importOutturn } from '../../electron/services/pools/import-lines';
import { importPoolsTable } from '../../electron/services/pools/import-pools';
import { deleteLine, saveLine } from '../../electron/services/pools/lines';
import { setMethods } from '../../electron/services/pools/methods';
import { changePartner } from '../../electron/services/pools/partners';
import { loadPublishedPools } from '../../electron/services/pools/published';
import {
  consolidated,
  listPools,
  poolDetail,
  poolTrend,
  statementsFor,
} from '../../electron/services/pools/statements';
import { findPool, loadPool } from '../../electron/services/pools/store';
import { ApiError } from '../../shared/api';
import type { Row } from '../../shared/imports/table';
import { EMPTY_LINE } from '../../shared/plans/line';
import { fileHash, tempContext, tempDir, type TestContext } from '../helpers/db';
import { printedPence, published, tsvRows } from '../helpers/fixtures';

const POOLS_FILE = 'pooled-budgets-2019-20.tsv';
const poolRows = () => readTable(POOLS_FILE, fs.readFileSync(published(POOLS_FILE)));
const refusal = (fn: () => unknown): ApiError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext();
  createArea(ctx, 'Bath and North East Somerset');
});
afterEach(() => ctx.close());

const importFixture = () => importPoolsTable(ctx, { file: POOLS_FILE, rows: poolRows(), year: '2019-20' });
const poolId = (name: string, year = '2019-20') => findPool(ctx, name, year);
/** Mental Health's budget in two lines, the CCG's health costs and the council's care costs. */
const splitMentalHealth = (id: number) =>
  importLines(ctx, {
    id,
    file: 'lines.tsv',
    rows: [
      ['Line', 'Name', 'Partner', 'Budget'],
      ['H', 'Health', 'CCG', '£2,982,556'],
      ['S', 'Care', 'Council', '£3,078,442'],
    ],
  });
const shares = (name: string, basis: 'outturn' | 'forecast' = 'outturn') => {
  const s = statementsFor(ctx, '2019-20', basis, poolId(name))[0]!;
  return Object.fromEntries(s.shares.map((x) => [x.partner, x.pence]));
};

describe('importing the published pools', () => {
  it('brings in the four pools with their ratios as the fixed-ratio method, contributions to the penny, and the source row', () => {
    const outcome = importFixture();
    expect(outcome.pools.map((p) => [p.name, p.ratio])).toEqual([
      ['Learning Disabilities and Autism', '23:77'],
      ["Children's Services", '14:41:45'],
      ['Community Equipment', '70:30'],
      ['Mental Health', '50:50'],
    ]);
    // Each pool's contributions add up to the Total Value printed in the fixture (read independently here).
    for (const row of tsvRows(published(POOLS_FILE)).slice(1)) {
      const pool = loadPool(ctx, poolId(row[0]!));
      expect(pool.contributions.reduce((n, c) => n + c.amountPence, 0)).toBe(printedPence(row[4]!));
      expect(pool.overspend).toEqual({ method: 'fixed-ratio' });
      expect(pool.underspend).toEqual({ method: 'fixed-ratio' });
      expect(pool.partners.map((p) => p.ratio).join(':')).toBe(row[5]);
    }
    const childrens = loadPool(ctx, poolId('Children'));
    expect(childrens.legalBasis).toBe('s10 Children Act 2004');
    expect(childrens.partners.map((p) => `${p.name} (${p.kind})`)).toEqual([
      'CCG (health)',
      'Council (social care)',
      'Education (education)',
    ]);
    expect(ctx.db.prepare('SELECT source_file, source_row FROM pool WHERE id = ?').get(childrens.id)).toEqual({
      source_file: POOLS_FILE,
      source_row: 3,
    });
    expect(listAudit(ctx, { entity: 'pool' }).filter((a) => a.action === 'import')).toHaveLength(4);
  });

  it('loads the same table from the copy shipped with the app', () => {
    expect(loadPublishedPools(ctx)).toMatchObject({
      file: POOLS_FILE,
      year: '2019-20',
      pools: expect.arrayContaining([expect.objectContaining({ name: 'Mental Health', ratio: '50:50' })]),
    });
    expect(listPools(ctx, '2019-20').pools).toHaveLength(4);
  });

  it('refuses a file with a bad cell whole, and writes nothing', () => {
    const before = fileHash(ctx.dbPath);
    const rows: Row[] = poolRows().map((r) => [...r]);
    (rows[2] as string[])[2] = '£1,185,912.5.0';
    const err = refusal(() => importPoolsTable(ctx, { file: POOLS_FILE, rows, year: '2019-20' }));
    expect(err.message).toBe(
      `${POOLS_FILE} row 3, column "Council SC Contribution" (C): "£1,185,912.5.0" is not an amount: it has more than one decimal point; nothing was imported.`,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
    expect(listPools(ctx, '2019-20').pools).toEqual([]);
  });

  it('refuses to import the same pools twice unless told to replace them', () => {
    importFixture();
    setOutturn(ctx, poolId('Mental'), 'outturn', undefined, 606_099_900);
    const before = fileHash(ctx.dbPath);
    expect(refusal(importFixture).code).toBe('conflict');
    expect(fileHash(ctx.dbPath)).toBe(before);
    const again = importPoolsTable(ctx, { file: POOLS_FILE, rows: poolRows(), year: '2019-20', replace: true });
    expect(again.replaced).toHaveLength(4);
    expect(loadPool(ctx, poolId('Mental')).outturnPence).toBeNull();
    expect(importPoolsTable(ctx, { file: POOLS_FILE, rows: poolRows(), year: '2020-21', dryRun: true }).dryRun).toBe(
      true,
    );
    expect(listPools(ctx, '2020-21').pools).toEqual([]);
  });
});

describe('the risk share on the published pools, with awkward pennies', () => {
  beforeEach(() => void importFixture());

  it("fixed ratio: Children's Services 14:41:45 overspent by £101.01", () => {
    // 10,101p: 1,414.14 / 4,141.41 / 4,545.45 -> 1,414 / 4,141 / 4,545 + 1p to Education (largest remainder .45).
    setOutturn(ctx, poolId('Children'), 'outturn', undefined, 287_610_800 + 10_101);
    expect(shares('Children')).toEqual({ CCG: 1_414, Council: 4_141, Education: 4_546 });
  });

  it('fixed ratio: Learning Disabilities 23:77 underspent by £0.07', () => {
    // -7p: 23% = -1.61, 77% = -5.39 -> -1 / -5, 1p left to the larger remainder (.61, CCG): -2 / -5.
    setOutturn(ctx, poolId('Learning'), 'outturn', undefined, 3_164_260_400 - 7);
    expect(shares('Learning')).toEqual({ CCG: -2, Council: -5 });
  });

  it('pro rata: Community Equipment, where other income takes no share', () => {
    // Contributions CCG 47,301,100 and Council 20,271,900 are 70:30 of 67,573,000; the £135,000 grant is nobody's.
    // Variance 13p: 9.1 / 3.9 -> 9 / 3, 1p to Council (.9): 9 / 4.
    setMethods(ctx, poolId('Community'), { overspend: { method: 'pro-rata' } });
    setOutturn(ctx, poolId('Community'), 'outturn', undefined, 81_073_000 + 13);
    expect(shares('Community')).toEqual({ CCG: 9, Council: 4 });
  });

  it("threshold: Mental Health overspent past 10%, with line detail, splits the part above by each partner's own overspend", () => {
    const id = poolId('Mental');
    setMethods(ctx, id, { overspend: { method: 'threshold', thresholdPercent: '10' } });
    importLines(ctx, {
      id,
      file: 'lines.tsv',
      rows: [
        ['Line', 'Name', 'Partner', 'Budget'],
        ['H', 'Health costs', 'health', '£2,982,556'],
        ['S', 'Social care costs', 'social care', '£3,078,442'],
      ],
    });
    // Budget 606,099,800; threshold 60,609,980. Health +50,000,001, social care +30,000,000: variance 80,000,001.
    // Up to the threshold: 60,609,980 by 50:50 = 30,304,990 each.
    // Beyond: 19,390,021 by 50,000,001 : 30,000,000 (of 80,000,001):
    //   CCG     19,390,021 x 50,000,001 / 80,000,001 = 12,118,763.2158…  -> 12,118,763
    //   Council 19,390,021 x 30,000,000 / 80,000,001 =  7,271,257.7841…  ->  7,271,257; 1p left to Council (.7841): 7,271,258
    // Shares: CCG 30,304,990 + 12,118,763 = 42,423,753; Council 30,304,990 + 7,271,258 = 37,576,248 (sum 80,000,001).
    importOutturn(ctx, {
      id,
      basis: 'outturn',
      file: 'ledger.csv',
      rows: [
        ['Line', 'Outturn'],
        ['H', '£3,482,556.01'],
        ['S', '£3,378,442'],
      ],
    });
    expect(shares('Mental')).toEqual({ CCG: 42_423_753, Council: 37_576_248 });
    const s = statementsFor(ctx, '2019-20', 'outturn', id)[0]!;
    expect(s.fallbacks).toEqual([]);
    expect(s.steps.find((x) => x.label === 'Beyond the threshold')!.figures).toEqual([
      { label: 'Up to the threshold', pence: 60_609_980 },
      { label: 'Beyond the threshold', pence: 19_390_021 },
    ]);
  });

  it('cap and contingency first on a pool given lines and parameters', () => {
    const id = poolId('Learning');
    importLines(ctx, {
      id,
      file: 'lines.tsv',
      rows: [
        ['Line', 'Name', 'Partner', 'Budget', 'Contingency'],
        ['P', 'Placements', 'Council', '£31,542,604', ''],
        ['C', 'Risk contingency', '', '£100,000', 'Yes'],
      ],
    });
    setMethods(ctx, id, { overspend: { method: 'contingency-first', contingencyLine: 'c', then: 'fixed-ratio' } });
    expect(loadPool(ctx, id).overspend).toEqual({
      method: 'contingency-first',
      contingencyLine: 'C',
      then: 'fixed-ratio',
    });
    // Placements £200,000.03 over; the £100,000 contingency unspent absorbs £100,000; £100,000.03 left by 23:77:
    // 10,000,003 x 23% = 2,300,000.69 -> 2,300,000; x 77% = 7,700,002.31 -> 7,700,002; 1p to CCG (.69): 2,300,001.
    setOutturn(ctx, id, 'outturn', loadPool(ctx, id).lines[0]!.id, 3_154_260_400 + 20_000_003);
    setOutturn(ctx, id, 'outturn', loadPool(ctx, id).lines[1]!.id, 0);
    expect(shares('Learning')).toEqual({ CCG: 2_300_001, Council: 7_700_002 });

    // Cap the Council at £50,000 of that: 7,700,002 -> 5,000,000, and 2,700,002 passes to CCG.
    setMethods(ctx, id, {
      overspend: { method: 'cap', caps: [{ partner: 'council', cap: { kind: 'amount', pence: 5_000_000 } }] },
    });
    expect(shares('Learning')).toEqual({ CCG: 5_000_003, Council: 5_000_000 });
  });

  it('own risk without line detail says so and falls back to the ratio', () => {
    const id = poolId('Mental');
    setMethods(ctx, id, { underspend: { method: 'own-risk' } });
    setOutturn(ctx, id, 'forecast', undefined, 606_099_800 - 3);
    const s = statementsFor(ctx, '2019-20', 'forecast', id)[0]!;
    expect(s.fallbacks[0]).toMatch(/only a pool-level outturn/);
    expect(shares('Mental', 'forecast')).toEqual({ CCG: -2, Council: -1 }); // -1.5 each, tie to CCG
  });
});

describe('changing methods, outturns and lines', () => {
  beforeEach(() => void importFixture());

  it('refuses what cannot work, and changes nothing', () => {
    const id = poolId('Mental');
    const before = fileHash(ctx.dbPath);
    expect(
      refusal(() =>
        setMethods(ctx, id, { underspend: { method: 'contingency-first', contingencyLine: 'X', then: 'fixed-ratio' } }),
      ).message,
    ).toMatch(/absorbs an overspend/);
    expect(
      refusal(() =>
        setMethods(ctx, id, { overspend: { method: 'contingency-first', contingencyLine: 'X', then: 'fixed-ratio' } }),
      ).message,
    ).toBe('Mental Health has no budget lines, so no contingency line X; add the lines first.');
    expect(
      refusal(() =>
        setMethods(ctx, id, {
          overspend: { method: 'cap', caps: [{ partner: 'Education', cap: { kind: 'percent', percent: '5' } }] },
        }),
      ).message,
    ).toMatch(/Education is not a partner in this pool/);
    expect(refusal(() => setMethods(ctx, id, { ratio: ['14', '41', '45'] })).message).toBe(
      'The ratio has 3 parts but Mental Health has 2 partners (CCG:Council).',
    );
    expect(refusal(() => setOutturn(ctx, id, 'outturn', 999, 1)).code).toBe('not_found');
    expect(fileHash(ctx.dbPath)).toBe(before);
  });

  it('audits every change with old and new values', () => {
    const id = poolId('Mental');
    setMethods(
      ctx,
      id,
      { ratio: ['60', '40'], overspend: { method: 'threshold', thresholdPercent: '10' } },
      'material change',
    );
    setOutturn(ctx, id, 'outturn', undefined, 606_099_900);
    setOutturn(ctx, id, 'outturn', undefined, 606_100_000);
    const trail = listAudit(ctx, { entity: 'pool', entityId: id })
      .reverse()
      .filter((a) => a.action === 'update');
    expect(trail.map((a) => [a.field, a.oldValue, a.newValue, a.reason])).toEqual([
      ['ratio', '50:50', '60:40', 'material change'],
      [
        'overspendMethod',
        '{"method":"fixed-ratio"}',
        '{"method":"threshold","thresholdPercent":"10"}',
        'material change',
      ],
      ['outturnPence', null, '606099900', null],
      ['outturnPence', '606099900', '606100000', null],
    ]);
  });

  it('refuses a pool-level amount once a pool has lines, and a line amount when it has none', () => {
    const id = poolId('Mental');
    expect(refusal(() => setOutturn(ctx, id, 'outturn', 1, 5)).message).toMatch(/no budget line 1/);
    importLines(ctx, {
      id,
      file: 'lines.tsv',
      rows: [
        ['Line', 'Name', 'Budget'],
        ['A', 'All', '£6,060,998'],
      ],
    });
    expect(refusal(() => setOutturn(ctx, id, 'outturn', undefined, 5)).message).toBe(
      'Mental Health has budget lines (A): give the outturn of a line, or import a ledger extract.',
    );
  });

  it('saves a form of line figures in one transaction, or none of it', () => {
    const id = poolId('Mental');
    splitMentalHealth(id);
    const [h, s] = loadPool(ctx, id).lines;
    const before = fileHash(ctx.dbPath);
    expect(
      refusal(() =>
        setLineFigures(ctx, id, 'forecast', [
          { lineId: h!.id, amountPence: 1 },
          { lineId: 99_999, amountPence: 2 },
        ]),
      ).code,
    ).toBe('not_found');
    expect(fileHash(ctx.dbPath)).toBe(before);
    setLineFigures(ctx, id, 'forecast', [
      { lineId: h!.id, amountPence: 300_000_000 },
      { lineId: s!.id, amountPence: null },
    ]);
    expect(loadPool(ctx, id).lines.map((l) => l.forecastPence)).toEqual([300_000_000, null]);
    expect(listAudit(ctx, { entity: 'pool_budget_line', entityId: h!.id }).map((a) => [a.field, a.newValue])).toEqual([
      ['forecastPence', '300000000'],
    ]);
    expect(statementsFor(ctx, '2019-20', 'forecast', id)[0]).toMatchObject({
      variance: 300_000_000 - 298_255_600,
      complete: false,
    });
  });

  it('previews a ledger extract without writing, then commits it whole; a bad extract changes nothing', () => {
    const id = poolId('Mental');
    splitMentalHealth(id);
    const rows = [
      ['Cost Centre', 'Period', 'Actual'],
      ['H', 'M01', '£1,000,000'],
      ['H', 'M12', '£2,000,000'],
      ['S', 'M12', '£3,000,000'],
    ];
    const before = fileHash(ctx.dbPath);
    const preview = importOutturn(ctx, { id, basis: 'outturn', file: 'ledger.csv', rows, dryRun: true });
    expect(preview.changes.map((c) => [c.code, c.oldPence, c.newPence, c.rows])).toEqual([
      ['H', null, 300_000_000, [2, 3]],
      ['S', null, 300_000_000, [4]],
    ]);
    expect(fileHash(ctx.dbPath)).toBe(before);
    const bad = [...rows, ['X', 'M12', '£1']];
    expect(refusal(() => importOutturn(ctx, { id, basis: 'outturn', file: 'ledger.csv', rows: bad })).message).toMatch(
      /^ledger.csv row 5, column "Cost Centre" \(A\): "X" is not a budget line/,
    );
    expect(fileHash(ctx.dbPath)).toBe(before);
    importOutturn(ctx, { id, basis: 'outturn', file: 'ledger.csv', rows });
    expect(loadPool(ctx, id).lines.map((l) => l.outturnPence)).toEqual([300_000_000, 300_000_000]);
    expect(statementsFor(ctx, '2019-20', 'outturn', id)[0]).toMatchObject({ variance: -6_099_800, complete: true });
  });
});

describe('copying forward, the trend and agreeing the statement', () => {
  beforeEach(() => void importFixture());

  it("copies a year's pools forward without outturns, and shows each partner's share year by year", () => {
    const id = poolId('Mental');
    setOutturn(ctx, id, 'outturn', undefined, 606_099_800 + 1_000);
    expect(copyForward(ctx, '2019-20')).toEqual({
      year: '2020-21',
      copied: ['Learning Disabilities and Autism', "Children's Services", 'Community Equipment', 'Mental Health'],
    });
    const next = loadPool(ctx, poolId('Mental', '2020-21'));
    expect(next).toMatchObject({ outturnPence: null, agreements: [], overspend: { method: 'fixed-ratio' } });
    expect(next.contributions.map((c) => c.amountPence)).toEqual([298_255_600, 307_844_200]);
    expect(refusal(() => copyForward(ctx, '2019-20', id)).code).toBe('conflict');
    setOutturn(ctx, next.id, 'forecast', undefined, 606_099_800 - 2_000);
    expect(poolTrend(ctx, 'mental health')).toEqual([
      {
        name: 'Mental Health',
        points: [
          {
            year: '2019-20',
            basis: 'outturn',
            variance: 1_000,
            shares: [
              { partner: 'CCG', pence: 500 },
              { partner: 'Council', pence: 500 },
            ],
          },
          {
            year: '2020-21',
            basis: 'forecast',
            variance: -2_000,
            shares: [
              { partner: 'CCG', pence: -1_000 },
              { partner: 'Council', pence: -1_000 },
            ],
          },
        ],
      },
    ]);
  });

  it('records who agreed the statement and when, refuses to agree one without an outturn, and shows when figures change', () => {
    const id = poolId('Children');
    const before = fileHash(ctx.dbPath);
    expect(
      refusal(() =>
        agreeStatement(ctx, { id, partner: 'CCG', agreedBy: 'A. Finance', role: 'CFO', agreedOn: '2020-05-14' }),
      ).message,
    ).toBe("The Children's Services statement cannot be agreed yet: No outturn is recorded for this pool yet.");
    expect(fileHash(ctx.dbPath)).toBe(before);
    setOutturn(ctx, id, 'outturn', undefined, 287_610_800 + 10_101);
    expect(
      refusal(() => agreeStatement(ctx, { id, partner: 'ICB', agreedBy: 'A', role: '', agreedOn: '2020-05-14' }))
        .message,
    ).toMatch(/ICB is not a partner/);
    expect(
      refusal(() => agreeStatement(ctx, { id, partner: 'CCG', agreedBy: 'A', role: '', agreedOn: '2020-02-30' }))
        .message,
    ).toMatch(/not a date/);
    expect(
      refusal(() => agreeStatement(ctx, { id, partner: 'CCG', agreedBy: 'A', role: '', agreedOn: '2099-01-01' }))
        .message,
    ).toMatch(/in the future/);
    expect(
      refusal(() => agreeStatement(ctx, { id, partner: 'CCG', agreedBy: 'A', role: '', agreedOn: '2999-01-01' }))
        .message,
    ).toBe('"2999-01-01" is outside the years this app handles (2000 to 2099).');
    const a = agreeStatement(ctx, {
      id,
      partner: 'ccg',
      agreedBy: 'A. Finance',
      role: 'Chief Finance Officer',
      agreedOn: '2020-05-14',
    });
    expect(a).toMatchObject({
      partner: 'CCG',
      recordedBy: 'tester',
      figures: {
        variance: 10_101,
        shares: [
          { partner: 'CCG', pence: 1_414 },
          { partner: 'Council', pence: 4_141 },
          { partner: 'Education', pence: 4_546 },
        ],
      },
    });
    agreeStatement(ctx, {
      id,
      partner: 'Council',
      agreedBy: 'B. Treasurer',
      role: 's151 officer',
      agreedOn: '2020-05-15',
    });
    expect(
      statementsFor(ctx, '2019-20', 'outturn', id)[0]!.agreements.map((x) => [
        x.partner,
        x.agreedBy,
        x.agreedOn,
        x.current,
      ]),
    ).toEqual([
      ['CCG', 'A. Finance', '2020-05-14', true],
      ['Council', 'B. Treasurer', '2020-05-15', true],
    ]);
    expect(listAudit(ctx, { entity: 'pool', entityId: id }).filter((x) => x.action === 'agree')).toHaveLength(2);
    setOutturn(ctx, id, 'outturn', undefined, 287_610_800 + 10_102);
    expect(statementsFor(ctx, '2019-20', 'outturn', id)[0]!.agreements.every((x) => !x.current)).toBe(true);
  });
});

describe('editing a pool by hand', () => {
  it('sets the host and legal basis, and adds, changes and deletes lines and contributions, each audited', () => {
    importFixture();
    const id = poolId('Community');
    expect(updatePool(ctx, id, { host: 'council' }, 'hosted by the council').partners.map((p) => p.isHost)).toEqual([
      false,
      true,
    ]);
    expect(refusal(() => updatePool(ctx, id, { host: 'Education' })).message).toMatch(
      /Education is not a partner in this pool/,
    );
    updatePool(ctx, id, { legalBasis: 'other', host: null });
    expect(
      listAudit(ctx, { entity: 'pool', entityId: id })
        .filter((a) => a.action === 'update')
        .map((a) => [a.field, a.oldValue, a.newValue])
        .reverse(),
    ).toEqual([
      ['host', null, 'Council'],
      ['legalBasis', 's75 NHS Act 2006', 'other'],
      ['host', 'Council', null],
    ]);

    let pool = saveLine(ctx, {
      poolId: id,
      code: 'EQ',
      name: 'Equipment',
      partner: 'health',
      contingency: false,
      budgetPence: 1,
    });
    expect(
      refusal(() =>
        saveLine(ctx, { poolId: id, code: 'eq', name: 'Again', partner: null, contingency: false, budgetPence: 1 }),
      ).code,
    ).toBe('conflict');
    pool = saveLine(ctx, {
      poolId: id,
      id: pool.lines[0]!.id,
      code: 'EQ',
      name: 'Equipment',
      partner: 'CCG',
      contingency: false,
      budgetPence: 81_073_000,
    });
    expect(pool.lines).toMatchObject([{ code: 'EQ', partner: 'CCG', budgetPence: 81_073_000 }]);
    expect(listAudit(ctx, { entity: 'pool_budget_line', entityId: pool.lines[0]!.id }).map((a) => a.field)).toEqual([
      'budgetPence',
      null,
    ]);
    expect(deleteLine(ctx, pool.lines[0]!.id).lines).toEqual([]);

    const grant = loadPool(ctx, id).contributions.find((c) => c.partner === null)!;
    expect(grant).toMatchObject({ label: 'Contributions and other grant funding', amountPence: 13_500_000 });
    pool = saveContribution(ctx, { poolId: id, id: grant.id, partner: null, label: 'DFG', amountPence: 13_500_000 });
    expect(pool.contributions.map((c) => c.label)).toContain('DFG');
    expect(deleteContribution(ctx, grant.id).contributions).toHaveLength(2);
    expect(refusal(() => deleteContribution(ctx, grant.id)).code).toBe('not_found');
  });
});

describe('renaming a partner', () => {
  const quiet = { error: () => undefined };

  it('renames the CCG the ICB: contributions, host, caps and shares follow; the agreement given as CCG is to be given again', async () => {
    importFixture();
    const id = poolId('Learning');
    updatePool(ctx, id, { host: 'CCG' });
    setMethods(ctx, id, {
      overspend: { method: 'cap', caps: [{ partner: 'CCG', cap: { kind: 'amount', pence: 1_000 } }] },
    });
    setOutturn(ctx, id, 'outturn', undefined, statementsFor(ctx, '2019-20', 'outturn', id)[0]!.budget + 10_001);
    const before = shares('Learning');
    agreeStatement(ctx, { id, partner: 'CCG', agreedBy: 'A. Finance', role: 'CFO', agreedOn: '2020-05-14' });
    const ccg = loadPool(ctx, id).partners[0]!;

    const renamed = await dispatch(
      ctx,
      'pool.changePartner',
      { id: ccg.id, name: ' ICB ', kind: 'health', reason: 'CCGs became ICBs on 1 July 2022' },
      quiet,
    );
    expect(renamed).toMatchObject({
      ok: true,
      value: { partners: [{ name: 'ICB', isHost: true }, { name: 'Council' }] },
    });
    const pool = loadPool(ctx, id);
    expect(pool.contributions.map((c) => c.partner)).toEqual(expect.arrayContaining(['ICB', 'Council']));
    expect(pool.contributions.map((c) => c.partner)).not.toContain('CCG');
    expect(pool.overspend).toEqual({
      method: 'cap',
      caps: [{ partner: 'ICB', cap: { kind: 'amount', pence: 1_000 } }],
    });
    expect(shares('Learning')).toEqual({ ICB: before.CCG, Council: before.Council });
    expect(statementsFor(ctx, '2019-20', 'outturn', id)[0]!.agreements.map((a) => [a.partner, a.current])).toEqual([
      ['CCG', false],
    ]);
    expect(
      listAudit(ctx, { entity: 'pool', entityId: id })
        .filter((a) => a.field === 'partnerName')
        .map((a) => [a.oldValue, a.newValue, a.reason]),
    ).toEqual([['CCG', 'ICB', 'CCGs became ICBs on 1 July 2022']]);

    expect(await dispatch(ctx, 'pool.changePartner', { id: ccg.id, name: 'ICB', kind: 'other' }, quiet)).toMatchObject({
      ok: true,
    });
    expect(loadPool(ctx, id).partners[0]).toMatchObject({ name: 'ICB', kind: 'other' });
  });

  it('refuses a name another partner has, an unsafe or empty one, an unknown kind or partner, and changes nothing', async () => {
    importFixture();
    const id = poolId('Learning');
    const [ccg] = loadPool(ctx, id).partners;
    const before = fileHash(ctx.dbPath);
    expect(
      await dispatch(ctx, 'pool.changePartner', { id: ccg!.id, name: 'council', kind: 'health' }, quiet),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        field: 'name',
        message: 'Learning Disabilities and Autism already has a partner called "Council"; each partner once.',
      },
    });
    expect(
      await dispatch(ctx, 'pool.changePartner', { id: ccg!.id, name: 'IC\u202eB', kind: 'health' }, quiet),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'name' } });
    expect(await dispatch(ctx, 'pool.changePartner', { id: ccg!.id, name: '  ', kind: 'health' }, quiet)).toMatchObject(
      { ok: false, error: { code: 'invalid_request', field: 'name' } },
    );
    expect(await dispatch(ctx, 'pool.changePartner', { id: ccg!.id, name: 'ICB', kind: 'NHS' }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'kind' },
    });
    expect(await dispatch(ctx, 'pool.changePartner', { id: 9_999, name: 'ICB', kind: 'health' }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // The service says the same to the CLI, which does not pass through the schema.
    expect(refusal(() => changePartner(ctx, { id: ccg!.id, name: 'IC\u0007B', kind: 'health' })).message).toMatch(
      /invisible control character/,
    );
    expect(
      refusal(() => changePartner(ctx, { id: ccg!.id, name: 'ICB', kind: 'health' }, 'x'.repeat(1001))).message,
    ).toMatch(/^The reason is more than 1,000 characters/);
    expect(fileHash(ctx.dbPath)).toBe(before);
  });
});

describe('deleting a pool', () => {
  it('removes its partners, contributions, lines and agreements with it, and is audited', () => {
    importFixture();
    const id = poolId('Mental');
    splitMentalHealth(id);
    setLineFigures(
      ctx,
      id,
      'outturn',
      loadPool(ctx, id).lines.map((l) => ({ lineId: l.id, amountPence: l.budgetPence + 1 })),
    );
    agreeStatement(ctx, { id, partner: 'CCG', agreedBy: 'A', role: '', agreedOn: '2020-05-14' });
    deletePool(ctx, id, 'set up in error');
    for (const table of ['pool_partner', 'pool_contribution', 'pool_budget_line', 'pool_agreement']) {
      expect(ctx.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE pool_id = ?`).get(id), table).toEqual({ n: 0 });
    }
    expect(listAudit(ctx, { entity: 'pool', entityId: id })[0]).toMatchObject({
      action: 'delete',
      reason: 'set up in error',
    });
  });
});

describe('money between pools', () => {
  it('links the BCF "Protection of Social Care" line to a pool contribution and counts it once', () => {
    importPlanTable(ctx, {
      file: 'plan.tsv',
      rows: readTable('plan.tsv', fs.readFileSync(published('plan-2019-20-schemes.tsv'))),
      year: '2019-20',
      mode: 'refuse',
    });
    importFixture();
    const protection = getPlanView(ctx, '2019-20').lines.find(
      (l) => l.schemeId === '8' && l.sourceOfFunding === 'Grant',
    )!; // £970,000
    const mh = poolId('Mental');
    // Split the Council's £3,078,442 into £970,000 from the BCF line and the rest.
    const council = loadPool(ctx, mh).contributions.find((c) => c.partner === 'Council')!;
    saveContribution(ctx, {
      poolId: mh,
      id: council.id,
      partner: 'Council',
      label: 'Council SC Contribution (own funds)',
      amountPence: 307_844_200 - 97_000_000,
    });
    const fromBcf = saveContribution(ctx, {
      poolId: mh,
      partner: 'Council',
      label: 'Council SC Contribution (BCF Protection of Social Care)',
      amountPence: 97_000_000,
    }).contributions.at(-1)!;
    linkContribution(ctx, fromBcf.id, protection.id);
    const c = consolidated(ctx, '2019-20');
    expect(c.bcfPlanPence).toBe(7_134_216_100);
    expect(c.poolsPence).toBe(3_164_260_400 + 287_610_800 + 81_073_000 + 606_099_800);
    expect(c.countedTwicePence).toBe(97_000_000);
    expect(c.countedOncePence).toBe(c.bcfPlanPence + c.poolsPence - 97_000_000);
    expect(c.flows.map((f) => [f.from.schemeName, f.from.sourceOfFunding, f.to.pool, f.to.label, f.pence])).toEqual([
      [
        'Protection of Social Care',
        'Grant',
        'Mental Health',
        'Council SC Contribution (BCF Protection of Social Care)',
        97_000_000,
      ],
    ]);
    // The pool's budget and the Council's contribution are unchanged by the split.
    expect(
      statementsFor(ctx, '2019-20', 'outturn', mh)[0]!.partners.find((p) => p.name === 'Council')!.contributionPence,
    ).toBe(307_844_200);
    expect(refusal(() => linkContribution(ctx, fromBcf.id, 99_999)).code).toBe('not_found');
  });

  it("reads a 2023-25 plan's second-year column for a 2024-25 pool, and links its lines", () => {
    // One line of a two-year plan: £1,000,000 in 2023-24, £1,500,000 in 2024-25.
    createLine(ctx, '2023-24', {
      ...EMPTY_LINE,
      schemeId: '8',
      schemeName: 'Protection of Social Care',
      sourceOfFunding: 'Minimum NHS Contribution',
      expenditurePence: 100_000_000,
      expenditureYear2Pence: 150_000_000,
    });
    const line = getPlanView(ctx, '2024-25').lines[0]!;
    const pool = (year: string) =>
      createPool(ctx, {
        year,
        name: 'Mental Health',
        legalBasis: 's75 NHS Act 2006',
        host: null,
        partners: [
          { name: 'ICB', kind: 'health', ratio: '50' },
          { name: 'Council', kind: 'social care', ratio: '50' },
        ],
        contributions: [
          { partner: 'Council', label: 'from the BCF', amountPence: 150_000_000 },
          { partner: 'ICB', label: 'own funds', amountPence: 50_000_000 },
        ],
      });
    const second = pool('2024-25');
    // The pool screen offers the line at its 2024-25 figure, and linking it is accepted.
    expect(poolDetail(ctx, second.id).bcfLines.map((l) => [l.schemeName, l.expenditurePence])).toEqual([
      ['Protection of Social Care', 150_000_000],
    ]);
    linkContribution(ctx, second.contributions[0]!.id, line.id);
    const c = consolidated(ctx, '2024-25');
    expect(c.bcfPlanPence).toBe(150_000_000);
    expect(c.countedTwicePence).toBe(150_000_000);
    expect(c.countedOncePence).toBe(200_000_000);
    expect(c.warnings).toEqual([]);
    // The first year still reads the first column.
    expect(consolidated(ctx, '2023-24').bcfPlanPence).toBe(100_000_000);
    // A pool of a year the plan does not cover cannot take its line.
    const later = pool('2025-26');
    const refused = refusal(() => linkContribution(ctx, later.contributions[0]!.id, line.id));
    expect(refused.code).toBe('invalid_request');
    expect(refused.message).toBe(
      `BCF line ${line.id} is in the plan for 2023-24 and 2024-25; Mental Health is a 2025-26 pool.`,
    );
    expect(loadPool(ctx, later.id).contributions[0]!.schemeLineId).toBeNull();
  });
});

describe('pools through the one API', () => {
  it('builds the xlsx and PDF statements asynchronously and answers with base64', async () => {
    importFixture();
    const xlsx = await dispatch(
      ctx,
      'pool.exportXlsx',
      { year: '2019-20', basis: 'outturn' },
      { error: () => undefined },
    );
    expect(xlsx).toMatchObject({
      ok: true,
      value: { fileName: 'Bath and North East Somerset pooled budgets 2019-20 outturn.xlsx' },
    });
    expect(
      Buffer.from((xlsx as { value: { base64: string } }).value.base64, 'base64')
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const pdf = await dispatch(
      ctx,
      'pool.exportPdf',
      { year: '2019-20', basis: 'outturn', poolId: 2 },
      { error: () => undefined },
    );
    expect(
      Buffer.from((pdf as { value: { base64: string } }).value.base64, 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(
      await dispatch(ctx, 'pool.exportPdf', { year: '2031-32', basis: 'outturn' }, { error: () => undefined }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('checks requests against the contract', async () => {
    importFixture();
    expect(
      await dispatch(ctx, 'pool.setOutturn', { id: 1, basis: 'outturn', amountPence: 1.5 }, { error: () => undefined }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'amountPence' } });
    expect(
      await dispatch(
        ctx,
        'pool.setMethods',
        { id: 1, overspend: { method: 'threshold', thresholdPercent: '150' } },
        { error: () => undefined },
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(
      await dispatch(
        ctx,
        'pool.agree',
        { id: 1, partner: 'CCG', agreedBy: 'A', role: '', agreedOn: '14/05/2020' },
        { error: () => undefined },
      ),
    ).toMatchObject({ ok: false, error: { field: 'agreedOn' } });
    expect(
      await dispatch(
        ctx,
        'pool.create',
        {
          year: '2019-20',
          name: 'Solo',
          legalBasis: 's75 NHS Act 2006',
          partners: [{ name: 'A', kind: 'health', ratio: '1' }],
          host: null,
        },
        { error: () => undefined },
      ),
    ).toMatchObject({ ok: false, error: { message: 'partners: A pool has two or more partners' } });
    const created = await dispatch(
      ctx,
      'pool.create',
      {
        year: '2019-20',
        name: 'Carers',
        legalBasis: 's75 NHS Act 2006',
        partners: [
          { name: 'ICB', kind: 'health', ratio: null },
          { name: 'Council', kind: 'social care', ratio: null },
        ],
        host: 'Council',
      },
      { error: () => undefined },
    );
    expect(created).toMatchObject({
      ok: true,
      value: { name: 'Carers', overspend: { method: 'pro-rata' }, partners: [{ isHost: false }, { isHost: true }] },
    });
  });
});

describe('the pools migration', () => {
  it('upgrades a foundation-only database that holds a plan, keeping the plan and backing it up first', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sqlite');
    const raw = new Database(file);
    migrate(
      raw,
      file,
      path.join(dir, 'backups'),
      MIGRATIONS.filter((m) => m.version === 1),
    );
    raw.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2020-01-01')").run();
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare('SELECT name FROM area').all()).toEqual([{ name: 'Testshire' }]);
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'pool%' AND type = 'table'").get(),
    ).toEqual({ n: 5 });
    expect(() =>
      db
        .prepare("INSERT INTO pool_contribution (pool_id, position, label, amount_pence) VALUES (1, 1, 'x', 1.5)")
        .run(),
    ).toThrow();
    db.close();
    expect(fs.readdirSync(path.join(dir, 'backups'))).toHaveLength(1);
  });
});

describe('creating a pool by hand', () => {
  it('needs a ratio before a ratio method, and refuses a host who is not a partner', () => {
    expect(
      refusal(() =>
        createPool(ctx, {
          year: '2019-20',
          name: 'X',
          legalBasis: 'other',
          partners: [
            { name: 'A', kind: 'health', ratio: '1' },
            { name: 'B', kind: 'other', ratio: '1' },
          ],
          host: 'C',
        }),
      ).message,
    ).toBe('The host C is not one of the partners.');
    const p = createPool(ctx, {
      year: '2019-20',
      name: 'X',
      legalBasis: 'other',
      partners: [
        { name: 'A', kind: 'health', ratio: null },
        { name: 'B', kind: 'other', ratio: null },
      ],
      host: null,
    });
    expect(refusal(() => setMethods(ctx, p.id, { overspend: { method: 'fixed-ratio' } })).message).toMatch(
      /has none; give one/,
    );
    setMethods(ctx, p.id, { overspend: { method: 'fixed-ratio' }, ratio: ['1', '3'] });
    expect(loadPool(ctx, p.id).partners.map((x) => x.ratio)).toEqual(['1', '3']);
  });
});
