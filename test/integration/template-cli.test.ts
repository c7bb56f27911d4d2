import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { plan2026Tsv, quarterlyWorkbook } from '../helpers/unseen';

/**
 * `bcf template …` as a BCF manager with a terminal uses it: a year's
 * workbook brought, its draft reviewed and corrected as JSON, saved, shared
 * with another area, a year without a template refused in plain words and
 * started as a provisional copy, a user's year deleted.
 */
describe('template years on the command line', () => {
  let dir: string;
  let db: string;
  let official: string;
  const run = (...args: string[]) => bcf(['--db', db, ...args]);

  beforeAll(() => {
    dir = tempDir('bcf-cli-tpl-');
    db = path.join(dir, 'area.sqlite');
    official = quarterlyWorkbook();
    expect(run('init', '--area', 'Bath and North East Somerset').code).toBe(0);
    fs.writeFileSync(path.join(dir, 'plan-2026-27.tsv'), plan2026Tsv());
  });

  it('refuses a plan for a year with no template year, saying the two ways on', () => {
    // 2025-26 and 2026-27 are shipped (provisional); 2027-28 is a year the app has never seen.
    const r = run('import', 'plan', path.join(dir, 'plan-2026-27.tsv'), '--year', '2027-28');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "bcf: There is no 2027-28 template year, so the app will not guess the 2027-28 layout and lists. Bring NHS England's 2027-28 workbook (Template years › Bring a workbook, or bcf template add WORKBOOK.xlsx --year 2027-28), or start from 2026-27 as a provisional 2027-28 copy (Template years › Start a provisional copy, or bcf template provisional 2027-28).\n",
    );
  });

  it('brings a workbook as a draft to review, saving nothing; the corrected draft is then saved', () => {
    const draft = path.join(dir, 'draft.json');
    const before = fileHash(db);
    const review = run('template', 'add', official, '--year', '2026-27', '--review', draft);
    expect(review.code).toBe(0);
    expect(review.stdout).toContain(
      'Table spendActivity: sheet "A. Spend and Activity", header on row 9, checklist above it (rows pre-populated)',
    );
    expect(review.stdout).toContain(
      '  H   "Actual spend to date (£)" → Actual Expenditure to date (by similar words: check) [input, required]',
    );
    expect(review.stdout).toContain(
      '  N   "Is the scheme aligned with neighbourhood health services?" → new field "Is the scheme aligned with neighbourhood health services?" (yes/no) [input, required]; drop-down of 2: Yes | No',
    );
    expect(review.stdout).toContain(
      `Draft written to ${draft}: correct it, then "bcf template save ${draft}". Nothing was saved.`,
    );
    expect(fileHash(db)).toBe(before);
    // Only the shipped provisional 2026-27 until the draft is saved.
    expect(run('template', 'list').stdout).toMatch(/^2026-27 +provisional +shipped/m);

    // The BCF manager shortens the new field's name, in the draft and where its column points at it.
    const text = fs
      .readFileSync(draft, 'utf8')
      .replaceAll('isTheSchemeAlignedWithNeighbourhood', 'alignedWithNeighbourhoodHealth')
      .replace(
        '"label": "Is the scheme aligned with neighbourhood health services?"',
        '"label": "Aligned with neighbourhood health"',
      );
    fs.writeFileSync(draft, text);
    const saved = run('template', 'save', draft, '--from', official);
    expect(saved).toMatchObject({
      code: 0,
      stdout: 'Saved the 2026-27 template year (official): 1 workbook, 1 own field.\n',
    });
    const list = run('template', 'list');
    expect(list.stdout).toMatch(
      /^2026-27 +official +brought from quarterly-2026-27\.xlsx \(in front of the shipped one\); 1 workbook, 1 own field$/m,
    );
    const show = run('template', 'show', '2026-27');
    expect(show.stdout).toContain(
      '  own field alignedWithNeighbourhoodHealth "Aligned with neighbourhood health" (yes/no, on return lines, required)',
    );
    expect(show.stdout).toContain(
      '  Sources of Funding: NHS Minimum Contribution | Local Authority Better Care Grant | Disabled Facilities Grant (DFG)',
    );
  });

  it('refuses a draft that is not a template year, naming every problem, and saves nothing', () => {
    const bad = path.join(dir, 'bad.json');
    const draft = JSON.parse(fs.readFileSync(path.join(dir, 'draft.json'), 'utf8')) as {
      templateYear: { fields: { key: string }[] };
    };
    draft.templateYear.fields[0]!.key = 'schemeName';
    fs.writeFileSync(bad, JSON.stringify(draft));
    const before = fileHash(db);
    const r = run('template', 'save', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^bcf: The template year cannot be saved: templateYear\.fields\.0\.key: schemeName is a field the app already has; give the new field another name/,
    );
    fs.writeFileSync(bad, '{"format": "something else"');
    expect(run('template', 'save', bad).stderr).toMatch(/^bcf: bad\.json is not a template year file: it is not JSON/);
    expect(fileHash(db)).toBe(before);
  });

  it('uses the year for its plan and return: its own field set from the command line', () => {
    expect(run('import', 'plan', path.join(dir, 'plan-2026-27.tsv'), '--year', '2026-27').code).toBe(0);
    expect(run('validate', 'plan', '--year', '2026-27', '--json').stdout).not.toContain('plan.unknown-value:');
    expect(run('return', 'create', '--year', '2026-27', '--period', 'Q2').code).toBe(0);
    const set = run(
      'return',
      'set',
      '--year',
      '2026-27',
      '--period',
      'Q2',
      '--line',
      '1',
      '--actual',
      '£612,345.67',
      '--field',
      'alignedWithNeighbourhoodHealth=y',
    );
    expect(set.stdout).toBe(
      'Line 1 (scheme 1 "Reablement at home"): 2 values changed. Actual Expenditure to date: £612,345.67; Aligned with neighbourhood health: Yes\n',
    );
    expect(
      run(
        'return',
        'set',
        '--year',
        '2026-27',
        '--period',
        'Q2',
        '--line',
        '1',
        '--field',
        'alignedWithNeighbourhoodHealth=perhaps',
      ),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('"perhaps" should be "Yes", "No" or blank') });
    expect(
      run('return', 'condition', '--year', '2026-27', '--period', 'Q2', '--condition', '3', '--answer', 'No'),
    ).toMatchObject({ code: 0 });
    const show = run('return', 'show', '--year', '2026-27', '--period', 'Q2');
    expect(show.stdout).toContain(
      'Aligned with neighbourhood health (alignedWithNeighbourhoodHealth): line 1 Yes; line 2 (blank); line 3 (blank)',
    );
    expect(show.stdout).toContain('  3. 3) Complying with grant and funding conditions, including maintaining…: No');
    const checks = JSON.parse(run('validate', 'return', '--year', '2026-27', '--period', 'Q2', '--json').stdout) as {
      findings: { field: string; message: string }[];
    };
    expect(checks.findings.map((f) => f.message)).toContain(
      'National condition 3 ("3) Complying with grant and funding conditions, including maintaining …") is not met: explain why, and what is being done about it.',
    );
  });

  it('exports the year for another area, which imports it (refused twice without --replace)', () => {
    const file = path.join(dir, 'BCF template year 2026-27.json');
    expect(run('template', 'export', '2026-27', '--out', file)).toMatchObject({
      code: 0,
      stdout: `Wrote the 2026-27 template year (1 workbook) to ${file}.\n`,
    });
    const other = path.join(dir, 'other.sqlite');
    expect(bcf(['--db', other, 'init', '--area', 'Wiltshire']).code).toBe(0);
    expect(bcf(['--db', other, 'template', 'import', file])).toMatchObject({
      code: 0,
      stdout: 'Imported the 2026-27 template year (official) from BCF template year 2026-27.json.\n',
    });
    expect(bcf(['--db', other, 'template', 'import', file])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('You already have a template year 2026-27; import again with "replace"'),
    });
    expect(bcf(['--db', other, 'template', 'import', file, '--replace']).code).toBe(0);
    expect(bcf(['--db', other, 'template', 'show', '2026-27', '--json']).stdout).toContain(
      '"alignedWithNeighbourhoodHealth"',
    );
  });

  it("starts a year with no template as a provisional copy, marked so, and deletes a year of the user's", () => {
    expect(run('template', 'provisional', '2027-28')).toMatchObject({
      code: 0,
      stdout: "Made 2027-28 a provisional copy of 2026-27; bring NHS England's 2027-28 workbook to replace it.\n",
    });
    expect(run('template', 'provisional', '2027-28')).toMatchObject({
      code: 1,
      stderr: 'bcf: 2027-28 already has a template year of its own (2027-28, provisional); there is nothing to copy.\n',
    });
    expect(run('template', 'list').stdout).toMatch(
      /^2027-28 +provisional +copied from 2026-27; 1 workbook, 1 own field$/m,
    );
    const plan = run('plan', 'show', '--year', '2027-28');
    expect(plan.stdout).toContain(
      "Note: The 2027-28 template year is provisional: a copy of 2026-27 until NHS England's 2027-28 workbook is brought.",
    );
    expect(run('template', 'delete', '2027-28')).toMatchObject({
      code: 0,
      stdout: 'Deleted your 2027-28 template year.\n',
    });
    // The brought 2026-27 stands in front of the shipped provisional one: deleting it brings that back, so its plan keeps a layout.
    expect(run('template', 'delete', '2026-27')).toMatchObject({ code: 0 });
    expect(run('template', 'list').stdout).toMatch(/^2026-27 +provisional +shipped/m);
    expect(run('template', 'delete', '2019-20')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('2019-20 is shipped with the app and cannot be deleted'),
    });
  });

  it('has --help on every template command', () => {
    for (const c of ['list', 'show', 'add', 'save', 'export', 'import', 'provisional', 'delete'])
      expect(run('template', c, '--help').code, c).toBe(0);
  });
});
