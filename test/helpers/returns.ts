import fs from 'node:fs';
import path from 'node:path';
import { createArea } from '../../electron/services/areas/areas';
import type { ServiceContext } from '../../electron/services/context';
import { readTable } from '../../electron/services/files/read-table';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { createReturn } from '../../electron/services/returns/create';
import { importReturnTable } from '../../electron/services/returns/import-actuals';
import { approve } from '../../electron/services/returns/signoff';
import { getReturnView } from '../../electron/services/returns/view';
import type { Period } from '../../shared/returns/period';
import { beforeApproval, type Approver } from '../../shared/signoff/approval';
import type { YearLabel } from '../../shared/years/financial-year';
import { published, TEST_DIR } from './fixtures';

export const RETURN_FIXTURES = path.join(TEST_DIR, 'fixtures', 'returns');
export const PLAN_FILE = path.join(RETURN_FIXTURES, 'plan-2023-25-discharge.tsv');
export const Q1_FILE = published('return-2024-25-q1-discharge.tsv');
export const Q2_FILE = path.join(RETURN_FIXTURES, 'return-2024-25-q2-faults.tsv');
export const DISCHARGE = ['Local Authority Discharge Funding', 'ICB Discharge Funding'];

export const rowsOf = (file: string) => readTable(file, fs.readFileSync(file));

/** Who completed the workbooks, as a cover gives them (who signed off comes from a return's approvers). */
export const COVER = { completedBy: 'Jane Smith', email: 'bcf@bathnes.gov.uk', phone: '01225 477000' };

/** The 2023-25 plan whose Discharge Fund lines match the published 2024-25 Q1 return, with its cover details. */
export function seedPlan(ctx: ServiceContext): void {
  createArea(ctx, 'Bath and North East Somerset');
  importPlanTable(ctx, {
    file: path.basename(PLAN_FILE),
    rows: rowsOf(PLAN_FILE),
    year: '2023-24',
    mode: 'refuse',
    template: '2023-25',
  });
  setPlanCover(ctx, '2023-24', COVER);
}

/** The published Q1 return rebuilt: created from the plan for the Discharge Fund, actuals imported from the published file. */
export function seedQ1(ctx: ServiceContext): void {
  seedPlan(ctx);
  createReturn(ctx, { year: '2024-25', period: 'Q1', sources: DISCHARGE, template: '2024-25 Q1 (Discharge Fund)' });
  importReturnTable(ctx, { year: '2024-25', period: 'Q1', file: path.basename(Q1_FILE), rows: rowsOf(Q1_FILE) });
}

/** Approves as a user does who has read the checks: accepting the warnings they find. */
export function approveSeen(
  ctx: ServiceContext,
  year: YearLabel,
  period: Period,
  approvers: Approver[],
  authority = '',
): void {
  const { warnings } = beforeApproval(getReturnView(ctx, year, period).validation.findings);
  approve(ctx, year, period, approvers, authority, warnings.length);
}
