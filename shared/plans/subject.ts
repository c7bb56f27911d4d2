import type { ReferenceSet } from '../reference/reference-set';
import type { YearLabel } from '../years/financial-year';
import type { PrintedTotal } from './import-lines';
import type { IncomeLine, Requirement } from './income';
import type { LineInput, SourceRef } from './line';
import type { ConditionAnswer } from '../templates/conditions';
import type { CoverDetail } from '../rules/cover';

/** A line as the rules see it: stored lines have an id; lines in an import preview do not yet. */
export interface CheckedLine extends LineInput {
  id?: number;
  source?: SourceRef | null;
}

/** Everything the plan rules look at. */
export interface PlanSubject {
  /** The plan's years: one, or two for a 2023-25 plan. */
  years: YearLabel[];
  template: ReferenceSet;
  lines: readonly CheckedLine[];
  income: readonly IncomeLine[];
  printedTotals: readonly PrintedTotal[];
  requirements: readonly Requirement[];
  /** The template year's national conditions with the plan's answers (its assurance statements). */
  conditions?: readonly ConditionAnswer[];
  /** The cover details the workbook's checklist asks for (absent where there is no cover, as in an import preview). */
  cover?: readonly CoverDetail[];
}
