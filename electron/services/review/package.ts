import { randomUUID } from 'node:crypto';
import { ApiError, type ExportedPackage, type OpenedPackage, type WrittenResponse } from '../../../shared/api';
import { figuresFingerprint, responseFingerprint } from '../../../shared/review/fingerprint';
import { nodeSha256 } from './hash';
import {
  PACKAGE_FORMAT,
  RESPONSE_FORMAT,
  REVIEW_FORMAT_VERSION,
  type Decision,
  type ResponseBody,
  type Respondent,
  type ReviewPackage,
  type ReviewQuery,
} from '../../../shared/review/model';
import { readPackage, reviewTargets, sameArea, wrongArea, type Read } from '../../../shared/review/read';
import { getArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { insert } from '../../db/statements';
import { write } from '../write';
import { buildFigures, type ReviewScope } from './figures';

/**
 * The BCF manager's side writes a package (and remembers exactly what it
 * sent); the partner's side opens one and writes a response. Opening and
 * responding read the package file only: nothing of it enters the partner's
 * database, which is not written at all.
 */

/** A file name part made of letters, digits and dashes. */
export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'area'
  );
}

export function exportPackage(ctx: ServiceContext, scope: ReviewScope & { note: string }): ExportedPackage {
  const figures = buildFigures(ctx, scope);
  const fingerprint = figuresFingerprint(figures, nodeSha256);
  const packageId = randomUUID();
  const createdAt = ctx.now().toISOString();
  const pkg: ReviewPackage = {
    format: PACKAGE_FORMAT,
    version: REVIEW_FORMAT_VERSION,
    manifest: { packageId, area: figures.area, createdAt, createdBy: ctx.actor, note: scope.note, fingerprint },
    figures,
  };
  const covered = {
    plans: figures.plans.map((p) => p.year),
    returns: figures.returns.map((r) => ({ year: r.year, period: r.period })),
    pools: figures.pools.map((p) => Number(p.key.slice(5))),
  };
  write(ctx, (w) => {
    const rowId = insert(
      ctx.db,
      `INSERT INTO review_package (package_id, area_id, created_at, created_by, note, fingerprint, scope_json, figures_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      packageId,
      figures.area.id,
      createdAt,
      ctx.actor,
      scope.note,
      fingerprint,
      JSON.stringify(covered),
      JSON.stringify(figures),
    );
    w.audit({
      action: 'create',
      entity: 'review_package',
      entityId: rowId,
      newValue: { packageId, fingerprint, ...covered },
    });
  });
  const day = createdAt.slice(0, 10);
  return {
    fileName: `${slug(figures.area.name)}-review-${day}.bcf-review.json`,
    json: `${JSON.stringify(pkg, null, 1)}\n`,
    packageId,
    fingerprint,
  };
}

function orRefuse<T>(read: Read<T>): T {
  if (!read.ok) throw new ApiError('refused', `${read.message} Nothing has been changed.`);
  return read.value;
}

/**
 * A package read and verified: a file that is not a package, or whose
 * figures do not match its fingerprint, is refused. The one check every
 * reader of a package goes through (the partner's review, an ICB's
 * consolidation).
 */
export function verifiedPackage(text: string): ReviewPackage {
  return orRefuse(readPackage(text, nodeSha256));
}

/**
 * Reads a package for the partner to look at. Refused when it is not a
 * package, its figures do not match its fingerprint, or this database holds
 * another area (a copy with no area set up opens any).
 */
export function openPackage(ctx: ServiceContext, text: string): OpenedPackage {
  const pkg = verifiedPackage(text);
  const own = getArea(ctx);
  if (own && !sameArea(own, pkg.manifest.area)) orRefuse(wrongArea('package', pkg.manifest.area.name, own.name));
  return { manifest: pkg.manifest, figures: pkg.figures, targets: reviewTargets(pkg.figures) };
}

export interface ResponseInput {
  text: string;
  respondent: Respondent;
  decidedOn: string;
  decision: Decision;
  queries: ReviewQuery[];
}

/** Writes the partner's response to a package: agreement, or queries on named figures. */
export function writeResponse(ctx: ServiceContext, req: ResponseInput): WrittenResponse {
  const opened = openPackage(ctx, req.text);
  const known = new Set(opened.targets.map((t) => t.key));
  const unknown = req.queries.find((q) => !known.has(q.target));
  if (unknown)
    throw new ApiError(
      'invalid_request',
      `"${unknown.target}" is not a figure in this package; query one that is.`,
      'queries',
    );
  if (req.decision === 'agreed' && req.queries.length > 0)
    throw new ApiError(
      'invalid_request',
      'An agreement carries no queries: choose "Query" to send them, or remove them.',
      'decision',
    );
  if (req.decision === 'queried' && req.queries.length === 0)
    throw new ApiError(
      'invalid_request',
      'Add at least one query (say which figure, and what about it), or agree.',
      'queries',
    );
  const body: ResponseBody = {
    format: RESPONSE_FORMAT,
    version: REVIEW_FORMAT_VERSION,
    responseId: randomUUID(),
    packageId: opened.manifest.packageId,
    area: opened.manifest.area,
    fingerprint: opened.manifest.fingerprint,
    respondent: req.respondent,
    decidedOn: req.decidedOn,
    decision: req.decision,
    queries: req.queries,
  };
  const response = { ...body, responseFingerprint: responseFingerprint(body, nodeSha256) };
  return {
    fileName: `${slug(opened.manifest.area.name)}-response-${slug(req.respondent.name)}-${req.decidedOn}.bcf-response.json`,
    json: `${JSON.stringify(response, null, 1)}\n`,
    responseId: body.responseId,
  };
}
