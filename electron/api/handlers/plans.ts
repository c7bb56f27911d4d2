import type { planMethods } from '../../../shared/api/plans';
import type { LineForm } from '../../../shared/plans/line';
import { PLAN_RULE_INFO } from '../../../shared/plans/rules';
import { RETURN_RULE_INFO } from '../../../shared/returns/rules';
import { inTransaction, reportRowsRead, type ServiceContext } from '../../services/context';
import { redo, undo } from '../../services/plans/changesets';
import { exportPlanCsv, planCsvName } from '../../services/plans/export-csv';
import { importPlanTable, previewPlanImport, readPlanFile } from '../../services/plans/import-plan';
import { setRequirement } from '../../services/plans/income';
import { importIncomeTable, previewIncomeImport, readIncomeFile } from '../../services/plans/import-income';
import {
  applyEdits,
  createIncome,
  createLine,
  deleteIncome,
  deleteLine,
  setPlanCondition,
  updateIncome,
  updateLine,
} from '../../services/plans/line-actions';
import { firstPlanYear, requirePlan } from '../../services/plans/plan-store';
import { getPlanView } from '../../services/plans/plan-view';
import { planAction } from '../../services/plans/changesets';
import { rollForward } from '../../services/plans/rollforward';
import { deletePlan } from '../../services/plans/delete-plan';
import { approvePlan, ratifyPlan, reopenPlan, submitPlan } from '../../services/plans/signoff';
import {
  addReferenceValue,
  importReferenceList,
  listOrigins,
  referenceSet,
  referenceSets,
  resetReferenceList,
} from '../../services/reference/reference';
import { readTable } from '../../services/files/read-table';
import { readAnyTable } from '../../services/files/read-any';
import type { HandlersFor } from '../handler-types';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

function planIdFor(ctx: ServiceContext, year: string): number {
  return requirePlan(ctx, year).id;
}

// As the returns' thenView: the sign-off step and the view that answers it in one transaction, so a view that
// cannot be given (an approved plan's kept copy that no longer reads) takes the step back, as its refusal says.
const thenView =
  <R extends { year: string }>(change: (ctx: ServiceContext, req: R) => void) =>
  (ctx: ServiceContext, req: R) =>
    inTransaction(ctx, () => {
      change(ctx, req);
      return getPlanView(ctx, req.year);
    });

export const planHandlers: HandlersFor<typeof planMethods> = {
  'plan.get': (ctx, req) => getPlanView(ctx, req.year ?? firstPlanYear(ctx)),
  'plan.exportCsv': (ctx, req) => ({ fileName: planCsvName(ctx, req.year), csv: exportPlanCsv(ctx, req.year) }),
  'line.create': (ctx, req) => createLine(ctx, req.year, req.line),
  'line.update': (ctx, req) => updateLine(ctx, req.id, req.line, req.reason),
  'line.delete': (ctx, req) => deleteLine(ctx, req.id, req.reason),
  'plan.applyEdits': (ctx, req) =>
    applyEdits(ctx, req.year, {
      edits: req.edits,
      newLines: req.newLines as Partial<LineForm>[] | undefined,
      label: req.label,
    }),
  'plan.approve': thenView((ctx, req) => approvePlan(ctx, req.year, req.approval, req.acceptWarnings)),
  'plan.submit': thenView((ctx, req) => submitPlan(ctx, req.year, req.partner, req.submittedOn)),
  'plan.ratify': thenView((ctx, req) => ratifyPlan(ctx, req.year, req.ratifiedOn, req.meeting)),
  'plan.reopen': thenView((ctx, req) => reopenPlan(ctx, req.year, req.reason)),
  'plan.undo': (ctx, req) => undo(ctx, planIdFor(ctx, req.year), req.expected),
  'plan.redo': (ctx, req) => redo(ctx, planIdFor(ctx, req.year), req.expected),
  'plan.previewImport': async (ctx, req) => {
    const read = await readPlanFile(req.fileName, bytes(req.contentBase64));
    reportRowsRead(ctx, read);
    return previewPlanImport(ctx, { ...read, year: req.year, template: req.template });
  },
  'plan.commitImport': async (ctx, req) => {
    const read = await readPlanFile(req.fileName, bytes(req.contentBase64));
    reportRowsRead(ctx, read);
    const outcome = importPlanTable(ctx, {
      file: read.file,
      rows: read.rows,
      year: req.year,
      template: req.template,
      mode: req.mode,
      dryRun: req.dryRun,
    });
    return read.sheet ? { ...outcome, sheet: read.sheet } : outcome;
  },
  'income.previewImport': async (ctx, req) => {
    const read = await readIncomeFile(req.fileName, bytes(req.contentBase64));
    reportRowsRead(ctx, read);
    return previewIncomeImport(ctx, { ...read, year: req.year });
  },
  'income.commitImport': async (ctx, req) => {
    const read = await readIncomeFile(req.fileName, bytes(req.contentBase64));
    reportRowsRead(ctx, read);
    return importIncomeTable(ctx, {
      file: read.file,
      rows: read.rows,
      year: req.year,
      mode: req.mode,
      dryRun: req.dryRun,
    });
  },
  'plan.rollForward': (ctx, req) => rollForward(ctx, req),
  'plan.delete': (ctx, req) => deletePlan(ctx, req.year, req.reason),
  'plan.setCondition': (ctx, req) => {
    setPlanCondition(ctx, req.year, req.key, req.answer);
    return getPlanView(ctx, req.year);
  },
  'plan.setRequirement': (ctx, req) => {
    const plan = requirePlan(ctx, req.year);
    planAction(ctx, plan.id, `Set ${req.kind} for ${req.year}`, (c) =>
      setRequirement(c, plan.id, req.year, req.kind, req.pence),
    );
    return getPlanView(ctx, req.year);
  },
  'income.create': (ctx, req) => createIncome(ctx, req.year, req.income),
  'income.update': (ctx, req) => updateIncome(ctx, req.id, req.income),
  'income.delete': (ctx, req) => deleteIncome(ctx, req.id),
  'rules.list': () => [...PLAN_RULE_INFO, ...RETURN_RULE_INFO],
  'reference.list': (ctx) =>
    referenceSets(ctx).map((s) => ({
      template: s.template,
      label: s.label,
      provenance: s.provenance,
      years: s.years,
      origins: listOrigins(ctx, s.template),
    })),
  'reference.get': (ctx, req) => referenceSet(ctx, req.template),
  'reference.addValue': (ctx, req) => addReferenceValue(ctx, req.template, req.list, req.value, req.schemeType),
  'reference.importList': async (ctx, req) => {
    const data = bytes(req.contentBase64);
    const read =
      data[0] === 0x50 && data[1] === 0x4b
        ? await readAnyTable(req.fileName, data, () => true)
        : { file: req.fileName, rows: readTable(req.fileName, data) };
    return importReferenceList(ctx, {
      template: req.template,
      list: req.list,
      file: read.file,
      rows: read.rows,
      dryRun: req.dryRun,
    });
  },
  'reference.resetList': (ctx, req) => resetReferenceList(ctx, req.template, req.list),
};
