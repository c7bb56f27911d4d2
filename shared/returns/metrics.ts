import { z } from 'zod';

/**
 * The plan's metrics (DOMAIN §2), configurable per year, and each return's
 * assessment of them in the words of NHS England's metrics sheet.
 */
export const DEFAULT_METRICS = [
  'Avoidable admissions',
  'Falls',
  'Discharge to usual place of residence',
  'Residential admissions',
] as const;

export const ON_TRACK_ANSWERS = [
  'On track to meet target',
  'Not on track to meet target',
  'Data not available to assess progress',
] as const;
export type OnTrack = '' | (typeof ON_TRACK_ANSWERS)[number];

export interface Metric {
  id: number;
  year: string;
  name: string;
  /** What the plan aims for, as the plan writes it ("1,650 per 100,000 population"); blank if not set. */
  target: string;
}

export interface MetricAssessment {
  metricId: number;
  name: string;
  target: string;
  onTrack: OnTrack;
  challenges: string;
  achievements: string;
}

export const metricInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the metric a name').max(200),
    target: z.string().trim().max(500),
  })
  .strict();

export const assessmentInputSchema = z
  .object({
    onTrack: z.enum(['', ...ON_TRACK_ANSWERS]),
    challenges: z.string().trim().max(5000),
    achievements: z.string().trim().max(5000),
  })
  .strict();

export type AssessmentInput = z.infer<typeof assessmentInputSchema>;
