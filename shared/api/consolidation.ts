import { z } from 'zod';
import { MAX_PACKAGE_BYTES } from '../review/model';
import type { Period } from '../returns/period';
import type { YearLabel } from '../years/financial-year';
import { idField, yearField } from './fields';
import { method } from './method';
import type { ExportedFile } from './pools';

/**
 * ICB consolidation: an ICB finance lead reads several areas' review
 * packages into a consolidation of their own (never into an area's data) and
 * sees the totals across them. Every amount is integer pence.
 */

export interface ConsolidationSummary {
  id: number;
  name: string;
  year: YearLabel;
  areas: number;
  createdAt: string;
}

/** One area in a consolidation, with where its figures came from. */
export interface ConsolidatedArea {
  id: number;
  name: string;
  packageId: string;
  fingerprint: string;
  sentAt: string;
  sentBy: string;
  importedAt: string;
  lines: number;
  expenditurePence: number;
}

/** A total of planned expenditure by one heading (a funding source, a scheme type). */
export interface HeadingTotal {
  heading: string;
  lines: number;
  expenditurePence: number;
}

/** Planned against actual for one period, across the areas that reported it. */
export interface QuarterTotal {
  period: Period;
  areas: number;
  plannedPence: number;
  actualPence: number;
}

/** A partner's exposure across the pools of the areas it is a partner in. */
export interface PartnerExposure {
  partner: string;
  areas: string[];
  pools: number;
  contributionPence: number;
  /** Its share of the pools' variances (negative: its share of an underspend). */
  sharePence: number;
}

/**
 * An area's minimums: each one its plan has a required figure for, met or
 * not. An area whose package predates minimums has one row with null
 * figures and `met` null: the package does not say, so neither do we.
 */
export interface AreaMinimum {
  area: string;
  /** What the minimum is, in words ("Minimum NHS contribution to adult social care"), or "Not in this package". */
  label: string;
  requiredPence: number | null;
  plannedPence: number | null;
  met: boolean | null;
}

/** The words for a package that carries no minimums. */
export const MINIMUMS_NOT_IN_PACKAGE = 'Not in this package';

export interface ConsolidationView {
  id: number;
  name: string;
  year: YearLabel;
  areas: ConsolidatedArea[];
  total: { lines: number; expenditurePence: number };
  bySource: HeadingTotal[];
  bySchemeType: HeadingTotal[];
  quarters: QuarterTotal[];
  exposure: PartnerExposure[];
  minimums: AreaMinimum[];
}

const consolidationName = z
  .string()
  .trim()
  .min(1, 'Give the consolidation a name, e.g. "BSW 2025-26"')
  .max(200, 'A name has at most 200 characters');

const packageText = z
  .string()
  .min(1, 'Pick a review package file')
  .max(
    MAX_PACKAGE_BYTES,
    'This file is larger than any review package (20 MB at most); check you picked the right file.',
  );

export const consolidationMethods = {
  'consolidation.list': method<ConsolidationSummary[]>()(z.object({}).strict()),
  'consolidation.create': method<ConsolidationSummary>()(
    z.object({ name: consolidationName, year: yearField }).strict(),
  ),
  'consolidation.get': method<ConsolidationView>()(z.object({ id: idField }).strict()),
  'consolidation.importPackage': method<ConsolidationView>()(z.object({ id: idField, text: packageText }).strict()),
  'consolidation.removeArea': method<ConsolidationView>()(z.object({ id: idField, areaId: idField }).strict()),
  'consolidation.exportXlsx': method<ExportedFile>()(z.object({ id: idField }).strict()),
  'consolidation.exportPdf': method<ExportedFile>()(z.object({ id: idField }).strict()),
};
