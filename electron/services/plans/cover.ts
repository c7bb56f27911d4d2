import { ApiError } from '../../../shared/api';
import type { CoverDetail } from '../../../shared/rules/cover';
import { COVER_FIELDS } from '../../../shared/workbooks/fields';
import { isoToSerial, serialToIso } from '../../../shared/workbooks/values';
import { all, one, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { signedOffBy, signedOffOn } from './signoff-state';

/**
 * A plan's cover details, as a workbook's cover asks for them: who completed
 * it, how to reach them, who signed it off. The Health and Wellbeing Board is
 * the area's name and is not stored here. Every change is audited (and so can
 * be undone with the plan's other changes).
 */
export const PLAN_COVER_KEYS = COVER_FIELDS.map((f) => f.field).filter((k) => k !== 'hwb');

export function listCover(ctx: ServiceContext, planId: number): Record<string, string> {
  const rows = all<{ field: string; value: string }>(
    ctx.db,
    'SELECT field, value FROM plan_cover WHERE plan_id = ? ORDER BY field',
    planId,
  );
  return Object.fromEntries(rows.map((r) => [r.field, r.value]));
}

/**
 * The cover details a workbook carries: those typed, and where one of the
 * sign-off details was left empty, the recorded sign-off's (once the council
 * and an ICB have approved): who signed off (each partner's approver) and the
 * date (the last approval). A typed value wins, as on a return's cover: the
 * BCF manager typed it on purpose (the board's chair, say).
 */
export function planCoverValues(ctx: ServiceContext, planId: number): Record<string, string> {
  const values = { ...listCover(ctx, planId) };
  const recorded: Record<string, string> = {
    signedOffBy: signedOffBy(ctx, planId),
    dateSignedOff: signedOffOn(ctx, planId),
  };
  for (const [key, value] of Object.entries(recorded))
    if ((values[key] ?? '') === '' && value !== '') values[key] = value;
  return values;
}

/**
 * Every detail the cover asks for, in the cover's order, blank where not
 * given: the plan's (none for a plan not yet started), with any details about
 * to be imported over them, so a preview checks the cover as it will be.
 */
export function planCoverDetails(
  ctx: ServiceContext,
  planId: number | null,
  incoming: Record<string, string> = {},
): CoverDetail[] {
  const values = { ...(planId === null ? {} : planCoverValues(ctx, planId)), ...incoming };
  return COVER_FIELDS.filter((f) => f.field !== 'hwb').map((f) => ({
    key: f.field,
    label: f.label,
    value: values[f.field] ?? '',
  }));
}

/** Checks a cover detail as typed; returns the value to keep or says what is wrong. */
export function parseCoverValue(
  key: string,
  raw: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const info = COVER_FIELDS.find((f) => f.field === key);
  if (!info || key === 'hwb')
    return { ok: false, message: `"${key}" is not a cover detail the app keeps (${PLAN_COVER_KEYS.join(', ')})` };
  const value = raw.replace(/\s+/g, ' ').trim();
  if (value.length > 300) return { ok: false, message: `${info.label} is longer than 300 characters` };
  if (key === 'email' && value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
    return { ok: false, message: `${JSON.stringify(raw)} is not an e-mail address such as bcf@council.gov.uk` };
  if (key === 'dateSignedOff' && value !== '') {
    const iso = signOffDate(value);
    return iso
      ? { ok: true, value: iso }
      : { ok: false, message: `${JSON.stringify(raw)} is not a date such as 2024-07-15 or 15/07/2024` };
  }
  if (key === 'phone' && value !== '' && !/^\+?[\d ()-]{6,24}(\s*(ext\.?|x)\s*\d{1,6})?$/i.test(value))
    return { ok: false, message: `${JSON.stringify(raw)} is not a telephone number such as 01225 477000` };
  return { ok: true, value };
}

/**
 * The date signed off as the app keeps it (ISO), from what a person types (2024-07-15, 15/07/2024 — the
 * UK order, as on NHS England's cover) or what a date-formatted cell holds (its serial, 45488).
 */
function signOffDate(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return isoToSerial(text) === null ? null : text;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (uk) {
    const iso = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
    return isoToSerial(iso) === null ? null : iso;
  }
  // A serial from 1 January 2000 to 2099: a plausible sign-off, never a stray small number read as 1900.
  if (/^\d{5}(\.0+)?$/.test(text) && Number(text) >= 36526 && Number(text) <= 73415) return serialToIso(text);
  return null;
}

/** Sets (or with "" clears) one cover detail. Call inside a plan action. */
export function setCoverField(
  ctx: ServiceContext,
  planId: number,
  key: string,
  value: string,
  reason?: string | null,
): void {
  const before =
    one<{ value: string }>(ctx.db, 'SELECT value FROM plan_cover WHERE plan_id = ? AND field = ?', planId, key)
      ?.value ?? '';
  if (before === value) return;
  if (value === '') run(ctx.db, 'DELETE FROM plan_cover WHERE plan_id = ? AND field = ?', planId, key);
  else
    run(
      ctx.db,
      'INSERT INTO plan_cover (plan_id, field, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value',
      planId,
      key,
      value,
    );
  recordAudit(ctx, {
    action: 'update',
    entity: 'plan_cover',
    entityId: planId,
    field: key,
    oldValue: before || null,
    newValue: value || null,
    reason: reason ?? null,
  });
}

/** Parses every detail given; refuses all of them if any is wrong. */
export function parseCover(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(values)) {
    const parsed = parseCoverValue(key, raw);
    if (parsed.ok) out[key] = parsed.value;
    else problems.push(parsed.message);
  }
  if (problems.length > 0) throw new ApiError('invalid_request', problems[0]!, 'cover', problems);
  return out;
}
