import { z } from 'zod';
import type { IncomeInput } from '../plans/income';
import type { LineField, PlanLine } from '../plans/line';
import type { Finding } from '../rules/types';
import type { YearLabel } from '../years/financial-year';
import type { FillSummary, GenerateSummary } from '../workbooks/data';
import type { Profile, ProfileKind, ProfileOrigin, ProfileSummary } from '../workbooks/profile';
import { PROFILE_KINDS } from '../workbooks/profile';
import { yearField } from './fields';
import { method } from './method';

/** A workbook going out: its name and its bytes, base64 (the same over IPC and HTTP). */
export interface PlanWorkbookExport {
  fileName: string;
  contentBase64: string;
  mode: 'fill' | 'generate';
  profile: string;
  fill?: FillSummary;
  generate?: GenerateSummary;
}

export interface WorkbookImportPreview {
  file: string;
  profile: string;
  profileLabel: string;
  year: YearLabel;
  years: YearLabel[];
  sheet: string | null;
  headerRow: number;
  columns: { field: LineField; header: string; letter: string }[];
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
}

export interface PlanCover {
  year: YearLabel;
  /** The area's name: the Health and Wellbeing Board on every cover. */
  hwb: string;
  fields: { key: string; label: string; value: string }[];
}

/** A profile derived from an official workbook, with what was found, for the user to correct and save. */
export interface DerivedProfile {
  file: string;
  profile: Profile;
  /** Whether the draft is already a valid profile; if not, `problems` says what to correct. */
  valid: boolean;
  problems: string[];
  sheets: { name: string; state: string }[];
  tables: {
    id: string;
    sheet: string;
    headerRow: number;
    columns: { letter: string; header: string; field: string | null; role: string; kind: string; required: boolean; list: string | null; listValues: string[] }[];
  }[];
  cover: { key: string; label: string; cell: string; role: string; value: string }[];
  notes: string[];
}

export interface StoredProfileView {
  profile: Profile;
  origin: ProfileOrigin;
  derivedFrom: string | null;
}

const file = {
  fileName: z.string().trim().min(1).max(260),
  contentBase64: z.string().max(45_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the file content must be base64'),
};
const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'a profile name such as 2023-25-planning');

/** Workbooks: template profiles, filling NHS England's workbook, generating one, reading them back. */
export const workbookMethods = {
  'workbook.profiles': method<ProfileSummary[]>()(z.object({ kind: z.enum(PROFILE_KINDS).optional() }).strict()),
  'workbook.profile': method<StoredProfileView>()(z.object({ id: profileId }).strict()),
  'workbook.deriveProfile': method<DerivedProfile>()(z.object({ ...file }).strict()),
  // The profile itself is checked by the service against the full profile schema, which reports every problem by path.
  'workbook.saveProfile': method<ProfileSummary>()(z.object({ profile: z.record(z.string(), z.unknown()), derivedFrom: z.string().max(260).nullable().optional() }).strict()),
  'workbook.deleteProfile': method<{ id: string }>()(z.object({ id: profileId }).strict()),
  'workbook.exportPlan': method<PlanWorkbookExport>()(
    z.object({ year: yearField, profile: profileId.optional(), into: z.object(file).strict().optional() }).strict(),
  ),
  'workbook.previewImport': method<WorkbookImportPreview>()(z.object({ ...file, profile: profileId.optional() }).strict()),
  'workbook.commitImport': method<WorkbookImportOutcome>()(
    z.object({ ...file, profile: profileId.optional(), mode: z.enum(['refuse', 'replace', 'append']) }).strict(),
  ),
  'plan.cover': method<PlanCover>()(z.object({ year: yearField }).strict()),
  'plan.setCover': method<PlanCover>()(z.object({ year: yearField, cover: z.record(z.string().max(40), z.string().max(1000)) }).strict()),
};

export type { ProfileKind, ProfileSummary };
