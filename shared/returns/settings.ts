import { z } from 'zod';
import { MAX_INPUT_PENCE, type Pence } from '../money';

/**
 * The thresholds the return checks use, kept as settings so that an area can
 * agree its own: how close to ¼, ½ or ¾ of plan an actual must be to look
 * like a profile, and how far a forecast may stray from plan without a note.
 */
export interface ReturnSettings {
  /** return.straight-line-profile: an actual within this of ¼, ½, ¾ of plan (default £1)… */
  profileTolerancePence: Pence;
  /**
   * …or within this % of the plan, whichever is larger (default 0.05%): a
   * profile worked out from an earlier plan figure lands a few pounds off the
   * printed plan's quarter (the published 2024-25 Q1 return has two such).
   */
  profileTolerancePercent: string;
  /** return.variance-explanation: a forecast more than this % away from plan needs a note (default 5). */
  variancePercent: string;
  /** …or more than this amount away (default £25,000). */
  varianceAmountPence: Pence;
}

export const DEFAULT_RETURN_SETTINGS: ReturnSettings = {
  profileTolerancePence: 100,
  profileTolerancePercent: '0.05',
  variancePercent: '5',
  varianceAmountPence: 2_500_000,
};

export const returnSettingsSchema = z
  .object({
    profileTolerancePence: z.number().int().min(0).max(MAX_INPUT_PENCE),
    profileTolerancePercent: z
      .string()
      .trim()
      .regex(/^\d{1,2}(\.\d{1,4})?$/, 'a percentage under 100 such as 0.05'),
    variancePercent: z
      .string()
      .trim()
      .regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage such as 5 or 2.5'),
    varianceAmountPence: z.number().int().min(0).max(MAX_INPUT_PENCE),
  })
  .strict();

export const SETTING_KEYS: Record<keyof ReturnSettings, string> = {
  profileTolerancePence: 'returns.profileTolerancePence',
  profileTolerancePercent: 'returns.profileTolerancePercent',
  variancePercent: 'returns.variancePercent',
  varianceAmountPence: 'returns.varianceAmountPence',
};
