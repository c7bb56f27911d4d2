import {
  DEFAULT_RETURN_SETTINGS,
  returnSettingsSchema,
  SETTING_KEYS,
  type ReturnSettings,
} from '../../../shared/returns/settings';
import { all, run } from '../../db/statements';
import type { ServiceContext } from '../context';
import { write } from '../write';

/** The return checks' thresholds, kept in the database's settings table (so they travel with the area's data). */
export function getReturnSettings(ctx: ServiceContext): ReturnSettings {
  const rows = all<{ key: string; value: string }>(ctx.db, "SELECT key, value FROM setting WHERE key LIKE 'returns.%'");
  const out: Record<string, unknown> = { ...DEFAULT_RETURN_SETTINGS };
  for (const [field, key] of Object.entries(SETTING_KEYS)) {
    const row = rows.find((r) => r.key === key);
    if (!row) continue;
    out[field] = field === 'variancePercent' || field === 'profileTolerancePercent' ? row.value : Number(row.value);
  }
  const parsed = returnSettingsSchema.safeParse(out);
  return parsed.success ? parsed.data : DEFAULT_RETURN_SETTINGS;
}

export function setReturnSettings(ctx: ServiceContext, next: ReturnSettings): ReturnSettings {
  const checked = returnSettingsSchema.parse(next);
  return write(ctx, (w) => {
    const before = getReturnSettings(ctx);
    for (const field of Object.keys(SETTING_KEYS) as (keyof ReturnSettings)[]) {
      if (before[field] === checked[field]) continue;
      run(
        ctx.db,
        'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        SETTING_KEYS[field],
        String(checked[field]),
      );
      w.audit({
        action: 'update',
        entity: 'setting',
        field: SETTING_KEYS[field],
        oldValue: String(before[field]),
        newValue: String(checked[field]),
      });
    }
    return getReturnSettings(ctx);
  });
}
