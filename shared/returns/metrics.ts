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

/** A target replaced in the year (DOMAIN §9: targets are revised after submission): kept and shown beside the new one. */
export interface MetricRevision {
  /** The target as it stood before the revision, with its absolute numbers. */
  target: string;
  numerator: string;
  denominator: string;
  /** The day it was replaced (yyyy-mm-dd) and why. */
  revisedOn: string;
  reason: string;
}

/** The absolute numbers behind a rate, which boards ask for beside it (825 admissions of 50,000 people aged 65+). */
export interface MetricNumbers {
  /** The count the rate is made of (admissions, days, people); blank if not given. */
  numerator: string;
  /** What it is counted against (the population, the discharges); blank if not given. */
  denominator: string;
}

export interface Metric extends MetricNumbers {
  id: number;
  year: string;
  name: string;
  /** What the plan aims for, as the plan writes it ("1,650 per 100,000 population"); blank if not set. */
  target: string;
  /** The targets this one replaced, oldest first. */
  revisions: MetricRevision[];
}

export interface MetricAssessment extends MetricNumbers {
  metricId: number;
  name: string;
  target: string;
  /** The targets the current one replaced, oldest first. */
  revisions: MetricRevision[];
  onTrack: OnTrack;
  challenges: string;
  achievements: string;
}

/** An absolute number: digits, with thousands commas and decimals as written ("50,000", "12.5"), or blank. */
export const metricNumberSchema = z
  .string()
  .trim()
  .max(20)
  .regex(/^(\d{1,3}(,\d{3})*|\d+)?(\.\d{1,4})?$/, 'a number such as 50,000 or 12.5');

export const metricInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the metric a name').max(200),
    target: z.string().trim().max(500),
    numerator: metricNumberSchema.optional(),
    denominator: metricNumberSchema.optional(),
  })
  .strict();

/** A target revised in the year: the one it replaces is kept with the date and the reason. */
export const metricRevisionInputSchema = z
  .object({
    target: z.string().trim().min(1, 'Give the revised target').max(500),
    numerator: metricNumberSchema.default(''),
    denominator: metricNumberSchema.default(''),
    reason: z.string().trim().min(1, 'Say why the target is revised').max(2000),
  })
  .strict();
export type MetricRevisionInput = z.infer<typeof metricRevisionInputSchema>;

/** "Target 1,650 per 100,000 (825 of 50,000)": the rate with its absolute numbers where given. */
export function withNumbers(target: string, n: MetricNumbers): string {
  if (n.numerator === '' && n.denominator === '') return target;
  return `${target} (${n.numerator || '?'} of ${n.denominator || '?'})`;
}

export const assessmentInputSchema = z
  .object({
    onTrack: z.enum(['', ...ON_TRACK_ANSWERS]),
    challenges: z.string().trim().max(5000),
    achievements: z.string().trim().max(5000),
  })
  .strict();

export type AssessmentInput = z.infer<typeof assessmentInputSchema>;
