import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { PLAN_FILE, Q1_FILE } from '../helpers/returns';

describe('bcf return, end to end on a real database file', () => {
  let dir: string;
  let db: string;
  const run = (...args: string[]) => bcf(['--db', db, ...args]);
  const Q1 = ['--year', '2024-25', '--period', 'Q1'];

  beforeAll(() => {
    dir = tempDir();
    db = path.join(dir, 'area.sqlite');
    expect(run('init', '--area', 'Bath and North East Somerset').code).toBe(0);
    expect(run('import', 'plan', PLAN_FILE, '--year', '2023-24', '--template', '2023-25').code).toBe(0);
    expect(
      run(
        'plan',
        'cover',
        '--year',
        '2023-24',
        '--set',
        'completedBy=Jane Smith',
        '--set',
        'email=bcf@bathnes.gov.uk',
        '--set',
        'phone=01225 477000',
      ).code,
    ).toBe(0);
  });

  it('creates the Q1 return for the Discharge Fund and imports the published actuals', () => {
    expect(
      run('return', 'create', ...Q1, '--sources', 'Local Authority Discharge Funding, ICB Discharge Funding'),
    ).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'Created the Q1 2024-25 return from the 2023-25 plan: 6 lines, planned £3,042,981 (Local Authority Discharge Funding, ICB Discharge Funding).\n',
    });
    expect(run('return', 'import', Q1_FILE, ...Q1)).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'return-2024-25-q1-discharge.tsv: imported 6 lines into the Q1 2024-25 return (19 values changed).\nChecks: 0 errors and 6 warnings; see "bcf validate return --year 2024-25 --period Q1".\n',
    });
  });

  it('validates the return as JSON in the same shape as a plan, amounts in integer pence', () => {
    const r = run('validate', 'return', ...Q1, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(
      out.findings.map((f: { rule: string; severity: string; schemeId: string | null; source?: { row: number } }) => [
        f.rule,
        f.severity,
        f.schemeId,
        f.source?.row,
      ]),
    ).toEqual([
      // Who signed it off, and when: the approval fills them in.
      ['return.cover-complete', 'warning', null, undefined],
      ['return.cover-complete', 'warning', null, undefined],
      ['return.straight-line-profile', 'warning', '102', 2],
      ['return.straight-line-profile', 'warning', '102', 4],
      ['return.straight-line-profile', 'warning', '102', 5],
      ['return.straight-line-profile', 'warning', '102', 6],
    ]);
    expect(Object.keys(out.findings[2])).toEqual([
      'rule',
      'severity',
      'message',
      'schemeId',
      'field',
      'lineId',
      'source',
    ]);
    expect(out.rules).toHaveLength(11);
    expect([out.totals.plannedPence, out.totals.actualPence]).toEqual([304_298_100, 74_154_300]);
  });

  it('sets the straight-line tolerances, refuses a bad one without changing the file, and checks again with them', () => {
    const flagged = () =>
      (JSON.parse(run('validate', 'return', ...Q1, '--json').stdout).findings as { rule: string }[]).filter(
        (f) => f.rule === 'return.straight-line-profile',
      ).length;
    expect(run('return', 'settings').stdout).toContain(
      'Straight-line profile tolerance: £1 or 0.05% of plan, whichever is larger\n',
    );
    const before = fileHash(db);
    expect(run('return', 'settings', '--profile-tolerance-percent', 'a tenth')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'bcf: --profile-tolerance-percent "a tenth": expected a percentage under 100 such as 0.05\n',
    });
    expect(fileHash(db)).toBe(before);
    // £1 alone: only the exact quarter and the one 75p away.
    expect(run('return', 'settings', '--profile-tolerance-percent', '0%').code).toBe(0);
    expect(flagged()).toBe(2);
    expect(run('return', 'settings', '--profile-tolerance-percent', '0.05').code).toBe(0);
    expect(flagged()).toBe(4);
  });

  it('approves once the warnings are accepted, then refuses edits in one line on stderr without changing the file, then submits and ratifies', () => {
    const approve = [
      'return',
      'approve',
      ...Q1,
      '--approver',
      'Suzanne Westhead | Director of Adult Social Care',
      '--approver',
      'Rebecca Hayes | ICB Place Director | 2024-08-29',
      '--on',
      '2024-08-28',
      '--delegated-authority',
      'HWB delegation of 11 June 2024',
    ];
    const unapproved = fileHash(db);
    expect(run(...approve)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^bcf: The Q1 2024-25 return's checks find 4 warnings: accept all 4 to approve the return with them \(--accept-warnings 4 on the command line\)/,
      ),
    });
    expect(run(...approve, '--accept-warnings', 'four')).toMatchObject({
      code: 1,
      stderr: 'bcf: --accept-warnings is a whole number, not "four".\n',
    });
    expect(fileHash(db)).toBe(unapproved);
    expect(run(...approve, '--accept-warnings', '4')).toMatchObject({
      code: 0,
      stdout: 'The Q1 2024-25 return is approved by Suzanne Westhead, Rebecca Hayes; its figures are locked.\n',
    });
    const before = fileHash(db);
    expect(run('return', 'set', ...Q1, '--line', '2', '--actual', '£27,000')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'bcf: The Q1 2024-25 return is approved, so its figures are locked. Reopen it with a reason to change them.\n',
    });
    expect(fileHash(db)).toBe(before);
    expect(run('calendar', 'deadline', ...Q1, '--on', '30/08/2024').stdout).toBe(
      'The Q1 2024-25 return is due on 30 August 2024.\n',
    );
    expect(run('return', 'submit', ...Q1, '--on', '2024-09-02').stdout).toBe(
      'The Q1 2024-25 return was submitted on 2 September 2024, after the deadline of 30 August 2024.\n',
    );
    expect(run('return', 'ratify', ...Q1, '--on', '2024-09-10', '--meeting', 'HWB 10 September 2024').stdout).toBe(
      'The Q1 2024-25 return was ratified by the Health and Wellbeing Board on 10 September 2024, after submission.\n',
    );
  });

  it('shows the return as JSON with its sign-off, and writes the summary PDF', () => {
    const v = JSON.parse(run('return', 'show', ...Q1, '--json').stdout);
    expect(v).toMatchObject({
      state: 'ratified',
      locked: true,
      deadline: '2024-08-30',
      submittedOn: '2024-09-02',
      deadlineMet: false,
      ratifiedWhen: 'after submission',
      approvers: [
        { name: 'Suzanne Westhead', role: 'Director of Adult Social Care', approvedOn: '2024-08-28' },
        { name: 'Rebecca Hayes', role: 'ICB Place Director', approvedOn: '2024-08-29' },
      ],
    });
    expect(v.lines.map((l: { actualPence: number }) => l.actualPence)).toEqual([
      3_000_000, 2_675_000, 6_988_100, 1_438_000, 14_542_500, 45_510_700,
    ]);
    const out = path.join(dir, 'q1.pdf');
    expect(run('return', 'pdf', ...Q1, '--out', out)).toMatchObject({ code: 0, stdout: `Wrote ${out}\n` });
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('deletes a return created for the wrong quarter, and refuses to delete a ratified one', () => {
    const Q3 = ['--year', '2024-25', '--period', 'Q3'];
    expect(run('return', 'create', ...Q3).code).toBe(0);
    expect(run('return', 'delete', ...Q3, '--reason', 'Meant Q2')).toMatchObject({
      code: 0,
      stdout: 'Deleted the Q3 2024-25 return.\n',
    });
    expect(run('return', 'show', ...Q3)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^bcf: There is no Q3 2024-25 return yet/),
    });
    const before = fileHash(db);
    expect(run('return', 'delete', ...Q1, '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: 'bcf: The Q1 2024-25 return is ratified; reopen it (with a reason) before deleting it.\n',
    });
    expect(fileHash(db)).toBe(before);
  });

  it('says plainly what is wrong with a bad period, date or approver', () => {
    expect(run('return', 'show', '--year', '2024-25', '--period', 'Q5')).toMatchObject({
      code: 1,
      stderr: 'bcf: --period: "Q5" is not a return period: expected Q1, Q2, Q3 or YE (year end)\n',
    });
    expect(run('return', 'approve', ...Q1, '--approver', 'Suzanne Westhead')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^bcf: --approver "Suzanne Westhead" should be "NAME \| ROLE \| DATE"/),
    });
    expect(run('return', 'show', '--year', '2025-26', '--period', 'Q1')).toMatchObject({
      code: 1,
      stderr:
        'bcf: There is no Q1 2025-26 return yet: create it first (bcf return create --year 2025-26 --period Q1).\n',
    });
  });

  it('lists plan and return rules, and has --help on the return commands', () => {
    const rules = JSON.parse(bcf(['rules', '--json']).stdout).map((r: { id: string }) => r.id);
    expect(rules).toEqual(
      expect.arrayContaining(['plan.virement-identity', 'return.actual-decreased', 'return.variance-explanation']),
    );
    for (const cmd of [['return'], ['return', 'create'], ['validate', 'return'], ['calendar', 'meeting']]) {
      const r = bcf([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: bcf/);
    }
  });

  it("sets a metric's numbers beside its rate and revises its target, keeping the old one", () => {
    const set = run(
      'return',
      'metrics',
      '--year',
      '2024-25',
      '--set',
      'Falls=1,650 per 100,000',
      '--numbers',
      'Falls=825/50,000',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Falls: 1,650 per 100,000 (825 of 50,000)\n');
    expect(run('return', 'metrics', '--year', '2024-25', '--numbers', 'Falls=lots/50,000')).toMatchObject({
      code: 1,
      stderr: 'bcf: --numbers "lots/50,000" should be NUMERATOR/DENOMINATOR, numbers such as 825/50,000\n',
    });
    expect(run('return', 'metrics', '--year', '2024-25', '--revise', 'Falls=1,600 per 100,000')).toMatchObject({
      code: 1,
      stderr: 'bcf: --revise needs --reason: say why the target is revised\n',
    });
    const revised = run(
      'return',
      'metrics',
      '--year',
      '2024-25',
      '--revise',
      'Falls=1,600 per 100,000',
      '--revised-numbers',
      '800/50,000',
      '--reason',
      'ICB refresh, July',
    );
    expect(revised.code, revised.stderr).toBe(0);
    expect(revised.stdout).toMatch(
      /^Falls: 1,600 per 100,000 \(800 of 50,000\)\n {2}revised on \d{4}-\d{2}-\d{2} from 1,650 per 100,000 \(825 of 50,000\): ICB refresh, July$/m,
    );
  });
});
