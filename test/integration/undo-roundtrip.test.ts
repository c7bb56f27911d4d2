import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { EMPTY_LINE, type LineInput } from '../../shared/plans/line';
import { REQUIREMENT_KINDS } from '../../shared/plans/income';
import { LINE_BATCH_FIELD } from '../../shared/audit/line-batch';
import { planAction, redo, undo, undoState } from '../../electron/services/plans/changesets';
import { setRequirement } from '../../electron/services/plans/income';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { importIncomeTable } from '../../electron/services/plans/import-income';
import {
  applyEdits,
  createIncome,
  createLine,
  deleteIncome,
  deleteLine,
  setPlanCondition,
  updateIncome,
  updateLine,
} from '../../electron/services/plans/line-actions';
import { findPlan } from '../../electron/services/plans/plan-store';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { rollForward } from '../../electron/services/plans/rollforward';
import { linkContribution } from '../../electron/services/pools/contributions';
import { loadPublishedPools } from '../../electron/services/pools/published';
import { createReturn } from '../../electron/services/returns/create';
import { deleteReturn } from '../../electron/services/returns/delete';
import { loadSample } from '../../electron/services/sample/sample';
import { exportTemplateYear, saveTemplateFile } from '../../electron/services/templates/template-years';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { tempContext, type TestContext } from '../helpers/db';
import { published } from '../helpers/fixtures';
import { rowsOf } from '../helpers/plans';

/**
 * Round trip of plan undo and redo, by seeded pseudo-random sequences of what a BCF manager does to
 * two plans (the published 2019-20 plan, and a 2025-26 plan rolled forward from it, whose template
 * year has national conditions and two fields of its own), interleaved with what links to plan lines
 * from outside the plan's undo history: a pool contribution linked by hand, a return made from the plan.
 *
 * Checked: every undo gives back the plan exactly as it was before that step, every redo exactly as
 * after it; undoing everything gives the plans (and every link nobody touched by hand) as they were
 * before the sequence, and leaves a link the user changed by hand where they last put it (unlinked if
 * that line did not exist before: the undo took it away); redoing everything gives the plans and every
 * link as they were at the end of the sequence; and
 * the database stays whole: foreign keys, integrity, no scheme without lines, every history row sound.
 */

// ---------------------------------------------------------------------------------------------------
// A small deterministic PRNG (mulberry32).

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------
// Actions as data, resolved against the database when run (so that any subsequence can be replayed).

type Year = '2019-20' | '2025-26';
type Action =
  | { k: 'edit'; year: Year; picks: number[]; field: string; texts: string[] }
  | { k: 'schemeId'; year: Year; pick: number; code: string }
  | { k: 'update'; year: Year; pick: number; code: string; name: string; pence: number }
  | { k: 'create'; year: Year; code: string; name: string; pence: number }
  | { k: 'delete'; year: Year; pick: number }
  | { k: 'paste'; year: Year; pick: number; text: string; codes: string[] }
  | { k: 'import'; mode: 'replace' | 'append'; keep: number[]; bump: number; total: boolean; n: number }
  | { k: 'incomeImport'; mode: 'replace' | 'append'; amounts: number[] }
  | { k: 'income'; year: Year; op: 'create' | 'update' | 'delete'; pick: number; pence: number }
  | { k: 'requirement'; year: Year; kind: number; pence: number | null }
  | { k: 'cover'; year: Year; values: Record<string, string> }
  | { k: 'condition'; key: string; answer: '' | 'Yes' | 'No'; explanation: string }
  | { k: 'rollForward' }
  | { k: 'link'; contribution: number; pick: number | null }
  | { k: 'return'; year: Year; period: 'Q2' | 'Q3' | 'YE' }
  | { k: 'deleteReturn'; year: Year; period: 'Q2' | 'Q3' | 'YE' }
  | { k: 'undo'; year: Year; times: number }
  | { k: 'redo'; year: Year; times: number };

const CODES = ['1', '2', '4', '8', '33', '100', '7a', 'X1', 'X2'];
const MONEY_FIELDS = ['expenditurePence', 'virementPence', 'priorYearPence'];
const TEXT_FIELDS = ['schemeName', 'schemeUpdate', 'sourceOfFunding', 'newOrExisting', 'areaOfSpend'];

function generate(seed: number, size: number): Action[] {
  const r = prng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;
  const year = (): Year => (r() < 0.7 ? '2019-20' : '2025-26');
  const money = () => (r() < 0.1 ? '' : `£${(int(2_000_000) / 100).toFixed(2)}`);
  const text = (field: string) =>
    field === 'newOrExisting'
      ? pick(['New', 'Existing', ''])
      : field === 'sourceOfFunding'
        ? pick(['Grant', 'iBCF', 'CCG Minimum Contribution', 'Other source'])
        : field === 'schemeName'
          ? `Scheme ${int(50)}`
          : `note ${int(1000)}`;
  const out: Action[] = [];
  for (let i = 0; i < size; i++) {
    const roll = r();
    if (roll < 0.12) {
      const y = year();
      const extra = y === '2025-26' && r() < 0.4;
      const field = extra ? pick(['extra.localNote', 'extra.capitalElement']) : pick([...MONEY_FIELDS, ...TEXT_FIELDS]);
      const n = 1 + int(3);
      const picks = Array.from({ length: n }, () => r());
      const texts = picks.map(() =>
        field === 'extra.localNote'
          ? r() < 0.3
            ? ''
            : `local ${int(9)}`
          : field === 'extra.capitalElement'
            ? money()
            : MONEY_FIELDS.includes(field)
              ? field === 'expenditurePence'
                ? money() || '£0'
                : money()
              : text(field),
      );
      out.push({ k: 'edit', year: y, picks, field, texts });
    } else if (roll < 0.2) out.push({ k: 'schemeId', year: year(), pick: r(), code: pick(CODES) });
    else if (roll < 0.26)
      out.push({ k: 'update', year: year(), pick: r(), code: pick(CODES), name: `Renamed ${int(9)}`, pence: int(1e7) });
    else if (roll < 0.32)
      out.push({ k: 'create', year: year(), code: pick(CODES), name: `New ${int(99)}`, pence: int(1e7) });
    else if (roll < 0.39) out.push({ k: 'delete', year: year(), pick: r() });
    else if (roll < 0.43)
      out.push({ k: 'paste', year: year(), pick: r(), text: money() || '£1', codes: [pick(CODES), pick(CODES)] });
    else if (roll < 0.49)
      out.push({
        k: 'import',
        mode: r() < 0.6 ? 'replace' : 'append',
        keep: Array.from({ length: 51 }, () => (r() < 0.85 ? 1 : 0)),
        bump: int(51),
        total: r() < 0.5,
        n: i,
      });
    else if (roll < 0.51)
      out.push({ k: 'incomeImport', mode: r() < 0.5 ? 'replace' : 'append', amounts: [int(1e6), int(1e6)] });
    else if (roll < 0.56)
      out.push({
        k: 'income',
        year: year(),
        op: pick(['create', 'update', 'delete'] as const),
        pick: r(),
        pence: int(1e8),
      });
    else if (roll < 0.59)
      out.push({ k: 'requirement', year: year(), kind: int(3), pence: r() < 0.25 ? null : int(1e9) });
    else if (roll < 0.62)
      out.push({
        k: 'cover',
        year: year(),
        values: Object.fromEntries(
          (['completedBy', 'email', 'phone', 'signedOffBy', 'dateSignedOff'] as const)
            .filter(() => r() < 0.5)
            .map((key) => [
              key,
              r() < 0.25
                ? ''
                : {
                    completedBy: `Officer ${int(9)}`,
                    email: `bcf${int(9)}@council.gov.uk`,
                    phone: `01225 47700${int(9)}`,
                    signedOffBy: `Chair ${int(9)}`,
                    dateSignedOff: `2024-07-1${int(9)}`,
                  }[key],
            ]),
        ),
      });
    else if (roll < 0.65)
      out.push({
        k: 'condition',
        key: pick(['1', '2', '3', '4']),
        answer: pick(['', 'Yes', 'No'] as const),
        explanation: r() < 0.5 ? '' : `because ${int(9)}`,
      });
    else if (roll < 0.67) out.push({ k: 'rollForward' });
    else if (roll < 0.76) out.push({ k: 'link', contribution: int(11), pick: r() < 0.15 ? null : r() });
    else if (roll < 0.79) out.push({ k: 'return', year: year(), period: pick(['Q2', 'Q3', 'YE'] as const) });
    else if (roll < 0.81) out.push({ k: 'deleteReturn', year: year(), period: pick(['Q2', 'Q3', 'YE'] as const) });
    else if (roll < 0.91) out.push({ k: 'undo', year: year(), times: 1 + int(3) });
    else out.push({ k: 'redo', year: year(), times: 1 + int(2) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reading the database.

type Row = Record<string, unknown>;
type Db = TestContext['db'];

const omit = (r: Row, ...keys: string[]) => {
  const out = { ...r };
  for (const k of keys) delete out[k];
  return out;
};

/** Everything of a plan that undo and redo must give back, less the times of writing. */
function planTables(db: Db, planId: number) {
  const q = (sql: string) => db.prepare(sql).all(planId) as Row[];
  return {
    lines: q(
      `SELECT l.*, s.code AS scheme_code FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id WHERE l.plan_id = ? ORDER BY l.id`,
    ).map((r) => omit(r, 'created_at', 'updated_at', 'scheme_id')),
    schemes: q('SELECT code FROM scheme WHERE plan_id = ? ORDER BY code'),
    income: q('SELECT * FROM income_line WHERE plan_id = ? ORDER BY id'),
    printedTotals: q('SELECT * FROM printed_total WHERE plan_id = ? ORDER BY id'),
    requirements: q('SELECT * FROM plan_requirement WHERE plan_id = ? ORDER BY year_label, kind'),
    // A condition answered and then cleared again reads as never answered (listConditionAnswers alike).
    conditions: q(
      `SELECT condition_key, answer, explanation FROM condition_answer WHERE plan_id = ? AND (answer <> '' OR explanation <> '') ORDER BY condition_key`,
    ),
    cover: q('SELECT * FROM plan_cover WHERE plan_id = ? ORDER BY field'),
  };
}

type Links = Record<string, number | null>;

function links(db: Db): Links {
  const out: Links = {};
  for (const r of db.prepare('SELECT id, scheme_line_id AS line FROM pool_contribution ORDER BY id').all() as Row[])
    out[`pool_contribution ${r.id}`] = r.line as number | null;
  for (const r of db.prepare('SELECT id, plan_line_id AS line FROM return_line ORDER BY id').all() as Row[])
    out[`return_line ${r.id}`] = r.line as number | null;
  return out;
}

function integrityProblems(db: Db): string[] {
  const problems: string[] = [];
  const fk = db.prepare('PRAGMA foreign_key_check').all();
  if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk)}`);
  const ok = db.prepare('PRAGMA integrity_check').all() as Row[];
  if (ok.length !== 1 || ok[0]!.integrity_check !== 'ok') problems.push(`integrity_check: ${JSON.stringify(ok)}`);
  const empty = db
    .prepare(
      'SELECT plan_id, code FROM scheme s WHERE NOT EXISTS (SELECT 1 FROM scheme_line l WHERE l.scheme_id = s.id)',
    )
    .all();
  if (empty.length > 0) problems.push(`schemes without lines: ${JSON.stringify(empty)}`);
  const wrongPlan = db
    .prepare('SELECT l.id FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id WHERE s.plan_id <> l.plan_id')
    .all();
  if (wrongPlan.length > 0) problems.push(`lines in another plan's scheme: ${JSON.stringify(wrongPlan)}`);
  problems.push(...auditProblems(db));
  return problems;
}

const SCOPE_OF: Record<string, string> = {
  scheme_line: 'plan',
  income_line: 'plan',
  printed_total: 'plan',
  plan_cover: 'plan',
  plan_requirement: 'plan',
  plan_condition: 'plan',
  pool_contribution: 'pool',
  return_line: 'return',
  bcf_return: 'return',
};
const isIdText = (v: unknown) => v === null || (typeof v === 'string' && /^\d+$/.test(v));

/** Every history row sound: a known action, a scope where one is due, values that undo can read. */
function auditProblems(db: Db): string[] {
  const problems: string[] = [];
  const rows = db
    .prepare(
      'SELECT a.*, c.plan_id AS cs_plan FROM audit_log a LEFT JOIN changeset c ON c.id = a.changeset_id ORDER BY a.id',
    )
    .all() as Row[];
  for (const r of rows) {
    const say = (what: string) => problems.push(`audit ${r.id} (${r.entity} ${r.entity_id} ${r.field}): ${what}`);
    if (!['create', 'update', 'delete', 'import'].includes(r.action as string)) say(`action ${r.action}`);
    if (!r.actor || Number.isNaN(Date.parse(r.at as string))) say('no actor or time');
    if (r.changeset_id !== null && r.cs_plan === null) say('changeset missing');
    const kind = SCOPE_OF[r.entity as string];
    if (kind !== undefined) {
      if (r.scope_kind !== kind || r.scope_id === null) say(`scope ${r.scope_kind} ${r.scope_id}, expected ${kind}`);
      if (kind === 'plan' && r.changeset_id !== null && r.scope_id !== r.cs_plan) say("scope is not the step's plan");
    }
    if (r.action === 'update' && r.old_value === r.new_value) say(`update from ${r.old_value} to the same`);
    if (
      (r.entity === 'pool_contribution' && r.field === 'schemeLineId') ||
      (r.entity === 'return_line' && r.field === 'planLineId')
    )
      if (!isIdText(r.old_value) || !isIdText(r.new_value)) say(`link values ${r.old_value} -> ${r.new_value}`);
    if (r.entity === 'scheme_line') {
      if (r.field === LINE_BATCH_FIELD) {
        try {
          const b = JSON.parse((r.new_value ?? r.old_value) as string) as { columns: string[]; rows: unknown[][] };
          if (!b.rows.every((x) => x.length === b.columns.length)) say('batch rows of the wrong length');
        } catch {
          say('batch is not JSON');
        }
      } else if (r.entity_id === null) say('no line id');
      else if (r.action === 'create' || r.action === 'delete') {
        try {
          JSON.parse((r.action === 'create' ? r.new_value : r.old_value) as string);
        } catch {
          say('line snapshot is not JSON');
        }
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Running a sequence.

interface World {
  ctx: TestContext;
  plans: Record<Year, number>;
  baseline: number;
  contributions: number[];
}

function setUp(): World {
  const ctx = tempContext();
  loadSample(ctx);
  // The 2025-26 template year with two fields of its own, so that their undo is tried too.
  const { file } = exportTemplateYear(ctx, '2025-26');
  (file as { templateYear: { fields: unknown[] } }).templateYear.fields = [
    { key: 'localNote', label: 'Local note', kind: 'text', on: 'plan' },
    { key: 'capitalElement', label: 'Capital element', kind: 'money', on: 'plan' },
  ];
  saveTemplateFile(ctx, file, { replace: true });
  loadPublishedPools(ctx);
  createReturn(ctx, { year: '2019-20', period: 'Q1' });
  rollForward(ctx, { from: '2019-20', to: '2025-26', uplifts: [] });
  createReturn(ctx, { year: '2025-26', period: 'Q1' });
  const contributions = (ctx.db.prepare('SELECT id FROM pool_contribution ORDER BY id').all() as { id: number }[]).map(
    (c) => c.id,
  );
  const lines = getPlanView(ctx, '2019-20').lines;
  // Three contributions linked before the sequence starts.
  contributions.slice(0, 3).forEach((c, i) => linkContribution(ctx, c, lines[i * 7]!.id));
  const baseline = (ctx.db.prepare('SELECT coalesce(max(id), 0) AS id FROM changeset').get() as { id: number }).id;
  return {
    ctx,
    plans: { '2019-20': findPlan(ctx, '2019-20')!.id, '2025-26': findPlan(ctx, '2025-26')!.id },
    baseline,
    contributions,
  };
}

const stepId = (s: string | null) => (s === null ? null : Number(s.split('@')[0]));

/** Undo, if the step to undo is one of the sequence's (never the sample's import or the roll forward before it). */
function canUndo(w: World, planId: number): boolean {
  const id = stepId(undoState(w.ctx, planId).undoStep);
  return id !== null && id > w.baseline;
}

function linesOf(w: World, year: Year) {
  return getPlanView(w.ctx, year).lines;
}
const at = <T>(xs: readonly T[], f: number) => xs[Math.min(xs.length - 1, Math.floor(f * xs.length))];

/** What the sequences did, for UNDO_STATS=1. */
const stats: Record<string, number> = {};

/** Runs one action; an action the app refuses (ApiError) changes nothing and is skipped. */
function run(w: World, a: Action, check: (msg: string) => void, stacks: Stacks): void {
  const { ctx } = w;
  const planOf = (y: Year) => w.plans[y];
  const tables = (y: Year) => planTables(ctx.db, planOf(y));
  const planYearOf = (a: Action): Year | null =>
    'year' in a
      ? a.year
      : a.k === 'import' || a.k === 'incomeImport'
        ? '2019-20'
        : a.k === 'condition' || a.k === 'rollForward'
          ? '2025-26'
          : null;

  if (a.k === 'undo' || a.k === 'redo') {
    const planId = planOf(a.year);
    const s = stacks[a.year];
    for (let i = 0; i < a.times; i++) {
      if (a.k === 'undo') {
        if (!canUndo(w, planId)) return;
        const done = s.done.pop()!;
        undo(ctx, planId);
        stats.undone = (stats.undone ?? 0) + 1;
        check(diff(`undo of "${done.label}" gives back the plan as it was before it`, tables(a.year), done.before));
        s.undone.push(done);
      } else {
        if (undoState(ctx, planId).redo === null) return;
        const step = s.undone.pop()!;
        redo(ctx, planId);
        stats.redone = (stats.redone ?? 0) + 1;
        check(diff(`redo of "${step.label}" gives back the plan as it was after it`, tables(a.year), step.after));
        s.done.push(step);
      }
    }
    return;
  }
  const year = planYearOf(a);
  const planId = year ? planOf(year) : null;
  const before = year ? tables(year) : null;
  const stepBefore = planId ? undoState(ctx, planId).undoStep : null;
  try {
    act(w, a);
  } catch (e) {
    if (e instanceof ApiError) {
      stats[`${a.k} refused`] = (stats[`${a.k} refused`] ?? 0) + 1;
      return;
    }
    throw e;
  }
  stats[a.k] = (stats[a.k] ?? 0) + 1;
  if (year && planId) {
    const state = undoState(ctx, planId);
    if (state.undoStep !== stepBefore) {
      stacks[year].done.push({ label: state.undo!, before: before!, after: tables(year) });
      stacks[year].undone.length = 0;
      if (state.redo !== null) check(`a new step on ${year} left something to redo: ${state.redo}`);
    }
  }
}

function act(w: World, a: Action): void {
  const { ctx } = w;
  switch (a.k) {
    case 'edit': {
      const lines = linesOf(w, a.year);
      if (lines.length === 0) return;
      applyEdits(ctx, a.year, {
        edits: a.picks.map((p, i) => ({ lineId: at(lines, p)!.id, field: a.field as never, text: a.texts[i]! })),
      });
      return;
    }
    case 'schemeId': {
      const line = at(linesOf(w, a.year), a.pick);
      if (line) applyEdits(ctx, a.year, { edits: [{ lineId: line.id, field: 'schemeId', text: a.code }] });
      return;
    }
    case 'update': {
      const line = at(linesOf(w, a.year), a.pick);
      if (!line) return;
      const { id: _i, position: _p, source: _s, updatedAt: _u, ...input } = line;
      updateLine(
        ctx,
        line.id,
        { ...input, schemeId: a.code, schemeName: a.name, expenditurePence: a.pence },
        'revised',
      );
      return;
    }
    case 'create': {
      const line: LineInput = {
        ...EMPTY_LINE,
        schemeId: a.code,
        schemeName: a.name,
        sourceOfFunding: 'Grant',
        expenditurePence: a.pence,
      };
      createLine(ctx, a.year, line);
      return;
    }
    case 'delete': {
      const line = at(linesOf(w, a.year), a.pick);
      if (line) deleteLine(ctx, line.id, 'not needed');
      return;
    }
    case 'paste': {
      const line = at(linesOf(w, a.year), a.pick);
      applyEdits(ctx, a.year, {
        edits: line ? [{ lineId: line.id, field: 'expenditurePence', text: a.text }] : [],
        newLines: a.codes.map((code, i) => ({
          schemeId: code,
          schemeName: `Pasted ${i}`,
          sourceOfFunding: 'Grant',
          expenditurePence: a.text,
        })),
      });
      return;
    }
    case 'import': {
      const [header, ...rows] = rowsOf(published('plan-2019-20-schemes.tsv'));
      const kept = rows.filter((_, i) => a.keep[i] === 1).map((r) => [...r]);
      if (kept.length === 0) return;
      // One line's amount changed, as a newer version of the file would have it.
      const bumped = kept[a.bump % kept.length]!;
      bumped[7] = '£1,234';
      const total = ['', 'Total', '', '', '', '', '', '£9,999', '', ''];
      importPlanTable(ctx, {
        file: `import-${a.n}.tsv`,
        rows: [header!, ...kept, ...(a.total ? [total] : [])],
        year: '2019-20',
        mode: a.mode,
      });
      return;
    }
    case 'incomeImport': {
      importIncomeTable(ctx, {
        file: 'income.tsv',
        rows: [
          ['Source of Funding', 'Partner', '2019-20 £'],
          ['Improved Better Care Fund', 'Council', `£${a.amounts[0]}`],
          ['Disabled Facilities Grant', 'Council', `£${a.amounts[1]}`],
        ],
        year: '2019-20',
        mode: a.mode,
      });
      return;
    }
    case 'income': {
      const income = getPlanView(ctx, a.year).income;
      const x = at(income, a.pick);
      if (a.op === 'create' || !x)
        createIncome(ctx, a.year, {
          sourceOfFunding: 'Grant',
          partner: 'Council',
          amountPence: a.pence,
          amountYear2Pence: null,
        });
      else if (a.op === 'update')
        updateIncome(ctx, x.id, {
          sourceOfFunding: x.sourceOfFunding,
          partner: 'ICB',
          amountPence: a.pence,
          amountYear2Pence: x.amountYear2Pence,
        });
      else deleteIncome(ctx, x.id);
      return;
    }
    case 'requirement': {
      const planId = w.plans[a.year];
      const kind = REQUIREMENT_KINDS[a.kind]!;
      // As the plan.setRequirement handler does it.
      planAction(ctx, planId, `Set ${kind} for ${a.year}`, (c) => setRequirement(c, planId, a.year, kind, a.pence));
      return;
    }
    case 'cover':
      setPlanCover(ctx, a.year, a.values);
      return;
    case 'condition':
      setPlanCondition(ctx, '2025-26', a.key, { answer: a.answer, explanation: a.explanation });
      return;
    case 'rollForward':
      rollForward(ctx, { from: '2019-20', to: '2025-26', uplifts: [], replace: true });
      return;
    case 'link': {
      const line = a.pick === null ? null : at(linesOf(w, '2019-20'), a.pick);
      linkContribution(ctx, w.contributions[a.contribution % w.contributions.length]!, line ? line.id : null);
      return;
    }
    case 'return':
      createReturn(ctx, { year: a.year, period: a.period });
      return;
    case 'deleteReturn':
      deleteReturn(ctx, a.year, a.period, 'made by mistake');
      return;
  }
}

interface Step {
  label: string;
  before: ReturnType<typeof planTables>;
  after: ReturnType<typeof planTables>;
}
type Stacks = Record<Year, { done: Step[]; undone: Step[] }>;

/** '' when alike, else what differs, briefly. */
function diff(what: string, actual: unknown, expected: unknown): string {
  const a = actual as Record<string, unknown[]>;
  const e = expected as Record<string, unknown[]>;
  const out: string[] = [];
  for (const key of Object.keys(e)) {
    const A = JSON.stringify(a[key]);
    const E = JSON.stringify(e[key]);
    if (A === E) continue;
    if (Array.isArray(a[key]) && Array.isArray(e[key])) {
      const as = new Set(a[key].map((x) => JSON.stringify(x)));
      const es = new Set(e[key].map((x) => JSON.stringify(x)));
      const extra = [...as].filter((x) => !es.has(x)).slice(0, 3);
      const missing = [...es].filter((x) => !as.has(x)).slice(0, 3);
      out.push(
        `${key}: has ${extra.join(' ')} ; wants ${missing.join(' ')}${extra.length + missing.length === 0 ? ' (order)' : ''}`,
      );
    } else out.push(`${key}: ${A} != ${E}`);
  }
  return out.length === 0 ? '' : `${what}: ${out.join(' | ')}`;
}

function linkDiff(what: string, actual: Links, expected: Links, only?: (key: string) => boolean): string {
  const out: string[] = [];
  for (const key of Object.keys(expected)) {
    if (only && !only(key)) continue;
    if (key in actual && actual[key] !== expected[key]) out.push(`${key}: ${actual[key]} (wants ${expected[key]})`);
  }
  return out.length === 0
    ? ''
    : `${what}: ${out.slice(0, 6).join(', ')}${out.length > 6 ? ` and ${out.length - 6} more` : ''}`;
}

/** Runs a sequence on a fresh world; answers the first problem found, or null. */
function scenario(actions: readonly Action[]): string | null {
  const w = setUp();
  try {
    const problems: string[] = [];
    const check = (msg: string) => {
      if (msg !== '') problems.push(msg);
    };
    const years: Year[] = ['2019-20', '2025-26'];
    const stacks: Stacks = { '2019-20': { done: [], undone: [] }, '2025-26': { done: [], undone: [] } };
    const start = Object.fromEntries(years.map((y) => [y, planTables(w.ctx.db, w.plans[y])]));
    const startLinks = links(w.ctx.db);
    const startNames = JSON.stringify(
      w.ctx.db.prepare('SELECT plan_id, code, name FROM scheme ORDER BY plan_id, code').all(),
    );
    // Links the user changed by hand in the sequence (a contribution linked, a return made or deleted).
    const byHand = new Map<string, number | null>();
    for (const a of actions) {
      const was = links(w.ctx.db);
      run(w, a, check, stacks);
      if (problems.length > 0) return problems[0]!;
      if (a.k === 'link' || a.k === 'return' || a.k === 'deleteReturn') {
        const now = links(w.ctx.db);
        for (const key of new Set([...Object.keys(was), ...Object.keys(now)]))
          if (was[key] !== now[key]) byHand.set(key, now[key] ?? null);
      }
    }
    // The sequence ends with nothing to redo: what could be redone is redone.
    for (const y of years) run(w, { k: 'redo', year: y, times: 1_000 }, check, stacks);
    if (problems.length > 0) return problems[0]!;
    const end = Object.fromEntries(years.map((y) => [y, planTables(w.ctx.db, w.plans[y])]));
    const endLinks = links(w.ctx.db);
    check(integrityProblems(w.ctx.db).slice(0, 3).join('; '));

    // 1. Undo everything the sequence did.
    for (const y of years) run(w, { k: 'undo', year: y, times: 1_000 }, check, stacks);
    for (const y of years) check(diff(`${y} after undoing everything`, planTables(w.ctx.db, w.plans[y]), start[y]));
    const names = () =>
      JSON.stringify(w.ctx.db.prepare('SELECT plan_id, code, name FROM scheme ORDER BY plan_id, code').all());
    if (names() !== startNames)
      stats['scheme names differ after undoing everything'] =
        (stats['scheme names differ after undoing everything'] ?? 0) + 1;
    check(
      linkDiff(
        'links nobody touched by hand, after undoing everything',
        links(w.ctx.db),
        startLinks,
        (k) => !byHand.has(k),
      ),
    );
    // A link the user changed by hand is theirs: it stays where they last put it, or is unlinked if that line
    // did not exist before the sequence (undoing everything took it away).
    const startLines = new Set(years.flatMap((y) => start[y]!.lines.map((l) => l.id as number)));
    const handExpected = Object.fromEntries(
      [...byHand].map(([k, v]) => [k, v !== null && startLines.has(v) ? v : null]),
    );
    check(linkDiff('links changed by hand, after undoing everything', links(w.ctx.db), handExpected));
    check(integrityProblems(w.ctx.db).slice(0, 3).join('; '));
    // 2. Redo everything.
    for (const y of years) run(w, { k: 'redo', year: y, times: 1_000 }, check, stacks);
    for (const y of years) check(diff(`${y} after redoing everything`, planTables(w.ctx.db, w.plans[y]), end[y]));
    check(linkDiff('links after redoing everything', links(w.ctx.db), endLinks));
    // 3. The database is whole.
    check(integrityProblems(w.ctx.db).slice(0, 3).join('; '));
    return problems[0] ?? null;
  } finally {
    w.ctx.close();
  }
}

/** The fewest actions (by removing chunks, then single actions) that still fail the same way. */
function shrink(actions: Action[], failure: string): Action[] {
  const same = (f: string | null) => f !== null && f.split(':')[0] === failure.split(':')[0];
  let current = actions;
  for (let chunk = Math.ceil(current.length / 2); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let i = 0; i < current.length;) {
      const candidate = [...current.slice(0, i), ...current.slice(i + chunk)];
      if (candidate.length < current.length && same(scenario(candidate))) current = candidate;
      else i += chunk;
    }
  }
  return current;
}

const SEEDS = Number(process.env.UNDO_SEEDS ?? 30);
const SIZE = Number(process.env.UNDO_SIZE ?? 40);

describe('plan undo and redo, round trip', () => {
  const seeds = process.env.UNDO_SEED
    ? [Number(process.env.UNDO_SEED)]
    : Array.from({ length: SEEDS }, (_, i) => i + 1);
  afterAll(() => {
    if (process.env.UNDO_STATS) console.log(stats);
  });
  it.each(seeds)(`gives back the plans and their links exactly: seed %i, ${SIZE} actions`, (seed) => {
    const actions = generate(seed, SIZE);
    const failure = scenario(actions);
    if (failure === null) return;
    // UNDO_SHRINK=1: the fewest actions that still fail the same way, to read.
    const small = process.env.UNDO_SHRINK ? shrink(actions, failure) : actions;
    expect.fail(
      `${process.env.UNDO_SHRINK ? scenario(small) : failure}\n${small.length} actions: ${JSON.stringify(small)}`,
    );
  });
});
