import { applyPercent, formatPence, type Pence } from '../money';
import { extraFields, type ListName } from '../reference/reference-set';
import { extraColumn } from '../templates/fields';
import { coverFindings } from '../rules/cover';
import { conditionFindings } from '../templates/conditions';
import { describeRules, runRules, type Rule, type ValidationReport } from '../rules/types';
import { previousYear, slashLabel, type YearLabel } from '../years/financial-year';
import { REQUIREMENT_KINDS, REQUIREMENT_LABELS, type RequirementKind } from './income';
import { LINE_LABELS, plannedFor, type LineField } from './line';
import { sumsAbove } from './import-lines';
import { lineFacts, percentToMillionths, ruleIndex, type LineFacts } from './rule-index';
import type { CheckedLine, PlanSubject } from './subject';

/**
 * The checks NHS England's template makes, and the ones a careful finance
 * officer adds, run on every change. Each finding quotes the figures and
 * points at the scheme, line, field and (for imported lines) file row.
 */
const money = (p: Pence) => formatPence(p, { pence: 'auto' });

function where(line: CheckedLine): string {
  return `Scheme ${line.schemeId} "${line.schemeName}"${line.source ? ` (${line.source.file} row ${line.source.row})` : ''}`;
}

function at(line: CheckedLine, field: LineField) {
  return atColumn(line, field);
}

function atColumn(line: CheckedLine, column: string) {
  return { lineId: line.id, schemeId: line.schemeId, field: column, source: line.source ?? null };
}

const has = (s: PlanSubject, field: LineField) => s.template.columns.includes(field);

/** Visits every line with its normalised facts (computed once per check of the plan). */
function eachLine(s: PlanSubject, visit: (line: CheckedLine, facts: LineFacts) => void): void {
  const facts = lineFacts(s.template, s.lines);
  for (let i = 0; i < s.lines.length; i++) visit(s.lines[i]!, facts[i]!);
}
const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function difference(a: Pence, b: Pence): string {
  return a > b ? `${money(a - b)} more` : `${money(b - a)} less`;
}

const virementIdentity: Rule<PlanSubject> = {
  id: 'plan.virement-identity',
  severity: 'error',
  title: 'Prior year + virement = this year',
  description: "On each line, prior-year expenditure plus the virement must equal this year's expenditure.",
  check(s, report) {
    if (!has(s, 'priorYearPence') || !has(s, 'virementPence')) return;
    const prior = slashLabel(previousYear(s.years[0]!));
    const current = slashLabel(s.years[0]!);
    for (const line of s.lines) {
      if (line.priorYearPence === null) continue;
      const virement = line.virementPence ?? 0;
      const expected = line.priorYearPence + virement;
      if (expected === line.expenditurePence) continue;
      const signHint =
        line.priorYearPence - virement === line.expenditurePence
          ? ` The virement looks as if its sign is wrong: ${money(line.priorYearPence)} − ${money(virement)} = ${money(line.expenditurePence)}.`
          : Math.abs(expected - line.expenditurePence) <= 100
            ? ' A rounding difference?'
            : '';
      report({
        ...at(line, 'virementPence'),
        message: `${where(line)}: ${prior} ${money(line.priorYearPence)} + virement ${money(virement)} = ${money(expected)}, but ${current} expenditure is ${money(line.expenditurePence)} (${difference(line.expenditurePence, expected)}).${signHint}`,
      });
    }
  },
};

const totalMismatch: Rule<PlanSubject> = {
  id: 'plan.total-mismatch',
  severity: 'error',
  title: 'Printed totals add up',
  description: 'A total row printed in an imported file must equal the sum of the lines above it.',
  check(s, report) {
    const sums = sumsAbove(s.lines, s.printedTotals);
    s.printedTotals.forEach((t, i) => {
      const { count, pence: computed } = sums[i]!;
      if (computed === t.printedPence) return;
      report({
        field: t.field,
        source: { file: t.file, row: t.row },
        message: `${t.file} row ${t.row} "${t.label}", ${t.column}: printed ${money(t.printedPence)}, but the ${count} lines above it add up to ${money(computed)} (the printed total is ${difference(t.printedPence, computed)}).`,
      });
    });
  },
};

const sourceBalance: Rule<PlanSubject> = {
  id: 'plan.source-balance',
  severity: 'error',
  title: 'Each funding source balances',
  description:
    "For every source of funding, income minus planned expenditure must be £0 (the running balance above NHS England's expenditure table).",
  check(s, report) {
    if (s.income.length === 0) {
      if (s.lines.length > 0)
        report({
          severity: 'warning',
          field: 'sourceOfFunding',
          message:
            "No income has been entered for this plan, so the balance of each funding source cannot be checked. Add the plan's income by funding source.",
        });
      return;
    }
    const { norm } = ruleIndex(s.template);
    const sources = new Map<string, { name: string; income: Pence[]; planned: Pence[] }>();
    const entry = (name: string, key = norm(name)) => {
      let e = sources.get(key);
      if (!e) {
        e = { name: name.trim(), income: s.years.map(() => 0), planned: s.years.map(() => 0) };
        sources.set(key, e);
      }
      return e;
    };
    for (const x of s.income) {
      if (x.sourceOfFunding.trim() === '') continue;
      const e = entry(x.sourceOfFunding);
      e.income[0]! += x.amountPence;
      if (s.years.length > 1) e.income[1]! += x.amountYear2Pence ?? 0;
    }
    eachLine(s, (l, facts) => {
      if (facts.sourceN === '') return;
      const e = entry(l.sourceOfFunding, facts.sourceN);
      e.planned[0]! += l.expenditurePence;
      if (e.planned.length > 1) e.planned[1]! += l.expenditureYear2Pence ?? 0;
    });
    s.years.forEach((year, i) => {
      for (const { name, income: inc, planned: plan } of sources.values()) {
        const income = inc[i]!;
        const planned = plan[i]!;
        if (income === planned) continue;
        const balance = income - planned;
        report({
          field: 'sourceOfFunding',
          message: `${name}, ${year}: income ${money(income)} − planned expenditure ${money(planned)} = ${money(balance)}; it must be £0 (${balance > 0 ? `${money(balance)} of income is not yet planned` : `${money(-balance)} more is planned than the income`}).`,
        });
      }
    });
  },
};

const requiredField: Rule<PlanSubject> = {
  id: 'plan.required-field',
  severity: 'error',
  title: 'Required cells are complete',
  description:
    "Every field the template requires is filled in (the template year's own required fields too); a sub type where the scheme type has them; the second year's expenditure in a two-year plan; every national condition confirmed, and explained where it is not met.",
  check(s, report) {
    conditionFindings(s.conditions ?? [], report);
    const required = [...s.template.required];
    if (s.years.length > 1 && has(s, 'expenditureYear2Pence')) required.push('expenditureYear2Pence');
    const checkSubType = has(s, 'subType');
    const own = extraFields(s.template, 'plan').filter((f) => f.required);
    eachLine(s, (line, facts) => {
      for (const field of required) {
        if (blank(line[field]))
          report({ ...at(line, field), message: `${where(line)}: ${LINE_LABELS[field]} is required.` });
      }
      for (const f of own) {
        if (blank(line.extra?.[f.key]))
          report({ ...atColumn(line, extraColumn(f.key)), message: `${where(line)}: ${f.label} is required.` });
      }
      if (checkSubType && facts.subTypeN === '' && facts.type && facts.type.subTypes.length > 0) {
        report({ ...at(line, 'subType'), message: `${where(line)}: Sub Types is required for "${facts.type.value}".` });
      }
    });
  },
};

const coverComplete: Rule<PlanSubject> = {
  id: 'plan.cover-complete',
  severity: 'error',
  title: 'Cover details are complete',
  description:
    "The cover details the workbook's checklist asks for are given: completed by, e-mail, contact number, who signed it off and the date signed off (these two filled in from the partners' approvals, and warnings until the plan is signed off).",
  check(s, report) {
    coverFindings(s.cover ?? [], report, { signOffPending: true });
  },
};

const subtypeMismatch: Rule<PlanSubject> = {
  id: 'plan.subtype-mismatch',
  severity: 'error',
  title: 'Sub type belongs to its scheme type',
  description: 'The sub type must be one listed for the scheme type in the template year.',
  check(s, report) {
    if (!has(s, 'subType')) return;
    const index = ruleIndex(s.template);
    eachLine(s, (line, { type, subTypeN }) => {
      // An unknown scheme type is reported by plan.unknown-value.
      if (subTypeN === '' || !type || index.isSubTypeOf(type, line.subType)) return;
      const owner = index.ownerOfSubType(line.subType);
      report({
        ...at(line, 'subType'),
        message: `${where(line)}: "${line.subType}" is not a sub type of "${type.value}" in ${s.template.template}${owner ? ` (it belongs to "${owner.value}")` : ''}.`,
      });
    });
  },
};

const otherUnspecified: Rule<PlanSubject> = {
  id: 'plan.other-unspecified',
  severity: 'error',
  title: '"Other" is specified',
  description: 'A scheme type, sub type or area of spend of "Other" needs the "please specify" cell filled in.',
  check(s, report) {
    const typeOther = has(s, 'schemeTypeOther');
    const areaOther = has(s, 'areaOfSpendOther');
    eachLine(s, (line, f) => {
      const typeIsOther = typeOther && (Boolean(f.type?.other) || f.typeN === 'other' || f.subTypeN === 'other');
      if (typeIsOther && blank(line.schemeTypeOther)) {
        report({
          ...at(line, 'schemeTypeOther'),
          message: `${where(line)}: the scheme type or sub type is "Other", so say what it is in "${LINE_LABELS.schemeTypeOther}".`,
        });
      }
      if (areaOther && f.areaN === 'other' && blank(line.areaOfSpendOther)) {
        report({
          ...at(line, 'areaOfSpendOther'),
          message: `${where(line)}: the area of spend is "Other", so say what it is in "${LINE_LABELS.areaOfSpendOther}".`,
        });
      }
    });
  },
};

const commissionerSplit: Rule<PlanSubject> = {
  id: 'plan.commissioner-split',
  severity: 'error',
  title: 'Joint commissioning adds to 100%',
  description: 'When the commissioner is Joint, % NHS and % LA must both be given and add up to 100.',
  check(s, report) {
    eachLine(s, (line, { commissionerN }) => {
      if (commissionerN !== 'joint') return;
      if (line.jointNhsPercent === null || line.jointLaPercent === null) {
        report({
          ...at(line, line.jointNhsPercent === null ? 'jointNhsPercent' : 'jointLaPercent'),
          message: `${where(line)}: jointly commissioned, so give both % NHS and % LA.`,
        });
        return;
      }
      const sum = percentToMillionths(line.jointNhsPercent) + percentToMillionths(line.jointLaPercent);
      if (sum !== 1_000_000) {
        report({
          ...at(line, 'jointNhsPercent'),
          message: `${where(line)}: % NHS ${line.jointNhsPercent} + % LA ${line.jointLaPercent} = ${sum / 10_000}; a joint split must add up to 100.`,
        });
      }
    });
  },
};

const negativeAmount: Rule<PlanSubject> = {
  id: 'plan.negative-amount',
  severity: 'error',
  title: 'No negative expenditure or income',
  description:
    'Income is zero or more (spend cannot even be entered below zero; a virement may be negative). Lines from older files are checked too.',
  check(s, report) {
    for (const line of s.lines) {
      for (const field of ['priorYearPence', 'expenditurePence', 'expenditureYear2Pence'] as const) {
        const v = line[field];
        if (v !== null && v < 0)
          report({
            ...at(line, field),
            message: `${where(line)}: ${LINE_LABELS[field]} is ${money(v)}; expenditure cannot be negative (use the virement to move money out).`,
          });
      }
    }
    for (const x of s.income) {
      for (const v of [x.amountPence, x.amountYear2Pence]) {
        if (v !== null && v < 0)
          report({
            field: 'sourceOfFunding',
            source: x.source,
            message: `Income from ${x.sourceOfFunding} is ${money(v)}; income cannot be negative.`,
          });
      }
    }
  },
};

const duplicateLine: Rule<PlanSubject> = {
  id: 'plan.duplicate-line',
  severity: 'warning',
  title: 'No line entered twice',
  description:
    'Two lines alike in every describing field are either entered twice or cannot be told apart in a return.',
  check(s, report) {
    // Lines are bucketed by Scheme ID and name first; only lines in one bucket are compared in full.
    const buckets = new Map<string, { line: CheckedLine; f: LineFacts }[]>();
    const same = (a: LineFacts, b: LineFacts) =>
      a.descriptionN === b.descriptionN &&
      a.typeN === b.typeN &&
      a.subTypeN === b.subTypeN &&
      a.areaN === b.areaN &&
      a.commissionerN === b.commissionerN &&
      a.providerN === b.providerN &&
      a.sourceN === b.sourceN;
    eachLine(s, (line, f) => {
      const key = `${f.idN}\u0001${f.nameN}`;
      const bucket = buckets.get(key);
      if (!bucket) {
        buckets.set(key, [{ line, f }]);
        return;
      }
      const first = bucket.find((b) => same(b.f, f))?.line;
      bucket.push({ line, f });
      if (!first) return;
      const sameAmount =
        first.expenditurePence === line.expenditurePence && first.expenditureYear2Pence === line.expenditureYear2Pence;
      report({
        ...at(line, 'schemeName'),
        message: sameAmount
          ? `${where(line)} is the same as ${first.source ? `row ${first.source.row}` : 'another line'} in every field, amount included (${money(line.expenditurePence)}): is it entered twice?`
          : `${where(line)} matches ${first.source ? `row ${first.source.row}` : 'another line'} in every describing field and differs only in amount (${money(line.expenditurePence)} and ${money(first.expenditurePence)}): give one a distinguishing description so returns can tell them apart.`,
      });
    });
  },
};

const outputsRequired: Rule<PlanSubject> = {
  id: 'plan.outputs-required',
  severity: 'error',
  title: 'Outputs planned where required',
  description: 'Scheme types that must report outputs need planned outputs and their unit.',
  check(s, report) {
    if (!has(s, 'plannedOutputs')) return;
    const { norm } = ruleIndex(s.template);
    eachLine(s, (line, { type, unitN }) => {
      if (!type?.outputUnit) return;
      if (line.plannedOutputs === null)
        report({
          ...at(line, 'plannedOutputs'),
          message: `${where(line)}: "${type.value}" must report outputs: give the planned outputs (in ${type.outputUnit}).`,
        });
      if (unitN === '')
        report({
          ...at(line, 'outputUnit'),
          message: `${where(line)}: give the unit of the planned outputs ("${type.outputUnit}").`,
        });
      else if (unitN !== norm(type.outputUnit)) {
        report({
          ...at(line, 'outputUnit'),
          severity: 'warning',
          message: `${where(line)}: outputs for "${type.value}" are counted in "${type.outputUnit}", not "${line.outputUnit}".`,
        });
      }
    });
  },
};

/** The part of a line that counts towards a minimum, in millionths of the line (1,000,000 = all of it). */
type Share = (s: PlanSubject, line: CheckedLine, facts: LineFacts, nhsMinimumN: string) => number;

/**
 * What the plan holds against a minimum in plan year i: the shares are
 * summed exactly and rounded down to the penny once, at the end.
 */
function plannedBy(s: PlanSubject, i: number, share: Share): Pence {
  let whole = 0;
  let parts = 0n;
  const nhsMinimumN = ruleIndex(s.template).norm(s.template.nhsMinimumSource);
  eachLine(s, (l, facts) => {
    const m = share(s, l, facts, nhsMinimumN);
    if (m === 1_000_000) whole += plannedFor(l, i);
    else if (m > 0) parts += BigInt(plannedFor(l, i)) * BigInt(m);
  });
  return whole + Number(parts / 1_000_000n);
}

/** Spend funded by the NHS minimum contribution with Area of Spend "Social Care". */
const socialCareShare: Share = (_s, _line, f, nhsMinimumN) =>
  f.sourceN === nhsMinimumN && f.areaN === 'social care' ? 1_000_000 : 0;

/** The NHS-commissioned part of a line, in millionths: all of it for ICB/CCG, the NHS % of a joint line, none for the council. */
function nhsCommissionedShare(s: PlanSubject, line: CheckedLine, c: string): number {
  if (!has(s, 'commissioner')) return 1_000_000;
  if (c === 'icb' || c === 'ccg' || c === 'nhs') return 1_000_000;
  if (c === 'joint' && line.jointNhsPercent !== null) return percentToMillionths(line.jointNhsPercent);
  return 0;
}

/** NHS-commissioned spend from the NHS minimum contribution outside acute care and social care. */
const outOfHospitalShare: Share = (s, line, f, nhsMinimumN) => {
  if (f.sourceN !== nhsMinimumN || f.areaN === 'acute' || f.areaN === 'social care') return 0;
  return nhsCommissionedShare(s, line, f.commissionerN);
};

/**
 * From 2025-26 the NHS minimum spend on adult social care is last year's
 * baseline plus the year's uplift (3.9% in 2025-26): baseline × (1 + uplift),
 * rounded once to the penny by the one rounding rule (half away from zero).
 */
export function ascMinimum(baselinePence: Pence, upliftPercent: string): Pence {
  return baselinePence + applyPercent(baselinePence, upliftPercent);
}

/** A minimum the plan must reach in a year, and what the plan holds against it. */
export interface MinimumMeasure {
  year: YearLabel;
  kind: RequirementKind;
  /** The rule that checks it. */
  ruleId: string;
  label: string;
  requiredPence: Pence;
  plannedPence: Pence;
}

const RULE_OF: Record<RequirementKind, string> = {
  'nhs-min-social-care': 'plan.nhs-min-social-care',
  'ooh-ringfence': 'plan.ooh-ringfence',
  'asc-baseline': 'plan.asc-minimum-uplift',
};

/**
 * One minimum in plan year i, as its rule checks it; null when the plan has
 * no required figure for it (or, for the baseline, the template year sets no
 * uplift). The rules and the review package both measure through this, so
 * what a package says about a minimum is what the plan's check says.
 */
export function measureMinimum(s: PlanSubject, kind: RequirementKind, i: number): MinimumMeasure | null {
  const year = s.years[i]!;
  const entered = s.requirements.find((r) => r.kind === kind && r.year === year);
  if (!entered) return null;
  const base = { year, kind, ruleId: RULE_OF[kind] };
  if (kind === 'asc-baseline') {
    const uplift = s.template.ascUpliftPercent;
    if (!uplift) return null;
    return {
      ...base,
      label: `Minimum NHS contribution to adult social care (last year's baseline plus ${uplift}%)`,
      requiredPence: ascMinimum(entered.pence, uplift),
      plannedPence: plannedBy(s, i, socialCareShare),
    };
  }
  const share = kind === 'nhs-min-social-care' ? socialCareShare : outOfHospitalShare;
  return {
    ...base,
    label: REQUIREMENT_LABELS[kind],
    requiredPence: entered.pence,
    plannedPence: plannedBy(s, i, share),
  };
}

/** Every minimum the plan has a required figure for, each year, leaving out those whose rule the template year switches off. */
export function planMinimums(s: PlanSubject): MinimumMeasure[] {
  const off = s.template.rulesOff;
  return s.years.flatMap((_year, i) =>
    REQUIREMENT_KINDS.filter((kind) => !off.includes(RULE_OF[kind]))
      .map((kind) => measureMinimum(s, kind, i))
      .filter((m): m is MinimumMeasure => m !== null),
  );
}

/** A minimum a year's plan must reach, when the year's required figure is entered. */
function requirementRule(
  kind: 'nhs-min-social-care' | 'ooh-ringfence',
  title: string,
  description: string,
): Rule<PlanSubject> {
  return {
    id: RULE_OF[kind],
    severity: 'error',
    title,
    description,
    check(s, report) {
      s.years.forEach((_year, i) => {
        const m = measureMinimum(s, kind, i);
        if (!m || m.plannedPence >= m.requiredPence) return;
        report({
          field: 'expenditurePence',
          message: `${REQUIREMENT_LABELS[kind]}, ${m.year}: the plan has ${money(m.plannedPence)} against a required minimum of ${money(m.requiredPence)} (${money(m.requiredPence - m.plannedPence)} short).`,
        });
      });
    },
  };
}

const nhsMinSocialCare = requirementRule(
  'nhs-min-social-care',
  'NHS minimum to social care met',
  'When the year\'s required minimum is entered: planned expenditure funded by the NHS minimum contribution with Area of Spend "Social Care" must reach it.',
);

const oohRingfence = requirementRule(
  'ooh-ringfence',
  'NHS out-of-hospital ringfence met',
  "When the year's required minimum is entered: NHS-commissioned spend from the NHS minimum contribution outside acute care and social care (the NHS share of joint lines pro rata) must reach it.",
);

const ascMinimumUplift: Rule<PlanSubject> = {
  id: RULE_OF['asc-baseline'],
  severity: 'error',
  title: 'NHS minimum to adult social care: baseline plus uplift',
  description:
    'When the template year sets an uplift (3.9% in 2025-26) and last year\'s baseline is entered: planned expenditure funded by the NHS minimum contribution with Area of Spend "Social Care" must reach the baseline × (1 + uplift), to the penny.',
  check(s, report) {
    s.years.forEach((year, i) => {
      const m = measureMinimum(s, 'asc-baseline', i);
      if (!m || m.plannedPence >= m.requiredPence) return;
      const baseline = s.requirements.find((r) => r.kind === 'asc-baseline' && r.year === year)!;
      report({
        field: 'expenditurePence',
        message: `NHS minimum to adult social care, ${year}: the plan has ${money(m.plannedPence)} against ${money(m.requiredPence)} (the baseline ${money(baseline.pence)} plus ${s.template.ascUpliftPercent}%), ${money(m.requiredPence - m.plannedPence)} short.`,
      });
    });
  },
};

const CHECKED_LISTS: { field: LineField; list: ListName }[] = [
  { field: 'schemeType', list: 'schemeTypes' },
  { field: 'areaOfSpend', list: 'areasOfSpend' },
  { field: 'sourceOfFunding', list: 'sourcesOfFunding' },
  { field: 'commissioner', list: 'commissioners' },
  { field: 'provider', list: 'providers' },
  { field: 'outputUnit', list: 'outputUnits' },
];

const unknownValue: Rule<PlanSubject> = {
  id: 'plan.unknown-value',
  severity: 'warning',
  title: "Values are in the year's lists",
  description:
    "A value that is not (or no longer) in the template year's drop-down list is kept, and flagged, so it can be corrected or added to the list.",
  check(s, report) {
    const index = ruleIndex(s.template);
    const lists = CHECKED_LISTS.filter(({ field, list }) => has(s, field) && !index.listIsEmpty(list));
    const choices = extraFields(s.template, 'plan')
      .filter((f) => f.kind === 'choice' && (s.template.customLists[f.list!] ?? []).length > 0)
      .map((f) => ({ f, values: new Set((s.template.customLists[f.list!] ?? []).map(index.norm)) }));
    eachLine(s, (line) => {
      for (const { field, list } of lists) {
        const v = line[field] as string;
        if (v === '' || index.inList(list, v)) continue;
        report({
          ...at(line, field),
          message: `${where(line)}: "${v.trim()}" is not in the ${s.template.template} list of ${LINE_LABELS[field]}; choose a listed value or add it to the list (${list}).`,
        });
      }
      for (const { f, values } of choices) {
        const v = line.extra?.[f.key];
        if (typeof v !== 'string' || values.has(index.norm(v))) continue;
        report({
          ...atColumn(line, extraColumn(f.key)),
          message: `${where(line)}: "${v.trim()}" is not in the ${s.template.template} list of ${f.label}; choose one of ${[...(s.template.customLists[f.list!] ?? [])].map((x) => `"${x}"`).join(', ')}.`,
        });
      }
    });
    if (index.listIsEmpty('sourcesOfFunding')) return;
    for (const x of s.income) {
      if (!index.inList('sourcesOfFunding', x.sourceOfFunding)) {
        report({
          field: 'sourceOfFunding',
          source: x.source,
          message: `Income source "${x.sourceOfFunding}" is not in the ${s.template.template} list of Sources of Funding.`,
        });
      }
    }
  },
};

export const PLAN_RULES: readonly Rule<PlanSubject>[] = [
  requiredField,
  coverComplete,
  virementIdentity,
  totalMismatch,
  sourceBalance,
  subtypeMismatch,
  otherUnspecified,
  commissionerSplit,
  negativeAmount,
  duplicateLine,
  outputsRequired,
  nhsMinSocialCare,
  ascMinimumUplift,
  oohRingfence,
  unknownValue,
];

/** Every plan rule that applies in the plan's template year (a year may switch some off). */
export function validatePlan(subject: PlanSubject): ValidationReport {
  const off = subject.template.rulesOff;
  return runRules(off.length === 0 ? PLAN_RULES : PLAN_RULES.filter((r) => !off.includes(r.id)), subject, 'plan');
}

export const PLAN_RULE_INFO = describeRules(PLAN_RULES, 'plan');
