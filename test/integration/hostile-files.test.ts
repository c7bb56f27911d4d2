import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { bcf } from '../helpers/cli';
import { fileHash, tempContext, tempDir, type TestContext } from '../helpers/db';
import {
  GENERIC_CASES,
  LAYOUT_CASES,
  sampleBytes,
  windows1252,
  type Expectation,
  type HostileCase,
} from '../helpers/hostile-corpus';
import { IMPORTERS } from '../helpers/importers';

/**
 * Every importer meets every file in the hostile corpus (test/helpers/hostile-corpus.ts,
 * test/fixtures/bad/): each is refused with a clear message that names the file
 * and where in it the trouble is, as an ApiError (never a crash), and the
 * database file is byte-for-byte what it was. To put a new importer through
 * all of it, add one entry to IMPORTERS in test/helpers/importers.ts.
 */
const CASES: HostileCase[] = [...GENERIC_CASES, ...LAYOUT_CASES];

describe.each(IMPORTERS)('the $name importer', (importer) => {
  let ctx: TestContext;
  let before: string;
  beforeAll(() => {
    ctx = tempContext();
    importer.prepare(ctx);
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    before = fileHash(ctx.dbPath);
  });
  afterAll(() => ctx.close());

  it('accepts its good sample (so the refusals below are about the spoilt part)', async () => {
    const probe = tempContext();
    try {
      importer.prepare(probe);
      await importer.run(probe, { name: importer.sample.name, bytes: sampleBytes(importer.sample) });
      expect(importer.importedTotal(probe)).toBe(importer.expectedTotal);
    } finally {
      probe.close();
    }
  });

  const accepted = CASES.filter((c) => importer.accepts?.[c.id] !== undefined);
  const refused = CASES.filter((c) => importer.accepts?.[c.id] === undefined);

  if (accepted.length > 0) {
    it.each(accepted.map((c) => [c.id, importer.accepts![c.id]!, c] as const))(
      'accepts %s, which is good input here: %s',
      async (_id, _why, c) => {
        const probe = tempContext();
        try {
          importer.prepare(probe);
          await importer.run(probe, c.file(importer.sample));
        } finally {
          probe.close();
        }
      },
    );
  }

  it.each(refused.map((c) => [c.id, c] as const))('refuses %s clearly and changes nothing', async (_id, c) => {
    const file = c.file(importer.sample);
    const expected: Expectation = importer.refusesOtherwise?.[c.id] ?? c.expect(importer.sample);
    let thrown: unknown = null;
    try {
      await importer.run(ctx, file);
    } catch (err) {
      thrown = err;
    }
    expect(thrown, `${c.what} was accepted`).toBeInstanceOf(ApiError);
    const err = thrown as ApiError;
    expect(['refused', 'invalid_request']).toContain(err.code);
    const said = [err.message, ...(err.details ?? [])].join('\n');
    expect(err.message, c.what).toContain(path.basename(file.name));
    expect(said, c.what).toMatch(expected.message);
    for (const w of expected.where ?? []) expect(said, `${c.what}: says where (${w})`).toContain(w);
    // A clear message is a short one: a 10,000-character cell is not echoed back whole.
    expect(err.message.length, c.what).toBeLessThan(600);
    expect(fileHash(ctx.dbPath), `${c.what} changed the database`).toBe(before);
  });

  it(`reads a £ as Excel saved it to the penny (${importer.sample.workbook ? 'amounts typed as text in the workbook' : 'Windows-1252'})`, async () => {
    const probe = tempContext();
    try {
      importer.prepare(probe);
      await importer.run(probe, windows1252(importer.sample));
      expect(importer.importedTotal(probe)).toBe(importer.expectedTotal);
    } finally {
      probe.close();
    }
  });
});

describe('the corpus through the real command line', () => {
  it('refuses with one line on stderr, exit 1, and the database unchanged', () => {
    const db = path.join(tempDir(), 'area.sqlite');
    expect(bcf(['--db', db, 'init', '--area', 'Testshire']).code).toBe(0);
    const dir = tempDir();
    const before = fileHash(db);
    const sample = IMPORTERS[0]!.sample;
    for (const id of ['garbage', 'truncated-xlsx', 'mixed-encodings', 'terminal-escape']) {
      const c = CASES.find((x) => x.id === id)!;
      const file = c.file(sample);
      const where = path.join(dir, path.basename(file.name));
      fs.writeFileSync(where, file.bytes);
      const r = bcf(['--db', db, 'import', 'plan', where, '--year', '2019-20']);
      expect(r.code, id).toBe(1);
      expect(r.stdout, id).toBe('');
      expect(r.stderr, id).toMatch(new RegExp(`^bcf: ${path.basename(file.name).replace(/[.]/g, '\\.')}`));
      expect(r.stderr, id).toMatch(c.expect(sample).message);
      // No raw control character reaches the terminal, whatever the file held.
      // eslint-disable-next-line no-control-regex -- that is the point
      expect(r.stderr, id).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(fileHash(db), id).toBe(before);
    }
  });

  it.each(IMPORTERS.slice(1).map((i) => [i.name, i] as const))('and so does the %s command', (_name, importer) => {
    const ctx = tempContext();
    importer.prepare(ctx);
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const db = ctx.dbPath;
    ctx.close();
    const before = fileHash(db);
    const dir = tempDir();
    for (const id of ['terminal-escape', 'absurd']) {
      const c = CASES.find((x) => x.id === id)!;
      const file = c.file(importer.sample);
      const where = path.join(dir, path.basename(file.name));
      fs.writeFileSync(where, file.bytes);
      const r = bcf(['--db', db, ...importer.cli(where)]);
      expect(r.code, id).toBe(1);
      expect(r.stdout, id).toBe('');
      // The file, then (in a workbook) its sheet, then the row.
      expect(r.stderr, id).toMatch(
        new RegExp(
          `^bcf: ${path.basename(file.name).replace(/[.]/g, '\\.')}( \\(sheet "[^"]+"\\)| \\[[^\\]]+\\])? row \\d+`,
        ),
      );
      expect(r.stderr, id).toMatch(c.expect(importer.sample).message);
      // eslint-disable-next-line no-control-regex -- that is the point
      expect(r.stderr, id).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
      expect(fileHash(db), id).toBe(before);
    }
  });
});
