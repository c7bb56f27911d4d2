import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { published } from '../helpers/fixtures';

const POOLS = published('pooled-budgets-2019-20.tsv');
const PLAN = published('plan-2019-20-schemes.tsv');

interface JsonPool {
  name: string;
  budget: number;
  outturn: number | null;
  variance: number | null;
  method: string;
  steps: { label: string; formula: string; figures: { label: string; pence: number }[] }[];
  shares: { partner: string; pence: number }[];
}

describe('bcf pool, as a new user runs it', () => {
  let dir: string;
  let db: string;
  const run = (...args: string[]) => bcf(['--db', db, ...args]);
  const statement = (...args: string[]): JsonPool[] => {
    const r = run('pool', 'statement', ...args, '--year', '2019-20', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    return (JSON.parse(r.stdout) as { pools: JsonPool[] }).pools;
  };

  beforeAll(() => {
    dir = tempDir();
    db = path.join(dir, 'area.sqlite');
    expect(run('init', '--area', 'Bath and North East Somerset').code).toBe(0);
    expect(run('import', 'plan', PLAN, '--year', '2019-20').code).toBe(0);
  });

  it('imports the four published pools with their ratios, checking each Total Value', () => {
    const r = run('pool', 'import', POOLS, '--year', '2019-20');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'pooled-budgets-2019-20.tsv: imported 4 pools into 2019-20.',
        '  Learning Disabilities and Autism: ratio 23:77, contributions £31,642,604.00; Total Value £31,642,604.00 agrees',
        "  Children's Services: ratio 14:41:45, contributions £2,876,108.00; Total Value £2,876,108.00 agrees",
        '  Community Equipment: ratio 70:30, contributions £810,730.00; Total Value £810,730.00 agrees',
        '  Mental Health: ratio 50:50, contributions £6,060,998.00; Total Value £6,060,998.00 agrees',
        '',
      ].join('\n'),
    );
    const again = run('pool', 'import', POOLS, '--year', '2019-20');
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^bcf: 2019-20 already has .*; run again with --replace to replace them\.\n$/),
    });
  });

  it('shows every pool in the statement JSON, with no shares until there is an outturn', () => {
    const pools = statement();
    expect(pools.map((p) => [p.name, p.budget, p.outturn, p.variance, p.shares])).toEqual([
      ['Learning Disabilities and Autism', 3_164_260_400, null, null, []],
      ["Children's Services", 287_610_800, null, null, []],
      ['Community Equipment', 81_073_000, null, null, []],
      ['Mental Health', 606_099_800, null, null, []],
    ]);
  });

  it('records pool-level outturns and shares them to the penny, in integer pence, summing to the variance', () => {
    expect(run('pool', 'outturn', 'Children', '--year', '2019-20', '--amount', '£2,876,209.01')).toMatchObject({
      code: 0,
      stdout:
        "Children's Services 2019-20: outturn £2,876,209.01 against a budget of £2,876,108.00, a variance of £101.01. Shares: CCG £14.14, Council £41.41, Education £45.46.\n",
    });
    expect(
      run('pool', 'outturn', 'learning disabilities', '--year', '2019-20', '--amount', '£31,642,603.93').code,
    ).toBe(0);
    const pools = statement();
    const childrens = pools.find((p) => p.name === "Children's Services")!;
    expect(childrens).toMatchObject({ outturn: 287_620_901, variance: 10_101, method: 'fixed-ratio' });
    expect(childrens.shares).toEqual([
      { partner: 'CCG', pence: 1_414 },
      { partner: 'Council', pence: 4_141 },
      { partner: 'Education', pence: 4_546 },
    ]);
    // An underspend: variance and shares negative. -7p by 23:77: -1.61 / -5.39 -> -2 / -5.
    expect(pools.find((p) => p.name === 'Learning Disabilities and Autism')!.shares).toEqual([
      { partner: 'CCG', pence: -2 },
      { partner: 'Council', pence: -5 },
    ]);
    for (const p of pools.filter((x) => x.variance !== null)) {
      expect(p.variance).toBe(p.outturn! - p.budget);
      expect(p.shares.reduce((n, s) => n + s.pence, 0)).toBe(p.variance);
      for (const s of p.shares) expect(Number.isInteger(s.pence)).toBe(true);
      for (const step of p.steps) {
        expect(step).toEqual({ label: expect.any(String), formula: expect.any(String), figures: expect.any(Array) });
        for (const f of step.figures) expect(Number.isInteger(f.pence)).toBe(true);
      }
    }
  });

  it('applies the Mental Health threshold rule with lines from a file and a ledger extract, previewed first', () => {
    expect(
      run('pool', 'set-method', 'Mental', '--year', '2019-20', '--overspend', 'threshold', '--threshold', '10%'),
    ).toMatchObject({ code: 0, stdout: expect.stringContaining('Overspend: threshold 10% of budget') });
    const lines = path.join(dir, 'mh-lines.csv');
    fs.writeFileSync(
      lines,
      'Line,Name,Partner,Budget\nH,Health costs,health,"£2,982,556"\nS,Social care costs,social care,"£3,078,442"\n',
    );
    expect(run('pool', 'lines', 'Mental', '--year', '2019-20', '--import', lines).code).toBe(0);
    const ledger = path.join(dir, 'ledger.tsv');
    fs.writeFileSync(
      ledger,
      'Cost centre\tNarrative\tActual\nH\tApril to September\t£1,741,278.00\nH\tOctober to March\t£1,741,278.01\nS\tYear\t£3,378,442.00\n',
    );
    const before = fileHash(db);
    const preview = run('pool', 'outturn', 'Mental', '--year', '2019-20', '--import', ledger, '--dry-run');
    expect(preview.stdout).toContain(
      'ledger.tsv: would record the outturn of 2 lines of Mental Health from the "Actual" column.',
    );
    expect(preview.stdout).toContain('  H Health costs: not recorded -> £3,482,556.01 (2 rows added up: 2, 3)');
    expect(fileHash(db)).toBe(before);
    expect(run('pool', 'outturn', 'Mental', '--year', '2019-20', '--import', ledger).code).toBe(0);
    // Worked in the service test: 80,000,001 over; 60,609,980 by 50:50; 19,390,021 by own overspend.
    const mh = statement('Mental')[0]!;
    expect(mh.shares).toEqual([
      { partner: 'CCG', pence: 42_423_753 },
      { partner: 'Council', pence: 37_576_248 },
    ]);
    expect(mh.method).toBe('threshold');
  });

  it('takes cap parameters per partner', () => {
    const r = run(
      'pool',
      'set-method',
      'Children',
      '--year',
      '2019-20',
      '--overspend',
      'cap',
      '--cap',
      'Education=£40',
      '--underspend',
      'pro-rata',
    );
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('cap (Education at most £40.00)') });
    // £101.01 by 14:41:45 gave Education £45.46: capped at £40.00, £5.46 to CCG and Council by 14:41:
    // 546 x 14/55 = 138.98… -> 138, 546 x 41/55 = 407.01… -> 407; 1p left to CCG (.98): 139.
    expect(statement('Children')[0]!.shares).toEqual([
      { partner: 'CCG', pence: 1_414 + 139 },
      { partner: 'Council', pence: 4_141 + 407 },
      { partner: 'Education', pence: 4_000 },
    ]);
  });

  it('writes the statement as xlsx or PDF, and refuses other file types', () => {
    const xlsx = path.join(dir, 'statement.xlsx');
    expect(run('pool', 'statement', '--year', '2019-20', '--out', xlsx)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Wrote ${xlsx}`),
    });
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const json = run(
      'pool',
      'statement',
      'Children',
      '--year',
      '2019-20',
      '--json',
      '--out',
      path.join(dir, 'childrens.pdf'),
    );
    expect(JSON.parse(json.stdout).pools).toHaveLength(1);
    expect(json.stderr).toContain('Wrote');
    expect(run('pool', 'statement', '--year', '2019-20', '--out', path.join(dir, 'statement.txt'))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('the statement is written as .xlsx or .pdf'),
    });
  });

  it('links a contribution to the BCF line that funds it and shows the flow counted once', () => {
    expect(
      run(
        'pool',
        'contribution',
        'Community',
        '--year',
        '2019-20',
        '--label',
        'DFG (from the BCF)',
        '--amount',
        '£70,000',
      ).code,
    ).toBe(0);
    const ambiguous = run(
      'pool',
      'link',
      'Community',
      '--year',
      '2019-20',
      '--contribution',
      'DFG (from the BCF)',
      '--scheme',
      '14',
    );
    expect(ambiguous).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'Scheme 14 has 2 lines in the 2019-20 plan; say which with --source or --name: "Disabled Facilities Grant" (Grant, £1,270,789.00); "Assistive Technologies/Community Equipment" (Grant, £70,000.00)',
      ),
    });
    expect(
      run(
        'pool',
        'link',
        'Community',
        '--year',
        '2019-20',
        '--contribution',
        'dfg (from the bcf)',
        '--scheme',
        '14',
        '--name',
        'Disabled Facilities Grant',
      ),
    ).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('is funded by BCF line 14 "Disabled Facilities Grant" (Grant, £1,270,789.00)'),
    });
    const mh = run(
      'pool',
      'contribution',
      'Mental',
      '--year',
      '2019-20',
      '--label',
      'From BCF Protection of Social Care',
      '--amount',
      '£970,000',
      '--partner',
      'Council',
    );
    expect(mh.code).toBe(0);
    expect(
      run(
        'pool',
        'link',
        'Mental',
        '--year',
        '2019-20',
        '--contribution',
        'From BCF Protection of Social Care',
        '--scheme',
        '8',
        '--source',
        'Grant',
      ),
    ).toMatchObject({
      code: 0,
      stdout:
        'Mental Health: "From BCF Protection of Social Care" (£970,000.00) is funded by BCF line 8 "Protection of Social Care" (Grant, £970,000.00).\n',
    });
    const c = JSON.parse(run('pool', 'consolidated', '--year', '2019-20', '--json').stdout);
    expect(c).toMatchObject({ bcfPlanPence: 7_134_216_100, countedTwicePence: 7_000_000 + 97_000_000 });
    expect(c.countedOncePence).toBe(c.bcfPlanPence + c.poolsPence - 104_000_000);
    expect(run('pool', 'consolidated', '--year', '2019-20').stdout).toContain(
      'BCF line 8 "Protection of Social Care" (Grant) -> Mental Health, "From BCF Protection of Social Care": £970,000.00',
    );
  });

  it('records who agreed a statement, and says clearly why it cannot', () => {
    expect(
      run('pool', 'agree', 'Community', '--year', '2019-20', '--partner', 'CCG', '--by', 'A. Finance'),
    ).toMatchObject({
      code: 1,
      stderr:
        'bcf: The Community Equipment statement cannot be agreed yet: No outturn is recorded for this pool yet.\n',
    });
    expect(
      run(
        'pool',
        'agree',
        'Children',
        '--year',
        '2019-20',
        '--partner',
        'Education',
        '--by',
        'C. Schools',
        '--role',
        'Finance Manager',
        '--date',
        '2020-05-20',
      ),
    ).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('agreed for Education by C. Schools, Finance Manager, on 2020-05-20'),
    });
    expect(run('pool', 'statement', 'Children', '--year', '2019-20').stdout).toContain(
      'Agreed for Education by C. Schools, Finance Manager, on 2020-05-20',
    );
  });

  it('renames a partner, and its share follows it into the statement', () => {
    expect(
      run(
        'pool',
        'partner',
        'Mental',
        '--year',
        '2019-20',
        '--partner',
        'ccg',
        '--name',
        'ICB',
        '--reason',
        'CCGs became ICBs',
      ),
    ).toMatchObject({
      code: 0,
      stdout: 'Mental Health 2019-20: partners ICB (health), Council (social care).\n',
    });
    expect(statement('Mental')[0]!.shares.map((x) => x.partner)).toEqual(['ICB', 'Council']);
  });

  it('refuses bad input with one line on stderr, exit 1, and changes nothing', () => {
    const before = fileHash(db);
    for (const [args, message] of [
      [
        ['pool', 'outturn', 'Zzz', '--year', '2019-20', '--amount', '1'],
        /^bcf: There is no pool "Zzz" in 2019-20; the pools are /,
      ],
      [
        ['pool', 'outturn', 'C', '--year', '2019-20', '--amount', '1'],
        /^bcf: "C" could be "Children's Services" or "Community Equipment"; give more of the name\.\n$/,
      ],
      [
        ['pool', 'outturn', 'Community', '--year', '2019-20', '--amount', '£2.184k'],
        /^bcf: --amount: "£2\.184k" is not an amount: scaled figures/,
      ],
      [
        ['pool', 'outturn', 'Community', '--year', '2019-20'],
        /Give --amount £ \(with --line ID for one line\) or --import FILE/,
      ],
      [
        ['pool', 'set-method', 'Mental', '--year', '2019-20', '--underspend', 'contingency-first'],
        /argument 'contingency-first' is invalid/,
      ],
      [['pool', 'statement', '--year', '2019-21'], /is not a financial year/],
      [
        ['pool', 'partner', 'Mental', '--year', '2019-20', '--partner', 'ICB', '--name', 'council'],
        /^bcf: Mental Health already has a partner called "Council"; each partner once\.\n$/,
      ],
      [
        ['pool', 'partner', 'Mental', '--year', '2019-20', '--partner', 'NHS', '--kind', 'other'],
        /^bcf: NHS is not a partner in Mental Health; the partners are ICB, Council\.\n$/,
      ],
      [['pool', 'partner', 'Mental', '--year', '2019-20', '--partner', 'ICB'], /Give --name or --kind to change/],
    ] as [string[], RegExp][]) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    expect(fileHash(db)).toBe(before);
  });

  it('has --help for the pool commands (commander gives every command one)', () => {
    for (const cmd of ['import', 'set-method', 'outturn', 'statement', 'partner']) {
      const r = bcf(['pool', cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout).toContain(`Usage: bcf pool ${cmd}`);
    }
  });
});
