import { z } from 'zod';
import { MAX_INPUT_PENCE, type Pence } from '../money';

/**
 * The thresholds the return checks use, kept as settings so that an area can
 * agree its own: how close to ¼, ½ or ¾ of plan an actual must be to look
 * like a profile, and how far a forecast may stray from plan without a note.
 */
export interface ReturnSettings {
  /** return.straight-line-profile: an actual within this of ¼, ½, ¾ of plan (default £1). */
  profileTolerancePence: Pence;
  /** return.variance-explanation: a forecast more than this % away from plan needs a note (default 5). */
  variancePercent: string;
  /** …or more than this amount away (default £25,000). */
  varianceAmountPence: Pence;
}

export const DEFAULT_RETURN_SETTINGS: ReturnSettings = {
  profileTolerancePence: 100,
  variancePercent: '5',
  varianceAmountPence: 2_500_000,
};

export const returnSettingsSchema = z.object({
  profileTolerancePence: z.number().int().min(0).max(MAX_INPUT_PENCE),
  variancePercent: z.string().trim().regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage such as 5 or 2.5'),
  varianceAmountPence: z.number().int().min(0).max(MAX_INPUT_PENCE),
}).strict();

export const SETTING_KEYS: Record<keyof ReturnSettings, string> = {
  profileTolerancePence: 'returns.profileTolerancePence',
  variancePercent: 'returns.variancePercent',
  varianceAmountPence: 'returns.varianceAmountPence',
};
