import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { published, printedPence, tsvRows } from '../helpers/fixtures';
import { PLAN_FILE, Q1_FILE } from '../helpers/returns';
import { makeTemplate } from '../helpers/workbooks';
import { DEFAULT_METRICS } from '../../shared/returns/metrics';

/** `bcf export return`, `bcf import workbook` with a quarterly workbook, and `bcf return cover`, run as a user's shell runs them. */
const DISCHARGE = 'Local Authority Discharge Funding,ICB Discharge Funding';

function area(db: string, withActuals: boolean): void {
  expect(bcf(['--db', db, 'init', '--area', 'Bath and North East Somerset']).code).toBe(0);
  expect(bcf(['--db', db, 'import', 'plan', PLAN_FILE, '--year', '2023-24', '--template', '2023-25']).code).toBe(0);
  expect(
    bcf(['--db', db, 'return', 'create', '--year', '2024-25', '--period', 'Q1', '--sources', DISCHARGE]).code,
  ).toBe(0);
  if (withActuals)
    expect(bcf(['--db', db, 'return', 'import', Q1_FILE, '--year', '2024-25', '--period', 'Q1']).code).toBe(0);
}

/** NHS England's quarterly template with the published Q1's lines pre-populated, written by openpyxl. */
function official(file: string, drop: string[] = []): string {
  const [, ...rows] = tsvRows(published('return-2024-25-q1-discharge.tsv'));
  const prefilled = rows.map((r) => ({
    schemeId: r[0]!,
    schemeName: r[1]!,
    briefDescription: r[2]!,
    schemeType: r[3]!,
    subType: r[4]!,
    sourceOfFunding: r[5]!,
    plannedPence: printedPence(r[6]!),
  }));
  // The return's metrics as NHS England pre-populates them: the year's four, no targets set.
  return makeTemplate(
    {
      kind: 'quarterly',
      extlst: true,
      prefilled,
      drop,
      metrics: DEFAULT_METRICS.map((name) => ({ name, target: '' })),
    },
    file,
  );
}

describe('quarterly return workbooks on the command line', () => {
  let dir: string;
  let db: string;
  let other: string;
  beforeAll(() => {
    dir = tempDir('bcf-cli-rwb-');
    db = path.join(dir, 'area.sqlite');
    other = path.join(dir, 'other.sqlite');
    area(db, true);
    area(other, false);
  }, 120_000);

  it("keeps the return's cover details, each taken from the plan until set", () => {
    expect(bcf(['--db', db, 'plan', 'cover', '--year', '2023-24', '--set', 'email=bcf@example.org']).code).toBe(0);
    const set = bcf([
      '--db',
      db,
      'return',
      'cover',
      '--year',
      '2024-25',
      '--period',
      'Q1',
      '--set',
      'completedBy=A. Manager',
      '--set',
      'phone=01225 477000',
      '--set',
      'signedOffBy=Chair of the HWB',
      '--set',
      'dateSignedOff=29/08/2024',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(
      'Cover of the Q1 2024-25 return:\n  hwb (Health and Wellbeing Board): Bath and North East Somerset\n  completedBy (Completed by): A. Manager\n  email (E-mail): bcf@example.org (from the plan)\n  phone (Contact number): 01225 477000\n  signedOffBy (Who signed off the report on behalf of the Health and Wellbeing Board): Chair of the HWB\n  dateSignedOff (Date signed off): 2024-08-29\n',
    );
  });

  it("generates the return's workbook, and fills NHS England's copy into a new file, reporting what it wrote", () => {
    // One metric assessed: it goes out on "4. Metrics" and comes back with the lines.
    expect(
      bcf([
        '--db',
        db,
        'return',
        'assess',
        '--year',
        '2024-25',
        '--period',
        'Q1',
        '--metric',
        'Falls',
        '--status',
        'no-data',
        '--achievements',
        'Falls service redesigned',
      ]).code,
    ).toBe(0);
    const gen = path.join(dir, 'generated.xlsx');
    const generated = bcf(['--db', db, 'export', 'return', '--year', '2024-25', '--period', 'Q1', '--out', gen]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain(
      `Generated ${gen} (profile 2024-25-quarterly): sheets "1. Guidance", "2. Cover", "4. Metrics", "5. Spend and activity", "Lists".\n  sheet "4. Metrics": 4 lines from row 8 (input rows to 11)\n  sheet "5. Spend and activity": 6 lines from row 8 (input rows to 13)\nChecklist: 11 of 11 checkers read Yes; the banner reads "Complete Template".\n`,
    );

    const template = official(path.join(dir, 'BCF Q1 template.xlsx'));
    const before = fileHash(template);
    const out = path.join(dir, 'filled.xlsx');
    const filled = bcf([
      '--db',
      db,
      'export',
      'return',
      '--year',
      '2024-25',
      '--period',
      'Q1',
      '--into',
      template,
      '--out',
      out,
    ]);
    expect(filled.code).toBe(0);
    expect(filled.stdout).toContain(
      `Filled BCF Q1 template.xlsx (profile 2024-25-quarterly) into ${out}:\n  sheet "5. Spend and activity": 6 lines, rows 7 to 12, columns H J L M (19 values)\n  sheet "4. Metrics": 4 lines, rows 7 to 10, columns D E F (2 values)\n  cover: 2. Cover!C5 Completed by; 2. Cover!C6 E-mail; 2. Cover!C7 Contact number; 2. Cover!C8 Who signed off the report on behalf of the Health and Wellbeing Board\n`,
    );
    expect(fileHash(template)).toBe(before);
    expect(
      bcf(['--db', db, 'export', 'return', '--year', '2024-25', '--period', 'Q9', '--out', path.join(dir, 'x.xlsx')]),
    ).toMatchObject({
      code: 1,
      stderr: 'bcf: --period: "Q9" is not a return period: expected Q1, Q2, Q3 or YE (year end)\n',
    });

    // Read back into another area's Q1 return: the official cover does not name the quarter, so it is given.
    const unsaid = bcf(['--db', other, 'import', 'workbook', out]);
    expect(unsaid).toMatchObject({
      code: 1,
      stderr:
        'bcf: filled.xlsx is a 2024-25 quarterly workbook, but its cover does not say which quarter it is for; give the return with --period Q1, Q2, Q3 or YE.\n',
    });
    const dry = bcf(['--db', other, 'import', 'workbook', out, '--period', 'Q1', '--dry-run']);
    expect(dry.stdout).toContain(
      'filled.xlsx (profile 2024-25-quarterly): would import 6 rows into the Q1 2024-25 return, matched to its lines.\n',
    );
    // This copy's cover has no "Date signed off:" cell, so the date does not travel: one warning more than the return it came from.
    const done = bcf(['--db', other, 'import', 'workbook', out, '--period', 'Q1']);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(
      'filled.xlsx (profile 2024-25-quarterly): imported 6 rows into the Q1 2024-25 return, 19 values changed.\nCover details: completedBy, email, phone, signedOffBy.\nMetrics: 1 metric assessment changed.\nChecks: 0 errors and 5 warnings; see "bcf validate return --year 2024-25 --period Q1".\n',
    );
    const a = JSON.parse(
      bcf(['--db', db, 'return', 'show', '--year', '2024-25', '--period', 'Q1', '--json']).stdout,
    ) as { lines: { actualPence: number; issues: string }[] };
    const b = JSON.parse(
      bcf(['--db', other, 'return', 'show', '--year', '2024-25', '--period', 'Q1', '--json']).stdout,
    ) as { lines: { actualPence: number; issues: string }[] };
    expect(b.lines.map((l) => [l.actualPence, l.issues])).toEqual(a.lines.map((l) => [l.actualPence, l.issues]));
    const metrics = (db: string) =>
      (
        JSON.parse(bcf(['--db', db, 'return', 'show', '--year', '2024-25', '--period', 'Q1', '--json']).stdout) as {
          metrics: { name: string; onTrack: string; achievements: string }[];
        }
      ).metrics.map((m) => [m.name, m.onTrack, m.achievements]);
    expect(metrics(other)).toEqual(metrics(db));
    expect(metrics(other)[1]).toEqual(['Falls', 'Data not available to assess progress', 'Falls service redesigned']);

    // Approved, the return takes no workbook, and nothing is written.
    expect(
      bcf([
        '--db',
        other,
        'return',
        'approve',
        '--year',
        '2024-25',
        '--period',
        'Q1',
        '--approver',
        'Jane Smith | Director of Adult Social Care | 2024-08-29',
        '--accept-warnings',
        '4',
      ]).code,
    ).toBe(0);
    const hash = fileHash(other);
    expect(bcf(['--db', other, 'import', 'workbook', gen])).toMatchObject({
      code: 1,
      stderr:
        'bcf: The Q1 2024-25 return is approved, so its figures are locked. Reopen it with a reason to change them.\n',
    });
    expect(fileHash(other)).toBe(hash);
  }, 120_000);

  it('refuses NHS England\'s copy without a "Scheme ID" column before writing anything', () => {
    const noIds = official(path.join(dir, 'no-ids.xlsx'), ['Scheme ID']);
    const out = path.join(dir, 'never.xlsx');
    const r = bcf([
      '--db',
      db,
      'export',
      'return',
      '--year',
      '2024-25',
      '--period',
      'Q1',
      '--into',
      noIds,
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'bcf: no-ids.xlsx was not filled, and nothing was written: Sheet "5. Spend and activity": the header row (row 6) has no "Scheme ID" column, which identifies each line; it has "Scheme Name" (B), "Brief Description of Scheme" (C), "Scheme Type" (D) and 9 more.\n',
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it('has --help for the new commands', () => {
    expect(bcf(['export', 'return', '--help']).stdout).toContain('--period <period>');
    expect(bcf(['import', 'workbook', '--help']).stdout).toContain('a quarterly workbook: the return it goes into');
    expect(bcf(['return', 'cover', '--help']).stdout).toContain('--set <KEY=VALUE...>');
  });
});
