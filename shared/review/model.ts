import { z } from 'zod';

/**
 * A review package: the area's figures for chosen plans and pools, sent by
 * the BCF manager to a finance partner as one JSON file, with a manifest that
 * fingerprints exactly those figures; and the partner's response, which
 * carries that fingerprint back. Pure: the services read and write the files.
 *
 * The fingerprint is SHA-256 over a canonical JSON of the figures (keys
 * sorted, no spaces, money as integer pence): the same figures give the same
 * fingerprint whatever order a program wrote their keys in, and any penny
 * changed gives another. It detects a changed file, not a forger: there are
 * no keys to sign with, and none are needed to know whether the figures a
 * partner agreed are the figures in the database today.
 */

export const PACKAGE_FORMAT = 'bcf-returns/review-package';
export const RESPONSE_FORMAT = 'bcf-returns/review-response';
export const REVIEW_FORMAT_VERSION = 1;

/** Bounds: a package carries at most a few plans of a few thousand lines; a response is small. */
export const MAX_PACKAGE_BYTES = 20 * 1024 * 1024;
export const MAX_RESPONSE_BYTES = 1024 * 1024;
export const MAX_PLANS = 10;
export const MAX_POOLS = 100;
export const MAX_RETURNS = 20;
export const MAX_LINES = 20_000;
export const MAX_QUERIES = 500;

const pence = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().max(max);
const year = z.string().regex(/^\d{4}-\d{2}$/);
const sha = z.string().regex(/^[0-9a-f]{64}$/);
const areaSchema = z.object({ id: z.number().int().positive(), name: text(200).min(1) }).strict();

export const reviewLineSchema = z
  .object({
    key: text(100),
    schemeId: text(20),
    schemeName: text(500),
    schemeType: text(200),
    areaOfSpend: text(200),
    sourceOfFunding: text(200),
    priorYearPence: pence.nullable(),
    virementPence: pence.nullable(),
    expenditurePence: pence,
    expenditureYear2Pence: pence.nullable(),
  })
  .strict();

/**
 * A minimum the plan must reach in one of its years, with what the plan holds
 * against it, measured as the plan's own check measures it.
 */
export const reviewMinimumSchema = z
  .object({
    key: text(200),
    year,
    kind: text(50),
    label: text(300),
    requiredPence: pence,
    plannedPence: pence,
  })
  .strict();

export const reviewPlanSchema = z
  .object({
    key: text(100),
    year,
    label: text(20),
    years: z.array(year).min(1).max(2),
    totals: z
      .object({ lines: z.number().int().min(0), expenditurePence: pence, expenditureYear2Pence: pence.nullable() })
      .strict(),
    lines: z.array(reviewLineSchema).max(MAX_LINES),
    /**
     * Optional: packages made before minimums were carried have none, and
     * still open and verify (their fingerprint is over what they hold).
     */
    minimums: z.array(reviewMinimumSchema).max(20).optional(),
  })
  .strict();

export const reviewPoolSchema = z
  .object({
    key: text(100),
    name: text(200),
    year,
    legalBasis: text(50),
    basis: text(20),
    host: text(200).nullable(),
    partners: z
      .array(
        z
          .object({
            key: text(300),
            name: text(200),
            kind: text(20),
            ratio: text(50).nullable(),
            contributionPence: pence,
          })
          .strict(),
      )
      .max(20),
    otherIncomePence: pence,
    contributionsPence: pence,
    budgetPence: pence,
    outturnPence: pence.nullable(),
    variancePence: pence.nullable(),
    method: text(100),
    shares: z.array(z.object({ key: text(300), partner: text(200), pence }).strict()).max(20),
    problem: text(2000).nullable(),
  })
  .strict();

export const reviewReturnSchema = z
  .object({
    key: text(100),
    year,
    period: z.enum(['Q1', 'Q2', 'Q3', 'YE']),
    label: text(40),
    totals: z.object({ lines: z.number().int().min(0), plannedPence: pence, actualPence: pence }).strict(),
    lines: z
      .array(
        z
          .object({
            key: text(100),
            schemeId: text(20),
            schemeName: text(500),
            sourceOfFunding: text(200),
            plannedPence: pence,
            actualPence: pence.nullable(),
          })
          .strict(),
      )
      .max(MAX_LINES),
  })
  .strict();

export const reviewFiguresSchema = z
  .object({
    area: areaSchema,
    plans: z.array(reviewPlanSchema).max(MAX_PLANS),
    returns: z.array(reviewReturnSchema).max(MAX_RETURNS),
    pools: z.array(reviewPoolSchema).max(MAX_POOLS),
  })
  .strict();

export type ReviewLine = z.infer<typeof reviewLineSchema>;
export type ReviewPlan = z.infer<typeof reviewPlanSchema>;
export type ReviewMinimum = z.infer<typeof reviewMinimumSchema>;
export type ReviewReturn = z.infer<typeof reviewReturnSchema>;
export type ReviewPool = z.infer<typeof reviewPoolSchema>;
export type ReviewFigures = z.infer<typeof reviewFiguresSchema>;

export const manifestSchema = z
  .object({
    packageId: z.string().regex(/^[0-9a-f-]{36}$/),
    area: areaSchema,
    createdAt: z.string().max(40),
    createdBy: text(200),
    note: text(2000),
    fingerprint: sha,
  })
  .strict();
export type ReviewManifest = z.infer<typeof manifestSchema>;

export const packageSchema = z
  .object({
    format: z.literal(PACKAGE_FORMAT),
    version: z.literal(REVIEW_FORMAT_VERSION),
    manifest: manifestSchema,
    figures: reviewFiguresSchema,
  })
  .strict();
export type ReviewPackage = z.infer<typeof packageSchema>;

export const DECISIONS = ['agreed', 'queried'] as const;
export type Decision = (typeof DECISIONS)[number];

export const respondentSchema = z
  .object({
    name: z.string().trim().min(1, 'Give your name').max(200),
    role: z.string().trim().min(1, 'Give your role, e.g. "Head of finance (ICB)"').max(200),
    organisation: z.string().trim().max(200),
  })
  .strict();
export type Respondent = z.infer<typeof respondentSchema>;

export const querySchema = z
  .object({
    /** What is queried: a key from the package (a plan, a line, a pool, a partner's contribution, a share). */
    target: text(300).min(1),
    text: z.string().trim().min(1, 'Say what the query is').max(4000),
  })
  .strict();
export type ReviewQuery = z.infer<typeof querySchema>;

/** The response without its own fingerprint: what that fingerprint is taken over. */
export const responseBodySchema = z
  .object({
    format: z.literal(RESPONSE_FORMAT),
    version: z.literal(REVIEW_FORMAT_VERSION),
    responseId: z.string().regex(/^[0-9a-f-]{36}$/),
    packageId: z.string().regex(/^[0-9a-f-]{36}$/),
    area: areaSchema,
    /** The package's fingerprint: the figures this response is about. */
    fingerprint: sha,
    respondent: respondentSchema,
    decidedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD'),
    decision: z.enum(DECISIONS),
    queries: z.array(querySchema).max(MAX_QUERIES),
  })
  .strict();
export type ResponseBody = z.infer<typeof responseBodySchema>;

export const responseSchema = responseBodySchema.extend({ responseFingerprint: sha }).strict();
export type ReviewResponse = z.infer<typeof responseSchema>;

/** A thing a partner may query, with the words a person reads for it. */
export interface ReviewTarget {
  key: string;
  label: string;
}
