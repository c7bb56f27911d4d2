import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_LINE } from '../../shared/plans/line';
import { dispatch } from '../../electron/api/dispatch';
import { HTTP_STATUS } from '../../shared/api';
import { tempContext, type TestContext, unstamped } from '../helpers/db';
import { published } from '../helpers/fixtures';

let ctx: TestContext;
const quiet = { error: () => undefined };
beforeEach(() => {
  ctx = tempContext();
});
afterEach(() => ctx.close());

describe('the one API', () => {
  it('answers a valid request with its value', async () => {
    expect(unstamped(await dispatch(ctx, 'area.create', { name: ' Testshire ' }, quiet))).toEqual({
      ok: true,
      value: { id: 1, name: 'Testshire' },
    });
    expect(await dispatch(ctx, 'app.status', {}, quiet)).toMatchObject({
      ok: true,
      value: { area: { name: 'Testshire' }, years: [] },
    });
  });

  it('refuses an unknown method', async () => {
    expect(unstamped(await dispatch(ctx, 'db.exec', { sql: 'DROP TABLE area' }, quiet))).toEqual({
      ok: false,
      error: { code: 'unknown_method', message: 'There is no API method "db.exec".' },
    });
    expect(await dispatch(ctx, { toString: () => 'x' }, {}, quiet)).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await dispatch(ctx, '__proto__', {}, quiet)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses a payload that fails its schema, naming the field', async () => {
    await dispatch(ctx, 'area.create', { name: 'Testshire' }, quiet);
    const line = { ...EMPTY_LINE, schemeId: '1', schemeName: 'A', expenditurePence: 12.5 };
    expect(unstamped(await dispatch(ctx, 'line.create', { year: '2019-20', line }, quiet))).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        field: 'line.expenditurePence',
        message: 'line.expenditurePence: Invalid input: expected int, received number',
      },
    });
    expect(
      await dispatch(ctx, 'line.create', { year: '2019-21', line: { ...line, expenditurePence: 1 } }, quiet),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'year' } });
    expect(
      await dispatch(
        ctx,
        'line.create',
        { year: '2019-20', line: { ...line, expenditurePence: 1, extra: true } },
        quiet,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch(ctx, 'plan.exportCsv', null, quiet)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'year' },
    });
    expect(await dispatch(ctx, 'plan.get', 'not an object', quiet)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('says everything wrong with a request at once: the first problem leads, every one is in the details', async () => {
    await dispatch(ctx, 'area.create', { name: 'Testshire' }, quiet);
    const line = { ...EMPTY_LINE, schemeId: '1', schemeName: 'A', expenditurePence: 12.5, jointNhsPercent: 'half' };
    const answer = await dispatch(ctx, 'line.create', { year: '2019-21', line }, quiet);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'year' } });
    const details = (answer as { error: { details: string[] } }).error.details;
    expect(details).toHaveLength(3);
    expect(details[0]).toMatch(/^year: /);
    expect(
      details
        .slice(1)
        .map((d) => d.split(':')[0])
        .sort(),
    ).toEqual(['line.expenditurePence', 'line.jointNhsPercent']);
  });

  it('stamps every answer with what the database holds: the stamp moves with a write here, or by another program', async () => {
    await dispatch(ctx, 'area.create', { name: 'Testshire' }, quiet);
    const stamp = async () => (await dispatch(ctx, 'app.changes', {}, quiet)).stamp;
    const first = await stamp();
    expect(first).toMatch(/^\d+\.\d+$/);
    expect(await stamp()).toBe(first); // reading changes nothing
    await dispatch(
      ctx,
      'line.create',
      { year: '2019-20', line: { ...EMPTY_LINE, schemeId: '1', schemeName: 'A', expenditurePence: 100 } },
      quiet,
    );
    const second = await stamp();
    expect(second).not.toBe(first);
    // Another connection to the same file (the command line, another window's process) writes: the stamp moves.
    const other = new Database(ctx.dbPath);
    other.prepare("UPDATE area SET name = 'Elsewhere'").run();
    other.close();
    expect(await stamp()).not.toBe(second);
  });

  it("says what the database held as each answer began, so a window tells its own writes from another's", async () => {
    await dispatch(ctx, 'area.create', { name: 'Testshire' }, quiet);
    const read = await dispatch(ctx, 'app.changes', {}, quiet);
    expect(read.since).toBe(read.stamp); // a read changes nothing
    const line = { ...EMPTY_LINE, schemeId: '1', schemeName: 'A', expenditurePence: 100 };
    const write = await dispatch(ctx, 'line.create', { year: '2019-20', line }, quiet);
    expect(write.since).toBe(read.stamp); // began where the last answer left off…
    expect(write.stamp).not.toBe(write.since); // …and moved it: the window's own doing
    const other = new Database(ctx.dbPath);
    other.prepare("UPDATE area SET name = 'Elsewhere'").run();
    other.close();
    // The next answer begins from a state no answer ended in: someone else wrote.
    expect((await dispatch(ctx, 'app.changes', {}, quiet)).since).not.toBe(write.stamp);
  });

  it('does not stamp an answer as current when another program wrote while it was being made', async () => {
    await dispatch(ctx, 'area.create', { name: 'Testshire' }, quiet);
    const file = fs.readFileSync(published('plan-2019-20-schemes.tsv'));
    // The preview reads its file first, asynchronously; the command line writes meanwhile.
    const pending = dispatch(
      ctx,
      'plan.previewImport',
      { year: '2019-20', fileName: 'plan.tsv', contentBase64: file.toString('base64') },
      quiet,
    );
    const other = new Database(ctx.dbPath);
    other.prepare("UPDATE area SET name = 'Elsewhere'").run();
    other.close();
    const preview = await pending;
    expect(preview).toMatchObject({ ok: true, value: { lines: 51 } });
    // The window's next look sees a change, and reads again.
    const now = (await dispatch(ctx, 'app.changes', {}, quiet)).stamp;
    expect(preview.stamp).not.toBe(now);
    // Nothing written since: the stamps agree again.
    expect((await dispatch(ctx, 'app.status', {}, quiet)).stamp).toBe(now);
  });

  it('turns a service failure into a structured error, never a crash', async () => {
    expect(unstamped(await dispatch(ctx, 'line.delete', { id: 7 }, quiet))).toEqual({
      ok: false,
      error: { code: 'not_found', field: 'id', message: 'There is no scheme line 7; it may have been deleted.' },
    });
    const logged: unknown[] = [];
    ctx.db.close();
    expect(unstamped(await dispatch(ctx, 'app.status', {}, { error: (m) => logged.push(m) }))).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'Something went wrong inside the app; nothing was saved. The details are in the log.',
      },
    });
    expect(logged).toEqual(['API method app.status failed']);
  });

  it('answers a rule the database keeps, broken by what was sent, as a refusal in words, not an internal error', async () => {
    await dispatch(ctx, 'area.create', { name: 'Testshire' }, quiet);
    // Stands in for any database rule a service's own checks miss.
    ctx.db.exec(
      "CREATE TEMP TRIGGER no_lines BEFORE INSERT ON scheme_line BEGIN SELECT RAISE(ABORT, 'raw sqlite words'); END",
    );
    const logged: unknown[] = [];
    const r = unstamped(
      await dispatch(
        ctx,
        'line.create',
        { year: '2019-20', line: { ...EMPTY_LINE, schemeId: '1', schemeName: 'A', expenditurePence: 100 } },
        { error: (m) => logged.push(m) },
      ),
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(JSON.stringify(r)).not.toMatch(/raw sqlite words|SQLITE/);
    expect(HTTP_STATUS.refused).toBe(422);
    expect(logged).toEqual(['API method line.create failed']);
  });
});
