import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaPackage, THREE_AREAS } from '../helpers/consolidation';
import { bcf } from '../helpers/cli';
import { fileHash, tempDir } from '../helpers/db';

/** The ICB consolidation through the real `bcf` command, on a database of its own. */
describe('bcf consolidate', () => {
  it('starts one, adds three packages, shows the totals, refuses a tampered one, and exports', () => {
    const dir = tempDir();
    const db = path.join(dir, 'icb.sqlite');
    const files = THREE_AREAS.map((a, i) => {
      const f = path.join(dir, `area-${i + 1}.bcf-review.json`);
      // Swindon's plan falls short of a £10,000,000 minimum to social care (it plans £6,716,327).
      const minimums = a.name === 'Swindon' ? [{ kind: 'nhs-min-social-care' as const, pence: 10_000_000_00 }] : [];
      fs.writeFileSync(f, areaPackage(a.name, a.rows, '2019-20', minimums));
      return f;
    });
    expect(bcf(['--db', db, 'consolidate', 'new', 'BSW 2019-20', '--year', '2019-20'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/Started consolidation 1 "BSW 2019-20" for 2019-20/),
    });
    const added = bcf(['--db', db, 'consolidate', 'add', '1', ...files]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/now has 3 areas, £142,684,322/);

    const shown = bcf(['--db', db, 'consolidate', 'show', '1']);
    expect(shown.stdout).toMatch(/Bath and North East Somerset: £71,342,161\.00 \(51 lines/);
    expect(shown.stdout).toMatch(/Total: £142,684,322\.00 \(102 lines\)/);
    expect(shown.stdout).toMatch(
      /Swindon, Minimum NHS contribution to adult social care: planned £6,716,327\.00 against £10,000,000\.00 — NOT MET, £3,283,673\.00 short/,
    );
    expect(shown.stdout).toMatch(/Q1: planned £[\d,.]+, actual £0\.00 \(3 areas\)/);

    const tampered = path.join(dir, 'tampered.bcf-review.json');
    fs.writeFileSync(
      tampered,
      fs
        .readFileSync(files[1]!, 'utf8')
        .replace(/"expenditurePence": (\d+)/, (_, n: string) => `"expenditurePence": ${Number(n) + 1}`),
    );
    const before = fileHash(db);
    expect(bcf(['--db', db, 'consolidate', 'add', '1', tampered])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/do not match its fingerprint/),
    });
    expect(fileHash(db)).toBe(before);

    const out = path.join(dir, 'bsw.xlsx');
    expect(bcf(['--db', db, 'consolidate', 'export', '1', '--out', out]).code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });
});
