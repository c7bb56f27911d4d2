import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArea } from '../../electron/services/areas/areas';
import { listAudit } from '../../electron/services/audit/audit';
import { readTable } from '../../electron/services/files/read-table';
import { applyEdits } from '../../electron/services/plans/line-actions';
import { listLines } from '../../electron/services/plans/lines';
import { findPlan } from '../../electron/services/plans/plan-store';
import { importPoolsTable } from '../../electron/services/pools/import-pools';
import { poolIdsForYear } from '../../electron/services/pools/store';
import { createReturn } from '../../electron/services/returns/create';
import { loadSample } from '../../electron/services/sample/sample';
import type {
  ExportedPackage,
  OpenedPackage,
  ReviewOverview,
  ReviewResponseRow,
  WrittenResponse,
} from '../../shared/api';
import { responseFingerprint } from '../../shared/review/fingerprint';
import { fileHash, tempContext, type TestContext } from '../helpers/db';
import { published } from '../helpers/fixtures';
import { call, refusal } from '../helpers/api';

const POOLS_FILE = 'pooled-budgets-2019-20.tsv';

/** Two separate databases: the BCF manager's, with the area's figures, and a finance partner's own copy. */
let manager: TestContext;
let partner: TestContext;
beforeEach(() => {
  manager = tempContext('bcf.manager');
  loadSample(manager);
  importPoolsTable(manager, {
    file: POOLS_FILE,
    rows: readTable(POOLS_FILE, fs.readFileSync(published(POOLS_FILE))),
    year: '2019-20',
  });
  createReturn(manager, { year: '2019-20', period: 'Q1' });
  partner = tempContext('icb.finance');
});
afterEach(() => {
  manager.close();
  partner.close();
});

async function sendPackage(): Promise<ExportedPackage> {
  const pools = poolIdsForYear(manager, '2019-20');
  return call<ExportedPackage>(manager, 'review.export', {
    plans: ['2019-20'],
    returns: [{ year: '2019-20', period: 'Q1' }],
    pools,
    note: 'For agreement by Friday',
  });
}

const respondent = { name: 'Pat Partner', role: 'Deputy director of finance', organisation: 'BSW ICB' };

describe('partners review, between two databases', () => {
  it('round-trips a package and an agreement; a later change shows the agreement as not current', async () => {
    const sent = await sendPackage();
    expect(sent.fileName).toMatch(/^Bath-and-North-East-Somerset-review-\d{4}-\d{2}-\d{2}\.bcf-review\.json$/);

    // The partner opens it: the figures are there, and the partner's database is not written at all.
    const before = fileHash(partner.dbPath);
    const opened = await call<OpenedPackage>(partner, 'review.open', { text: sent.json });
    const plan = opened.figures.plans[0]!;
    expect(plan.lines.length).toBe(listLines(manager, findPlan(manager, '2019-20')!.id).length);
    expect(plan.totals.expenditurePence).toBe(plan.lines.reduce((s, l) => s + l.expenditurePence, 0));
    expect(opened.figures.pools.length).toBeGreaterThan(0);
    expect(opened.figures.returns[0]).toMatchObject({ key: 'return:2019-20:Q1', label: '2019-20 Q1' });
    expect(opened.figures.returns[0]!.totals.plannedPence).toBeGreaterThan(0);
    expect(opened.figures.pools.some((p) => p.partners.length >= 2)).toBe(true);
    expect(opened.manifest.fingerprint).toBe(sent.fingerprint);

    const written = await call<WrittenResponse>(partner, 'review.respond', {
      text: sent.json,
      respondent,
      decidedOn: '2026-12-03',
      decision: 'agreed',
    });
    expect(fileHash(partner.dbPath)).toBe(before);
    expect(partner.db.prepare('SELECT count(*) AS n FROM review_package').get()).toEqual({ n: 0 });
    expect(JSON.parse(written.json)).toMatchObject({ fingerprint: sent.fingerprint, decision: 'agreed' });

    // The BCF manager imports it: recorded against those figures, with a history row.
    const row = await call<ReviewResponseRow>(manager, 'review.importResponse', { text: written.json });
    expect(row).toMatchObject({ decision: 'agreed', fingerprint: sent.fingerprint, current: true, respondent });
    expect(listAudit(manager, { entity: 'review_response' }).map((a) => a.action)).toEqual(['import']);

    // A penny changes on one line: the agreement is no longer about today's figures.
    const line = listLines(manager, findPlan(manager, '2019-20')!.id)[0]!;
    applyEdits(manager, '2019-20', {
      edits: [{ lineId: line.id, field: 'expenditurePence', text: String((line.expenditurePence + 1) / 100) }],
    });
    const overview = await call<ReviewOverview>(manager, 'review.overview', {});
    const pkg = overview.packages.find((p) => p.packageId === sent.packageId)!;
    expect(pkg.currentFingerprint).not.toBe(sent.fingerprint);
    expect(pkg.responses[0]!.current).toBe(false);
  });

  it('carries queries on a line, a pool and a share, lists them, and records answers', async () => {
    const sent = await sendPackage();
    const opened = await call<OpenedPackage>(partner, 'review.open', { text: sent.json });
    const line = opened.figures.plans[0]!.lines[2]!;
    const pool = opened.figures.pools.find((p) => p.shares.length > 0) ?? opened.figures.pools[0]!;
    const share = pool.shares[0] ?? pool.partners[0]!;
    const returnLine = opened.figures.returns[0]!.lines[0]!;
    const queries = [
      { target: returnLine.key, text: 'Is the actual a straight-line profile?' },
      { target: line.key, text: 'Is this the uplifted figure?' },
      { target: pool.key, text: 'Why has the budget moved?' },
      { target: share.key, text: 'We make our share different.' },
    ];
    const written = await call<WrittenResponse>(partner, 'review.respond', {
      text: sent.json,
      respondent,
      decidedOn: '2026-12-03',
      decision: 'queried',
      queries,
    });
    const row = await call<ReviewResponseRow>(manager, 'review.importResponse', { text: written.json });
    expect(row.decision).toBe('queried');
    expect(row.queries.map((q) => [q.target, q.text, q.answer])).toEqual(queries.map((q) => [q.target, q.text, null]));
    expect(row.queries[1]!.targetLabel).toContain(line.schemeName);
    expect(row.queries[0]!.targetLabel).toMatch(/^Return 2019-20 Q1, scheme/);
    const answered = await call<{ answer: string }>(manager, 'review.answerQuery', {
      id: row.queries[0]!.id,
      answer: 'Yes: 2019-20 uplift of 1.79%.',
    });
    expect(answered.answer).toMatch(/uplift/);
    const again = await call<ReviewOverview>(manager, 'review.overview', {});
    expect(again.packages[0]!.responses[0]!.queries[0]!.answeredBy).toBe('bcf.manager');
  });

  it('refuses a partner response that queries nothing yet says "queried", or queries a figure not in the package', async () => {
    const sent = await sendPackage();
    const base = { text: sent.json, respondent, decidedOn: '2026-12-03' };
    expect(await refusal(partner, 'review.respond', { ...base, decision: 'queried', queries: [] })).toMatch(
      /at least one/,
    );
    expect(
      await refusal(partner, 'review.respond', {
        ...base,
        decision: 'queried',
        queries: [{ target: 'plan:2019-20:line:999999', text: '?' }],
      }),
    ).toMatch(/not a figure/);
  });
});

describe('refusals change nothing and say what to do', () => {
  it('a tampered package: one penny changed in the figures', async () => {
    const sent = await sendPackage();
    const pkg = JSON.parse(sent.json) as { figures: { plans: { lines: { expenditurePence: number }[] }[] } };
    pkg.figures.plans[0]!.lines[0]!.expenditurePence += 1;
    const message = await refusal(partner, 'review.open', { text: JSON.stringify(pkg) });
    expect(message).toMatch(
      /do not match its fingerprint.*ask the BCF manager to send the package again.*Nothing has been changed/,
    );
  });

  it('a foreign package: another app’s JSON, a workbook, a response in place of a package', async () => {
    expect(await refusal(partner, 'review.open', { text: '{"format":"actual-budget-export","data":[]}' })).toMatch(
      /not a review package from BCF Returns/,
    );
    expect(await refusal(partner, 'review.open', { text: 'PK\u0003\u0004 not json' })).toMatch(/not JSON/);
    const sent = await sendPackage();
    const written = await call<WrittenResponse>(partner, 'review.respond', {
      text: sent.json,
      respondent,
      decidedOn: '2026-12-03',
      decision: 'agreed',
    });
    expect(await refusal(partner, 'review.open', { text: written.json })).toMatch(/a response to a review package/);
    expect(await refusal(manager, 'review.importResponse', { text: sent.json })).toMatch(
      /a review package, not a response/,
    );
  });

  it('a wrong-area package: the partner’s copy holds another area', async () => {
    const sent = await sendPackage();
    createArea(partner, 'Wiltshire');
    expect(await refusal(partner, 'review.open', { text: sent.json })).toMatch(
      /for Bath and North East Somerset, but this copy of the app holds Wiltshire/,
    );
  });

  it('a tampered response, a wrong-area response, one for a package not sent from here, and one imported twice', async () => {
    const sent = await sendPackage();
    const written = await call<WrittenResponse>(partner, 'review.respond', {
      text: sent.json,
      respondent,
      decidedOn: '2026-12-03',
      decision: 'agreed',
    });
    // Edited by hand: the decision date moved.
    const edited = written.json.replace('2026-12-03', '2026-11-03');
    expect(await refusal(manager, 'review.importResponse', { text: edited })).toMatch(
      /changed since the partner’s app wrote it/,
    );

    // Re-fingerprinted by someone who changed the figures' fingerprint too.
    const forged = JSON.parse(written.json) as Record<string, unknown>;
    forged.fingerprint = 'a'.repeat(64);
    const { responseFingerprint: _drop, ...body } = forged;
    forged.responseFingerprint = responseFingerprint(body as never);
    expect(await refusal(manager, 'review.importResponse', { text: JSON.stringify(forged) })).toMatch(
      /other than the ones this package sent/,
    );

    // About another area.
    const other = JSON.parse(written.json) as Record<string, unknown>;
    other.area = { id: 1, name: 'Wiltshire' };
    const { responseFingerprint: _d2, ...otherBody } = other;
    other.responseFingerprint = responseFingerprint(otherBody as never);
    expect(await refusal(manager, 'review.importResponse', { text: JSON.stringify(other) })).toMatch(
      /about Wiltshire, but this database is Bath and North East Somerset/,
    );

    // Into a database that did not send the package (same area, another copy).
    const elsewhere = tempContext('someone.else');
    try {
      createArea(elsewhere, 'Bath and North East Somerset');
      expect(await refusal(elsewhere, 'review.importResponse', { text: written.json })).toMatch(
        /not sent from this database/,
      );
    } finally {
      elsewhere.close();
    }

    await call(manager, 'review.importResponse', { text: written.json });
    expect(await refusal(manager, 'review.importResponse', { text: written.json })).toMatch(/imported already/);
    expect(await refusal(manager, 'review.importResponse', { text: '{}'.padEnd(1024 * 1024 + 1) })).toMatch(
      /larger than any review response|too long|at most/i,
    );
  });
});
