import { one, run } from '../../db/statements';
import type { PoolImportOutcome } from '../../../shared/api/pools';
import { ApiError } from '../../../shared/api/errors';
import { describeProblem, type ImportProblem, type Row } from '../../../shared/imports/table';
import { sumPence } from '../../../shared/money';
import { importPublishedPools } from '../../../shared/pools/import-published';
import { ratioText } from '../../../shared/pools/model';
import type { YearLabel } from '../../../shared/years/financial-year';
import { requireArea } from '../areas/areas';
import { write } from '../write';
import type { ServiceContext } from '../context';
import { loadPool, poolIdsForYear } from './store';
import { RATIO_METHOD, insertPool } from './create';

/**
 * Importing the published pooled-budgets table, and the refusal every pool import shares: each
 * import reads the whole file first and writes nothing unless it is all good.
 */

export function refuseProblems(problems: ImportProblem[]): void {
  if (problems.length === 0) return;
  const details = problems.map(describeProblem);
  throw new ApiError(
    'refused',
    `${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}; nothing was imported.`,
    undefined,
    details,
  );
}

export function importPoolsTable(
  ctx: ServiceContext,
  args: { file: string; rows: readonly Row[]; year: YearLabel; replace?: boolean; dryRun?: boolean },
): PoolImportOutcome {
  const parsed = importPublishedPools(args.file, args.rows);
  refuseProblems(parsed.problems);
  requireArea(ctx);
  const existing = poolIdsForYear(ctx, args.year).map((id) => ({
    id,
    name: one<{ name: string }>(ctx.db, 'SELECT name FROM pool WHERE id = ?', id)!.name,
  }));
  const clashes = existing.filter((e) => parsed.pools.some((p) => p.name.toLowerCase() === e.name.toLowerCase()));
  if (clashes.length > 0 && !args.replace) {
    throw new ApiError(
      'conflict',
      `${args.year} already has ${clashes.map((c) => `"${c.name}"`).join(', ')}; choose to replace ${clashes.length === 1 ? 'it' : 'them'} (their lines, outturns and agreements go too).`,
    );
  }
  const outcome: PoolImportOutcome = {
    file: args.file,
    year: args.year,
    dryRun: Boolean(args.dryRun),
    pools: parsed.pools.map((p) => ({
      name: p.name,
      ratio: ratioText(p.partners.map((x) => x.ratio)),
      contributionsPence: sumPence(p.contributions.map((c) => c.amountPence)),
    })),
    replaced: clashes.map((c) => c.name),
    totals: parsed.totals,
  };
  if (args.dryRun) return outcome;
  write(ctx, (w) => {
    for (const c of clashes) {
      w.audit({
        action: 'delete',
        entity: 'pool',
        entityId: c.id,
        oldValue: loadPool(ctx, c.id),
        reason: `replaced by ${args.file}`,
      });
      run(ctx.db, 'DELETE FROM pool WHERE id = ?', c.id);
    }
    for (const p of parsed.pools) {
      const id = insertPool(ctx, {
        year: args.year,
        name: p.name,
        legalBasis: p.legalBasis,
        partners: p.partners,
        host: null,
        contributions: p.contributions.map((c) => ({
          partner: c.partner,
          label: c.label,
          amountPence: c.amountPence,
          source: { file: args.file, row: p.row },
        })),
        overspend: RATIO_METHOD,
        underspend: RATIO_METHOD,
        printedTotalPence: p.printedTotalPence,
        source: { file: args.file, row: p.row },
      });
      w.audit({
        action: 'import',
        entity: 'pool',
        entityId: id,
        newValue: {
          file: args.file,
          row: p.row,
          year: args.year,
          name: p.name,
          ratio: ratioText(p.partners.map((x) => x.ratio)),
        },
      });
    }
  });
  return outcome;
}
