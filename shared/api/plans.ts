import { z } from 'zod';
import { lineInputSchema, type PlanLine } from '../plans/line';
import type { PlanTotals } from '../plans/totals';
import type { YearLabel } from '../years/financial-year';
import { idField, reasonField, yearField } from './fields';
import { method } from './method';

export interface PlanView {
  year: YearLabel;
  lines: PlanLine[];
  totals: PlanTotals;
}

/** A year's plan and its scheme lines. */
export const planMethods = {
  'plan.get': method<PlanView>()(z.object({ year: yearField }).strict()),
  'plan.exportCsv': method<{ fileName: string; csv: string }>()(z.object({ year: yearField }).strict()),
  'line.create': method<PlanLine>()(z.object({ year: yearField, line: lineInputSchema }).strict()),
  'line.update': method<PlanLine>()(z.object({ id: idField, line: lineInputSchema, reason: reasonField }).strict()),
  'line.delete': method<{ id: number }>()(z.object({ id: idField, reason: reasonField }).strict()),
};
