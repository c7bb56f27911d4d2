/**
 * Which automatic backups to keep. The rule, as a BCF manager would put it:
 * the last few from today (3), the last one from each earlier day, and never
 * more than a handful in all (10), newest first. Everything else in the
 * backups folder is removed. The newest backup is always kept.
 */
export interface BackupRule {
  /** Backups kept from today (the newest ones). */
  today: number;
  /** Backups kept from each earlier day (the newest of that day). */
  perDay: number;
  /** Backups kept in all. */
  max: number;
  /** Minutes between automatic backups while the app is open (0 = only on start). */
  everyMinutes: number;
}

export const DEFAULT_BACKUP_RULE: BackupRule = { today: 3, perDay: 1, max: 10, everyMinutes: 30 };

export const BACKUP_RULE_LIMITS = {
  today: { min: 1, max: 100 },
  perDay: { min: 1, max: 100 },
  max: { min: 1, max: 1000 },
  everyMinutes: { min: 0, max: 24 * 60 },
} as const;

function localDay(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** The backups the rule does not keep, given when each was taken; `now` decides what "today" is. */
export function backupsToPrune<T extends { takenAt: string }>(backups: readonly T[], rule: BackupRule, now: Date): T[] {
  const newestFirst = [...backups].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt));
  const today = localDay(now);
  const perDay = new Map<string, number>();
  const kept = new Set<T>();
  for (const b of newestFirst) {
    const taken = new Date(b.takenAt);
    // A backup stamped in the future (a clock put back) counts as today's.
    const day = taken.getTime() > now.getTime() ? today : localDay(taken);
    const allowed = day === today ? rule.today : rule.perDay;
    const n = perDay.get(day) ?? 0;
    if (n < allowed && kept.size < rule.max) {
      kept.add(b);
      perDay.set(day, n + 1);
    }
  }
  if (newestFirst.length > 0) kept.add(newestFirst[0]!);
  return newestFirst.filter((b) => !kept.has(b));
}
