import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../electron/cli/program';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { printedPence, published, tsvRows } from '../helpers/fixtures';

const PLAN_FILE = published('plan-2019-20-schemes.tsv');

/** Totals by Source of Funding worked out from the fixture's printed cells, independently of the app. */
function expectedBySource(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of tsvRows(PLAN_FILE).slice(1)) out[row[4]!] = (out[row[4]!] ?? 0) + printedPence(row[7]!);
  return out;
}

describe('bcf, end to end on a real database file', () => {
  let db: string;
  beforeAll(() => {
    db = path.join(tempDir(), 'area.sqlite');
    expect(bcf(['--db', db, 'init', '--area', 'Bath and North East Somerset'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Bath and North East Somerset is set up'),
    });
    const imported = bcf(['--db', db, 'import', 'plan', PLAN_FILE, '--year', '2019-20']);
    expect(imported).toMatchObject({
      code: 0,
      stdout:
        'plan-2019-20-schemes.tsv: imported 51 lines into the 2019-20 plan.\nChecks: 10 errors and 5 warnings; see "bcf validate plan --year 2019-20".\n',
    });
  });

  it('prints totals by Source of Funding that match the rows to the penny, in integer pence', () => {
    const shown = bcf(['--db', db, 'plan', 'show', '--year', '2019-20', '--json']);
    expect(shown.code).toBe(0);
    const view = JSON.parse(shown.stdout);
    expect(view.lines).toHaveLength(51);
    expect(
      Object.fromEntries(view.totals.bySourceOfFunding.map((r: { key: string; pence: number }) => [r.key, r.pence])),
    ).toEqual(expectedBySource());
    expect(view.totals.expenditurePence).toBe(7_134_216_100);
    expect(view.lines[0]).toMatchObject({
      schemeId: '1',
      expenditurePence: 85_000_000,
      source: { file: 'plan-2019-20-schemes.tsv', row: 2 },
    });
    for (const l of view.lines) expect(Number.isInteger(l.expenditurePence)).toBe(true);
  });

  it('prints the plan as text with its totals', () => {
    const shown = bcf(['--db', db, 'plan', 'show', '--year', '2019/20']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Local Authority Contribution\s+4\s+£23,668,678\.00/);
    expect(shown.stdout).toContain('Total planned expenditure: £71,342,161.00');
  });

  it('refuses to mix a second import into a year that has lines, unless told how', () => {
    const before = fileHash(db);
    const r = bcf(['--db', db, 'import', 'plan', PLAN_FILE, '--year', '2019-20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('bcf: The 2019-20 plan already has 51 lines; run again with --replace or --append.\n');
    expect(fileHash(db)).toBe(before);
    expect(bcf(['--db', db, 'import', 'plan', PLAN_FILE, '--year', '2019-20', '--replace']).stdout).toContain(
      '(replacing 51)',
    );
    expect(bcf(['--db', db, 'import', 'plan', PLAN_FILE, '--year', '2019-20', '--replace', '--append']).code).not.toBe(
      0,
    );
  });

  it('refuses a file with a bad money cell whole, naming file, row and column, and writes nothing', () => {
    const dir = tempDir();
    const bad = path.join(dir, 'plan-bad.tsv');
    const lines = fs.readFileSync(PLAN_FILE, 'utf8').split('\n');
    lines[12] = lines[12]!.replace(/£171,000\tExisting/, '£171.000.00\tExisting');
    lines[30] = lines[30]!.replace('£502,000', '£502k');
    fs.writeFileSync(bad, lines.join('\n'));
    const before = fileHash(db);
    const r = bcf(['--db', db, 'import', 'plan', bad, '--year', '2019-20', '--replace']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      'bcf: plan-bad.tsv row 13, column "2019/20 Expenditure £" (H): "£171.000.00" is not an amount: it has more than one decimal point (and 1 more problem)',
      '  also: plan-bad.tsv row 31, column "2018/19 Expenditure £" (F): "£502k" is not an amount: scaled figures (k, m, bn) are not accepted; write the amount in full pounds, e.g. £2,184,000',
      '',
    ]);
    expect(r.stdout).toBe('');
    expect(fileHash(db)).toBe(before);
  });

  it('imports the same plan saved by Excel on Windows as CSV in Windows-1252', () => {
    const dir = tempDir();
    const csv = path.join(dir, 'plan.csv');
    const rows = tsvRows(PLAN_FILE).map((r) =>
      r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','),
    );
    fs.writeFileSync(csv, Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1'));
    const db2 = path.join(dir, 'b.sqlite');
    bcf(['--db', db2, 'init', '--area', 'Bath and North East Somerset']);
    expect(bcf(['--db', db2, 'import', 'plan', csv, '--year', '2019-20', '--dry-run']).stdout).toContain(
      'would import 51 lines',
    );
    expect(JSON.parse(bcf(['--db', db2, 'plan', 'show', '--year', '2019-20', '--json']).stdout).lines).toHaveLength(0);
    bcf(['--db', db2, 'import', 'plan', csv, '--year', '2019-20']);
    const view = JSON.parse(bcf(['--db', db2, 'plan', 'show', '--year', '2019-20', '--json']).stdout);
    expect(view.totals.expenditurePence).toBe(7_134_216_100);
    expect(view.lines[1].sourceOfFunding).toBe('CCG Minimum Contribution');
  });

  it('says in one line why it failed, with a non-zero exit', () => {
    expect(bcf(['--db', db, 'import', 'plan', '/no/such/plan.tsv', '--year', '2019-20'])).toMatchObject({
      code: 1,
      stderr: 'bcf: /no/such/plan.tsv: no such file\n',
    });
    expect(bcf(['--db', db, 'plan', 'show', '--year', 'next year'])).toMatchObject({
      code: 1,
      stderr: 'bcf: "next year" is not a financial year; expected e.g. 2019-20\n',
    });
    expect(bcf(['--db', db, 'init', '--area', 'Wiltshire'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^bcf: This database already holds Bath and North East Somerset; use a separate database file for Wiltshire\.\n$/,
      ),
    });
    expect(bcf(['--db', db, 'plan', 'show']).code).not.toBe(0);
    expect(bcf(['--db', db, 'frobnicate']).code).not.toBe(0);
  });

  it('has --help on every command', () => {
    const walk = (cmd: Command, path: string[]): string[][] => [
      path,
      ...cmd.commands.flatMap((c) => walk(c, [...path, c.name()])),
    ];
    const all = walk(buildProgram(), []);
    expect(all.length).toBeGreaterThan(20);
    for (const path of all) {
      let cmd = buildProgram();
      for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
      expect(cmd.description(), path.join(' ')).not.toBe('');
      expect(cmd.helpInformation()).toMatch(new RegExp(`^Usage: bcf${path.length ? ` ${path.join(' ')}` : ''}`));
    }
    // And as a user runs it: help is printed and the exit code is 0.
    expect(bcf(['import', 'plan', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: bcf import plan \[options\] <file>/),
    });
  });
});

describe('bcf for the whole plan', () => {
  let db: string;
  beforeAll(() => {
    db = path.join(tempDir(), 'plans.sqlite');
    bcf(['--db', db, 'init', '--area', 'Testshire']);
  });

  it('validates a plan as JSON, exit 0 whether or not there are findings', () => {
    bcf(['--db', db, 'import', 'plan', PLAN_FILE, '--year', '2019-20']);
    const r = bcf(['--db', db, 'validate', 'plan', '--year', '2019-20', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const virements = out.findings.filter((f: { rule: string }) => f.rule === 'plan.virement-identity');
    expect(virements.map((f: { source: { row: number } }) => f.source.row)).toEqual([8, 15, 16, 21, 22, 51]);
    expect(virements[0]).toMatchObject({
      severity: 'error',
      schemeId: '3',
      field: 'virementPence',
      source: { file: 'plan-2019-20-schemes.tsv', row: 8 },
    });
    expect(out.totals.expenditurePence).toBe(7_134_216_100);
    expect(bcf(['--db', db, 'validate', 'plan', '--year', '2030-31'])).toMatchObject({
      code: 1,
      stderr: 'bcf: There is no 2030-31 plan yet.\n',
    });
  });

  it('lists every rule with its id and description', () => {
    const rules = JSON.parse(bcf(['rules', '--json']).stdout);
    expect(rules.find((r: { id: string }) => r.id === 'plan.commissioner-split')).toMatchObject({
      severity: 'error',
      description: expect.stringContaining('100'),
    });
  });

  it('imports a 2023-25 plan with its income and finds the planted faults', () => {
    const fixtures = path.join(path.dirname(PLAN_FILE), '..', 'plans');
    expect(
      bcf([
        '--db',
        db,
        'import',
        'plan',
        path.join(fixtures, 'plan-2023-25-faults.tsv'),
        '--year',
        '2023-24',
        '--template',
        '2023-25',
      ]).code,
    ).toBe(0);
    expect(
      bcf(['--db', db, 'import', 'income', path.join(fixtures, 'income-2023-25.tsv'), '--year', '2023-24']).stdout,
    ).toContain('imported 3 income lines');
    const out = JSON.parse(bcf(['--db', db, 'validate', 'plan', '--year', '2023-24', '--json']).stdout);
    // No cover details yet: the workbook's checklist would read "No" for each.
    expect(out.findings.map((f: { rule: string }) => f.rule)).toEqual([
      ...Array(5).fill('plan.cover-complete'),
      'plan.source-balance',
      'plan.subtype-mismatch',
      'plan.commissioner-split',
    ]);
    expect(out.findings[5].message).toContain(
      'Local Authority Discharge Funding, 2024-25: income £700,000 − planned expenditure £720,000 = -£20,000',
    );
  });

  it('rolls a plan forward with an uplift, undoes and redoes it', () => {
    const r = bcf([
      '--db',
      db,
      'plan',
      'rollforward',
      '--from',
      '2019-20',
      '--to',
      '2020-21',
      '--uplift',
      'CCG Minimum Contribution=5.3',
    ]);
    expect(r).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('CCG Minimum Contribution: +5.3% on 18 lines'),
    });
    const view = JSON.parse(bcf(['--db', db, 'plan', 'show', '--year', '2020-21', '--json']).stdout);
    expect(view.lines[0]).toMatchObject({ schemeId: '1', expenditurePence: 89_505_000 });
    expect(bcf(['--db', db, 'plan', 'undo', '--year', '2020-21']).stdout).toBe('Undone: Roll forward from 2019-20\n');
    expect(JSON.parse(bcf(['--db', db, 'plan', 'show', '--year', '2020-21', '--json']).stdout).lines).toHaveLength(0);
    expect(bcf(['--db', db, 'plan', 'redo', '--year', '2020-21']).stdout).toBe('Redone: Roll forward from 2019-20\n');
    expect(
      bcf(['--db', db, 'plan', 'rollforward', '--from', '2019-20', '--to', '2021-22', '--uplift', 'CCG=lots']),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('should be SOURCE=PERCENT') });
  });

  it('adds a value to a list, after which the line is no longer flagged', () => {
    const before = JSON.parse(bcf(['--db', db, 'validate', 'plan', '--year', '2019-20', '--json']).stdout);
    expect(before.findings.filter((f: { rule: string }) => f.rule === 'plan.unknown-value')).toHaveLength(2);
    expect(bcf(['--db', db, 'reference', 'add', '2019-20', 'Reablement services', '--list', 'schemeTypes']).code).toBe(
      0,
    );
    const after = JSON.parse(bcf(['--db', db, 'validate', 'plan', '--year', '2019-20', '--json']).stdout);
    expect(after.findings.filter((f: { rule: string }) => f.rule === 'plan.unknown-value')).toHaveLength(1);
    expect(bcf(['--db', db, 'reference', 'list']).stdout).toContain('2019-20  2019/20 plan appendix');
  });

  it('sets a required minimum and exports the history as CSV', () => {
    expect(
      bcf([
        '--db',
        db,
        'plan',
        'requirement',
        '--year',
        '2023-24',
        '--kind',
        'nhs-min-social-care',
        '--amount',
        '£9,456,000',
      ]).stdout,
    ).toBe('nhs-min-social-care for 2023-24 is £9,456,000.00.\n');
    const csv = bcf(['--db', db, 'history', '--csv']).stdout;
    expect(csv.split('\r\n')[0]).toBe('When,Who,Action,What,Field,Was,Now,Why');
    expect(csv).toMatch(
      /,Changed,Plan 2023-25 · Minimum,"Minimum NHS contribution to adult social care, 2023-24 \(£\)",,"£9,456,000\.00",\r\n/,
    );
  });
});
