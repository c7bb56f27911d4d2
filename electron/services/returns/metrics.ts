import { ApiError } from '../../../shared/api';
import {
  DEFAULT_METRICS,
  type AssessmentInput,
  type Metric,
  type MetricAssessment,
  type MetricRevision,
  type MetricRevisionInput,
  type OnTrack,
} from '../../../shared/returns/metrics';
import type { YearLabel } from '../../../shared/years/financial-year';
import { all, insert, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { write } from '../write';
import { touch } from './entry';
import { assertUnlocked, listReturnRecords, requireReturn, setState, type ReturnRecord } from './store';
import { returnLabel, type Period } from '../../../shared/returns/period';

/**
 * The year's metrics and their targets. A year starts with the usual four
 * (seeded, with no targets, the first time a return is made for it); the
 * user renames, adds, removes and sets targets.
 */
export function listMetrics(ctx: ServiceContext, year: YearLabel): Metric[] {
  const rows = all<Omit<Metric, 'revisions'>>(
    ctx.db,
    'SELECT id, year_label AS year, name, target, numerator, denominator FROM metric WHERE year_label = ? ORDER BY position, id',
    year,
  );
  const revisions = revisionsOf(ctx, year);
  return rows.map((m) => ({ ...m, revisions: revisions.get(m.id) ?? [] }));
}

/** The targets each of the year's metrics replaced, oldest first, by metric id. */
function revisionsOf(ctx: ServiceContext, year: YearLabel): Map<number, MetricRevision[]> {
  const rows = all<MetricRevision & { metricId: number }>(
    ctx.db,
    `SELECT r.metric_id AS metricId, r.target, r.numerator, r.denominator, r.revised_on AS revisedOn, r.reason
         FROM metric_target_revision r JOIN metric m ON m.id = r.metric_id WHERE m.year_label = ? ORDER BY r.id`,
    year,
  );
  const out = new Map<number, MetricRevision[]>();
  for (const { metricId, ...r } of rows) out.set(metricId, [...(out.get(metricId) ?? []), r]);
  return out;
}

/**
 * Revises a metric's target in the year (DOMAIN §9: targets are revised after
 * submission): the target it replaces is kept, with its numbers, the day and
 * the reason, and shown beside the new one. A return of the year marked ready
 * goes back to draft; an approved one keeps the target it was approved with.
 */
export function reviseMetricTarget(
  ctx: ServiceContext,
  year: YearLabel,
  metricId: number,
  input: MetricRevisionInput,
): Metric {
  return write(ctx, (w) => {
    const metric = listMetrics(ctx, year).find((m) => m.id === metricId);
    if (!metric) throw new ApiError('not_found', `There is no metric ${metricId} for ${year}.`, 'metricId');
    if (metric.target === '')
      throw new ApiError(
        'refused',
        `"${metric.name}" has no target yet: set it with the year's metrics; a revision replaces a target there is.`,
        'target',
      );
    if (
      metric.target === input.target &&
      metric.numerator === input.numerator &&
      metric.denominator === input.denominator
    )
      throw new ApiError('invalid_request', `The revised target of "${metric.name}" is the target it has.`, 'target');
    const revisedOn = ctx.now().toISOString().slice(0, 10);
    run(
      ctx.db,
      'INSERT INTO metric_target_revision (metric_id, target, numerator, denominator, revised_on, reason) VALUES (?, ?, ?, ?, ?, ?)',
      metric.id,
      metric.target,
      metric.numerator,
      metric.denominator,
      revisedOn,
      input.reason,
    );
    run(
      ctx.db,
      'UPDATE metric SET target = ?, numerator = ?, denominator = ? WHERE id = ?',
      input.target,
      input.numerator,
      input.denominator,
      metric.id,
    );
    w.audit({
      action: 'update',
      entity: 'metric',
      entityId: metric.id,
      field: 'target',
      oldValue: metric.target,
      newValue: input.target,
      reason: `Target revised: ${input.reason}`,
    });
    for (const r of listReturnRecords(ctx))
      if (r.year === year && r.state === 'ready')
        setState(ctx, r, 'draft', `The target for "${metric.name}" was revised`);
    return listMetrics(ctx, year).find((m) => m.id === metric.id)!;
  });
}

/**
 * Seeds a year that has no metrics with its template year's (as its workbooks
 * name them), or the usual four where the template year lists none. Call
 * inside a transaction.
 */
export function ensureMetrics(ctx: ServiceContext, year: YearLabel, names: readonly string[] = []): void {
  if (listMetrics(ctx, year).length > 0) return;
  (names.length > 0 ? names : DEFAULT_METRICS).forEach((name, i) => {
    const id = insert(
      ctx.db,
      'INSERT INTO metric (year_label, position, name, target) VALUES (?, ?, ?, ?)',
      year,
      i + 1,
      name,
      '',
    );
    recordAudit(ctx, { action: 'create', entity: 'metric', entityId: id, newValue: { year, name, target: '' } });
  });
}

/** Replaces the year's list: metrics keep their id (and assessments) when their name is kept. */
export function setMetrics(
  ctx: ServiceContext,
  year: YearLabel,
  metrics: { name: string; target: string; numerator?: string; denominator?: string }[],
): Metric[] {
  const names = metrics.map((m) => m.name.trim().toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new ApiError(
      'invalid_request',
      `The metric "${metrics[names.indexOf(dup)]!.name}" is listed twice.`,
      'metrics',
    );
  // Not write(): a new order alone changes positions, which keep no history, and saving the list
  // unchanged rewrites the same rows.
  return inTransaction(ctx, () => {
    const before = listMetrics(ctx, year);
    for (const old of before) {
      if (names.includes(old.name.trim().toLowerCase())) continue;
      const approved = all<{ year: string; period: Period }>(
        ctx.db,
        `SELECT r.year_label AS year, r.period FROM return_metric rm JOIN bcf_return r ON r.id = rm.return_id
          WHERE rm.metric_id = ? AND rm.approved_name IS NOT NULL ORDER BY r.id`,
        old.id,
      ).map((r) => `${returnLabel(r.year, r.period)} return`);
      if (approved.length > 0)
        throw new ApiError(
          'refused',
          `"${old.name}" is part of the approved ${approved.join(' and the ')}, so it cannot be removed or renamed; reopen ${approved.length === 1 ? 'that return' : 'those returns'} first, with a reason.`,
          'metrics',
        );
      run(ctx.db, 'DELETE FROM metric WHERE id = ?', old.id);
      recordAudit(ctx, { action: 'delete', entity: 'metric', entityId: old.id, oldValue: old });
    }
    metrics.forEach((m, i) => {
      const old = before.find((b) => b.name.trim().toLowerCase() === m.name.trim().toLowerCase());
      if (!old) {
        const numbers = { numerator: m.numerator?.trim() ?? '', denominator: m.denominator?.trim() ?? '' };
        const id = insert(
          ctx.db,
          'INSERT INTO metric (year_label, position, name, target, numerator, denominator) VALUES (?, ?, ?, ?, ?, ?)',
          year,
          i + 1,
          m.name.trim(),
          m.target.trim(),
          numbers.numerator,
          numbers.denominator,
        );
        recordAudit(ctx, {
          action: 'create',
          entity: 'metric',
          entityId: id,
          newValue: { year, name: m.name.trim(), target: m.target.trim(), ...numbers },
        });
        return;
      }
      run(
        ctx.db,
        'UPDATE metric SET position = ?, name = ?, target = ? WHERE id = ?',
        i + 1,
        m.name.trim(),
        m.target.trim(),
        old.id,
      );
      for (const [field, column] of [
        ['numerator', 'numerator'],
        ['denominator', 'denominator'],
      ] as const) {
        const next = m[field]?.trim();
        if (next === undefined || next === old[field]) continue;
        run(ctx.db, `UPDATE metric SET ${column} = ? WHERE id = ?`, next, old.id);
        recordAudit(ctx, {
          action: 'update',
          entity: 'metric',
          entityId: old.id,
          field,
          oldValue: old[field],
          newValue: next,
        });
      }
      if (old.target !== m.target.trim())
        recordAudit(ctx, {
          action: 'update',
          entity: 'metric',
          entityId: old.id,
          field: 'target',
          oldValue: old.target,
          newValue: m.target.trim(),
        });
      if (old.name !== m.name.trim())
        recordAudit(ctx, {
          action: 'update',
          entity: 'metric',
          entityId: old.id,
          field: 'name',
          oldValue: old.name,
          newValue: m.name.trim(),
        });
    });
    // A new or changed target changes what the year's returns must say: one marked ready is checked again.
    const after = listMetrics(ctx, year);
    const same =
      after.length === before.length &&
      after.every(
        (m, i) =>
          m.name === before[i]!.name &&
          m.target === before[i]!.target &&
          m.numerator === before[i]!.numerator &&
          m.denominator === before[i]!.denominator,
      );
    if (!same)
      for (const r of listReturnRecords(ctx))
        if (r.year === year && r.state === 'ready') setState(ctx, r, 'draft', `The metrics for ${year} changed`);
    return after;
  });
}

/** Sets one metric's target (a planning workbook read back), with its history row; an open return marked ready goes back to draft. Inside the caller's transaction. */
export function setMetricTarget(ctx: ServiceContext, metric: Metric, target: string, reason?: string): void {
  const next = target.trim();
  if (metric.target === next) return;
  run(ctx.db, 'UPDATE metric SET target = ? WHERE id = ?', next, metric.id);
  recordAudit(ctx, {
    action: 'update',
    entity: 'metric',
    entityId: metric.id,
    field: 'target',
    oldValue: metric.target,
    newValue: next,
    ...(reason ? { reason } : {}),
  });
  for (const r of listReturnRecords(ctx))
    if (r.year === metric.year && r.state === 'ready')
      setState(ctx, r, 'draft', `The target for "${metric.name}" changed`);
}

/**
 * A return's metrics with its assessments. An approved (or submitted, or
 * ratified) return shows the metrics as they were approved; an open one the
 * year's metrics as they are now.
 */
export function listAssessments(
  ctx: ServiceContext,
  returnId: number,
  year: YearLabel,
  locked = false,
): MetricAssessment[] {
  type Row = Omit<MetricAssessment, 'onTrack' | 'revisions'> & { onTrack: string };
  const rows = locked
    ? all<Row>(
        ctx.db,
        `SELECT rm.metric_id AS metricId, rm.approved_name AS name, rm.approved_target AS target, coalesce(rm.approved_numerator, m.numerator) AS numerator, coalesce(rm.approved_denominator, m.denominator) AS denominator, rm.on_track AS onTrack, rm.challenges, rm.achievements
                        FROM return_metric rm JOIN metric m ON m.id = rm.metric_id WHERE rm.return_id = ? AND rm.approved_name IS NOT NULL ORDER BY m.position, m.id`,
        returnId,
      )
    : all<Row>(
        ctx.db,
        `SELECT m.id AS metricId, m.name, m.target, m.numerator, m.denominator, coalesce(rm.on_track, '') AS onTrack, coalesce(rm.challenges, '') AS challenges, coalesce(rm.achievements, '') AS achievements
                        FROM metric m LEFT JOIN return_metric rm ON rm.metric_id = m.id AND rm.return_id = ? WHERE m.year_label = ? ORDER BY m.position, m.id`,
        returnId,
        year,
      );
  const revisions = revisionsOf(ctx, year);
  // An approved return shows the target it was approved with: only the revisions before it.
  return rows.map((r) => {
    const all = revisions.get(r.metricId) ?? [];
    const upTo = locked ? all.findIndex((x) => x.target === r.target) : -1;
    if (upTo < 0) return { ...r, revisions: all, onTrack: r.onTrack as OnTrack };
    const approved = all[upTo]!;
    return {
      ...r,
      numerator: approved.numerator,
      denominator: approved.denominator,
      revisions: all.slice(0, upTo),
      onTrack: r.onTrack as OnTrack,
    };
  });
}

/** At approval: the year's metrics, names and targets, kept with the return as approved. */
export function keepApprovedMetrics(ctx: ServiceContext, returnId: number, year: YearLabel): void {
  run(
    ctx.db,
    'INSERT OR IGNORE INTO return_metric (return_id, metric_id) SELECT ?, id FROM metric WHERE year_label = ?',
    returnId,
    year,
  );
  run(
    ctx.db,
    `UPDATE return_metric SET approved_name = (SELECT name FROM metric WHERE metric.id = return_metric.metric_id),
                                       approved_target = (SELECT target FROM metric WHERE metric.id = return_metric.metric_id),
                                       approved_numerator = (SELECT numerator FROM metric WHERE metric.id = return_metric.metric_id),
                                       approved_denominator = (SELECT denominator FROM metric WHERE metric.id = return_metric.metric_id)
              WHERE return_id = ?`,
    returnId,
  );
}

/** On reopening: the return follows the year's metrics again. */
export function releaseApprovedMetrics(ctx: ServiceContext, returnId: number): void {
  run(
    ctx.db,
    'UPDATE return_metric SET approved_name = NULL, approved_target = NULL, approved_numerator = NULL, approved_denominator = NULL WHERE return_id = ?',
    returnId,
  );
}

export function setAssessment(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  metricId: number,
  input: AssessmentInput,
): void {
  write(ctx, () => {
    const r = requireReturn(ctx, year, period);
    assertUnlocked(r, 'its metric assessments');
    const metric = listMetrics(ctx, year).find((m) => m.id === metricId);
    if (!metric) throw new ApiError('not_found', `There is no metric ${metricId} for ${year}.`, 'metricId');
    writeAssessment(ctx, r, metric, input);
  });
}

/**
 * Sets one metric's assessment on an open return, with a history entry per
 * field that changes; whether anything changed. Inside the caller's
 * transaction (a workbook read back sets them with its lines, all or nothing).
 */
export function writeAssessment(
  ctx: ServiceContext,
  r: ReturnRecord,
  metric: Metric,
  input: AssessmentInput,
  reason?: string,
): boolean {
  const before = listAssessments(ctx, r.id, r.year).find((a) => a.metricId === metric.id)!;
  const fields = (['onTrack', 'challenges', 'achievements'] as const).filter((f) => before[f] !== input[f]);
  // Nothing to save: an assessment as it stands (or blank, as an unsaved one reads) keeps no row change.
  if (fields.length === 0) return false;
  run(
    ctx.db,
    `INSERT INTO return_metric (return_id, metric_id, on_track, challenges, achievements) VALUES (?, ?, ?, ?, ?)
                  ON CONFLICT (return_id, metric_id) DO UPDATE SET on_track = excluded.on_track, challenges = excluded.challenges, achievements = excluded.achievements`,
    r.id,
    metric.id,
    input.onTrack,
    input.challenges,
    input.achievements,
  );
  for (const f of fields) {
    recordAudit(ctx, {
      action: 'update',
      entity: 'return_metric',
      entityId: r.id,
      field: `${metric.name}: ${f}`,
      oldValue: before[f],
      newValue: input[f],
      ...(reason ? { reason } : {}),
    });
  }
  touch(ctx, r);
  return true;
}
