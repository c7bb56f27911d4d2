import {
  ApiError,
  type ReviewOverview,
  type ReviewPackageRow,
  type ReviewQueryRow,
  type ReviewResponseRow,
} from '../../../shared/api';
import { figuresFingerprint } from '../../../shared/review/fingerprint';
import { nodeSha256 } from './hash';
import { reviewFiguresSchema, type Decision } from '../../../shared/review/model';
import { readResponse, reviewTargets, sameArea, wrongArea } from '../../../shared/review/read';
import { getArea, requireArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { all, insert, one, run } from '../../db/statements';
import { write } from '../write';
import { listPlans, planLabelOf } from '../plans/plan-store';
import { listPoolYears, poolIdsForYear } from '../pools/store';
import { PERIOD_LABELS } from '../../../shared/returns/period';
import { listReturnRecords } from '../returns/store';
import { buildFigures, type ReviewScope } from './figures';

/**
 * The BCF manager's side of a response: import it (checked against the
 * package that was sent from this database), list what came back with
 * whether the agreed figures are still the figures today, answer queries.
 */

interface PackageRow {
  id: number;
  package_id: string;
  created_at: string;
  created_by: string;
  note: string;
  fingerprint: string;
  scope_json: string;
  figures_json: string;
}

interface ResponseRow {
  id: number;
  response_id: string;
  package_id: number;
  respondent_name: string;
  respondent_role: string;
  organisation: string;
  decided_on: string;
  decision: Decision;
  fingerprint: string;
  imported_at: string;
}

interface QueryRow {
  id: number;
  target: string;
  target_label: string;
  text: string;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
}

const refused = (message: string) => new ApiError('refused', `${message} Nothing has been changed.`);

/** The fingerprint of a package's figures read from the database now; null when some no longer exist. */
function fingerprintNow(ctx: ServiceContext, scope: ReviewScope): string | null {
  try {
    return figuresFingerprint(buildFigures(ctx, scope), nodeSha256);
  } catch (err) {
    if (err instanceof ApiError) return null;
    throw err;
  }
}

function toQuery(q: QueryRow): ReviewQueryRow {
  return {
    id: q.id,
    target: q.target,
    targetLabel: q.target_label,
    text: q.text,
    answer: q.answer,
    answeredAt: q.answered_at,
    answeredBy: q.answered_by,
  };
}

function toResponse(ctx: ServiceContext, r: ResponseRow, now: string | null): ReviewResponseRow {
  const queries = all<QueryRow>(ctx.db, 'SELECT * FROM review_query WHERE response_id = ? ORDER BY id', r.id);
  return {
    id: r.id,
    responseId: r.response_id,
    respondent: { name: r.respondent_name, role: r.respondent_role, organisation: r.organisation },
    decidedOn: r.decided_on,
    decision: r.decision,
    fingerprint: r.fingerprint,
    importedAt: r.imported_at,
    current: now !== null && now === r.fingerprint,
    queries: queries.map(toQuery),
  };
}

/**
 * Imports a partner's response. Refused, with nothing written, when it is not
 * a response, was edited after it was written, is about another area, answers
 * a package this database did not send, or was imported already.
 */
export function importResponse(ctx: ServiceContext, text: string): ReviewResponseRow {
  const read = readResponse(text, nodeSha256);
  if (!read.ok) throw refused(read.message);
  const res = read.value;
  const area = requireArea(ctx);
  if (!sameArea(area, res.area)) throw refused(wrongArea('response', res.area.name, area.name).message);
  const pkg = one<PackageRow>(ctx.db, 'SELECT * FROM review_package WHERE package_id = ?', res.packageId);
  if (!pkg)
    throw refused(
      'This response answers a review package that was not sent from this database. Import it into the copy of the app the package came from.',
    );
  if (pkg.fingerprint !== res.fingerprint)
    throw refused(
      'This response names figures (a fingerprint) other than the ones this package sent: one of the files has been changed. Ask the partner to open the package again and respond afresh.',
    );
  const figures = reviewFiguresSchema.parse(JSON.parse(pkg.figures_json));
  const labels = new Map(reviewTargets(figures).map((t) => [t.key, t.label]));
  const stray = res.queries.find((q) => !labels.has(q.target));
  if (stray) throw refused(`This response queries "${stray.target}", which is not a figure in the package sent.`);
  const dup = one<{ 1: number }>(ctx.db, 'SELECT 1 FROM review_response WHERE response_id = ?', res.responseId);
  if (dup) throw refused('This response has been imported already; it is listed under its package.');
  const id = write(ctx, (w) => {
    const at = ctx.now().toISOString();
    const rowId = insert(
      ctx.db,
      `INSERT INTO review_response (response_id, package_id, respondent_name, respondent_role, organisation, decided_on,
         decision, fingerprint, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      res.responseId,
      pkg.id,
      res.respondent.name,
      res.respondent.role,
      res.respondent.organisation,
      res.decidedOn,
      res.decision,
      res.fingerprint,
      at,
      ctx.actor,
    );
    for (const q of res.queries)
      run(
        ctx.db,
        'INSERT INTO review_query (response_id, target, target_label, text) VALUES (?, ?, ?, ?)',
        rowId,
        q.target,
        labels.get(q.target)!,
        q.text,
      );
    w.audit({
      action: 'import',
      entity: 'review_response',
      entityId: rowId,
      newValue: {
        packageId: res.packageId,
        fingerprint: res.fingerprint,
        decision: res.decision,
        respondent: res.respondent,
        decidedOn: res.decidedOn,
        queries: res.queries.length,
      },
    });
    return rowId;
  });
  const row = one<ResponseRow>(ctx.db, 'SELECT * FROM review_response WHERE id = ?', id)!;
  return toResponse(ctx, row, fingerprintNow(ctx, JSON.parse(pkg.scope_json) as ReviewScope));
}

export function answerQuery(ctx: ServiceContext, id: number, answer: string): ReviewQueryRow {
  return write(ctx, (w) => {
    const old = one<QueryRow>(ctx.db, 'SELECT * FROM review_query WHERE id = ?', id);
    if (!old) throw new ApiError('not_found', `There is no query ${id}.`, 'id');
    const at = ctx.now().toISOString();
    run(
      ctx.db,
      'UPDATE review_query SET answer = ?, answered_at = ?, answered_by = ? WHERE id = ?',
      answer,
      at,
      ctx.actor,
      id,
    );
    w.audit({
      action: 'update',
      entity: 'review_query',
      entityId: id,
      field: 'answer',
      oldValue: old.answer,
      newValue: answer,
    });
    return toQuery(one<QueryRow>(ctx.db, 'SELECT * FROM review_query WHERE id = ?', id)!);
  });
}

function covers(figuresJson: string): string[] {
  const f = reviewFiguresSchema.parse(JSON.parse(figuresJson));
  return [
    ...f.plans.map((p) => `Plan ${p.label}`),
    ...f.returns.map((r) => `Return ${r.label}`),
    ...f.pools.map((p) => `Pool ${p.name} ${p.year}`),
  ];
}

/** Every package sent, newest first, with its responses and whether each is still about today's figures. */
export function reviewOverview(ctx: ServiceContext): ReviewOverview {
  const area = getArea(ctx);
  const packages: ReviewPackageRow[] = all<PackageRow>(ctx.db, 'SELECT * FROM review_package ORDER BY id DESC').map(
    (p) => {
      const scope = JSON.parse(p.scope_json) as ReviewScope;
      const now = fingerprintNow(ctx, scope);
      const responses = all<ResponseRow>(
        ctx.db,
        'SELECT * FROM review_response WHERE package_id = ? ORDER BY id',
        p.id,
      ).map((r) => toResponse(ctx, r, now));
      return {
        packageId: p.package_id,
        createdAt: p.created_at,
        createdBy: p.created_by,
        note: p.note,
        fingerprint: p.fingerprint,
        covers: covers(p.figures_json),
        currentFingerprint: now,
        responses,
      };
    },
  );
  const pools = listPoolYears(ctx).flatMap((year) =>
    poolIdsForYear(ctx, year).map((id) => {
      const row = one<{ name: string }>(ctx.db, 'SELECT name FROM pool WHERE id = ?', id)!;
      return { id, name: row.name, year };
    }),
  );
  return {
    area: area?.name ?? null,
    packages,
    choices: {
      plans: area ? listPlans(ctx).map((p) => ({ year: p.year, label: planLabelOf(p.years) })) : [],
      returns: listReturnRecords(ctx).map((r) => ({
        year: r.year,
        period: r.period,
        label: `${r.year} ${PERIOD_LABELS[r.period]}`,
      })),
      pools,
    },
  };
}
