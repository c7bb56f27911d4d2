import fs from 'node:fs';
import path from 'node:path';
import type { SampleLoaded } from '../../../shared/api';
import { createArea, getArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { readTable } from '../files/read-table';
import { importPlanTable } from '../plans/import-plan';

export const SAMPLE = {
  area: 'Bath and North East Somerset',
  year: '2019-20',
  file: 'plan-2019-20-schemes.tsv',
} as const;

/**
 * Loads the published Bath and North East Somerset 2019/20 plan (Health and
 * Care Board, 4 June 2019) exactly as printed, so a new user sees real data,
 * errors included.
 */
export function loadSample(ctx: ServiceContext): SampleLoaded {
  const bytes = fs.readFileSync(path.join(ctx.assetsDir, 'samples', SAMPLE.file));
  const area = getArea(ctx) ?? createArea(ctx, SAMPLE.area);
  const outcome = importPlanTable(ctx, {
    file: SAMPLE.file,
    rows: readTable(SAMPLE.file, bytes),
    year: SAMPLE.year,
    mode: 'refuse',
  });
  return { area, year: SAMPLE.year, lines: outcome.imported };
}
