import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { TEST_DIR } from '../helpers/fixtures';
import { makeTemplate } from '../helpers/workbooks';

/** `bcf export plan`, `bcf import workbook`, `bcf profiles …` and `bcf plan cover`, run as a user's shell runs them. */
const planFile = (name: string) => path.join(TEST_DIR, 'fixtures', 'plans', name);

describe('workbooks on the command line', () => {
  let dir: string;
  let db: string;
  let official: string;
  beforeAll(() => {
    dir = tempDir('bcf-cli-wb-');
    db = path.join(dir, 'area.sqlite');
    official = makeTemplate({ kind: 'planning', rows: 30, extlst: true }, path.join(dir, 'BCF Planning Template.xlsx'));
    expect(bcf(['--db', db, 'init', '--area', 'Bath and North East Somerset']).code).toBe(0);
    expect(
      bcf([
        '--db',
        db,
        'import',
        'plan',
        planFile('plan-2023-25-faults.tsv'),
        '--year',
        '2023-24',
        '--template',
        '2023-25',
      ]).code,
    ).toBe(0);
    expect(bcf(['--db', db, 'import', 'income', planFile('income-2023-25.tsv'), '--year', '2023-24']).code).toBe(0);
  });

  it('keeps the cover details, checked as typed', () => {
    const set = bcf([
      '--db',
      db,
      'plan',
      'cover',
      '--year',
      '2023-24',
      '--set',
      'completedBy=A. Manager',
      '--set',
      'email=bcf@example.org',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('  completedBy (Completed by): A. Manager\n  email (E-mail): bcf@example.org\n');
    const bad = bcf(['--db', db, 'plan', 'cover', '--year', '2023-24', '--set', 'email=nobody']);
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'bcf: "nobody" is not an e-mail address such as bcf@council.gov.uk\n',
    });
  });

  it('fills the official workbook into a new file, never over the original, and reports what it wrote', () => {
    const before = fileHash(official);
    const same = bcf([
      '--db',
      db,
      'export',
      'plan',
      '--year',
      '2023-24',
      '--into',
      official,
      '--out',
      official,
      '--force',
    ]);
    expect(same).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is the workbook you are filling (--into): the app never writes over it'),
    });
    const link = path.join(dir, 'link.xlsx');
    fs.symlinkSync(official, link);
    expect(
      bcf(['--db', db, 'export', 'plan', '--year', '2023-24', '--into', official, '--out', link, '--force']).code,
    ).toBe(1);
    expect(fileHash(official)).toBe(before);

    const out = path.join(dir, 'filled.xlsx');
    const filled = bcf(['--db', db, 'export', 'plan', '--year', '2023-24', '--into', official, '--out', out]);
    expect(filled.code).toBe(0);
    expect(filled.stdout).toContain(
      `Filled BCF Planning Template.xlsx (profile 2023-25-planning) into ${out}:\n  sheet "4. Income": 3 lines, rows 4 to 6, columns A B C D (12 values)\n  sheet "5. Expenditure": 4 lines, rows 7 to 10, columns A B C D E F G H I J K L M N O P Q R (52 values)\n`,
    );
    // openpyxl's template already asks Excel to recalculate on opening, so its workbook part is unchanged too;
    // "3. Summary" (sheet3) is not written, but its total now saves its true result.
    expect(filled.stdout).toContain(
      'Read back: 67 written cells confirmed; 12 parts of the file unchanged byte for byte (changed: xl/worksheets/sheet4.xml, xl/worksheets/sheet5.xml, xl/worksheets/sheet2.xml, xl/worksheets/sheet3.xml).',
    );
    expect(filled.stdout).toMatch(/\nFormulas: \d+ saved with their calculated results\.\n/);
    expect(fileHash(official)).toBe(before);
    expect(bcf(['--db', db, 'export', 'plan', '--year', '2023-24', '--into', official, '--out', out])).toMatchObject({
      code: 1,
      stderr: `bcf: ${out} already exists; choose another name or add --force to replace it.\n`,
    });

    const other = path.join(dir, 'other.sqlite');
    bcf(['--db', other, 'init', '--area', 'Bath and North East Somerset']);
    const read = bcf(['--db', other, 'import', 'workbook', out, '--dry-run']);
    expect(read).toMatchObject({ code: 0 });
    expect(read.stdout).toContain(
      'filled.xlsx (profile 2023-25-planning): would import 4 lines and 3 income lines into the 2023-24 plan.\nCover details: completedBy, email.\n',
    );
  });

  it('refuses a workbook without a "Scheme ID" column before writing anything', () => {
    const noId = makeTemplate({ kind: 'planning', rows: 30, drop: ['Scheme ID'] }, path.join(dir, 'no-id.xlsx'));
    const out = path.join(dir, 'never.xlsx');
    const r = bcf(['--db', db, 'export', 'plan', '--year', '2023-24', '--into', noId, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'bcf: no-id.xlsx was not filled, and nothing was written: Sheet "5. Expenditure": the header row (row 6) has no "Scheme ID" column, which identifies each line; it has "Scheme Name" (B), "Brief Description of Scheme" (C), "Scheme Type" (D) and 14 more.',
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it('generates a workbook, and reads it back into the plan only when told to replace', () => {
    const out = path.join(dir, 'generated.xlsx');
    const gen = bcf(['--db', db, 'export', 'plan', '--year', '2023-24', '--out', out]);
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(
      /^Generated .*generated\.xlsx \(profile 2023-25-planning\): sheets "1\. Guidance", "2\. Cover", "4\. Income", "5\. Expenditure", "Lists"\./,
    );
    expect(gen.stdout).toMatch(/Checklist: \d+ of \d+ checkers read Yes; the banner reads "Incomplete Template"\./);
    expect(bcf(['--db', db, 'import', 'workbook', out])).toMatchObject({
      code: 1,
      stderr: 'bcf: The 2023-24 plan already has 4 lines and 3 income lines; run again with --replace or --append.\n',
    });
    const replaced = bcf(['--db', db, 'import', 'workbook', out, '--replace']);
    expect(replaced.stdout).toContain(
      'imported 4 lines and 3 income lines into the 2023-24 plan (replacing 4 lines and 3 income lines).',
    );
  });

  it('lists and shows profiles; a template year brought from the official workbook adds its own', () => {
    const list = bcf(['--db', db, 'profiles', 'list']);
    expect(
      list.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['2019-20-plan-appendix', '2023-25-planning', '2024-25-quarterly']);
    const show = bcf(['--db', db, 'profiles', 'show', '2024-25-quarterly']);
    expect(show.stdout).toContain('    "Actual Expenditure to date" → actualPence (input, money, required)\n');
    const add = bcf(['--db', db, 'template', 'add', official, '--year', '2023-24']);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(
      'Table expenditure: sheet "5. Expenditure", header on row 6, checklist above it (blank input rows)',
    );
    expect(add.stdout).toMatch(
      / D {3}"Scheme Type" → Scheme Type \[input, required\]; drop-down of 9: Assistive Technologies and Equipment/,
    );
    expect(add.stdout).toContain(
      'Saved the 2023-25 template year (official), with the workbook 2023-25-planning-official.',
    );
    expect(bcf(['--db', db, 'profiles', 'list']).stdout).toMatch(
      /2023-25-planning-official\s+plan\s+2023-24 and 2024-25\s+user\s+NHS England BCF planning template 2023-25/,
    );
  });
});
