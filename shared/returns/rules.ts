import { Decimal, formatPence, roundToPence, type Pence } from '../money';
import { ruleIndex } from '../plans/rule-index';
import { describeRules, runRules, type Rule, type ValidationReport } from '../rules/types';
import { NOT_APPLICABLE, RETURN_SHORT_LABELS, type ReturnFieldName } from './line';
import { extraFields } from '../reference/reference-set';
import { conditionFindings } from '../templates/conditions';
import { coverFindings } from '../rules/cover';
import { extraColumn } from '../templates/fields';
import { PERIOD_LABELS, quartersElapsed } from './period';
import type { CheckedReturnLine, ReturnSubject } from './subject';
import { beyondVariance } from './year-end';
import { nameKey } from '../values/text';

/**
 * The checks a careful BCF manager makes on a quarterly return before anyone
 * signs it (DOMAIN §4), on the same engine and in the same shape as the plan
 * rules. Each finding quotes the figures and points at the line and column.
 */
const money = (p: Pence) => formatPence(p, { pence: 'auto' });
const blank = (s: string) => s.trim() === '';

function where(line: CheckedReturnLine): string {
  return `Scheme ${line.schemeId} "${line.schemeName}" (${line.sourceOfFunding}${line.source ? `, ${line.source.file} row ${line.source.row}` : ''})`;
}

function at(line: CheckedReturnLine, field: ReturnFieldName) {
  return { lineId: line.id, schemeId: line.schemeId, field, source: line.source ?? null };
}

const FRACTIONS: Record<number, string> = { 1: '¼', 2: '½', 3: '¾' };

const requiredField: Rule<ReturnSubject> = {
  id: 'return.required-field',
  severity: 'error',
  title: 'Required cells are complete',
  description:
    "Every line has its actual expenditure to date, a Yes or No to implementation issues and the template year's own required fields (and the fixed Scheme ID, name and source); every metric with a target has its assessment, with the challenges when it is not on track; every national condition is confirmed, and explained where it is not met.",
  check(s, report) {
    const own = s.template ? extraFields(s.template, 'return').filter((f) => f.required) : [];
    for (const line of s.lines) {
      for (const field of ['schemeId', 'schemeName', 'sourceOfFunding'] as const) {
        if (blank(line[field]))
          report({ ...at(line, field), message: `${where(line)}: ${RETURN_SHORT_LABELS[field]} is required.` });
      }
      if (line.actualPence === null)
        report({
          ...at(line, 'actualPence'),
          message: `${where(line)}: enter the Actual Expenditure to date (£0 if nothing has been spent).`,
        });
      if (line.issues === '')
        report({
          ...at(line, 'issues'),
          message: `${where(line)}: answer "Have there been any implementation issues?" with Yes or No.`,
        });
      for (const f of own) {
        const v = line.extra?.[f.key];
        if (v === undefined || (typeof v === 'string' && blank(v)))
          report({
            lineId: line.id,
            schemeId: line.schemeId,
            field: extraColumn(f.key),
            source: line.source ?? null,
            message: `${where(line)}: ${f.label} is required.`,
          });
      }
    }
    conditionFindings(s.conditions ?? [], report);
    for (const m of s.metrics) {
      if (blank(m.target)) continue;
      if (m.onTrack === '')
        report({
          field: 'onTrack',
          message: `Metric "${m.name}" (target ${m.target}): say whether it is on track to meet its target.`,
        });
      else if (m.onTrack === 'Not on track to meet target' && blank(m.challenges)) {
        report({
          field: 'challenges',
          message: `Metric "${m.name}" is not on track: describe the challenges and what is being done.`,
        });
      }
    }
  },
};

const coverComplete: Rule<ReturnSubject> = {
  id: 'return.cover-complete',
  severity: 'error',
  title: 'Cover details are complete',
  description:
    "The cover details the workbook's checklist asks for are given: completed by, e-mail, contact number, who signed it off and the date signed off (the return's own, else the plan's). Who signed it off and when come from the approvers: until the approval it is a warning, as the workbook reads \"Incomplete Template\" until then.",
  check(s, report) {
    coverFindings(s.cover ?? [], report, { signedOffByApproval: s.approved !== true });
  },
};

const actualDecreased: Rule<ReturnSubject> = {
  id: 'return.actual-decreased',
  severity: 'error',
  title: 'Actual to date never falls',
  description:
    "Actual expenditure to date must not be lower than the same line's in the year's previous return (a warning when the line explains why, e.g. a correction).",
  check(s, report) {
    if (!s.previousPeriod) return;
    for (const line of s.lines) {
      if (
        line.previousActualPence === null ||
        line.actualPence === null ||
        line.actualPence >= line.previousActualPence
      )
        continue;
      const explained = !blank(line.note);
      report({
        ...at(line, 'actualPence'),
        severity: explained ? 'warning' : 'error',
        message: `${where(line)}: actual to date is ${money(line.actualPence)}, ${money(line.previousActualPence - line.actualPence)} less than the ${money(line.previousActualPence)} reported at ${PERIOD_LABELS[s.previousPeriod]}; spend to date cannot fall${explained ? ' (explained: check the explanation is right)' : ' — correct it, or explain the correction in "Explanation of variance"'}.`,
      });
    }
  },
};

const issueDescription: Rule<ReturnSubject> = {
  id: 'return.issue-description-missing',
  severity: 'error',
  title: 'Issues are described',
  description: 'A "Yes" to implementation issues needs a description of the issues and the actions taken.',
  check(s, report) {
    for (const line of s.lines) {
      if (line.issues === 'Yes' && blank(line.issueDescription)) {
        report({
          ...at(line, 'issueDescription'),
          message: `${where(line)}: "Yes" to implementation issues, but no description of the issues and the actions taken.`,
        });
      }
    }
  },
};

const straightLine: Rule<ReturnSubject> = {
  id: 'return.straight-line-profile',
  severity: 'warning',
  title: 'Actuals are not a straight-line profile',
  description:
    'An actual to date within £1 or 0.05% of plan, whichever is larger (both settings), of exactly ¼, ½ or ¾ of plan at Q1, Q2 or Q3 looks like a profile, not money spent.',
  check(s, report) {
    if (s.period === 'YE') return;
    const k = quartersElapsed(s.period);
    for (const line of s.lines) {
      if (line.actualPence === null || line.plannedPence <= 0) continue;
      const tolerance = profileTolerance(
        line.plannedPence,
        s.settings.profileTolerancePence,
        s.settings.profileTolerancePercent,
      );
      // |actual − k/4 × plan| ≤ tolerance, in whole numbers: |4 × actual − k × plan| ≤ 4 × tolerance.
      const gap = Math.abs(4 * line.actualPence - k * line.plannedPence);
      if (gap > 4 * tolerance) continue;
      const share = new Decimal(line.plannedPence).times(k).dividedBy(4);
      const exact = gap === 0;
      const off = formatPence(roundToPence(new Decimal(gap).dividedBy(4)), {
        pence: gap % 4 === 0 ? 'auto' : 'always',
      });
      report({
        ...at(line, 'actualPence'),
        message: `${where(line)}: actual to date ${money(line.actualPence)} is ${exact ? 'exactly' : `${off} from`} ${FRACTIONS[k]} of the planned ${money(line.plannedPence)} (${formatPence(roundToPence(share), { pence: share.isInteger() ? 'auto' : 'always' })}): it looks like a straight-line profile rather than money spent. Check it against the ledger.`,
      });
    }
  },
};

/** The larger of the set amount and the set % of the line's plan, in whole pence (rounded down: never wider than asked). */
export function profileTolerance(plannedPence: Pence, tolerancePence: Pence, percent: string): Pence {
  const relative = new Decimal(plannedPence).times(percent).dividedBy(100).floor().toNumber();
  return Math.max(tolerancePence, relative);
}

const overspend: Rule<ReturnSubject> = {
  id: 'return.overspend',
  severity: 'error',
  title: 'No unexplained overspend',
  description:
    'Actual to date above plan: a warning during the year; an error at year end unless the line explains it.',
  check(s, report) {
    for (const line of s.lines) {
      if (line.actualPence === null || line.actualPence <= line.plannedPence) continue;
      const over = line.actualPence - line.plannedPence;
      const yearEnd = s.period === 'YE';
      const explained = !blank(line.note);
      report({
        ...at(line, 'actualPence'),
        severity: yearEnd && !explained ? 'error' : 'warning',
        message: `${where(line)}: actual ${yearEnd ? 'for the year' : 'to date'} ${money(line.actualPence)} is ${money(over)} above the planned ${money(line.plannedPence)}${explained ? ' (explained)' : yearEnd ? '; explain the overspend in "Explanation of variance"' : ''}.`,
      });
    }
  },
};

const varianceExplanation: Rule<ReturnSubject> = {
  id: 'return.variance-explanation',
  severity: 'error',
  title: 'Forecast variances are explained',
  description:
    'A forecast outturn that differs from plan by more than the set percentage or amount (5% or £25,000 unless changed) needs an explanation.',
  check(s, report) {
    const percent = new Decimal(s.settings.variancePercent);
    for (const line of s.lines) {
      if (line.forecastPence === null || !blank(line.note)) continue;
      const diff = line.forecastPence - line.plannedPence;
      if (diff === 0) continue;
      const byPercent = new Decimal(Math.abs(diff)).times(100).greaterThan(percent.times(line.plannedPence));
      const byAmount = Math.abs(diff) > s.settings.varianceAmountPence;
      if (!byPercent && !byAmount) continue;
      const pct =
        line.plannedPence > 0
          ? ` (${new Decimal(diff).times(100).dividedBy(line.plannedPence).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%)`
          : '';
      report({
        ...at(line, 'note'),
        message: `${where(line)}: forecast outturn ${money(line.forecastPence)} is ${money(Math.abs(diff))}${pct} ${diff > 0 ? 'above' : 'below'} the planned ${money(line.plannedPence)}, more than ${s.settings.variancePercent}% or ${money(s.settings.varianceAmountPence)}: explain the variance.`,
      });
    }
  },
};

function percentOf(diff: Pence, planned: Pence): string {
  if (planned <= 0) return '';
  const pct = new Decimal(diff).times(100).dividedBy(planned).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);
  return ` (${pct}%)`;
}

const yearEndVariance: Rule<ReturnSubject> = {
  id: 'return.year-end-variance',
  severity: 'error',
  title: 'Year-end variances are explained',
  description:
    "At year end, the actual income of each funding source is entered, and actual income or expenditure that differs from plan by more than the variance thresholds (the same percentage or amount as the forecast check: 5% or £25,000 unless changed) is explained. An overspend on a line is the overspend check's.",
  check(s, report) {
    if (s.period !== 'YE') return;
    const limits = `more than ${s.settings.variancePercent}% or ${money(s.settings.varianceAmountPence)}`;
    for (const row of s.income ?? []) {
      const what = `Income from ${row.sourceOfFunding}`;
      if (row.actualPence === null) {
        report({
          field: 'income',
          message: `${what}: enter the actual income for the year (planned ${money(row.plannedPence)}; £0 if none was received).`,
        });
        continue;
      }
      const diff = row.actualPence - row.plannedPence;
      if (!blank(row.note) || !beyondVariance(diff, row.plannedPence, s.settings)) continue;
      report({
        field: 'income',
        message: `${what}: actual ${money(row.actualPence)} is ${money(Math.abs(diff))}${percentOf(diff, row.plannedPence)} ${diff > 0 ? 'above' : 'below'} the planned ${money(row.plannedPence)}, ${limits}: explain the variance.`,
      });
    }
    for (const line of s.lines) {
      // Above plan is return.overspend's (any unexplained overspend is an error at year end).
      if (line.actualPence === null || line.actualPence >= line.plannedPence || !blank(line.note)) continue;
      const diff = line.actualPence - line.plannedPence;
      if (!beyondVariance(diff, line.plannedPence, s.settings)) continue;
      report({
        ...at(line, 'note'),
        message: `${where(line)}: actual for the year ${money(line.actualPence)} is ${money(-diff)}${percentOf(diff, line.plannedPence)} below the planned ${money(line.plannedPence)}, ${limits}: explain the underspend in "Explanation of variance".`,
      });
    }
  },
};

const outputsMissing: Rule<ReturnSubject> = {
  id: 'return.outputs-missing',
  severity: 'error',
  title: 'Outputs reported where required',
  description:
    'Lines whose scheme type must report outputs, or that planned a number of outputs, give the outputs delivered to date (an estimate if none; "NA" is not enough).',
  check(s, report) {
    const index = s.template ? ruleIndex(s.template) : null;
    for (const line of s.lines) {
      const type = index?.schemeType(line.schemeType);
      const plannedNumber = line.plannedOutputs !== null && line.plannedOutputs !== NOT_APPLICABLE;
      if (!type?.outputUnit && !plannedNumber) continue;
      const why = type?.outputUnit
        ? `"${type.value}" must report outputs (${type.outputUnit})`
        : `the line planned ${line.plannedOutputs} ${line.outputUnit || 'outputs'}`;
      if (line.outputsDelivered === null)
        report({
          ...at(line, 'outputsDelivered'),
          message: `${where(line)}: ${why}; give the outputs delivered to date (an estimate if none).`,
        });
      else if (line.outputsDelivered === NOT_APPLICABLE)
        report({
          ...at(line, 'outputsDelivered'),
          message: `${where(line)}: ${why}, so "NA" is not enough; give the outputs delivered to date (an estimate if none).`,
        });
    }
  },
};

const norm = nameKey;
const SNAPSHOT_FIELDS = ['schemeId', 'schemeName', 'sourceOfFunding', 'plannedPence'] as const;

const planChanged: Rule<ReturnSubject> = {
  id: 'return.plan-changed',
  severity: 'warning',
  title: 'The return matches the plan as it stands',
  description:
    "An open return keeps the plan's fixed columns as they were when it was created. A plan line changed or deleted since, or added in the return's funding, is pointed out: unlock the line and bring it in line, or keep the figures agreed for the quarter.",
  check(s, report) {
    if (!s.planNow) return;
    const now = new Map(s.planNow.lines.map((p) => [p.id, p]));
    const inScope = new Set(s.planNow.sources.map(norm));
    const returned = new Set<number>();
    for (const line of s.lines) {
      if (line.planLineId === undefined) continue;
      if (line.planLineId === null) {
        report({
          ...at(line, 'schemeId'),
          message: `${where(line)}: this line has been deleted from the plan since the return was created.`,
        });
        continue;
      }
      returned.add(line.planLineId);
      const p = now.get(line.planLineId);
      if (!p) continue;
      const differ = SNAPSHOT_FIELDS.filter((f) =>
        f === 'plannedPence' ? p.plannedPence !== line.plannedPence : norm(p[f]) !== norm(line[f]),
      );
      if (differ.length === 0) continue;
      const said = differ.map((f) =>
        f === 'plannedPence'
          ? `${RETURN_SHORT_LABELS[f]} ${money(p.plannedPence)} (here ${money(line.plannedPence)})`
          : `${RETURN_SHORT_LABELS[f]} "${p[f]}"`,
      );
      report({
        ...at(line, differ[0]!),
        message: `${where(line)}: the plan has changed since the return was created; it now has ${said.join(', ')}.`,
      });
    }
    for (const p of s.planNow.lines) {
      if (returned.has(p.id) || !inScope.has(norm(p.sourceOfFunding))) continue;
      report({
        field: 'schemeId',
        schemeId: p.schemeId,
        message: `Scheme ${p.schemeId} "${p.schemeName}" (${p.sourceOfFunding}, ${money(p.plannedPence)}) was added to the plan after the return was created; the return has no line for it.`,
      });
    }
  },
};

const unknownValue: Rule<ReturnSubject> = {
  id: 'return.unknown-value',
  severity: 'warning',
  title: "Values are in the year's lists",
  description:
    "A value of one of the template year's own drop-down fields that is not in its list is kept, and flagged, so that it can be corrected before the workbook refuses it.",
  check(s, report) {
    if (!s.template) return;
    const lists = s.template.customLists;
    const choices = extraFields(s.template, 'return')
      .filter((f) => f.kind === 'choice' && (lists[f.list!] ?? []).length > 0)
      .map((f) => ({ f, values: new Set((lists[f.list!] ?? []).map(norm)) }));
    if (choices.length === 0) return;
    for (const line of s.lines) {
      for (const { f, values } of choices) {
        const v = line.extra?.[f.key];
        if (typeof v !== 'string' || values.has(norm(v))) continue;
        report({
          lineId: line.id,
          schemeId: line.schemeId,
          field: extraColumn(f.key),
          source: line.source ?? null,
          message: `${where(line)}: "${v.trim()}" is not in the ${s.template.template} list of ${f.label}; choose one of ${(lists[f.list!] ?? []).map((x) => `"${x}"`).join(', ')}.`,
        });
      }
    }
  },
};

export const RETURN_RULES: readonly Rule<ReturnSubject>[] = [
  requiredField,
  coverComplete,
  actualDecreased,
  issueDescription,
  straightLine,
  overspend,
  varianceExplanation,
  yearEndVariance,
  outputsMissing,
  planChanged,
  unknownValue,
];

/** Every return rule that applies in the plan's template year (a year may switch some off). */
export function validateReturn(subject: ReturnSubject): ValidationReport {
  const off = subject.template?.rulesOff ?? [];
  return runRules(off.length === 0 ? RETURN_RULES : RETURN_RULES.filter((r) => !off.includes(r.id)), subject, 'return');
}

export const RETURN_RULE_INFO = describeRules(RETURN_RULES, 'return');
