import { ApiError } from '../../../shared/api';
import { profileSchema, summariseProfile, type Profile, type ProfileKind, type ProfileOrigin, type ProfileSummary } from '../../../shared/workbooks/profile';
import { recordAudit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { shippedJson } from '../files/assets';

/**
 * Template profiles: the ones shipped in assets/profiles (one per template
 * version), and the ones the user saved after deriving a profile from an
 * official workbook and correcting it. A saved profile never takes a shipped
 * one's name, so the shipped profiles are always there to go back to.
 */
export function shippedProfiles(assetsDir: string): Profile[] {
  return shippedJson(assetsDir, 'profiles', (raw, f) => {
    const parsed = profileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`assets/profiles/${f} is not a valid profile: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (`${parsed.data.id}.json` !== f) throw new Error(`assets/profiles/${f} holds the profile "${parsed.data.id}"; name the file after it`);
    return parsed.data;
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
  return (ctx.db.prepare('SELECT id, body, derived_from FROM workbook_profile ORDER BY id').all() as ProfileRow[]).flatMap((r) => {
    const parsed = profileSchema.safeParse(JSON.parse(r.body));
    // A profile saved by a newer version that this one cannot read is left alone, not shown.
    return parsed.success ? [{ profile: parsed.data, origin: 'user' as const, derivedFrom: r.derived_from }] : [];
  });
}

export function allProfiles(ctx: ServiceContext): StoredProfile[] {
  return [...shippedProfiles(ctx.assetsDir).map((profile) => ({ profile, origin: 'shipped' as const, derivedFrom: null })), ...userProfiles(ctx)];
}

export function listProfiles(ctx: ServiceContext, kind?: ProfileKind): ProfileSummary[] {
  return allProfiles(ctx)
    .filter((p) => !kind || p.profile.kind === kind)
    .map((p) => summariseProfile(p.profile, p.origin, p.derivedFrom));
}

export function getProfile(ctx: ServiceContext, id: string): StoredProfile {
  const found = allProfiles(ctx).find((p) => p.profile.id === id);
  if (!found) throw new ApiError('not_found', `There is no template profile "${id}"; known: ${allProfiles(ctx).map((p) => p.profile.id).join(', ')}.`, 'profile');
  return found;
}

/** Checks and saves a user's profile (new, or a correction of one saved before). */
export function saveProfile(ctx: ServiceContext, raw: unknown, derivedFrom?: string | null): ProfileSummary {
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`);
    throw new ApiError('invalid_request', `The profile cannot be saved: ${details[0]}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`, 'profile', details);
  }
  const profile = parsed.data;
  if (shippedProfiles(ctx.assetsDir).some((p) => p.id === profile.id)) {
    throw new ApiError('conflict', `"${profile.id}" is a profile shipped with the app; save yours under another name, e.g. "${profile.id}-official".`, 'profile.id');
  }
  return inTransaction(ctx, () => {
    const before = ctx.db.prepare('SELECT body, derived_from FROM workbook_profile WHERE id = ?').get(profile.id) as { body: string; derived_from: string | null } | undefined;
    const now = ctx.now().toISOString();
    const from = derivedFrom === undefined ? (before?.derived_from ?? null) : derivedFrom;
    ctx.db
      .prepare(`INSERT INTO workbook_profile (id, label, body, derived_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET label = excluded.label, body = excluded.body, derived_from = excluded.derived_from, updated_at = excluded.updated_at`)
      .run(profile.id, profile.label, JSON.stringify(profile), from, now, now);
    recordAudit(ctx, { action: before ? 'update' : 'create', entity: 'workbook_profile', field: profile.id, oldValue: before ? JSON.parse(before.body) : null, newValue: profile });
    return summariseProfile(profile, 'user', from);
  });
}

export function deleteProfile(ctx: ServiceContext, id: string): void {
  if (shippedProfiles(ctx.assetsDir).some((p) => p.id === id)) throw new ApiError('refused', `"${id}" is shipped with the app and cannot be deleted.`, 'profile');
  inTransaction(ctx, () => {
    const before = ctx.db.prepare('SELECT body FROM workbook_profile WHERE id = ?').get(id) as { body: string } | undefined;
    if (!before) throw new ApiError('not_found', `There is no saved profile "${id}".`, 'profile');
    ctx.db.prepare('DELETE FROM workbook_profile WHERE id = ?').run(id);
    recordAudit(ctx, { action: 'delete', entity: 'workbook_profile', field: id, oldValue: JSON.parse(before.body) });
  });
}

/**
 * The profile to use: the one named; else one that covers the year (a profile
 * the user saved before a shipped one: it was derived from the official
 * workbook); else one for the plan's template year; else the latest before.
 */
export function profileFor(ctx: ServiceContext, kind: ProfileKind, at: { year: string; template?: string }, id?: string): Profile {
  if (id) {
    const p = getProfile(ctx, id).profile;
    if (p.kind !== kind) throw new ApiError('invalid_request', `"${id}" is a ${p.kind} profile, not a ${kind} profile.`, 'profile');
    return p;
  }
  const candidates = allProfiles(ctx).filter((p) => p.profile.kind === kind);
  const covering = candidates.filter((p) => p.profile.years.includes(at.year)).sort((a, b) => (a.origin === b.origin ? 0 : a.origin === 'user' ? -1 : 1));
  const sameTemplate = candidates.filter((p) => at.template !== undefined && p.profile.template === at.template);
  const before = candidates.filter((p) => p.profile.years[0]! <= at.year).sort((a, b) => b.profile.years[0]!.localeCompare(a.profile.years[0]!));
  const hit = covering[0] ?? sameTemplate[0] ?? before[0];
  if (!hit) throw new ApiError('not_found', `No ${kind} profile covers ${at.year}; choose one (known: ${candidates.map((p) => p.profile.id).join(', ') || 'none'}).`, 'profile');
  return hit.profile;
}
