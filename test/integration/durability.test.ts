import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServiceContext } from '../../electron/host';
import { listBackupFiles } from '../../electron/services/backups/backups';
import { summariseFile } from '../../electron/services/backups/summary';
import { ASSETS_DIR } from '../../electron/source-root';
import { exited } from '../helpers/child';
import { tempDir } from '../helpers/db';
import { ROOT } from '../helpers/fixtures';

/**
 * Kill the app mid-write, many times, and find nothing lost and nothing
 * half-written. A writer process (test/helpers/children/writer.ts) makes single
 * changes and whole imports through the real services on a real file and
 * reports each one only after it has committed; this test SIGKILLs it at a
 * random moment (during start-up, a migration, a write, an import, a backup),
 * then reopens the file and checks it.
 *
 * The writer is the TypeScript sources bundled once with esbuild (as the
 * desktop build bundles main.ts), rather than compiled by tsx on every start:
 * the same code, starting in a tenth of the time, so 55 kills fit in well
 * under a minute.
 */
const KILLS = 55;
const IMPORT_YEARS = ['2040-41', '2041-42', '2042-43'];

interface Reported {
  singles: Set<number>;
  /** The last import reported for each year: its number and line count. */
  imports: Map<string, { k: number; lines: number }>;
  importCounts: Map<number, number>;
}

function check(dbPath: string, reported: Reported, run: number) {
  const db = new Database(dbPath, { readonly: false, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true }), `run ${run}`).toBe('ok');
    expect(db.prepare('SELECT * FROM pragma_foreign_key_check').all(), `run ${run}`).toEqual([]);
    // Killed during its very first opening: the file exists, and the schema is all there or not there at all.
    if (db.pragma('user_version', { simple: true }) === 0) {
      expect(
        db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get(),
        `run ${run}: half a schema`,
      ).toEqual({ n: 0 });
      expect(
        reported.singles.size + reported.importCounts.size,
        `run ${run}: reported changes lost with the schema`,
      ).toBe(0);
      return;
    }

    // Every single change reported as saved is there, with its amount.
    const singles = new Map(
      (
        db
          .prepare("SELECT scheme_name AS name, expenditure_pence AS p FROM scheme_line WHERE scheme_name LIKE 'w%'")
          .all() as { name: string; p: number }[]
      ).map((r) => [Number(r.name.slice(1)), r.p]),
    );
    const missing = [...reported.singles].filter((n) => singles.get(n) !== n);
    expect(missing, `run ${run}: reported singles missing`).toEqual([]);
    // …and each one exactly once, with its history row.
    expect(db.prepare("SELECT count(*) AS n FROM scheme_line WHERE scheme_name LIKE 'w%'").get()).toEqual({
      n: singles.size,
    });
    const lineAudits = (
      db
        .prepare(
          "SELECT count(*) AS n FROM audit_log WHERE action = 'create' AND entity = 'scheme_line' AND new_value LIKE '%\"schemeName\":\"w%'",
        )
        .get() as { n: number }
    ).n;
    expect(lineAudits, `run ${run}: one history row per single line`).toBe(singles.size);

    // Each import year holds exactly one whole import — never part of one, never two mixed.
    for (const year of IMPORT_YEARS) {
      const names = (
        db
          .prepare(
            'SELECT l.scheme_name AS name FROM scheme_line l JOIN plan p ON p.id = l.plan_id JOIN financial_year y ON y.id = p.year_id WHERE y.label = ?',
          )
          .all(year) as { name: string }[]
      ).map((r) => r.name);
      const ks = new Set(names.map((nm) => Number(/^imp(\d+)-\d+$/.exec(nm)?.[1] ?? NaN)));
      const last = reported.imports.get(year);
      if (names.length === 0) {
        expect(last, `run ${run}: ${year} lost its reported import`).toBeUndefined();
        continue;
      }
      expect(ks.size, `run ${run}: ${year} mixes imports ${[...ks].join(', ')}`).toBe(1);
      const k = [...ks][0]!;
      // An import is one changeset in the history: its label names the file, and its one row holds every line.
      const changeset = db
        .prepare('SELECT id FROM changeset WHERE label = ? OR label LIKE ?')
        .get(`Import ${k}`, `Import ${k} (%`) as { id: number } | undefined;
      expect(changeset, `run ${run}: import ${k} has no history`).toBeDefined();
      const batch = db
        .prepare(
          "SELECT new_value AS v FROM audit_log WHERE changeset_id = ? AND entity = 'scheme_line' AND action = 'import'",
        )
        .get(changeset!.id) as { v: string } | undefined;
      const created = batch ? (JSON.parse(batch.v) as { rows: unknown[] }).rows.length : 0;
      expect(names.length, `run ${run}: import ${k} is half-present`).toBe(created);
      if (last) expect(k, `run ${run}: ${year} went back to an older import`).toBeGreaterThanOrEqual(last.k);
      if (reported.importCounts.has(k)) expect(names.length).toBe(reported.importCounts.get(k));
    }
  } finally {
    db.close();
  }
}

let writer: string;
beforeAll(async () => {
  // Inside the project, so that better-sqlite3 (left out of the bundle: it is native) resolves from node_modules.
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  writer = path.join(ROOT, '.tmp', `durability-writer-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, 'test/helpers/children/writer.ts')],
    outfile: writer,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
});
afterAll(() => fs.rmSync(writer, { force: true }));

describe('durability under SIGKILL', () => {
  it(`survives ${KILLS} kills at random moments with every reported change present and no import half-present`, async () => {
    const dbPath = path.join(tempDir(), 'durable.sqlite');
    const reported: Reported = { singles: new Set(), imports: new Map(), importCounts: new Map() };
    let totalLines = 0;
    for (let run = 1; run <= KILLS; run++) {
      const child = spawn(process.execPath, [writer, dbPath], { cwd: ROOT, stdio: 'pipe' });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      // One kill in five lands in start-up (opening, migrating, the check, the first backup), at a random
      // moment after the spawn; the rest at a random moment once the writer is open and writing,
      // however long start-up takes on this machine.
      let timer: NodeJS.Timeout | undefined;
      const kill = () => child.kill('SIGKILL');
      if (run % 5 === 1) timer = setTimeout(kill, Math.floor(Math.random() * 600));
      else
        child.stdout.once('data', () => {
          timer = setTimeout(kill, 10 + Math.floor(Math.random() * 400));
        });
      const how = await exited(child);
      clearTimeout(timer);
      expect(how, `run ${run} ended on its own: ${err}`).toBe('SIGKILL');
      for (const line of out.split('\n')) {
        const [tag, a, b, c] = line.split(' ');
        if (tag === 'W') reported.singles.add(Number(a));
        if (tag === 'I') {
          reported.imports.set(b!, { k: Number(a), lines: Number(c) });
          reported.importCounts.set(Number(a), Number(c));
        }
      }
      totalLines += out.split('\n').filter((l) => /^[WI] /.test(l)).length;
      if (fs.existsSync(dbPath)) check(dbPath, reported, run);
    }
    // The kills landed among real work, not only before it.
    expect(reported.singles.size).toBeGreaterThan(KILLS);
    expect(reported.importCounts.size).toBeGreaterThan(5);
    expect(totalLines).toBeGreaterThan(0);

    // The app itself reopens it after the last crash: check, no complaint, and every backup written is sound.
    const ctx = openServiceContext({ dbPath, assetsDir: ASSETS_DIR });
    expect(ctx.health.startup).toMatchObject({ uncleanExit: true, check: 'ok', problem: null });
    ctx.close();
    const backups = listBackupFiles(dbPath);
    expect(backups.length).toBeGreaterThan(0);
    for (const b of backups) expect(summariseFile(b.path), b.name).toMatchObject({ ok: true });
  }, 170_000);
});
