import { ApiError, type ConsolidationSummary } from '../../../shared/api';
import { sumPence } from '../../../shared/money';
import { plannedFor, planYearIndex } from '../../../shared/plans/line';
import type { ReviewFigures, ReviewPackage } from '../../../shared/review/model';
import type { YearLabel } from '../../../shared/years/financial-year';
import { reportProgress, type ServiceContext } from '../context';
import { all, insert, one, run } from '../../db/statements';
import { write } from '../write';
import { verifiedPackage } from '../review/package';
import { nameKey } from '../../../shared/values/text';

/**
 * A consolidation holds copies of several areas' figures for one year, read
 * from their review packages. It lives in tables of its own: nothing of a
 * package enters an area's plans, returns or pools, so an ICB finance lead
 * can consolidate in a copy of the app that also holds an area, or none.
 */

/** Names match ignoring case and spaces at the ends, as review packages match areas. */
export const headingKey = nameKey;

interface ConsolidationRow {
  id: number;
  name: string;
  year: YearLabel;
  created_at: string;
  areas: number;
}

const SUMMARY_SQL = `SELECT c.id, c.name, c.year, c.created_at,
  (SELECT count(*) FROM consolidation_area a WHERE a.consolidation_id = c.id) AS areas
  FROM consolidation c`;

const summary = (r: ConsolidationRow): ConsolidationSummary => ({
  id: r.id,
  name: r.name,
  year: r.year,
  areas: r.areas,
  createdAt: r.created_at,
});

export function listConsolidations(ctx: ServiceContext): ConsolidationSummary[] {
  return all<ConsolidationRow>(ctx.db, `${SUMMARY_SQL} ORDER BY c.year DESC, c.name`).map(summary);
}

export function requireConsolidation(ctx: ServiceContext, id: number): ConsolidationSummary {
  const row = one<ConsolidationRow>(ctx.db, `${SUMMARY_SQL} WHERE c.id = ?`, id);
  if (!row) throw new ApiError('not_found', `There is no consolidation ${id}.`, 'id');
  return summary(row);
}

export function createConsolidation(ctx: ServiceContext, name: string, year: YearLabel): ConsolidationSummary {
  const id = write(ctx, (w) => {
    // Checked inside the transaction: a second window starting the same name meanwhile gets this message too.
    const clash = one<{ id: number }>(ctx.db, 'SELECT id FROM consolidation WHERE name = ?', name);
    if (clash)
      throw new ApiError('conflict', `There is already a consolidation called "${name}"; give another name.`, 'name');
    const created = insert(
      ctx.db,
      'INSERT INTO consolidation (name, year, created_at, created_by) VALUES (?, ?, ?, ?)',
      name,
      year,
      ctx.now().toISOString(),
      ctx.actor,
    );
    w.audit({ action: 'create', entity: 'consolidation', entityId: created, newValue: { name, year } });
    return created;
  });
  return requireConsolidation(ctx, id);
}

/** The figures of a package that belong to the year: a plan's spend in that year, its returns, its pools. */
export interface YearFigures {
  lines: {
    schemeId: string;
    schemeName: string;
    schemeType: string;
    areaOfSpend: string;
    source: string;
    pence: number;
  }[];
  returns: { period: string; lines: number; plannedPence: number; actualPence: number }[];
  exposure: { pool: string; partner: string; contributionPence: number; sharePence: number }[];
  /** The plan's minimums for the year; null when the package predates minimums (or holds no plan for the year). */
  minimums: { kind: string; label: string; requiredPence: number; plannedPence: number }[] | null;
}

/**
 * Picks out one year: the plan that covers it (a two-year plan's second year
 * is its second expenditure column), the returns and the pools of that year.
 * Null when the package holds nothing for the year.
 */
export function figuresForYear(f: ReviewFigures, year: YearLabel): YearFigures | null {
  const plan = f.plans.find((p) => p.year === year) ?? f.plans.find((p) => p.years.includes(year));
  const index = plan ? planYearIndex(plan.years, year) : 0;
  const returns = f.returns.filter((r) => r.year === year);
  const pools = f.pools.filter((p) => p.year === year);
  if (!plan && returns.length === 0 && pools.length === 0) return null;
  return {
    lines: (plan?.lines ?? []).map((l) => ({
      schemeId: l.schemeId,
      schemeName: l.schemeName,
      schemeType: l.schemeType,
      areaOfSpend: l.areaOfSpend,
      source: l.sourceOfFunding,
      pence: plannedFor(l, index),
    })),
    returns: returns.map((r) => ({
      period: r.period,
      lines: r.lines.length,
      plannedPence: sumPence(r.lines.map((l) => l.plannedPence)),
      actualPence: sumPence(r.lines.map((l) => l.actualPence ?? 0)),
    })),
    exposure: pools.flatMap((p) =>
      p.partners.map((c) => ({
        pool: p.name,
        partner: c.name,
        contributionPence: c.contributionPence,
        sharePence: sumPence(p.shares.filter((s) => s.partner === c.name).map((s) => s.pence)),
      })),
    ),
    minimums:
      plan?.minimums
        ?.filter((x) => x.year === year)
        .map((x) => ({ kind: x.kind, label: x.label, requiredPence: x.requiredPence, plannedPence: x.plannedPence })) ??
      null,
  };
}

function refuse(message: string): never {
  throw new ApiError('refused', `${message} Nothing has been changed.`);
}

/** What years a package holds, in words, for a wrong-year refusal. */
function yearsHeld(f: ReviewFigures): string {
  const years = new Set<string>([
    ...f.plans.flatMap((p) => p.years),
    ...f.returns.map((r) => r.year),
    ...f.pools.map((p) => p.year),
  ]);
  return years.size === 0 ? 'no figures at all' : `figures for ${[...years].sort().join(', ')} only`;
}

/**
 * Reads one area's review package into the consolidation: verified exactly
 * as the partner's review verifies it, refused when it is for an area already
 * in the consolidation or holds nothing for its year, and written whole in
 * one transaction with its history row.
 */
const LINE_SQL = `INSERT INTO consolidation_line (area_id, scheme_id, scheme_name, scheme_type, area_of_spend, source_of_funding, expenditure_pence)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;
const RETURN_SQL =
  'INSERT INTO consolidation_return (area_id, period, lines, planned_pence, actual_pence) VALUES (?, ?, ?, ?, ?)';
const MINIMUM_SQL = `INSERT INTO consolidation_minimum (area_id, position, kind, label, required_pence, planned_pence)
  VALUES (?, ?, ?, ?, ?, ?)`;
const EXPOSURE_SQL = `INSERT INTO consolidation_exposure (area_id, pool_name, partner, partner_key, contribution_pence, share_pence)
  VALUES (?, ?, ?, ?, ?, ?)`;

export function importPackage(ctx: ServiceContext, id: number, text: string): { areaId: number } {
  const target = requireConsolidation(ctx, id);
  reportProgress(ctx, 'Checking the package’s fingerprint');
  const pkg: ReviewPackage = verifiedPackage(text);
  const { manifest, figures } = pkg;
  const area = manifest.area.name;
  const year = figuresForYear(figures, target.year);
  if (!year)
    refuse(
      `This package from ${area} holds ${yearsHeld(figures)}, but "${target.name}" consolidates ${target.year}. Ask ${area} for a package of its ${target.year} figures.`,
    );
  reportProgress(ctx, `Adding ${year.lines.length.toLocaleString('en-GB')} lines from ${area}`);
  return write(ctx, (w) => {
    // Inside the transaction, so two windows adding the same area cannot both pass it.
    const existing = one<{ package_id: string; sent_at: string }>(
      ctx.db,
      'SELECT package_id, sent_at FROM consolidation_area WHERE consolidation_id = ? AND area_key = ?',
      id,
      headingKey(area),
    );
    if (existing)
      refuse(
        existing.package_id === manifest.packageId
          ? `This package (${area}) is already in "${target.name}".`
          : `${area} is already in "${target.name}" (from a package sent ${existing.sent_at.slice(0, 10)}). Remove that area first to replace it with this package.`,
      );
    const areaId = insert(
      ctx.db,
      `INSERT INTO consolidation_area (consolidation_id, area_name, area_key, package_id, fingerprint, sent_at, sent_by, imported_at, imported_by, minimums_known)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      area,
      headingKey(area),
      manifest.packageId,
      manifest.fingerprint,
      manifest.createdAt,
      manifest.createdBy,
      ctx.now().toISOString(),
      ctx.actor,
      year.minimums === null ? 0 : 1,
    );
    (year.minimums ?? []).forEach((x, i) =>
      run(ctx.db, MINIMUM_SQL, areaId, i + 1, x.kind, x.label, x.requiredPence, x.plannedPence),
    );
    for (const l of year.lines)
      run(ctx.db, LINE_SQL, areaId, l.schemeId, l.schemeName, l.schemeType, l.areaOfSpend, l.source, l.pence);
    for (const r of year.returns) run(ctx.db, RETURN_SQL, areaId, r.period, r.lines, r.plannedPence, r.actualPence);
    for (const e of year.exposure)
      run(ctx.db, EXPOSURE_SQL, areaId, e.pool, e.partner, headingKey(e.partner), e.contributionPence, e.sharePence);
    w.audit({
      action: 'import',
      entity: 'consolidation_area',
      entityId: areaId,
      newValue: {
        consolidation: target.name,
        area,
        packageId: manifest.packageId,
        fingerprint: manifest.fingerprint,
        lines: year.lines.length,
        returns: year.returns.length,
        pools: new Set(year.exposure.map((e) => e.pool)).size,
        minimums: year.minimums?.length ?? null,
      },
    });
    return { areaId };
  });
}

/** Takes one area's figures out of the consolidation (to replace them with a newer package). */
export function removeArea(ctx: ServiceContext, id: number, areaId: number): void {
  const target = requireConsolidation(ctx, id);
  const row = one<{ area_name: string; package_id: string }>(
    ctx.db,
    'SELECT area_name, package_id FROM consolidation_area WHERE id = ? AND consolidation_id = ?',
    areaId,
    id,
  );
  if (!row) throw new ApiError('not_found', `"${target.name}" has no area ${areaId}.`, 'areaId');
  write(ctx, (w) => {
    run(ctx.db, 'DELETE FROM consolidation_area WHERE id = ?', areaId);
    w.audit({
      action: 'delete',
      entity: 'consolidation_area',
      entityId: areaId,
      oldValue: { consolidation: target.name, area: row.area_name, packageId: row.package_id },
    });
  });
}
