import type { Pence } from '../money';
import type { SourceRef } from '../plans/line';
import type { ReferenceSet } from '../reference/reference-set';
import type { YearLabel } from '../years/financial-year';
import type { ReturnEntry, ReturnFixed } from './line';
import type { MetricAssessment } from './metrics';
import type { Period } from './period';
import type { ReturnSettings } from './settings';

/** A return line as the rules see it (a line in an import preview has no id yet). */
export interface CheckedReturnLine extends ReturnFixed, ReturnEntry {
  id?: number;
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
  settings: ReturnSettings;
}
