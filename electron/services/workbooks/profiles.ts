import { ApiError } from '../../../shared/api';
import {
  profileSchema,
  summariseProfile,
  type Profile,
  type ProfileKind,
  type ProfileOrigin,
  type ProfileSummary,
} from '../../../shared/workbooks/profile';
import { PERIOD_LABELS, type Period } from '../../../shared/returns/period';
import { all, one, run } from '../../db/statements';
import { recordAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { shippedJson } from '../files/assets';

/**
 * Template profiles: the ones shipped in assets/profiles (one per template
 * version), and the ones the user saved after deriving a profile from an
 * official workbook and correcting it. A saved profile never takes a shipped
 * one's name, so the shipped profiles are always there to go back to.
 */
export function shippedProfiles(assetsDir: string): Profile[] {
  return shippedJson(assetsDir, 'profiles', profileSchema, 'profile', (profile, f) => {
    if (`${profile.id}.json` !== f)
      throw new Error(`assets/profiles/${f} holds the profile "${profile.id}"; name the file after it`);
  });
}

interface ProfileRow {
  id: string;
  body: string;
  derived_from: string | null;
}

export interface StoredProfile {
  profile: Profile;
  origin: ProfileOrigin;
  derivedFrom: string | null;
}

function userProfiles(ctx: ServiceContext): StoredProfile[] {
  return all<ProfileRow>(ctx.db, 'SELECT id, body, derived_from FROM workbook_profile ORDER BY id').flatMap((r) => {
    const parsed = profileSchema.safeParse(JSON.parse(r.body));
    // A profile saved by a newer version that this one cannot read is left alone, not shown.
    return parsed.success ? [{ profile: parsed.data, origin: 'user' as const, derivedFrom: r.derived_from }] : [];
  });
}

export function allProfiles(ctx: ServiceContext): StoredProfile[] {
  return [
    ...shippedProfiles(ctx.assetsDir).map((profile) => ({ profile, origin: 'shipped' as const, derivedFrom: null })),
    ...userProfiles(ctx),
  ];
}

export function listProfiles(ctx: ServiceContext, kind?: ProfileKind): ProfileSummary[] {
  return allProfiles(ctx)
    .filter((p) => !kind || p.profile.kind === kind)
    .map((p) => summariseProfile(p.profile, p.origin, p.derivedFrom));
}

export function getProfile(ctx: ServiceContext, id: string): StoredProfile {
  const found = allProfiles(ctx).find((p) => p.profile.id === id);
  if (!found)
    throw new ApiError(
      'not_found',
      `There is no template profile "${id}"; known: ${allProfiles(ctx)
        .map((p) => p.profile.id)
        .join(', ')}.`,
      'profile',
    );
  return found;
}

/** Checks and saves a user's profile (new, or a correction of one saved before). */
export function saveProfile(ctx: ServiceContext, raw: unknown, derivedFrom?: string | null): ProfileSummary {
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`);
    throw new ApiError(
      'invalid_request',
      `The profile cannot be saved: ${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
      'profile',
      details,
    );
  }
  const profile = parsed.data;
  if (shippedProfiles(ctx.assetsDir).some((p) => p.id === profile.id)) {
    throw new ApiError(
      'conflict',
      `"${profile.id}" is a profile shipped with the app; save yours under another name, e.g. "${profile.id}-official".`,
      'profile.id',
    );
  }
  return write(ctx, () => writeProfile(ctx, profile, derivedFrom));
}

/** Writes a checked profile and its history row. Call inside a transaction. */
export function writeProfile(ctx: ServiceContext, profile: Profile, derivedFrom?: string | null): ProfileSummary {
  const before = one<{ body: string; derived_from: string | null }>(
    ctx.db,
    'SELECT body, derived_from FROM workbook_profile WHERE id = ?',
    profile.id,
  );
  const now = ctx.now().toISOString();
  const from = derivedFrom === undefined ? (before?.derived_from ?? null) : derivedFrom;
  if (before && before.body === JSON.stringify(profile) && before.derived_from === from)
    return summariseProfile(profile, 'user', from);
  run(
    ctx.db,
    `INSERT INTO workbook_profile (id, label, body, derived_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
              ON CONFLICT (id) DO UPDATE SET label = excluded.label, body = excluded.body, derived_from = excluded.derived_from, updated_at = excluded.updated_at`,
    profile.id,
    profile.label,
    JSON.stringify(profile),
    from,
    now,
    now,
  );
  recordAudit(ctx, {
    action: before ? 'update' : 'create',
    entity: 'workbook_profile',
    field: profile.id,
    oldValue: before ? JSON.parse(before.body) : null,
    newValue: profile,
  });
  return summariseProfile(profile, 'user', from);
}

export function deleteProfile(ctx: ServiceContext, id: string): void {
  if (shippedProfiles(ctx.assetsDir).some((p) => p.id === id))
    throw new ApiError('refused', `"${id}" is shipped with the app and cannot be deleted.`, 'profile');
  write(ctx, () => {
    if (!removeProfile(ctx, id)) throw new ApiError('not_found', `There is no saved profile "${id}".`, 'profile');
  });
}

/** Removes a saved profile with its history row; whether there was one. Call inside a transaction. */
export function removeProfile(ctx: ServiceContext, id: string): boolean {
  const before = one<{ body: string }>(ctx.db, 'SELECT body FROM workbook_profile WHERE id = ?', id);
  if (!before) return false;
  run(ctx.db, 'DELETE FROM workbook_profile WHERE id = ?', id);
  recordAudit(ctx, { action: 'delete', entity: 'workbook_profile', field: id, oldValue: JSON.parse(before.body) });
  return true;
}

/**
 * The profile to use: the one named; else one that covers the year (a profile
 * the user saved before a shipped one: it was brought from the official
 * workbook), for the return's period where profiles are by period, else the
 * year's profile for another period (with a note saying so); else one of the
 * plan's template year (its year placeholders fill in the year). Never a
 * profile of another template year: a year without one is said to have none.
 */
export function chooseProfile(
  ctx: ServiceContext,
  kind: ProfileKind,
  at: { year: string; template?: string; period?: Period },
  id?: string,
): { profile: Profile; note: string | null } {
  if (id) {
    const p = getProfile(ctx, id).profile;
    if (p.kind !== kind)
      throw new ApiError('invalid_request', `"${id}" is a ${p.kind} profile, not a ${kind} profile.`, 'profile');
    return { profile: p, note: null };
  }
  const candidates = allProfiles(ctx).filter((p) => p.profile.kind === kind);
  const userFirst = (a: StoredProfile, b: StoredProfile) => (a.origin === b.origin ? 0 : a.origin === 'user' ? -1 : 1);
  const forPeriod = (p: StoredProfile) => !at.period || !p.profile.periods || p.profile.periods.includes(at.period);
  const covering = candidates.filter((p) => p.profile.years.includes(at.year));
  const exact = covering
    .filter(forPeriod)
    .sort((a, b) => Number(Boolean(b.profile.periods)) - Number(Boolean(a.profile.periods)) || userFirst(a, b));
  if (exact[0]) return { profile: exact[0].profile, note: null };
  const other = covering.sort(userFirst)[0];
  if (other && at.period) {
    const periods = other.profile.periods?.map((p) => PERIOD_LABELS[p]).join(' and ') ?? '';
    return {
      profile: other.profile,
      note: `There is no ${PERIOD_LABELS[at.period]} ${at.year} template of its own, so the ${periods} layout ("${other.profile.label}") is used; bring the ${PERIOD_LABELS[at.period]} workbook on the Template years screen if NHS England changed it.`,
    };
  }
  const sameTemplate = candidates
    .filter((p) => at.template !== undefined && p.profile.template === at.template)
    .sort(userFirst);
  if (sameTemplate[0]) return { profile: sameTemplate[0].profile, note: null };
  const what = kind === 'plan' ? 'planning' : 'reporting';
  throw new ApiError(
    'not_found',
    `There is no ${what} template for ${at.year}: bring NHS England's ${at.year} ${what} workbook on the Template years screen (bcf template add WORKBOOK.xlsx --year ${at.year}), or start from the latest known one as a provisional copy (bcf template provisional ${at.year}).`,
    'profile',
  );
}

export function profileFor(
  ctx: ServiceContext,
  kind: ProfileKind,
  at: { year: string; template?: string; period?: Period },
  id?: string,
): Profile {
  return chooseProfile(ctx, kind, at, id).profile;
}
