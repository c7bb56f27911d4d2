import { ApiError } from '../../../shared/api';
import type { ServiceContext } from '../context';
import { all } from '../../db/statements';

/**
 * The thorough check, on request (`bcf check`): SQLite's full integrity check and every foreign key.
 * Slower than the quick check at start-up, so it is never run unasked. Refuses, saying what failed and
 * what to do, when anything does.
 */
export function checkDatabase(ctx: ServiceContext): { dbPath: string } {
  const integrity = (ctx.db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map(
    (r) => r.integrity_check,
  );
  const keys = all<Record<string, unknown>>(ctx.db, 'SELECT * FROM pragma_foreign_key_check');
  if (integrity.length !== 1 || integrity[0] !== 'ok' || keys.length > 0) {
    throw new ApiError(
      'refused',
      `${ctx.dbPath} failed its check: ${[...integrity.filter((r) => r !== 'ok'), ...(keys.length ? [`${keys.length} broken references`] : [])].slice(0, 5).join('; ')}. Restore the newest good backup (bcf backups list).`,
    );
  }
  return { dbPath: ctx.dbPath };
}
