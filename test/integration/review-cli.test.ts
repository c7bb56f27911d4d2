import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';
import { published } from '../helpers/fixtures';

/** The whole review through the real `bcf` command, between two database files. */
describe('bcf review', () => {
  it('exports, opens, responds and imports; refuses a tampered package and changes nothing', () => {
    const dir = tempDir();
    const managerDb = path.join(dir, 'manager.sqlite');
    const partnerDb = path.join(dir, 'partner.sqlite');
    const pkg = path.join(dir, 'package.bcf-review.json');
    const res = path.join(dir, 'response.bcf-response.json');
    expect(bcf(['--db', managerDb, 'init', '--area', 'Testshire']).code).toBe(0);
    expect(
      bcf(['--db', managerDb, 'import', 'plan', published('plan-2019-20-schemes.tsv'), '--year', '2019-20']).code,
    ).toBe(0);

    const exported = bcf(['--db', managerDb, 'review', 'export', '--plan', '2019-20', '--out', pkg]);
    expect(exported).toMatchObject({ code: 0, stdout: expect.stringMatching(/Wrote .*package\.bcf-review\.json/) });
    expect(bcf(['--db', managerDb, 'review', 'export', '--plan', '2019-20', '--out', pkg])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/already exists/),
    });

    const opened = bcf(['--db', partnerDb, 'review', 'open', pkg]);
    expect(opened).toMatchObject({ code: 0, stdout: expect.stringMatching(/Plan 2019-20: \d+ lines, total £/) });
    const key = /(plan:2019-20:line:\d+)/.exec(opened.stdout)![1]!;

    const responded = bcf([
      '--db',
      partnerDb,
      'review',
      'respond',
      pkg,
      '--name',
      'Pat Partner',
      '--role',
      'Head of finance',
      '--date',
      '2026-12-03',
      '--query',
      `${key}=Is this the uplifted figure?`,
      '--out',
      res,
    ]);
    expect(responded.code, responded.stderr).toBe(0);

    const imported = bcf(['--db', managerDb, 'review', 'import-response', res]);
    expect(imported).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/Queried by Pat Partner, Head of finance/),
    });
    expect(bcf(['--db', managerDb, 'review', 'list']).stdout).toMatch(
      /query 1 on Plan 2019-20, scheme .*\(not answered yet\)/,
    );
    expect(bcf(['--db', managerDb, 'review', 'answer', '1', 'Yes.']).code).toBe(0);
    expect(bcf(['--db', managerDb, 'review', 'list']).stdout).toMatch(/answered: Yes\./);

    // One penny changed by hand: refused, with what to do, and the partner's file untouched.
    const tampered = path.join(dir, 'tampered.bcf-review.json');
    fs.writeFileSync(
      tampered,
      fs
        .readFileSync(pkg, 'utf8')
        .replace(/"expenditurePence": (\d+)/, (_, n) => `"expenditurePence": ${Number(n) + 1}`),
    );
    const before = fileHash(partnerDb);
    expect(bcf(['--db', partnerDb, 'review', 'open', tampered])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/fingerprint.*send the package again/),
    });
    expect(fileHash(partnerDb)).toBe(before);
  });
});
