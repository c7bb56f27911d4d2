import { z } from 'zod';
import type { Pence } from '../money';
import { boundedPence, safeText } from '../values/schemas';
import type { SourceRef } from './line';

/** Income is £0 to £1,000,000,000 a line, typed or imported (shared/plans/import-income.ts). */
const pence = boundedPence({ label: 'Income' });

/** One funding source of the plan's income: how much, per plan year, and which partner provides it. */
export const incomeInputSchema = z
  .object({
    sourceOfFunding: safeText(200).min(1, 'Source of Funding is required'),
    partner: safeText(200),
    amountPence: pence,
    amountYear2Pence: pence.nullable(),
  })
  .strict();

export type IncomeInput = z.infer<typeof incomeInputSchema>;

export interface IncomeLine extends IncomeInput {
  id: number;
  source: SourceRef | null;
}

/** Minimums a year's plan must meet, entered when NHS England publishes them. */
export const REQUIREMENT_KINDS = ['nhs-min-social-care', 'ooh-ringfence', 'asc-baseline'] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

export const REQUIREMENT_LABELS: Record<RequirementKind, string> = {
  'nhs-min-social-care': 'Minimum NHS contribution to adult social care',
  'ooh-ringfence': 'NHS-commissioned out-of-hospital spend (ringfence)',
  'asc-baseline': "Last year's baseline of the NHS minimum to adult social care",
};

export interface Requirement {
  year: string;
  kind: RequirementKind;
  pence: Pence;
}
