import { formatPence } from '../money';
import { batchSummary, isLineBatch } from './line-batch';
import { REQUIREMENT_LABELS, type RequirementKind } from '../plans/income';
import { LINE_LABELS, type LineField } from '../plans/line';
import { isReturnField, RETURN_SHORT_LABELS } from '../returns/line';
import { STATE_LABELS, type ReturnState } from '../returns/signoff';
import { COVER_FIELDS } from '../workbooks/fields';

/**
 * The history as a finance partner reads it: one row per field changed, was →
 * now, in the words of the screens (field labels, not names; £, not pence;
 * a record added or deleted spelled out field by field, not as JSON). The same
 * rows make the CSV, so the file says what the screen says.
 */
export interface AuditFacts {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: number | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
}

export interface HistoryRow {
  /** The audit row it comes from, and which of its fields ("12.3"): a record added shows a row per field. */
  key: string;
  auditId: number;
  at: string;
  who: string;
  action: string;
  /** What was changed: the plan, return or pool, and the line or detail within it. */
  what: string;
  field: string;
  was: string;
  now: string;
  why: string;
}

const ACTIONS: Record<string, string> = {
  create: 'Added',
  update: 'Changed',
  delete: 'Deleted',
  import: 'Imported',
  approve: 'Approved',
  ratify: 'Ratified',
  reset: 'Reset',
  restore: 'Restored',
  state: 'State changed',
  lock: 'Locked',
  unlock: 'Unlocked',
  copy: 'Copied',
  agree: 'Agreed',
  cancel: 'Cancelled',
  undo: 'Undone',
  redo: 'Redone',
};

export const ENTITY_LABELS: Record<string, string> = {
  area: 'Area',
  plan: 'Plan',
  scheme_line: 'Scheme line',
  income_line: 'Income line',
  printed_total: 'Printed total',
  plan_requirement: 'Minimum',
  plan_cover: 'Cover details',
  plan_condition: 'National conditions',
  bcf_return: 'Return',
  return_line: 'Return line',
  return_cover: 'Cover details',
  return_metric: 'Metric assessment',
  return_condition: 'National conditions',
  return_income: 'Year-end income',
  return_approval: 'Approval',
  plan_approval: 'Partner approval',
  return_deadline: 'Deadline',
  board_meeting: 'Board meeting',
  metric: 'Metric',
  pool: 'Pooled budget',
  pool_budget_line: 'Budget line',
  pool_contribution: 'Contribution',
  reference_list: 'Reference list',
  template_year: 'Template year',
  workbook_profile: 'Workbook profile',
  setting: 'Setting',
  database: 'Database',
  review_package: 'Review package',
  review_response: 'Partner response',
  review_query: 'Partner query',
};

const OTHER_LABELS: Record<string, string> = {
  amountPence: 'Amount (£)',
  amountYear2Pence: 'Second year amount (£)',
  partner: 'Partner',
  budgetPence: 'Budget (£)',
  code: 'Code',
  name: 'Name',
  contingency: 'Contingency',
  state: 'State',
  approvedOn: 'Date approved',
  submittedOn: 'Date submitted',
  partnerKind: 'Partner kind',
  authority: 'Authority',
  ratifiedOn: 'Date ratified',
  ratifiedAt: 'Meeting',
  role: 'Role',
  year: 'Year',
  period: 'Period',
  template: 'Template year',
  sources: 'Funding sources',
  lines: 'Lines',
  target: 'Target',
  onTrack: 'Assessment',
  challenges: 'Challenges',
  achievements: 'Achievements',
  printedPence: 'Printed total (£)',
  label: 'Label',
  file: 'File',
  row: 'Row',
  column: 'Column',
  position: 'Position',
  source: 'From',
  schemeLineId: 'Linked plan line',
  planLineId: 'Linked plan line',
  ...Object.fromEntries(COVER_FIELDS.map((f) => [f.field, f.label])),
};

/** "budgetYear2Pence" → "Budget year 2 (£)": a readable fallback for a field no screen names. */
function humanise(name: string): string {
  const money = /Pence$/.test(name);
  const words = name
    .replace(/Pence$/, '')
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return money ? `${text} (£)` : text;
}

/** A field's label as the screens show it; the template year's own fields by the labels it gives them. */
export function fieldLabel(field: string | null, extraLabels: ReadonlyMap<string, string> = new Map()): string {
  if (!field) return '';
  if (field.startsWith('extra.')) return extraLabels.get(field.slice(6)) ?? humanise(field.slice(6));
  if (field in LINE_LABELS) return LINE_LABELS[field as LineField];
  if (isReturnField(field)) return RETURN_SHORT_LABELS[field];
  return OTHER_LABELS[field] ?? (/^[a-z][A-Za-z0-9]*$/.test(field) ? humanise(field) : field);
}

/** A money field by its name (…Pence), or by its label ("… (£)"), as a year-end return's income per source is recorded. */
const isMoneyField = (field: string | null) => field !== null && /Pence$|\(£\)$/.test(field);

/** A value as the screens show it: £ for money, Yes/No, lists joined, records summarised. */
export function showValue(field: string | null, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number')
    return isMoneyField(field) && Number.isSafeInteger(value) ? formatPence(value) : String(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') {
    if (field === 'state' && value in STATE_LABELS) return STATE_LABELS[value as ReturnState];
    return isMoneyField(field) && /^-?\d+$/.test(value) ? formatPence(Number(value)) : value;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null))
      return value.map((v) => showValue(field, v)).join(', ');
    return `${value.length} ${value.length === 1 ? 'entry' : 'entries'}: ${value.map((v) => summary(v)).join('; ')}`;
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('file' in o && 'row' in o && Object.keys(o).length === 2) return `${String(o.file)} row ${String(o.row)}`;
    return summary(o);
  }
  return String(value);
}

/** A record in a few words: its code or ID, its name, its amount. */
function summary(v: unknown): string {
  if (typeof v !== 'object' || v === null) return showValue(null, v);
  const o = v as Record<string, unknown>;
  const id = o.schemeId ?? o.code ?? o.key ?? '';
  const name = o.schemeName ?? o.name ?? o.sourceOfFunding ?? o.label ?? '';
  const money = Object.entries(o).find(([k, x]) => isMoneyField(k) && typeof x === 'number');
  return (
    [id, name, money ? formatPence(money[1] as number) : '']
      .filter((x) => x !== '')
      .map(String)
      .join(' ') ||
    Object.entries(o)
      .map(([k, x]) => `${fieldLabel(k)}: ${showValue(k, x)}`)
      .join(', ')
  );
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  if (!/^[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Fields of a record not worth a row of their own. */
const QUIET = new Set(['id', 'planId', 'position', 'updatedAt']);

/** The rows of one audit entry: a record added or deleted gives one row per field it held. */
export function describeEntry(
  e: AuditFacts,
  what: string,
  extraLabels: ReadonlyMap<string, string> = new Map(),
): HistoryRow[] {
  const base = {
    auditId: e.id,
    at: e.at,
    who: e.actor,
    action: ACTIONS[e.action] ?? humanise(e.action),
    what,
    why: e.reason ?? '',
  };
  const was = parse(e.oldValue);
  const now = parse(e.newValue);
  // Many lines in one row (an import): their count, where from, and the first few — not a row per field per line.
  if (isLineBatch(was) || isLineBatch(now)) {
    const show = (v: unknown) => (isLineBatch(v) ? batchSummary(v) : '');
    return [{ ...base, key: `${e.id}.0`, field: fieldLabel(e.field, extraLabels), was: show(was), now: show(now) }];
  }
  const record = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && e.field === null;
  if (record(was) || record(now)) {
    const a = (record(was) ? was : {}) as Record<string, unknown>;
    const b = (record(now) ? now : {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !QUIET.has(k));
    const rows: HistoryRow[] = [];
    for (const k of keys) {
      // The template year's own fields sit in an "extra" object: a row each, by their labels.
      if (k === 'extra' && (typeof a[k] === 'object' || typeof b[k] === 'object')) {
        const ea = (a[k] ?? {}) as Record<string, unknown>;
        const eb = (b[k] ?? {}) as Record<string, unknown>;
        for (const x of new Set([...Object.keys(ea), ...Object.keys(eb)])) {
          const row = {
            field: fieldLabel(`extra.${x}`, extraLabels),
            was: showValue(x, ea[x]),
            now: showValue(x, eb[x]),
          };
          if (row.was !== '' || row.now !== '') rows.push({ ...base, key: `${e.id}.${rows.length}`, ...row });
        }
        continue;
      }
      const row = { field: fieldLabel(k, extraLabels), was: showValue(k, a[k]), now: showValue(k, b[k]) };
      if (row.was === '' && row.now === '') continue;
      rows.push({ ...base, key: `${e.id}.${rows.length}`, ...row });
    }
    if (rows.length > 0) return rows;
  }
  // A minimum is kept as "2023-24 nhs-min-social-care" with its amount in pence.
  const minimum = e.entity === 'plan_requirement' && e.field ? /^(\d{4}-\d{2}) (.+)$/.exec(e.field) : null;
  if (minimum) {
    const label = REQUIREMENT_LABELS[minimum[2] as RequirementKind] ?? minimum[2]!;
    return [
      {
        ...base,
        key: `${e.id}.0`,
        field: `${label}, ${minimum[1]} (£)`,
        was: showValue('amountPence', was),
        now: showValue('amountPence', now),
      },
    ];
  }
  return [
    {
      ...base,
      key: `${e.id}.0`,
      field: fieldLabel(e.field, extraLabels),
      was: showValue(e.field, was),
      now: showValue(e.field, now),
    },
  ];
}
