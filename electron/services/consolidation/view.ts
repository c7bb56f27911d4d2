import {
  MINIMUMS_NOT_IN_PACKAGE,
  type AreaMinimum,
  type ConsolidatedArea,
  type ConsolidationView,
  type HeadingTotal,
  type PartnerExposure,
  type QuarterTotal,
} from '../../../shared/api';
import { PERIODS, type Period } from '../../../shared/returns/period';
import type { ServiceContext } from '../context';
import { all, one } from '../../db/statements';
import { requireConsolidation } from './store';

/**
 * A consolidation's totals, each one SQL aggregate (GROUP BY) over the rows
 * its packages brought: SQLite adds integers exactly, so every total is the
 * pence of the lines beneath it, no rounding anywhere. Headings that differ
 * only in case or spaces at the ends are one heading (areas type the same
 * list by hand); the spelling shown is the first in alphabetical order.
 */

const BY_AREA = `SELECT a.id, a.area_name AS name, a.package_id AS packageId, a.fingerprint, a.sent_at AS sentAt,
    a.sent_by AS sentBy, a.imported_at AS importedAt,
    (SELECT count(*) FROM consolidation_line l WHERE l.area_id = a.id) AS lines,
    (SELECT coalesce(sum(l.expenditure_pence), 0) FROM consolidation_line l WHERE l.area_id = a.id) AS expenditurePence
  FROM consolidation_area a WHERE a.consolidation_id = ? ORDER BY a.area_name COLLATE NOCASE`;

const byHeading = (column: string) => `SELECT min(trim(l.${column})) AS heading, count(*) AS lines,
    sum(l.expenditure_pence) AS expenditurePence
  FROM consolidation_line l JOIN consolidation_area a ON a.id = l.area_id
  WHERE a.consolidation_id = ? GROUP BY name_key(l.${column})`;

const QUARTERS = `SELECT r.period, count(*) AS areas, sum(r.planned_pence) AS plannedPence, sum(r.actual_pence) AS actualPence
  FROM consolidation_return r JOIN consolidation_area a ON a.id = r.area_id
  WHERE a.consolidation_id = ? GROUP BY r.period`;

const EXPOSURE = `SELECT e.partner_key AS key, min(e.partner) AS partner, count(*) AS pools,
    sum(e.contribution_pence) AS contributionPence, sum(e.share_pence) AS sharePence,
    group_concat(DISTINCT a.id) AS areaList
  FROM consolidation_exposure e JOIN consolidation_area a ON a.id = e.area_id
  WHERE a.consolidation_id = ? GROUP BY e.partner_key ORDER BY partner COLLATE NOCASE`;

const TOTAL = `SELECT count(*) AS lines, coalesce(sum(l.expenditure_pence), 0) AS expenditurePence
  FROM consolidation_line l JOIN consolidation_area a ON a.id = l.area_id WHERE a.consolidation_id = ?`;

// An area whose package predates minimums (minimums_known = 0) gives one row of nulls from the outer join.
const MINIMUMS = `SELECT a.area_name AS area, m.label, m.required_pence AS requiredPence, m.planned_pence AS plannedPence
  FROM consolidation_area a LEFT JOIN consolidation_minimum m ON m.area_id = a.id
  WHERE a.consolidation_id = ? AND (a.minimums_known = 0 OR m.id IS NOT NULL)
  ORDER BY a.area_name COLLATE NOCASE, m.position`;

type MinimumRow = Omit<AreaMinimum, 'met' | 'label'> & { label: string | null };

const minimum = (r: MinimumRow): AreaMinimum =>
  r.requiredPence === null || r.plannedPence === null
    ? { area: r.area, label: MINIMUMS_NOT_IN_PACKAGE, requiredPence: null, plannedPence: null, met: null }
    : { ...r, label: r.label ?? '', met: r.plannedPence >= r.requiredPence };

// Scheme types are numbered ("3. Carers services" before "10. Integrated care planning"): number order, not text order.
const named = (rows: HeadingTotal[]) =>
  rows
    .map((r) => ({ ...r, heading: r.heading || '(not given)' }))
    .sort((a, b) => a.heading.localeCompare(b.heading, 'en-GB', { numeric: true, sensitivity: 'base' }));

export function getConsolidation(ctx: ServiceContext, id: number): ConsolidationView {
  const c = requireConsolidation(ctx, id);
  const rows = <T>(sql: string) => all<T>(ctx.db, sql, id);
  const quarters = rows<QuarterTotal>(QUARTERS).sort(
    (a, b) => PERIODS.indexOf(a.period as Period) - PERIODS.indexOf(b.period as Period),
  );
  // The partner's areas come as their ids (a name may hold a comma; an id cannot), listed in the areas' order.
  const areas = rows<ConsolidatedArea>(BY_AREA);
  const exposure = rows<Omit<PartnerExposure, 'areas'> & { key: string; areaList: string }>(EXPOSURE).map(
    ({ key: _key, areaList, ...e }) => {
      const ids = new Set(areaList.split(',').map(Number));
      return { ...e, areas: areas.filter((a) => ids.has(a.id)).map((a) => a.name) };
    },
  );
  return {
    id: c.id,
    name: c.name,
    year: c.year,
    areas,
    total: one<ConsolidationView['total']>(ctx.db, TOTAL, id)!,
    bySource: named(rows<HeadingTotal>(byHeading('source_of_funding'))),
    bySchemeType: named(rows<HeadingTotal>(byHeading('scheme_type'))),
    quarters,
    exposure,
    minimums: rows<MinimumRow>(MINIMUMS).map(minimum),
  };
}
