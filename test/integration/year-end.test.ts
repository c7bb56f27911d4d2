import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { TEST_DIR } from '../helpers/fixtures';
import { openpyxl, pdfToText } from '../helpers/readers';
import { PLAN_FILE } from '../helpers/returns';

const INCOME_FILE = path.join(TEST_DIR, 'fixtures', 'plans', 'income-2023-25.tsv');

/**
 * The year-end return through the CLI and the one API, on a real database
 * file: created from the 2023-25 plan for its second year, actual income and
 * expenditure entered, the variances over the thresholds explained, signed
 * off as a quarter is, exported, and the workbook read back by openpyxl.
 */
describe('the year-end return, end to end', () => {
  let dir: string;
  let db: string;
  const run = (...args: string[]) => bcf(['--db', db, ...args]);
  const YE = ['--year', '2024-25', '--period', 'YE'];
  const findings = () =>
    (
      JSON.parse(run('validate', 'return', ...YE, '--json').stdout) as {
        findings: { rule: string; severity: string; message: string }[];
      }
    ).findings;
  const yearEnd = () => findings().filter((f) => f.rule === 'return.year-end-variance');

  beforeAll(() => {
    dir = tempDir();
    db = path.join(dir, 'area.sqlite');
    expect(run('init', '--area', 'Bath and North East Somerset').code).toBe(0);
    expect(run('import', 'plan', PLAN_FILE, '--year', '2023-24', '--template', '2023-25').code).toBe(0);
    expect(run('import', 'income', INCOME_FILE, '--year', '2023-24').code).toBe(0);
    expect(
      run('plan', 'cover', '--year', '2023-24', '--set', 'completedBy=Jane Smith', '--set', 'email=bcf@bathnes.gov.uk')
        .code,
    ).toBe(0);
    expect(run('plan', 'cover', '--year', '2023-24', '--set', 'phone=01225 477000').code).toBe(0);
    expect(run('return', 'create', ...YE).code).toBe(0);
  });

  it("lists the plan's income for the year (its second year) and asks for every source's actual", () => {
    const r = run('return', 'income', ...YE, '--json');
    expect(r.code).toBe(0);
    const ye = JSON.parse(r.stdout) as { income: { sourceOfFunding: string; plannedPence: number }[] };
    expect(ye.income.map((x) => [x.sourceOfFunding, x.plannedPence])).toEqual([
      ['Local Authority Discharge Funding', 70_000_000],
      ['Minimum NHS Contribution', 49_000_000],
      ['ICB Discharge Funding', 195_000_000],
    ]);
    expect(yearEnd().map((f) => f.message)).toEqual([
      'Income from Local Authority Discharge Funding: enter the actual income for the year (planned £700,000; £0 if none was received).',
      'Income from Minimum NHS Contribution: enter the actual income for the year (planned £490,000; £0 if none was received).',
      'Income from ICB Discharge Funding: enter the actual income for the year (planned £1,950,000; £0 if none was received).',
    ]);
  });

  it('refuses a bad amount naming the option, changing nothing', () => {
    const before = fileHash(db);
    expect(
      run('return', 'income', ...YE, '--source', 'Minimum NHS Contribution', '--actual', '£46O,000'),
    ).toMatchObject({ code: 1, stderr: expect.stringMatching(/^bcf: --actual: .*letter O/) });
    expect(fileHash(db)).toBe(before);
  });

  it('requires an explanation for income £25,000.01 below plan, not for £25,000 (5% of £1,950,000 is more)', () => {
    expect(
      run('return', 'income', ...YE, '--source', 'local authority discharge funding', '--actual', '700000').code,
    ).toBe(0);
    expect(run('return', 'income', ...YE, '--source', 'Minimum NHS Contribution', '--actual', '£490,000').code).toBe(0);
    expect(run('return', 'income', ...YE, '--source', 'ICB Discharge Funding', '--actual', '1,925,000').code).toBe(0);
    expect(yearEnd()).toEqual([]);
    const r = run('return', 'income', ...YE, '--source', 'ICB Discharge Funding', '--actual', '1,924,999.99');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ICB Discharge Funding +£1,950,000 +£1,924,999.99 +-£25,000.01/);
    expect(yearEnd().map((f) => f.message)).toEqual([
      'Income from ICB Discharge Funding: actual £1,924,999.99 is £25,000.01 (-1.3%) below the planned £1,950,000, more than 5% or £25,000: explain the variance.',
    ]);
    expect(
      run('return', 'income', ...YE, '--source', 'ICB Discharge Funding', '--explanation', 'ICB uplift paid late').code,
    ).toBe(0);
    expect(yearEnd()).toEqual([]);
  });

  it('requires an explanation of a line underspent beyond the thresholds', () => {
    const actuals = ['£336,329', '£264,000', '£120,000', '£101,000', '£279,521', '£57,437', '£581,639', '£1,850,000'];
    actuals.forEach((a, i) => {
      const extra = i === 1 ? ['--outputs', '380'] : [];
      expect(run('return', 'set', ...YE, '--line', String(i + 1), '--actual', a, '--issues', 'No', ...extra).code).toBe(
        0,
      );
    });
    expect(yearEnd().map((f) => f.message)).toEqual([
      'Scheme 103 "Discharge Schemes" (ICB Discharge Funding): actual for the year £1,850,000 is £53,384 (-2.8%) below the planned £1,903,384, more than 5% or £25,000: explain the underspend in "Explanation of variance".',
    ]);
    expect(run('return', 'set', ...YE, '--line', '8', '--note', 'Two posts vacant from January').code).toBe(0);
    expect(findings().filter((f) => f.severity === 'error')).toEqual([]);
  });

  it("puts the year's income, planned beside actual, in the board's one-page summary", () => {
    const out = path.join(dir, 'year-end.pdf');
    expect(run('return', 'pdf', ...YE, '--out', out).code).toBe(0);
    const text = pdfToText(out);
    expect(text).toContain('Better Care Fund: Year end 2024-25 return');
    expect(text).toContain('Income for the year by Source of Funding');
    const row = (name: string) =>
      text
        .split('\n')
        .find((l) => l.trimStart().startsWith(name))
        ?.trim();
    expect(row('ICB Discharge Funding')).toMatch(
      /^ICB Discharge Funding +£1,950,000 +£1,924,999\.99 +-£25,000\.01 +ICB uplift paid late$/,
    );
    expect(row('Minimum NHS Contribution')).toMatch(/^Minimum NHS Contribution +£490,000 +£490,000 +£0 +—$/);
    expect(row('Total')).toMatch(/^Total +£3,140,000 +£3,114,999\.99 +-£25,000\.01$/);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
  });

  it('is signed off as a quarter is, then refuses income edits until reopened', () => {
    // The cover's sign-off warnings are the approval's to settle; any others are accepted as seen.
    const warnings = findings().filter((f) => f.rule !== 'return.cover-complete').length;
    expect(
      run(
        'return',
        'approve',
        ...YE,
        '--approver',
        'Suzanne Westhead | Director of Adult Social Care',
        '--on',
        '2025-05-20',
        '--accept-warnings',
        String(warnings),
      ),
    ).toMatchObject({ code: 0, stderr: '' });
    const before = fileHash(db);
    expect(run('return', 'income', ...YE, '--source', 'ICB Discharge Funding', '--actual', '1')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('so its income are locked. Reopen it with a reason'),
    });
    expect(fileHash(db)).toBe(before);
    const history = run('history', '--return', '2024-25', '--period', 'YE', '--csv');
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('ICB Discharge Funding: Actual income (£)');
    expect(history.stdout).toContain('£1,924,999.99');
  });

  it('exports a workbook whose year-end income sheet openpyxl reads back to the penny', () => {
    const out = path.join(dir, 'year-end.xlsx');
    const r = run('export', 'return', ...YE, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"Year-end income"');
    const rows = openpyxl<unknown[][]>(
      `import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Year-end income"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
head = next(i for i, r in enumerate(rows) if r[0] == "Source of Funding")
print(json.dumps([r[:5] for r in rows[head:head + 4]]))`,
      out,
    );
    expect(rows).toEqual([
      ['Source of Funding', 'Planned income (£)', 'Actual income (£)', 'Variance (£)', 'Explanation of variance'],
      ['Local Authority Discharge Funding', 700000, 700000, 0, null],
      ['Minimum NHS Contribution', 490000, 490000, 0, null],
      ['ICB Discharge Funding', 1950000, 1924999.99, -25000.01, 'ICB uplift paid late'],
    ]);
  });
});
