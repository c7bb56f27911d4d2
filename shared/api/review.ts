import { z } from 'zod';
import {
  DECISIONS,
  MAX_PACKAGE_BYTES,
  MAX_PLANS,
  MAX_POOLS,
  MAX_QUERIES,
  MAX_RETURNS,
  MAX_RESPONSE_BYTES,
  querySchema,
  respondentSchema,
  type Decision,
  type ReviewFigures,
  type ReviewManifest,
  type ReviewTarget,
} from '../review/model';
import { PERIODS, type Period } from '../returns/period';
import type { YearLabel } from '../years/financial-year';
import { idField, yearField } from './fields';
import { method } from './method';

/** A file going out as text (a package, a response): its name and its JSON. */
export interface ReviewFile {
  fileName: string;
  json: string;
}

export interface ExportedPackage extends ReviewFile {
  packageId: string;
  fingerprint: string;
}

/** A package opened for reading: nothing of it is written to this database. */
export interface OpenedPackage {
  manifest: ReviewManifest;
  figures: ReviewFigures;
  /** Everything that can be queried, with the words a person reads. */
  targets: ReviewTarget[];
}

export interface WrittenResponse extends ReviewFile {
  responseId: string;
}

export interface ReviewQueryRow {
  id: number;
  target: string;
  targetLabel: string;
  text: string;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
}

export interface ReviewResponseRow {
  id: number;
  responseId: string;
  respondent: { name: string; role: string; organisation: string };
  decidedOn: string;
  decision: Decision;
  fingerprint: string;
  importedAt: string;
  /** True while the figures in the database still have the fingerprint the partner responded to. */
  current: boolean;
  queries: ReviewQueryRow[];
}

export interface ReviewPackageRow {
  packageId: string;
  createdAt: string;
  createdBy: string;
  note: string;
  fingerprint: string;
  /** What it covers, in words ("Plan 2019-20", "Pool Mental Health 2019-20"). */
  covers: string[];
  /** The fingerprint of the same figures read now; null when some of them no longer exist. */
  currentFingerprint: string | null;
  responses: ReviewResponseRow[];
}

export interface ReviewOverview {
  area: string | null;
  packages: ReviewPackageRow[];
  /** What can be sent: the plans and pools in this database. */
  choices: {
    plans: { year: YearLabel; label: string }[];
    returns: { year: YearLabel; period: Period; label: string }[];
    pools: { id: number; name: string; year: YearLabel }[];
  };
}

const packageText = z
  .string()
  .min(1, 'Pick a review package file')
  .max(
    MAX_PACKAGE_BYTES,
    'This file is larger than any review package (20 MB at most); check you picked the right file.',
  );
const responseText = z
  .string()
  .min(1, 'Pick a response file')
  .max(
    MAX_RESPONSE_BYTES,
    'This file is larger than any review response (1 MB at most); check you picked the right file.',
  );

/** Partners' review: packages out, responses back. */
export const reviewMethods = {
  'review.overview': method<ReviewOverview>()(z.object({}).strict()),
  'review.export': method<ExportedPackage>()(
    z
      .object({
        plans: z.array(yearField).max(MAX_PLANS).default([]),
        returns: z
          .array(z.object({ year: yearField, period: z.enum(PERIODS) }).strict())
          .max(MAX_RETURNS)
          .default([]),
        pools: z.array(idField).max(MAX_POOLS).default([]),
        note: z.string().trim().max(2000).default(''),
      })
      .strict(),
  ),
  'review.open': method<OpenedPackage>()(z.object({ text: packageText }).strict()),
  'review.respond': method<WrittenResponse>()(
    z
      .object({
        text: packageText,
        respondent: respondentSchema,
        decidedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD'),
        decision: z.enum(DECISIONS),
        queries: z.array(querySchema).max(MAX_QUERIES).default([]),
      })
      .strict(),
  ),
  'review.importResponse': method<ReviewResponseRow>()(z.object({ text: responseText }).strict()),
  'review.answerQuery': method<ReviewQueryRow>()(
    z.object({ id: idField, answer: z.string().trim().min(1, 'Write the answer').max(4000) }).strict(),
  ),
};
