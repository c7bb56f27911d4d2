import fs from 'node:fs';
import path from 'node:path';
import { profileSchema, type Profile } from '../../shared/workbooks/profile';
import { ROOT } from './fixtures';

export const PROFILE_IDS = ['2023-25-planning', '2019-20-plan-appendix', '2024-25-quarterly'] as const;

/** A shipped template profile, read straight from assets/ as the app ships it. */
export function shippedProfile(id: (typeof PROFILE_IDS)[number]): Profile {
  return profileSchema.parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', 'profiles', `${id}.json`), 'utf8')));
}
