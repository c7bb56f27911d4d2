import type { ImportProblem } from '../imports/table';
import { CONDITION_ANSWERS, type ConditionAnswer, type ConditionInput } from '../templates/conditions';
import type { WorkbookRead } from './data';
import { comparable, type WorkbookRecord } from './values';

/**
 * A workbook's national conditions block (a plan's assurance statements, a
 * return's confirmations): one row per condition, its text pre-populated, the
 * confirmation (Yes/No) and the explanation entered. Written from the plan's
 * or the return's answers; read back by matching each row to a condition by
 * its text (or its number), never by position alone.
 */
export const CONDITIONS_TABLE = 'nationalConditions';

export function conditionRecord(c: ConditionAnswer): WorkbookRecord {
  return {
    condition: c.text,
    answer: c.answer === '' ? null : c.answer,
    explanation: c.explanation.trim() === '' ? null : c.explanation,
  };
}

export interface ConditionsFromWorkbook {
  sheet: string | null;
  answers: { key: string; row: number; input: ConditionInput }[];
  changes: { key: string; field: 'answer' | 'explanation'; from: string; to: string }[];
  problems: ImportProblem[];
}

const LIMIT = 5000;

export function conditionsFromWorkbook(
  read: WorkbookRead,
  current: readonly ConditionAnswer[],
): ConditionsFromWorkbook {
  const out: ConditionsFromWorkbook = { sheet: null, answers: [], changes: [], problems: [] };
  const table = read.tables[CONDITIONS_TABLE];
  if (!table) return out;
  out.sheet = table.sheet;
  const file = `${read.file} (sheet "${table.sheet}")`;
  const at = (field: string) => {
    const c = table.columns.find((x) => x.field === field);
    return c ? `"${c.header}" (${c.letter})` : field;
  };
  const byText = new Map(current.map((c) => [comparable(c.text), c]));
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    if (r.errors?.includes('condition')) continue;
    const text = (r.cells.condition ?? '').trim();
    const problem = (field: string, message: string) =>
      out.problems.push({ file, row: r.row, column: at(field), message });
    if (text === '') continue;
    const number = /^\s*(\d{1,2})\s*[).:-]/.exec(text)?.[1];
    const c = byText.get(comparable(text)) ?? (number ? current.find((x) => x.key === number) : undefined);
    if (!c) {
      problem(
        'condition',
        `this is not one of the year's national conditions (${current.map((x) => x.key).join(', ') || 'none'}); is the workbook for another year?`,
      );
      continue;
    }
    if (seen.has(c.key)) {
      problem('condition', `national condition ${c.key} is given twice (also on row ${seen.get(c.key)})`);
      continue;
    }
    seen.set(c.key, r.row);
    const input: ConditionInput = { answer: c.answer, explanation: c.explanation };
    let bad = false;
    if (table.columns.some((x) => x.field === 'answer')) {
      const raw = (r.cells.answer ?? '').trim();
      if (r.errors?.includes('answer')) bad = true;
      else if (raw === '') input.answer = '';
      else {
        const hit = CONDITION_ANSWERS.find((a) => comparable(a) === comparable(raw));
        if (hit) input.answer = hit;
        else {
          problem('answer', `"${raw}" is not a confirmation: expected "Yes" or "No", or blank`);
          bad = true;
        }
      }
    }
    if (table.columns.some((x) => x.field === 'explanation') && !r.errors?.includes('explanation')) {
      const raw = (r.cells.explanation ?? '').trim();
      if (raw.length > LIMIT) {
        problem(
          'explanation',
          `the explanation is ${raw.length.toLocaleString('en-GB')} characters long; at most ${LIMIT.toLocaleString('en-GB')} are kept`,
        );
        bad = true;
      } else input.explanation = raw;
    }
    if (bad) continue;
    out.answers.push({ key: c.key, row: r.row, input });
    for (const f of ['answer', 'explanation'] as const)
      if (input[f] !== c[f]) out.changes.push({ key: c.key, field: f, from: c[f], to: input[f] });
  }
  return out;
}
