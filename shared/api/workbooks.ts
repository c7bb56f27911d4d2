import { z } from 'zod';
import type { IncomeInput } from '../plans/income';
import type { PlanColumn, PlanLine } from '../plans/line';
import type { Finding } from '../rules/types';
import type { YearLabel } from '../years/financial-year';
import type { FillSummary, GenerateSummary } from '../workbooks/data';
import type { Profile, ProfileKind, ProfileOrigin, ProfileSummary } from '../workbooks/profile';
import { PROFILE_KINDS } from '../workbooks/profile';
import type { Period } from '../returns/period';
import type { ReturnState } from '../returns/signoff';
import { fileFields, yearField } from './fields';
import { method } from './method';
import type { LinksAfterImport } from './plans';
import { periodField, type ReturnImportPreview } from './returns';

/** A workbook going out: its name and its bytes, base64 (the same over IPC and HTTP). */
export interface WorkbookExport {
  fileName: string;
  contentBase64: string;
  mode: 'fill' | 'generate';
  profile: string;
  fill?: FillSummary;
  generate?: GenerateSummary;
}
export type PlanWorkbookExport = WorkbookExport;

export interface WorkbookImportPreview {
  kind: 'plan';
  file: string;
  profile: string;
  profileLabel: string;
  year: YearLabel;
  years: YearLabel[];
  sheet: string | null;
  headerRow: number;
  columns: { field: PlanColumn; header: string; letter: string }[];
  lines: number;
  sample: PlanLine[];
  income: number;
  incomeSample: IncomeInput[];
  cover: Record<string, string>;
  /** Every problem with the file; when there are any, nothing can be imported. */
  problems: string[];
  /** What the reader noticed and worked around. */
  notes: string[];
  findings: Finding[];
  existingLines: number;
  existingIncome: number;
}

export interface WorkbookImportOutcome {
  kind: 'plan';
  file: string;
  profile: string;
  year: YearLabel;
  lines: number;
  income: number;
  replaced: { lines: number; income: number };
  cover: string[];
  notes: string[];
  dryRun: boolean;
  findings: Finding[];
  /** Pool contributions and return lines linked to replaced lines (none: there were none). */
  links?: LinksAfterImport;
}

/** A quarterly return workbook read back, before anything is written: which return it goes into and what will change. */
export interface ReturnWorkbookImportPreview {
  kind: 'return';
  file: string;
  profile: string;
  profileLabel: string;
  year: YearLabel;
  period: Period;
  /** "Q1 2024-25". */
  label: string;
  /** The return's sign-off state: from Approved on, nothing can be imported. */
  state: ReturnState;
  locked: boolean;
  sheet: string | null;
  headerRow: number;
  /** The rows matched to the return's lines and what each changes, as the returns importer previews a file. */
  actuals: ReturnImportPreview;
  /** Cover details the workbook changes: from the value the return has now to the workbook's. */
  cover: { key: string; label: string; from: string; to: string }[];
  /**
   * The metrics sheet: its name (null when the workbook or profile has none), how many metric rows
   * were read, and each assessment value that changes (assessment of progress, challenges, achievements).
   */
  metrics: {
    sheet: string | null;
    rows: number;
    changes: {
      metric: string;
      field: 'onTrack' | 'challenges' | 'achievements';
      label: string;
      from: string;
      to: string;
    }[];
  };
  /** The national conditions block: its sheet (null when none), the rows read, each answer that changes. */
  conditions: {
    sheet: string | null;
    rows: number;
    changes: { key: string; field: 'answer' | 'explanation'; from: string; to: string }[];
  };
  /** A year-end return's income block: its sheet (null when none, and for a quarter), the sources read, each value that changes. */
  income: {
    sheet: string | null;
    rows: number;
    changes: { sourceOfFunding: string; field: 'actualPence' | 'note'; label: string; from: string; to: string }[];
  };
  /** Every problem; when there are any, nothing can be imported. */
  problems: string[];
  notes: string[];
}

export interface ReturnWorkbookImportOutcome {
  kind: 'return';
  file: string;
  profile: string;
  year: YearLabel;
  period: Period;
  label: string;
  matched: number;
  changed: number;
  cover: string[];
  /** Metrics whose assessment the workbook changed (or would, on a dry run). */
  metrics: number;
  /** National conditions whose answer the workbook changed (or would). */
  conditions: number;
  /** Funding sources whose year-end income the workbook changed (or would). */
  income: number;
  notes: string[];
  dryRun: boolean;
  findings: Finding[];
}

/** A return's cover details: each with its value on the workbook and where it comes from. */
export interface ReturnCover {
  year: YearLabel;
  period: Period;
  label: string;
  hwb: string;
  fields: { key: string; label: string; value: string; own: string; from: 'return' | 'plan' | 'approvers' | null }[];
}

export interface PlanCover {
  year: YearLabel;
  /** The area's name: the Health and Wellbeing Board on every cover. */
  hwb: string;
  fields: { key: string; label: string; value: string }[];
}

export interface StoredProfileView {
  profile: Profile;
  origin: ProfileOrigin;
  derivedFrom: string | null;
}

const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'a profile name such as 2023-25-planning');

/** Workbooks: template profiles, filling NHS England's workbook, generating one, reading them back. */
export const workbookMethods = {
  'workbook.profiles': method<ProfileSummary[]>()(z.object({ kind: z.enum(PROFILE_KINDS).optional() }).strict()),
  'workbook.profile': method<StoredProfileView>()(z.object({ id: profileId }).strict()),
  // The profile itself is checked by the service against the full profile schema, which reports every problem by path.
  'workbook.saveProfile': method<ProfileSummary>()(
    z
      .object({ profile: z.record(z.string(), z.unknown()), derivedFrom: z.string().max(260).nullable().optional() })
      .strict(),
  ),
  'workbook.deleteProfile': method<{ id: string }>()(z.object({ id: profileId }).strict()),
  'workbook.exportPlan': method<PlanWorkbookExport>()(
    z
      .object({ year: yearField, profile: profileId.optional(), into: z.object(fileFields).strict().optional() })
      .strict(),
  ),
  'workbook.exportReturn': method<WorkbookExport>()(
    z
      .object({
        year: yearField,
        period: periodField,
        profile: profileId.optional(),
        into: z.object(fileFields).strict().optional(),
      })
      .strict(),
  ),
  // A plan workbook goes into the plan of its year; a quarterly one into the return for its year and period (given, or named on its cover).
  'workbook.previewImport': method<WorkbookImportPreview | ReturnWorkbookImportPreview>()(
    z.object({ ...fileFields, profile: profileId.optional(), period: periodField.optional() }).strict(),
  ),
  'workbook.commitImport': method<WorkbookImportOutcome | ReturnWorkbookImportOutcome>()(
    z
      .object({
        ...fileFields,
        profile: profileId.optional(),
        mode: z.enum(['refuse', 'replace', 'append']),
        period: periodField.optional(),
        // Check the workbook and answer as the import would, writing nothing (`bcf import workbook --dry-run`).
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
  'plan.cover': method<PlanCover>()(z.object({ year: yearField }).strict()),
  'plan.setCover': method<PlanCover>()(
    z.object({ year: yearField, cover: z.record(z.string().max(40), z.string().max(1000)) }).strict(),
  ),
  'return.cover': method<ReturnCover>()(z.object({ year: yearField, period: periodField }).strict()),
  'return.setCover': method<ReturnCover>()(
    z
      .object({ year: yearField, period: periodField, cover: z.record(z.string().max(40), z.string().max(1000)) })
      .strict(),
  ),
};

export type { ProfileKind, ProfileSummary };
