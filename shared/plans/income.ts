import { z } from 'zod';
import { MAX_INPUT_PENCE, type Pence } from '../money';
import type { SourceRef } from './line';

const pence = z.number().int().min(-MAX_INPUT_PENCE).max(MAX_INPUT_PENCE);

/** One funding source of the plan's income: how much, per plan year, and which partner provides it. */
export const incomeInputSchema = z
  .object({
    sourceOfFunding: z.string().trim().min(1, 'Source of Funding is required').max(200),
    partner: z.string().trim().max(200),
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
export const REQUIREMENT_KINDS = ['nhs-min-social-care', 'ooh-ringfence'] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

export const REQUIREMENT_LABELS: Record<RequirementKind, string> = {
  'nhs-min-social-care': 'Minimum NHS contribution to adult social care',
  'ooh-ringfence': 'NHS-commissioned out-of-hospital spend (ringfence)',
};

export interface Requirement {
  year: string;
  kind: RequirementKind;
  pence: Pence;
}
