import { z } from 'zod';
import type { BoardMeeting, CalendarEntry, Deadline, NextAction } from '../returns/calendar';
import { RETURN_FIELDS, type ReturnColumn, type ReturnFieldName, type ReturnLine } from '../returns/line';
import { conditionInputSchema, type ConditionAnswer } from '../templates/conditions';
import type { ExtraField } from '../templates/fields';
import {
  assessmentInputSchema,
  metricInputSchema,
  metricRevisionInputSchema,
  type Metric,
  type MetricAssessment,
} from '../returns/metrics';
import { parsePeriod, type Period } from '../returns/period';
import { returnSettingsSchema, type ReturnSettings } from '../returns/settings';
import type { SignOff } from '../returns/signoff';
import { approverSchema } from '../signoff/approval';
import type { ReturnTotalRow, ReturnTotals } from '../returns/totals';
import { incomeActualInputSchema, type YearEndPicture } from '../returns/year-end';
import type { ValidationReport, Finding } from '../rules/types';
import type { YearLabel } from '../years/financial-year';
import { dateField, fileFields, idField, yearField } from './fields';
import type { TemplateNotice } from './plans';
import { method } from './method';

/** A quarterly return, whole: what the Returns screen shows and `bcf return show --json` prints. */
export interface ReturnView extends SignOff {
  id: number;
  year: YearLabel;
  period: Period;
  /** "Q1 2024-25". */
  label: string;
  /** The plan it belongs to: its first year and its label ("2023-25"). */
  planYear: YearLabel;
  planLabel: string;
  /** Which NHS England template the return follows, e.g. "2024-25 Q1 (Discharge Fund)". */
  template: string;
  /** The funding sources in scope; every source of the plan when the return was created for all. */
  sources: string[];
  locked: boolean;
  previousPeriod: Period | null;
  createdAt: string;
  lines: ReturnLine[];
  /** Said when the return's year has no template year of its own (its plan follows another's), or only a provisional one. */
  notice: TemplateNotice | null;
  /** The template year's own fields on return lines: entry columns, as "extra.<key>". */
  fields: ExtraField[];
  /** The drop-down lists of those fields. */
  lists: Record<string, string[]>;
  totals: ReturnTotals;
  /** A year-end return's income and expenditure by funding source, planned beside actual; null for a quarter. */
  yearEnd: YearEndPicture | null;
  metrics: MetricAssessment[];
  /** The template year's national conditions, with this return's answers. */
  conditions: ConditionAnswer[];
  validation: ValidationReport;
  settings: ReturnSettings;
}

export interface ReturnSummary {
  id: number;
  year: YearLabel;
  period: Period;
  label: string;
  state: SignOff['state'];
  sources: string[];
  plannedPence: number;
  actualPence: number;
  errors: number;
  warnings: number;
  deadline: string | null;
  submittedOn: string | null;
  ratifiedOn: string | null;
}

export interface ReturnOptions {
  year: YearLabel;
  /** Null when no plan covers the year. */
  planLabel: string | null;
  /** The plan's funding sources for this year, with what each plans to spend. */
  sources: { name: string; lines: number; plannedPence: number }[];
  returns: ReturnSummary[];
  /** Years a return can be made for: each year of each plan. */
  years: YearLabel[];
}

export interface ReturnImportPreview {
  file: string;
  sheet?: string;
  headerRow: number;
  columns: { field: ReturnColumn; header: string; letter: string }[];
  ignored: string[];
  /** Each matched row: the file row, the line it matched, and what will change. */
  matches: {
    row: number;
    lineId: number;
    schemeId: string;
    schemeName: string;
    plannedPence: number;
    changes: { field: ReturnColumn; from: string; to: string }[];
  }[];
  /** Lines of the return the file does not mention: they keep their figures. */
  untouched: number;
  printedTotals: {
    row: number;
    label: string;
    field: 'plannedPence' | 'actualPence';
    printedPence: number;
    computedPence: number;
  }[];
  problems: string[];
  /** What the checks will say after the import. */
  findings: Finding[];
}

export interface ReturnImportOutcome {
  file: string;
  /** The worksheet read, when the file is a workbook. */
  sheet?: string;
  matched: number;
  changed: number;
  dryRun: boolean;
  findings: Finding[];
}

export interface YearPicture {
  year: YearLabel;
  planLabel: string | null;
  /** Planned expenditure of the year for the sources the returns cover (every source when none). */
  plannedPence: number;
  quarters: {
    period: Period;
    label: string;
    state: SignOff['state'] | null;
    plannedPence: number | null;
    actualPence: number | null;
    forecastPence: number | null;
    profilePence: number;
  }[];
  /** From the latest return: plan, actual to date and forecast by scheme type and by funding source. */
  latest: { period: Period; label: string } | null;
  bySchemeType: ReturnTotalRow[];
  bySourceOfFunding: ReturnTotalRow[];
}

export interface CalendarView {
  today: string;
  deadlines: Deadline[];
  meetings: BoardMeeting[];
  entries: CalendarEntry[];
  next: NextAction;
}

export const periodField = z.string().transform((raw, ctx) => {
  const parsed = parsePeriod(raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.period;
});

const which = { year: yearField, period: periodField };
const reason = z.string().trim().min(1, 'Give a reason: it is kept in the history').max(1000);
/** A column: a built-in field, or one of the template year's own as "extra.<key>". */
const field = z.union([
  z.enum(RETURN_FIELDS as [ReturnFieldName, ...ReturnFieldName[]]),
  z.custom<`extra.${string}`>(
    (v) => typeof v === 'string' && /^extra\.[a-z][A-Za-z0-9]{0,59}$/.test(v),
    'a column such as extra.dischargePathway',
  ),
]);

/** Quarterly returns: creation from the plan, entry, import of actuals, checks, sign-off, metrics, the calendar and the year's picture. */
export const returnMethods = {
  'return.options': method<ReturnOptions>()(z.object({ year: yearField }).strict()),
  'return.list': method<ReturnSummary[]>()(z.object({}).strict()),
  'return.get': method<ReturnView>()(z.object(which).strict()),
  'return.create': method<ReturnView>()(
    z
      .object({
        ...which,
        sources: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
        template: z.string().trim().max(200).optional(),
      })
      .strict(),
  ),
  'return.applyEdits': method<{ changed: number }>()(
    z
      .object({
        ...which,
        edits: z
          .array(z.object({ lineId: idField, field, text: z.string().max(10_000) }).strict())
          .min(1)
          .max(20_000),
      })
      .strict(),
  ),
  'return.unlockLine': method<ReturnView>()(z.object({ ...which, lineId: idField, reason }).strict()),
  'return.lockLine': method<ReturnView>()(z.object({ ...which, lineId: idField }).strict()),
  'return.previewImport': method<ReturnImportPreview>()(z.object({ ...which, ...fileFields }).strict()),
  // `dryRun`: match and check the file, writing nothing (`bcf return import --dry-run`).
  'return.commitImport': method<ReturnImportOutcome>()(
    z.object({ ...which, ...fileFields, dryRun: z.boolean().optional() }).strict(),
  ),
  'return.markReady': method<ReturnView>()(z.object(which).strict()),
  'return.backToDraft': method<ReturnView>()(z.object(which).strict()),
  'return.approve': method<ReturnView>()(
    z
      .object({
        ...which,
        approvers: z
          .array(approverSchema.extend({ approvedOn: dateField }))
          .min(1, 'Name at least one approver')
          .max(20),
        delegatedAuthority: z.string().trim().max(2000),
        /** How many of the checks' warnings the user saw and accepts; approval is refused if the checks find a different number. */
        acceptWarnings: z.number().int().min(0).max(100_000).default(0),
      })
      .strict(),
  ),
  'return.submit': method<ReturnView>()(
    z.object({ ...which, submittedOn: dateField, deadline: dateField.optional() }).strict(),
  ),
  'return.ratify': method<ReturnView>()(
    z.object({ ...which, ratifiedOn: dateField, meeting: z.string().trim().max(500).optional() }).strict(),
  ),
  'return.reopen': method<ReturnView>()(z.object({ ...which, reason }).strict()),
  'return.delete': method<{ year: YearLabel; period: Period }>()(z.object({ ...which, reason }).strict()),
  'return.setAssessment': method<ReturnView>()(
    z.object({ ...which, metricId: idField, assessment: assessmentInputSchema }).strict(),
  ),
  'return.setCondition': method<ReturnView>()(
    z.object({ ...which, key: z.string().trim().min(1).max(20), answer: conditionInputSchema }).strict(),
  ),
  /** A year-end return: one funding source's actual income for the year and the explanation of its variance. */
  'return.setIncome': method<ReturnView>()(z.object({ ...which, income: incomeActualInputSchema }).strict()),
  'return.year': method<YearPicture>()(z.object({ year: yearField }).strict()),
  'return.summaryPdf': method<{ fileName: string; contentBase64: string }>()(z.object(which).strict()),
  'metrics.get': method<Metric[]>()(z.object({ year: yearField }).strict()),
  'metrics.set': method<Metric[]>()(
    z.object({ year: yearField, metrics: z.array(metricInputSchema).max(50) }).strict(),
  ),
  /** Revises one metric's target in the year, keeping the one it replaces. */
  'metrics.revise': method<Metric>()(
    z.object({ year: yearField, metricId: idField, revision: metricRevisionInputSchema }).strict(),
  ),
  'returnSettings.get': method<ReturnSettings>()(z.object({}).strict()),
  'returnSettings.set': method<ReturnSettings>()(returnSettingsSchema),
  'calendar.get': method<CalendarView>()(z.object({}).strict()),
  'calendar.setDeadline': method<CalendarView>()(z.object({ ...which, dueOn: dateField.nullable() }).strict()),
  'calendar.addMeeting': method<CalendarView>()(
    z.object({ meetsOn: dateField, note: z.string().trim().max(300) }).strict(),
  ),
  'calendar.removeMeeting': method<CalendarView>()(z.object({ id: idField }).strict()),
};
