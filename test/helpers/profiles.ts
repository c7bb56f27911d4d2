import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../shared/rules/types';
import type { CheckerSpec } from '../../shared/workbooks/checks';
import { instantiateProfile, profileSchema, type Profile } from '../../shared/workbooks/profile';
import { ROOT } from './fixtures';

export const PROFILE_IDS = ['2023-25-planning', '2019-20-plan-appendix', '2024-25-quarterly'] as const;

/** A shipped template profile, read straight from assets/ as the app ships it (year placeholders and all). */
export function rawProfile(id: (typeof PROFILE_IDS)[number]): Profile {
  return profileSchema.parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', 'profiles', `${id}.json`), 'utf8')));
}

/** A shipped profile with its year placeholders filled in, for its own years unless others are given. */
export function shippedProfile(id: (typeof PROFILE_IDS)[number], years?: string[]): Profile {
  const raw = rawProfile(id);
  return instantiateProfile(raw, years ?? raw.years);
}

/**
 * What the app says a checker should read: Yes exactly when the checker's rule
 * has no finding (error or warning) on its field, among the findings about its
 * table (lines carry a line id; income and metric findings do not).
 */
export function appSays(spec: CheckerSpec, findings: readonly Finding[]): boolean {
  return !findings.some(
    (f) =>
      f.rule === spec.rule &&
      (spec.field === undefined || f.field === spec.field) &&
      (spec.table === 'income' || spec.table === 'metrics' ? f.lineId === undefined : f.lineId !== undefined),
  );
}
