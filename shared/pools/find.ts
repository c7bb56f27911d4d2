import { ApiError } from '../api/errors';
import type { YearLabel } from '../years/financial-year';
import type { PoolData } from './statement';

/**
 * A pool named as a person types it — its id, its whole name, or enough of the start of its name
 * to tell it from the others — among the year's pools. The command line names pools this way; a
 * screen picks one from a list and sends its id.
 */
export function matchPool<P extends { id: number; name: string }>(
  pools: readonly P[],
  ref: string,
  year: YearLabel,
): P {
  const rows = [...pools].sort((a, b) => a.id - b.id);
  if (rows.length === 0)
    throw new ApiError(
      'not_found',
      `There are no pools in ${year}; import them first (bcf pool import FILE --year ${year}).`,
      'pool',
    );
  const want = ref.trim().toLowerCase();
  const exact = rows.filter((r) => r.name.toLowerCase() === want || String(r.id) === want);
  if (exact.length === 1) return exact[0]!;
  const prefix = rows.filter((r) => r.name.toLowerCase().startsWith(want));
  if (prefix.length === 1 && want !== '') return prefix[0]!;
  const names = rows.map((r) => `"${r.name}"`).join(', ');
  if (prefix.length > 1)
    throw new ApiError(
      'invalid_request',
      `"${ref}" could be ${prefix.map((r) => `"${r.name}"`).join(' or ')}; give more of the name.`,
      'pool',
    );
  throw new ApiError('not_found', `There is no pool "${ref}" in ${year}; the pools are ${names}.`, 'pool');
}

/** A pool's budget line by the ID people give it ("L3"), not the database's. */
export function lineIdByCode(pool: PoolData, code: string): number {
  const line = pool.lines.find((l) => l.code.toLowerCase() === code.trim().toLowerCase());
  if (!line) {
    throw new ApiError(
      'not_found',
      pool.lines.length === 0
        ? `${pool.name} has no budget lines; give a pool-level amount instead.`
        : `${pool.name} has no budget line ${code}; its lines are ${pool.lines.map((l) => l.code).join(', ')}.`,
      'line',
    );
  }
  return line.id;
}
