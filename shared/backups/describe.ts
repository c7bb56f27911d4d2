import type { BackupSummary } from '../api/data';

/** "Bath and North East Somerset: 2019-20 plan 51 lines, 2024-25 plan 3 lines; 57 changes, the last on 31/03/2026, 16:05." */
export function describeSummary(s: BackupSummary): string {
  if (!s.ok) return `Cannot be restored: ${s.problem ?? 'unknown problem'}.`;
  if (!s.area) return 'No area set up yet (an empty database).';
  const years =
    s.years.length === 0
      ? 'no plans yet'
      : s.years.map((y) => `${y.year} plan ${y.lines} line${y.lines === 1 ? '' : 's'}`).join(', ');
  const last = s.lastChangeAt
    ? `, the last on ${new Date(s.lastChangeAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })}`
    : '';
  return `${s.area}: ${years}; ${s.changes} recorded change${s.changes === 1 ? '' : 's'}${last}.`;
}
