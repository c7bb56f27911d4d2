import { createArea } from '../../electron/services/areas/areas';
import { readTable } from '../../electron/services/files/read-table';
import { setRequirement } from '../../electron/services/plans/income';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { findPlan } from '../../electron/services/plans/plan-store';
import type { RequirementKind } from '../../shared/plans/income';
import { importPoolsTable } from '../../electron/services/pools/import-pools';
import { poolIdsForYear } from '../../electron/services/pools/store';
import { createReturn } from '../../electron/services/returns/create';
import { exportPackage } from '../../electron/services/review/package';
import { tempContext } from './db';
import { published, tsvRows } from './fixtures';

/**
 * Areas built from the published B&NES 2019-20 tables, each in its own
 * database, each sending a review package: what an ICB consolidates. The
 * plan's lines are shared out so that no two areas are alike.
 */

export const PLAN_FILE = 'plan-2019-20-schemes.tsv';
const POOLS_FILE = 'pooled-budgets-2019-20.tsv';

const [header, ...body] = tsvRows(published(PLAN_FILE));
export const PLAN_HEADER = header!;

export const THREE_AREAS: { name: string; rows: string[][] }[] = [
  { name: 'Bath and North East Somerset', rows: body },
  { name: 'Swindon', rows: body.slice(0, 20) },
  { name: 'Wiltshire', rows: body.slice(20) },
];

const toTsv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join('\t')).join('\n'));

/** A required minimum entered in the area's plan before it sends its package. */
export interface Minimum {
  kind: RequirementKind;
  pence: number;
}

/** One area's own database: its plan lines and minimums, the published pools and a Q1 return, sent as a package (its JSON). */
export function areaPackage(name: string, rows: string[][], year = '2019-20', minimums: Minimum[] = []): string {
  const ctx = tempContext(`${name.trim().toLowerCase().replace(/\W+/g, '.')}.bcf`);
  try {
    createArea(ctx, name);
    importPlanTable(ctx, {
      file: PLAN_FILE,
      rows: readTable(PLAN_FILE, toTsv([PLAN_HEADER, ...rows])),
      year,
      mode: 'refuse',
    });
    const planId = findPlan(ctx, year)!.id;
    for (const m of minimums) setRequirement(ctx, planId, year, m.kind, m.pence);
    importPoolsTable(ctx, {
      file: POOLS_FILE,
      rows: readTable(POOLS_FILE, toTsv(tsvRows(published(POOLS_FILE)))),
      year,
    });
    createReturn(ctx, { year, period: 'Q1' });
    return exportPackage(ctx, {
      plans: [year],
      returns: [{ year, period: 'Q1' }],
      pools: poolIdsForYear(ctx, year),
      note: '',
    }).json;
  } finally {
    ctx.close();
  }
}
