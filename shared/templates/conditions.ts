import { z } from 'zod';
import type { NationalCondition } from '../reference/reference-set';

/**
 * The national conditions (DOMAIN §9): each plan and each return confirms
 * every condition of its template year — Yes, or No with an explanation of
 * why and what is being done. Unanswered conditions and a No without an
 * explanation are findings of the required-field rules, and checkers of the
 * workbook's national conditions block.
 */
export const CONDITION_ANSWERS = ['Yes', 'No'] as const;
export type ConditionAnswerValue = '' | (typeof CONDITION_ANSWERS)[number];

export interface ConditionAnswer {
  key: string;
  text: string;
  answer: ConditionAnswerValue;
  explanation: string;
}

export const conditionInputSchema = z
  .object({
    answer: z.enum(['', ...CONDITION_ANSWERS]),
    explanation: z.string().trim().max(5000),
  })
  .strict();

export type ConditionInput = z.infer<typeof conditionInputSchema>;

/** The year's conditions with the answers given (conditions no longer in the year are not shown). */
export function withAnswers(
  conditions: readonly NationalCondition[],
  answers: ReadonlyMap<string, ConditionInput>,
): ConditionAnswer[] {
  return conditions.map((c) => ({
    key: c.key,
    text: c.text,
    answer: answers.get(c.key)?.answer ?? '',
    explanation: answers.get(c.key)?.explanation ?? '',
  }));
}

/** "1) Plans jointly agreed": how a condition is named in a finding. */
export function conditionName(c: Pick<ConditionAnswer, 'key' | 'text'>): string {
  const short = c.text.length > 70 ? `${c.text.slice(0, 70)}…` : c.text;
  return `National condition ${c.key} ("${short}")`;
}

/** The findings about unanswered conditions and unexplained Noes, in the words both rules use. */
export function conditionFindings(
  conditions: readonly ConditionAnswer[],
  report: (f: { field: 'answer' | 'explanation'; message: string }) => void,
): void {
  for (const c of conditions) {
    if (c.answer === '') report({ field: 'answer', message: `${conditionName(c)}: confirm it, Yes or No.` });
    else if (c.answer === 'No' && c.explanation.trim() === '')
      report({
        field: 'explanation',
        message: `${conditionName(c)} is not met: explain why, and what is being done about it.`,
      });
  }
}
