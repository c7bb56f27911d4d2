import { one, all, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';

/**
 * When a plan import replaces a year's lines, the pool contributions linked to
 * the old lines would lose their link. Before the lines go, `rememberLinks`
 * notes each link by the line's identity (Scheme ID, Scheme Name, Source of
 * Funding); afterwards `restoreLinks` points each at the one new line with the
 * same identity, or reports it dropped when there is none or more than one.
 */
export interface LinkMemory {
  contributionId: number;
  label: string;
  oldLineId: number;
  identity: string;
}

export interface RelinkOutcome {
  relinked: number;
  dropped: string[];
}

const identity =
  'lower(trim(s.code)) || char(1) || lower(trim(l.scheme_name)) || char(1) || lower(trim(l.source_of_funding))';

export function rememberLinks(ctx: ServiceContext, planId: number): LinkMemory[] {
  return all<LinkMemory>(
    ctx.db,
    `SELECT c.id AS contributionId, c.label, l.id AS oldLineId, ${identity} AS identity
      FROM pool_contribution c JOIN scheme_line l ON l.id = c.scheme_line_id JOIN scheme s ON s.id = l.scheme_id
      WHERE l.plan_id = ?`,
    planId,
  );
}

export function restoreLinks(ctx: ServiceContext, planId: number, links: readonly LinkMemory[]): RelinkOutcome {
  const outcome: RelinkOutcome = { relinked: 0, dropped: [] };
  for (const link of links) {
    const current = one<{ id: number | null }>(
      ctx.db,
      'SELECT scheme_line_id AS id FROM pool_contribution WHERE id = ?',
      link.contributionId,
    );
    if (!current || current.id !== null) continue; // still linked (the line was kept) or gone
    const matches = all<{ id: number }>(
      ctx.db,
      `SELECT l.id FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id WHERE l.plan_id = ? AND ${identity} = ?`,
      planId,
      link.identity,
    );
    if (matches.length !== 1) {
      outcome.dropped.push(link.label);
      continue;
    }
    run(ctx.db, 'UPDATE pool_contribution SET scheme_line_id = ? WHERE id = ?', matches[0]!.id, link.contributionId);
    recordAudit(ctx, {
      action: 'update',
      entity: 'pool_contribution',
      entityId: link.contributionId,
      field: 'schemeLineId',
      oldValue: link.oldLineId,
      newValue: matches[0]!.id,
      reason: 'The plan line it was linked to was replaced by an import',
    });
    outcome.relinked += 1;
  }
  return outcome;
}
