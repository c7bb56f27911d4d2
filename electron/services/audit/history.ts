import type { HistoryQuery, HistoryView } from '../../../shared/api';
import { describeEntry, ENTITY_LABELS, type HistoryRow } from '../../../shared/audit/describe';
import { batchRecords, isLineBatch, LINE_BATCH_FIELD } from '../../../shared/audit/line-batch';
import type { IsoDate } from '../../../shared/dates/iso-date';
import { toCsv, safeFileName } from '../../../shared/exports/csv';
import { returnLabel, type Period } from '../../../shared/returns/period';
import type { YearLabel } from '../../../shared/years/financial-year';
import { one, all } from '../../db/statements';
import type { ServiceContext } from '../context';
import { listPlans, planLabelOf } from '../plans/plan-store';
import { referenceSets } from '../reference/reference';
import { listAudit } from './audit';
import type { AuditScope } from './scope';

/**
 * The History screen and its CSV: every change in the words of the screens,
 * filtered by plan, return or pool, by line and by date. A plan, return or
 * pool deleted since keeps its name, from the history of its deletion.
 */
const DEFAULT_LIMIT = 500;

type ScopeKey = `${AuditScope['kind']}:${number}`;

/** Local midnight of a date (the day after, for the end of a range), as the audit's UTC timestamps are compared with it. */
function instant(date: IsoDate, nextDay = false): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
}

function deletedName(ctx: ServiceContext, entity: string, id: number): Record<string, unknown> | null {
  const row = one<{ v: string | null }>(
    ctx.db,
    "SELECT old_value AS v FROM audit_log WHERE entity = ? AND entity_id = ? AND action = 'delete' ORDER BY id DESC LIMIT 1",
    entity,
    id,
  );
  try {
    return row?.v ? (JSON.parse(row.v) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** "Plan 2023-25", "Q1 2024-25 return", "Pool Community Equipment": every plan, return and pool the history mentions. */
function scopeLabels(ctx: ServiceContext): Map<ScopeKey, string> {
  const labels = new Map<ScopeKey, string>();
  for (const p of listPlans(ctx)) labels.set(`plan:${p.id}`, `Plan ${planLabelOf(p.years)}`);
  for (const r of all<{ id: number; year: YearLabel; period: Period }>(
    ctx.db,
    'SELECT id, year_label AS year, period FROM bcf_return',
  )) {
    labels.set(`return:${r.id}`, `${returnLabel(r.year, r.period)} return`);
  }
  for (const p of all<{ id: number; name: string; year: string }>(
    ctx.db,
    'SELECT p.id, p.name, y.label AS year FROM pool p JOIN financial_year y ON y.id = p.year_id',
  )) {
    labels.set(`pool:${p.id}`, `Pool ${p.name} ${p.year}`);
  }
  for (const s of all<AuditScope>(
    ctx.db,
    'SELECT DISTINCT scope_kind AS kind, scope_id AS id FROM audit_log WHERE scope_kind IS NOT NULL',
  )) {
    const key: ScopeKey = `${s.kind}:${s.id}`;
    if (labels.has(key)) continue;
    const gone = deletedName(ctx, s.kind === 'return' ? 'bcf_return' : s.kind, s.id);
    const name =
      s.kind === 'plan'
        ? Array.isArray(gone?.years)
          ? `Plan ${planLabelOf(gone.years as YearLabel[])}`
          : 'Plan'
        : s.kind === 'return'
          ? gone?.year && gone.period
            ? `${returnLabel(gone.year as YearLabel, gone.period as Period)} return`
            : 'Return'
          : `Pool${typeof gone?.name === 'string' ? ` ${gone.name}` : ''}`;
    labels.set(key, `${name} (deleted)`);
  }
  return labels;
}

/** The line or record a change is about, by its name now or, if it is gone, as it was. */
const NAMED: Record<string, { sql: string; from: (o: Record<string, unknown>) => string }> = {
  scheme_line: {
    sql: "SELECT s.code || ' ' || l.scheme_name AS name FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id WHERE l.id = ?",
    from: (o) => `${String(o.schemeId ?? '')} ${String(o.schemeName ?? '')}`,
  },
  return_line: {
    sql: "SELECT scheme_code || ' ' || scheme_name AS name FROM return_line WHERE id = ?",
    from: (o) => `${String(o.schemeId ?? '')} ${String(o.schemeName ?? '')}`,
  },
  income_line: {
    sql: 'SELECT source_of_funding AS name FROM income_line WHERE id = ?',
    from: (o) => String(o.sourceOfFunding ?? ''),
  },
  pool_budget_line: {
    sql: "SELECT code || ' ' || name AS name FROM pool_budget_line WHERE id = ?",
    from: (o) => `${String(o.code ?? '')} ${String(o.name ?? '')}`,
  },
  pool_contribution: {
    sql: 'SELECT label AS name FROM pool_contribution WHERE id = ?',
    from: (o) => String(o.label ?? ''),
  },
};

/**
 * Lines taken away many at once (an import that replaced them, the undo of an import) are kept in one
 * audit row for them all: their names are read from those rows, all at once, the first time one is missed.
 */
function batchNames(ctx: ServiceContext, cache: Map<string, string>): void {
  if (cache.has('batches')) return;
  cache.set('batches', '');
  const rows = all<{ v: string | null }>(
    ctx.db,
    "SELECT old_value AS v FROM audit_log WHERE entity = 'scheme_line' AND field = ? AND action = 'delete' ORDER BY id",
    LINE_BATCH_FIELD,
  );
  for (const { v } of rows) {
    const batch = v ? (JSON.parse(v) as unknown) : null;
    if (!isLineBatch(batch)) continue;
    for (const line of batchRecords(batch))
      cache.set(`gone:${String(line.id)}`, `${String(line.schemeId ?? '')} ${String(line.schemeName ?? '')}`.trim());
  }
}

function recordName(ctx: ServiceContext, entity: string, id: number | null, cache: Map<string, string>): string {
  const spec = NAMED[entity];
  if (!spec || id === null) return '';
  const key = `${entity}:${id}`;
  let name = cache.get(key);
  if (name === undefined) {
    const row = one<{ name: string }>(ctx.db, spec.sql, id);
    const gone = row ? null : deletedName(ctx, entity, id);
    name = (row?.name ?? (gone ? spec.from(gone) : '')).trim();
    if (!row && !gone && entity === 'scheme_line') {
      batchNames(ctx, cache);
      name = cache.get(`gone:${id}`) ?? '';
    }
    cache.set(key, name);
  }
  return name;
}

/** The template years' own fields, by the labels they give them. */
function extraLabels(ctx: ServiceContext): Map<string, string> {
  const labels = new Map<string, string>();
  for (const set of referenceSets(ctx)) for (const f of set.fields) labels.set(f.key, f.label);
  return labels;
}

/**
 * In one line's trail, a batch row (an import, lines put back or taken away many at once) shows that
 * line alone, field by field, as a row of its own would have; a batch that does not hold it is dropped.
 */
function oneLineOf<
  E extends { entityId: number | null; field: string | null; oldValue: string | null; newValue: string | null },
>(e: E, lineId: number): E[] {
  if (e.field !== LINE_BATCH_FIELD || e.entityId !== null) return [e];
  const adds = e.newValue !== null;
  const batch = JSON.parse((adds ? e.newValue : e.oldValue)!) as unknown;
  if (!isLineBatch(batch)) return [e];
  const line = batchRecords(batch).find((l) => l.id === lineId);
  if (!line) return [];
  const { id: _id, sourceFile, sourceRow, ...fields } = line;
  const record = JSON.stringify({ ...fields, source: sourceFile ? { file: sourceFile, row: sourceRow } : null });
  return [{ ...e, entityId: lineId, field: null, oldValue: adds ? null : record, newValue: adds ? record : null }];
}

function rowsFor(
  ctx: ServiceContext,
  q: HistoryQuery,
  oldestFirst = false,
): { rows: HistoryRow[]; more: boolean; scopes: Map<ScopeKey, string> } {
  const limit = q.limit ?? DEFAULT_LIMIT;
  const entries = listAudit(ctx, {
    entity: q.entity,
    entityId: q.entityId,
    scope: q.scope,
    since: q.from ? instant(q.from) : undefined,
    until: q.to ? instant(q.to, true) : undefined,
    limit: limit + 1,
  });
  const scopes = scopeLabels(ctx);
  const extras = extraLabels(ctx);
  const names = new Map<string, string>();
  const kept = (q.entityId === undefined ? entries : entries.flatMap((e) => oneLineOf(e, q.entityId!))).slice(0, limit);
  // Changes in either order; the fields of one change always in the order it holds them.
  const rows = (oldestFirst ? kept.reverse() : kept).flatMap((e) => {
    const scope = e.scopeKind && e.scopeId !== null ? scopes.get(`${e.scopeKind}:${e.scopeId}`) : undefined;
    const isScope =
      (e.entity === 'plan' && e.scopeKind === 'plan') ||
      (e.entity === 'bcf_return' && e.scopeKind === 'return') ||
      (e.entity === 'pool' && e.scopeKind === 'pool');
    const name = recordName(ctx, e.entity, e.entityId, names);
    const thing = isScope ? '' : `${ENTITY_LABELS[e.entity] ?? e.entity.replace(/_/g, ' ')}${name ? ` ${name}` : ''}`;
    return describeEntry(
      e,
      [scope, thing].filter(Boolean).join(' · ') || (ENTITY_LABELS[e.entity] ?? e.entity),
      extras,
    );
  });
  return { rows, more: entries.length > limit, scopes };
}

/** The ids of every line in the scope's batch rows. */
function batchLineIds(ctx: ServiceContext, scope: AuditScope): number[] {
  const rows = all<{ v: string | null }>(
    ctx.db,
    "SELECT coalesce(new_value, old_value) AS v FROM audit_log WHERE scope_kind = ? AND scope_id = ? AND entity = 'scheme_line' AND field = ? AND entity_id IS NULL",
    scope.kind,
    scope.id,
    LINE_BATCH_FIELD,
  );
  const ids: number[] = [];
  for (const { v } of rows) {
    const batch = v ? (JSON.parse(v) as unknown) : null;
    if (!isLineBatch(batch)) continue;
    const at = batch.columns.indexOf('id');
    for (const r of batch.rows) ids.push(r[at] as number);
  }
  return ids;
}

/** Newest first, at most `limit` changes (500 unless asked), with what the filters can choose from. */
export function historyView(ctx: ServiceContext, q: HistoryQuery): HistoryView {
  const { rows, more, scopes } = rowsFor(ctx, q);
  const lines = q.scope
    ? all<{ entity: string; id: number }>(
        ctx.db,
        `SELECT DISTINCT entity, entity_id AS id FROM audit_log WHERE scope_kind = ? AND scope_id = ? AND entity IN (${Object.keys(
          NAMED,
        )
          .map(() => '?')
          .join(', ')}) AND entity_id IS NOT NULL ORDER BY entity, entity_id`,
        q.scope.kind,
        q.scope.id,
        ...Object.keys(NAMED),
      )
    : [];
  if (q.scope) {
    // Lines imported (or put back) many at once are named only inside their batch row.
    const seen = new Set(lines.filter((l) => l.entity === 'scheme_line').map((l) => l.id));
    for (const id of batchLineIds(ctx, q.scope))
      if (!seen.has(id)) {
        seen.add(id);
        lines.push({ entity: 'scheme_line', id });
      }
  }
  const names = new Map<string, string>();
  return {
    rows,
    more,
    scopes: [...scopes]
      .map(([key, label]) => ({ kind: key.split(':')[0] as AuditScope['kind'], id: Number(key.split(':')[1]), label }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    lines: lines
      .map((l) => ({
        entity: l.entity,
        entityId: l.id,
        label: `${ENTITY_LABELS[l.entity] ?? l.entity} ${recordName(ctx, l.entity, l.id, names)}`.trim(),
      }))
      .sort((a, b) => a.label.localeCompare(b.label, 'en-GB', { numeric: true })),
  };
}

const when = (at: string) => {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** The same rows as the screen, oldest first, every one of them (not only the last 500). */
export function historyCsv(ctx: ServiceContext, q: HistoryQuery): { fileName: string; csv: string } {
  const { rows, scopes } = rowsFor(ctx, { ...q, limit: q.limit ?? 1_000_000 }, true);
  const scope = q.scope ? scopes.get(`${q.scope.kind}:${q.scope.id}`) : undefined;
  const csv = toCsv([
    ['When', 'Who', 'Action', 'What', 'Field', 'Was', 'Now', 'Why'],
    ...rows.map((r) => [when(r.at), r.who, r.action, r.what, r.field, r.was, r.now, r.why]),
  ]);
  return { fileName: `${safeFileName(`BCF history${scope ? ` ${scope}` : ''}`, 'BCF history')}.csv`, csv };
}
