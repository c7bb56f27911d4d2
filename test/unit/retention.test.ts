import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupsToPrune, DEFAULT_BACKUP_RULE, type BackupRule } from '../../shared/backups/retention';

/** A backup taken at local time `day` days ago, hh:mm. */
function at(now: Date, daysAgo: number, hh: number, mm = 0): { takenAt: string; label: string } {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, hh, mm);
  return { takenAt: d.toISOString(), label: `${daysAgo}d ${hh}:${String(mm).padStart(2, '0')}` };
}

const kept = (all: { takenAt: string; label: string }[], rule: BackupRule, now: Date) => {
  const pruned = new Set(backupsToPrune(all, rule, now));
  return all.filter((b) => !pruned.has(b)).map((b) => b.label);
};

describe('which backups are kept', () => {
  const now = new Date(2026, 2, 31, 17, 0);

  it('keeps the newest 3 from today and the newest from each earlier day', () => {
    const all = [
      at(now, 0, 9),
      at(now, 0, 10),
      at(now, 0, 11),
      at(now, 0, 12),
      at(now, 1, 9),
      at(now, 1, 16),
      at(now, 3, 8),
      at(now, 3, 9),
    ];
    expect(kept(all, DEFAULT_BACKUP_RULE, now)).toEqual(['0d 10:00', '0d 11:00', '0d 12:00', '1d 16:00', '3d 9:00']);
  });

  it('never keeps more than the maximum, dropping the oldest days first', () => {
    const all = Array.from({ length: 20 }, (_, i) => at(now, i, 12));
    expect(kept(all, DEFAULT_BACKUP_RULE, now)).toEqual(Array.from({ length: 10 }, (_, i) => `${i}d 12:00`));
    expect(kept(all, { ...DEFAULT_BACKUP_RULE, max: 4 }, now)).toEqual([
      '0d 12:00',
      '1d 12:00',
      '2d 12:00',
      '3d 12:00',
    ]);
  });

  it('follows a changed rule: 5 today, 2 per earlier day', () => {
    const all = [0, 1, 2, 3, 4, 5, 6]
      .map((h) => at(now, 0, 8 + h))
      .concat([at(now, 1, 9), at(now, 1, 10), at(now, 1, 11)]);
    expect(kept(all, { ...DEFAULT_BACKUP_RULE, today: 5, perDay: 2 }, now)).toEqual([
      '0d 10:00',
      '0d 11:00',
      '0d 12:00',
      '0d 13:00',
      '0d 14:00',
      '1d 10:00',
      '1d 11:00',
    ]);
  });

  it("counts a backup stamped in the future (a clock put back) as today's", () => {
    const future = { takenAt: new Date(now.getTime() + 86_400_000 * 2).toISOString(), label: 'future' };
    expect(kept([future, at(now, 0, 9), at(now, 0, 10), at(now, 0, 11)], DEFAULT_BACKUP_RULE, now)).toEqual([
      'future',
      '0d 10:00',
      '0d 11:00',
    ]);
  });

  it('always keeps the newest, keeps at most the maximum, and never keeps two from one earlier day', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ daysAgo: fc.integer({ min: 0, max: 40 }), minute: fc.integer({ min: 0, max: 1439 }) }), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.record({
          today: fc.integer({ min: 1, max: 5 }),
          perDay: fc.constant(1),
          max: fc.integer({ min: 1, max: 12 }),
          everyMinutes: fc.constant(30),
        }),
        (spec, rule) => {
          const all = spec.map((s) => at(now, s.daysAgo, Math.floor(s.minute / 60), s.minute % 60));
          const pruned = new Set(backupsToPrune(all, rule, now));
          const left = all.filter((b) => !pruned.has(b));
          const newest = [...all].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt))[0]!;
          expect(left).toContain(newest);
          expect(left.length).toBeLessThanOrEqual(Math.max(1, rule.max));
          const earlierDays = left.filter((b) => !b.label.startsWith('0d')).map((b) => b.label.split(' ')[0]);
          expect(earlierDays.length).toBe(new Set(earlierDays).size);
          expect(left.filter((b) => b.label.startsWith('0d')).length).toBeLessThanOrEqual(Math.max(rule.today, 1));
        },
      ),
    );
  });
});
