import { ApiError } from '../../../shared/api';
import type { IncomeInput, IncomeLine } from '../../../shared/plans/income';
import {
  columnLabelOf,
  lineFromText,
  toLineInput,
  type LineForm,
  type LineInput,
  type PlanColumn,
  type PlanLine,
} from '../../../shared/plans/line';
import { checkExtraValues } from '../../../shared/templates/fields';
import { conditionInputSchema, type ConditionInput } from '../../../shared/templates/conditions';
import { referenceSet } from '../reference/reference';
import { writeConditionAnswer } from '../templates/conditions';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { write } from '../write';
import { planAction } from './changesets';
import { changeIncome, getIncome, insertIncome, listIncome, removeIncome } from './income';
import { changeLine, getLine, insertLine, planFields, removeLine } from './lines';
import { ensurePlan, requirePlan } from './plan-store';

/** The things a user does to a plan, each one undoable step. */
const name = (l: Pick<LineInput, 'schemeId' | 'schemeName'>) => `line ${l.schemeId} "${l.schemeName}"`;

/** Refuses extra values a line sent through the API may carry that are not the plan's template year's fields, or not of their kind. */
function checkExtras(ctx: ServiceContext, planId: number, line: LineInput): void {
  if (!line.extra) return;
  const problems = checkExtraValues(planFields(ctx, planId), line.extra);
  if (problems.length > 0)
    throw new ApiError(
      'invalid_request',
      `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was changed.`,
      'line.extra',
      problems,
    );
}

export function createLine(ctx: ServiceContext, year: YearLabel, line: LineInput): PlanLine {
  return write(ctx, () => {
    const plan = ensurePlan(ctx, year);
    checkExtras(ctx, plan.id, line);
    const id = planAction(ctx, plan.id, `Add ${name(line)}`, (c) => insertLine(c, plan.id, line, null));
    return withoutPlanId(getLine(ctx, id));
  });
}

export function updateLine(ctx: ServiceContext, id: number, line: LineInput, reason?: string): PlanLine {
  const before = getLine(ctx, id);
  checkExtras(ctx, before.planId, line);
  planAction(ctx, before.planId, `Edit ${name(before)}`, (c) => changeLine(c, id, line, reason));
  return withoutPlanId(getLine(ctx, id));
}

export function deleteLine(ctx: ServiceContext, id: number, reason?: string): { id: number } {
  const before = getLine(ctx, id);
  planAction(ctx, before.planId, `Delete ${name(before)}`, (c) => removeLine(c, id, reason));
  return { id };
}

function withoutPlanId(line: PlanLine & { planId: number }): PlanLine {
  const { planId: _p, ...rest } = line;
  return rest;
}

export interface CellEdit {
  lineId: number;
  field: PlanColumn;
  text: string;
}

/**
 * Applies typed or pasted text to cells (and new rows past the end) as one
 * undoable step. Every value is parsed as strictly as in an import; if any is
 * wrong nothing is written and every problem is listed.
 */
export function applyEdits(
  ctx: ServiceContext,
  year: YearLabel,
  args: { edits: readonly CellEdit[]; newLines?: readonly Partial<LineForm>[]; label?: string },
): { changed: number; created: number[] } {
  const plan = requirePlan(ctx, year);
  const fields = planFields(ctx, plan.id);
  const label = (column: string) => columnLabelOf(column, fields);
  const byLine = new Map<number, Partial<LineForm>>();
  for (const e of args.edits) byLine.set(e.lineId, { ...byLine.get(e.lineId), [e.field]: e.text });
  const problems: string[] = [];
  const changes: { id: number; line: LineInput }[] = [];
  for (const [id, form] of byLine) {
    const base = getLine(ctx, id);
    if (base.planId !== plan.id)
      throw new ApiError('invalid_request', `Line ${id} is not in the ${year} plan.`, 'edits');
    const parsed = lineFromText(form, toLineInput(base), fields);
    if (parsed.ok) changes.push({ id, line: parsed.input });
    else
      for (const [f, m] of Object.entries(parsed.errors))
        problems.push(`Scheme ${base.schemeId} "${base.schemeName}", ${label(f)}: ${m}`);
  }
  const newLines: LineInput[] = [];
  (args.newLines ?? []).forEach((form, i) => {
    const parsed = lineFromText(form, undefined, fields);
    if (parsed.ok) newLines.push(parsed.input);
    else for (const [f, m] of Object.entries(parsed.errors)) problems.push(`New row ${i + 1}, ${label(f)}: ${m}`);
  });
  if (problems.length > 0) {
    throw new ApiError(
      'invalid_request',
      `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was changed.`,
      'edits',
      problems,
    );
  }
  const cells = args.edits.length;
  const step =
    args.label ??
    (newLines.length > 0
      ? `Paste ${cells} cells and ${newLines.length} new lines`
      : cells === 1
        ? `Edit ${label(args.edits[0]!.field)}`
        : `Change ${cells} cells`);
  return planAction(ctx, plan.id, step, (c) => {
    let changed = 0;
    for (const { id, line } of changes) changed += changeLine(c, id, line).length;
    const created = newLines.map((line) => insertLine(c, plan.id, line, null));
    return { changed, created };
  });
}

export function createIncome(ctx: ServiceContext, year: YearLabel, input: IncomeInput): IncomeLine {
  return write(ctx, () => {
    const plan = ensurePlan(ctx, year);
    const id = planAction(ctx, plan.id, `Add income from ${input.sourceOfFunding}`, (c) =>
      insertIncome(c, plan.id, input, null),
    );
    return listIncome(ctx, plan.id).find((x) => x.id === id)!;
  });
}

export function updateIncome(ctx: ServiceContext, id: number, input: IncomeInput): IncomeLine {
  const before = getIncome(ctx, id);
  planAction(ctx, before.planId, `Edit income from ${before.sourceOfFunding}`, (c) => changeIncome(c, id, input));
  return listIncome(ctx, before.planId).find((x) => x.id === id)!;
}

export function deleteIncome(ctx: ServiceContext, id: number): { id: number } {
  const before = getIncome(ctx, id);
  planAction(ctx, before.planId, `Delete income from ${before.sourceOfFunding}`, (c) => removeIncome(c, id));
  return { id };
}

/** Answers one of the template year's national conditions for the plan (its assurance statement), as one undoable step. */
export function setPlanCondition(ctx: ServiceContext, year: YearLabel, key: string, input: ConditionInput): void {
  const checked = conditionInputSchema.parse(input);
  const plan = requirePlan(ctx, year);
  const conditions = referenceSet(ctx, plan.template).nationalConditions;
  planAction(ctx, plan.id, `Answer national condition ${key}`, (c) =>
    writeConditionAnswer(c, { planId: plan.id }, conditions, key, checked),
  );
}
