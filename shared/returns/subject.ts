import type { Pence } from '../money';
import type { SourceRef } from '../plans/line';
import type { ReferenceSet } from '../reference/reference-set';
import type { YearLabel } from '../years/financial-year';
import type { ReturnEntry, ReturnFixed } from './line';
import type { MetricAssessment } from './metrics';
import type { Period } from './period';
import type { ReturnSettings } from './settings';
import type { ConditionAnswer } from '../templates/conditions';
import type { CoverDetail } from '../rules/cover';
import type { YearEndIncomeRow } from './year-end';

/** A return line as the rules see it (a line in an import preview has no id yet). */
export interface CheckedReturnLine extends ReturnFixed, ReturnEntry {
  id?: number;
  /** The plan line it was copied from; null when that line has since been deleted from the plan. */
  planLineId?: number | null;
  source?: SourceRef | null;
  previousActualPence: Pence | null;
}

/** Everything the return rules look at. */
export interface ReturnSubject {
  year: YearLabel;
  period: Period;
  /** The period of the year's previous return, whose actuals the lines compare with. */
  previousPeriod: Period | null;
  /** The plan's template year: which scheme types must report outputs. */
  template: ReferenceSet | null;
  lines: readonly CheckedReturnLine[];
  metrics: readonly MetricAssessment[];
  /** The template year's national conditions, with the return's answers. */
  conditions?: readonly ConditionAnswer[];
  /** The cover details as the workbook will show them (the return's own, else the plan's; who signed off from the approvers). */
  cover?: readonly CoverDetail[];
  /** Whether the return is approved: before, its sign-off details are the approval's to fill in. */
  approved?: boolean;
  settings: ReturnSettings;
  /** At year end: the income by funding source, planned beside actual. */
  income?: readonly YearEndIncomeRow[];
  /** For an open return: the plan as it stands now, to compare its snapshot with (an approved return is a record, and is not compared). */
  planNow?: PlanNow;
}

/** A plan line as it stands now, with the expenditure for the return's year. */
export interface PlanLineNow {
  id: number;
  schemeId: string;
  schemeName: string;
  sourceOfFunding: string;
  plannedPence: Pence;
}

export interface PlanNow {
  /** The return's funding sources: a plan line in one of them belongs in the return. */
  sources: readonly string[];
  lines: readonly PlanLineNow[];
}
