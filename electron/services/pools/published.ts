import fs from 'node:fs';
import path from 'node:path';
import type { PoolImportOutcome } from '../../../shared/api/pools';
import { createArea, getArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { readTable } from '../files/read-table';
import { importPoolsTable } from './import-pools';

export const PUBLISHED_POOLS = {
  area: 'Bath and North East Somerset',
  year: '2019-20',
  file: 'pooled-budgets-2019-20.tsv',
} as const;

/**
 * Loads the four pooled budgets Bath and North East Somerset published for
 * 2019/20 (Health and Care Board, 4 June 2019), exactly as printed.
 */
export function loadPublishedPools(ctx: ServiceContext): PoolImportOutcome {
  const bytes = fs.readFileSync(path.join(ctx.assetsDir, 'samples', PUBLISHED_POOLS.file));
  if (!getArea(ctx)) createArea(ctx, PUBLISHED_POOLS.area);
  return importPoolsTable(ctx, {
    file: PUBLISHED_POOLS.file,
    rows: readTable(PUBLISHED_POOLS.file, bytes),
    year: PUBLISHED_POOLS.year,
  });
}
