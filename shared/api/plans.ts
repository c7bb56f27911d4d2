import { z } from 'zod';
import { MAX_INPUT_PENCE } from '../money';
import { incomeInputSchema, REQUIREMENT_KINDS, type IncomeLine, type Requirement } from '../plans/income';
import type { PrintedTotal } from '../plans/import-lines';
import { ALL_FIELDS, lineInputSchema, type LineField, type PlanColumn, type PlanLine } from '../plans/line';
import type { ExtraField } from '../templates/fields';
import { conditionInputSchema, type ConditionAnswer } from '../templates/conditions';
import type { PlanTotals } from '../plans/totals';
import { LIST_NAMES, type Confidence, type ListName, type ReferenceSet } from '../reference/reference-set';
import type { RuleInfo, ValidationReport, Finding } from '../rules/types';
import type { YearLabel } from '../years/financial-year';
import { partnerApprovalSchema, type PlanSignOff } from '../plans/signoff';
import { dateField, fileFields, idField, reasonField, yearField } from './fields';
import { method } from './method';

/**
 * Said wherever a plan's template year matters when it is not the year's own:
 * none (a year with no template year: the two ways on), another year's (a
 * plan rolled forward that kept its layout), or a provisional copy.
 */
export interface TemplateNotice {
  /** 'approved': the plan stays on the template year it was approved on, which has changed since. */
  kind: 'none' | 'another-year' | 'provisional' | 'approved';
  message: string;
  /** The year that has no template year of its own. */
  year: YearLabel;
  /** The latest template year before it: what a provisional copy starts from. */
  latest: string | null;
}

export interface PlanView {
  /** The plan's first year, which names it in the database and the API. */
  year: YearLabel;
  years: YearLabel[];
  /** "2019-20", or "2023-25" for a two-year plan. */
  label: string;
  /**
   * Plans made before one plan per year was enforced that cover a year with this one: each pair,
   * the years they share, and each plan's lines, for the user to keep one and delete the other.
   */
  overlaps: { years: YearLabel[]; plans: { year: YearLabel; label: string; lines: number }[] }[];
  exists: boolean;
  template: string;
  templateLabel: string;
  /**
   * The template year's lists, layout and rules (what `reference.get` answers), sent with the plan so that
   * the screen's drop-downs need no second request after the plan has loaded (docs/performance.md).
   */
  reference: ReferenceSet;
  /** The template year's uplift of the NHS minimum to adult social care over last year's baseline (3.9 in 2025-26), if it sets one. */
  ascUpliftPercent: string | null;
  confidence: Confidence;
  notice: TemplateNotice | null;
  /** The columns the grid shows: the template year's layout, then its own fields ("extra.<key>"). */
  columns: PlanColumn[];
  /** The template year's own fields on plan lines. */
  fields: ExtraField[];
  /** The template year's national conditions with the plan's answers (its assurance statements). */
  conditions: ConditionAnswer[];
  lines: PlanLine[];
  income: IncomeLine[];
  requirements: Requirement[];
  printedTotals: PrintedTotal[];
  totals: PlanTotals;
  validation: ValidationReport;
  /** The next undo and redo, each named, and which step it is (sent back with Undo or Redo, so that a stale screen is refused). */
  undo: { undo: string | null; redo: string | null; undoStep: string | null; redoStep: string | null };
  /** Each partner's approval and submission, the board's ratification, and whether the plan is locked. */
  signOff: PlanSignOff;
}

export interface ImportPreview {
  file: string;
  sheet?: string;
  year: YearLabel;
  template: string;
  headerRow: number;
  columns: { field: PlanColumn; header: string; letter: string }[];
  lines: number;
  /** The first lines, as they will be created. */
  sample: PlanLine[];
  printedTotals: PrintedTotal[];
  /** A filled quarterly return's own columns, read past (the plan takes its fixed columns). */
  readPast: { header: string; letter: string }[];
  /** Every problem with the file; when there are any, nothing can be imported. */
  problems: string[];
  /** What the rules find in the plan as it would be after the import. */
  findings: Finding[];
  existingLines: number;
}

export interface PlanImportOutcome {
  file: string;
  /** The worksheet read, when the file is a workbook. */
  sheet?: string;
  year: YearLabel;
  imported: number;
  replaced: number;
  printedTotals: PrintedTotal[];
  readPast: { header: string; letter: string }[];
  dryRun: boolean;
  findings: Finding[];
  /** Pool contributions and return lines linked to replaced lines (none: there were none). */
  links?: LinksAfterImport;
}

/**
 * A step undone or redone; `leftAlone` names the links to plan lines it did not move, changed by the user
 * since; `unlinked` those made after the step that lost their line to it (the opposite step links them again).
 */
export interface StepDone {
  label: string;
  leftAlone: string[];
  unlinked: string[];
}

/** What became of the links to a plan's lines that an import replaced: linked again to the new line with the same identity, or dropped (named). */
export interface LinksAfterImport {
  relinked: number;
  dropped: string[];
}

/** An income file read, before anything is written: the Income screen shows it and asks. */
export interface IncomeImportPreview {
  file: string;
  year: YearLabel;
  years: YearLabel[];
  lines: { sourceOfFunding: string; partner: string; amountPence: number; amountYear2Pence: number | null }[];
  totals: { row: number; label: string; printedPence: number; computedPence: number }[];
  /** Every problem with the file; when there are any, nothing can be imported. */
  problems: string[];
  existingLines: number;
}

export interface IncomeImportOutcome {
  file: string;
  year: YearLabel;
  imported: number;
  replaced: number;
  totals: IncomeImportPreview['totals'];
  dryRun: boolean;
}

export interface RollForwardOutcome {
  from: YearLabel;
  to: YearLabel;
  /** The template year the new plan follows. */
  template: string;
  /** Said when the new year has no template year of its own and the plan keeps the old one's. */
  note?: string;
  lines: number;
  income: number;
  /** The old sources of funding moved to the new year's (each once), with how many lines and income lines went. */
  streams: { from: string; to: string; lines: number; income: number }[];
  uplifts: { source: string; percent: string; lines: number }[];
}

export interface TemplateSummary {
  template: string;
  label: string;
  provenance: string;
  years: YearLabel[];
  /** Lists the user has changed: added to by hand, or imported. */
  origins: Partial<Record<ListName, 'user' | 'imported'>>;
}

const templateYear = z.string().regex(/^\d{4}-\d{2}$/, 'a template year such as 2023-25');
const template = templateYear.optional();
const percent = z
  .string()
  .trim()
  .regex(/^-?\d{1,3}(\.\d{1,6})?$/, 'a percentage such as 5.66 or -2');
const pence = z.number().int().min(-MAX_INPUT_PENCE).max(MAX_INPUT_PENCE);
const listName = z.enum(LIST_NAMES);
const builtIn = z.enum(ALL_FIELDS as [LineField, ...LineField[]]);
/** A column: a built-in field, or one of the template year's own as "extra.<key>". */
const field = z.union([
  builtIn,
  z.custom<`extra.${string}`>(
    (v) => typeof v === 'string' && /^extra\.[a-z][A-Za-z0-9]{0,59}$/.test(v),
    'a column such as extra.dischargePathway',
  ),
]);

/** A year's plan: its scheme lines, income, checks, import, roll forward, undo and redo. */
export const planMethods = {
  // Without a year: the plan the Plan screen opens first, the latest year a plan covers (this financial year
  // when there is none), so that the window can ask for it while it is still asking what the data holds.
  'plan.get': method<PlanView>()(z.object({ year: yearField.optional() }).strict()),
  'plan.exportCsv': method<{ fileName: string; csv: string }>()(z.object({ year: yearField }).strict()),
  'line.create': method<PlanLine>()(z.object({ year: yearField, line: lineInputSchema, reason: reasonField }).strict()),
  'line.update': method<PlanLine>()(z.object({ id: idField, line: lineInputSchema, reason: reasonField }).strict()),
  'line.delete': method<{ id: number }>()(z.object({ id: idField, reason: reasonField }).strict()),
  'plan.applyEdits': method<{ changed: number; created: number[] }>()(
    z
      .object({
        year: yearField,
        label: z.string().trim().max(200).optional(),
        edits: z.array(z.object({ lineId: idField, field, text: z.string().max(10_000) }).strict()).max(200_000),
        newLines: z
          .array(
            z.record(z.string().max(80), z.string().max(10_000)).check((ctx) => {
              for (const k of Object.keys(ctx.value))
                if (!field.safeParse(k).success)
                  ctx.issues.push({ code: 'custom', message: `${k} is not a column of a plan`, input: ctx.value });
            }),
          )
          .max(20_000)
          .optional(),
      })
      .strict(),
  ),
  // `expected`: the step the screen showed; refused when the database's next step is another.
  'plan.delete': method<{ year: YearLabel; lines: number }>()(
    z
      .object({
        year: yearField,
        reason: z.string().trim().min(1, 'Give a reason: it is kept in the history').max(1000),
      })
      .strict(),
  ),
  // Sign-off: each partner's approval and submission, the board's ratification, reopening with a reason.
  'plan.approve': method<PlanView>()(
    z
      .object({
        year: yearField,
        approval: partnerApprovalSchema.extend({ approvedOn: dateField }),
        /** How many of the checks' warnings the approver saw and accepts; refused if the checks find a different number. */
        acceptWarnings: z.number().int().min(0).max(100_000).default(0),
      })
      .strict(),
  ),
  'plan.submit': method<PlanView>()(
    z
      .object({
        year: yearField,
        partner: z.string().trim().min(1, 'Name the partner').max(200),
        submittedOn: dateField,
      })
      .strict(),
  ),
  'plan.ratify': method<PlanView>()(
    z.object({ year: yearField, ratifiedOn: dateField, meeting: z.string().trim().max(500).optional() }).strict(),
  ),
  'plan.reopen': method<PlanView>()(
    z
      .object({
        year: yearField,
        reason: z.string().trim().min(1, 'Give the reason for reopening: it is kept in the history').max(1000),
      })
      .strict(),
  ),
  'plan.undo': method<StepDone>()(z.object({ year: yearField, expected: z.string().max(80).optional() }).strict()),
  'plan.redo': method<StepDone>()(z.object({ year: yearField, expected: z.string().max(80).optional() }).strict()),
  'plan.previewImport': method<ImportPreview>()(z.object({ year: yearField, template, ...fileFields }).strict()),
  // `dryRun`: check the file and answer as the import would, writing nothing (`bcf import plan --dry-run`).
  'plan.commitImport': method<PlanImportOutcome>()(
    z
      .object({
        year: yearField,
        template,
        ...fileFields,
        mode: z.enum(['refuse', 'replace', 'append']),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
  'income.previewImport': method<IncomeImportPreview>()(z.object({ year: yearField, ...fileFields }).strict()),
  'income.commitImport': method<IncomeImportOutcome>()(
    z
      .object({
        year: yearField,
        ...fileFields,
        mode: z.enum(['refuse', 'replace', 'append']),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
  'plan.rollForward': method<RollForwardOutcome>()(
    z
      .object({
        from: yearField,
        to: yearField,
        uplifts: z.array(z.object({ source: z.string().trim().min(1).max(200), percent }).strict()).max(50),
        replace: z.boolean().optional(),
      })
      .strict(),
  ),
  'plan.setCondition': method<PlanView>()(
    z.object({ year: yearField, key: z.string().trim().min(1).max(20), answer: conditionInputSchema }).strict(),
  ),
  'plan.setRequirement': method<PlanView>()(
    z.object({ year: yearField, kind: z.enum(REQUIREMENT_KINDS), pence: pence.min(0).nullable() }).strict(),
  ),
  'income.create': method<IncomeLine>()(z.object({ year: yearField, income: incomeInputSchema }).strict()),
  'income.update': method<IncomeLine>()(z.object({ id: idField, income: incomeInputSchema }).strict()),
  'income.delete': method<{ id: number }>()(z.object({ id: idField }).strict()),
  'rules.list': method<RuleInfo[]>()(z.object({}).strict()),
  'reference.list': method<TemplateSummary[]>()(z.object({}).strict()),
  'reference.get': method<ReferenceSet>()(z.object({ template: templateYear }).strict()),
  'reference.addValue': method<ReferenceSet>()(
    z
      .object({
        template: templateYear,
        list: listName,
        value: z.string().trim().min(1, 'Give the value to add').max(300),
        schemeType: z.string().trim().max(200).optional(),
      })
      .strict(),
  ),
  'reference.importList': method<{ added: string[]; removed: string[]; count: number; dryRun: boolean }>()(
    z
      .object({
        template: templateYear,
        list: listName,
        ...fileFields,
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ),
  'reference.resetList': method<ReferenceSet>()(z.object({ template: templateYear, list: listName }).strict()),
};
