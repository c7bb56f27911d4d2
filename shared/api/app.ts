import { z } from 'zod';
import type { YearLabel } from '../years/financial-year';
import type { AuditFacts, HistoryRow } from '../audit/describe';
import { dateField, idField } from './fields';
import { method } from './method';

export interface Area {
  id: number;
  name: string;
}

export interface AppStatus {
  version: string;
  dbPath: string;
  area: Area | null;
  years: YearLabel[];
}

/** One row of the audit log, as stored (the history describes it in the screens' words). */
export type AuditEntry = AuditFacts;

/** Which changes the History screen and its CSV show: those of a plan, a return or a pool, of one line, between two dates. */
export const historyQuerySchema = z
  .object({
    scope: z
      .object({ kind: z.enum(['plan', 'return', 'pool']), id: idField })
      .strict()
      .optional(),
    entity: z.string().max(50).optional(),
    entityId: idField.optional(),
    from: dateField.optional(),
    to: dateField.optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

export interface HistoryView {
  rows: HistoryRow[];
  /** Whether there are older changes than the rows shown (the CSV has them all). */
  more: boolean;
  /** Every plan, return and pool the history mentions, deleted ones too. */
  scopes: { kind: 'plan' | 'return' | 'pool'; id: number; label: string }[];
  /** The lines and records of the chosen plan, return or pool that have a history. */
  lines: { entity: string; entityId: number; label: string }[];
}

/** Long work running off the window's thread (an import, a fill, a PDF), and how far it has got. */
export interface WorkProgress {
  method: string;
  /** What it is doing now, in words ("Reading rows"). */
  step: string;
  /** How many of `total` are done; total 0 when it cannot be counted. */
  done: number;
  total: number;
  /** Whether Cancel can still stop it with nothing saved (false once it has started writing). */
  cancellable: boolean;
}

export interface SampleLoaded {
  area: Area;
  year: YearLabel;
  lines: number;
}

/** The app as a whole: status, the area, the first-run sample, the history. */
export const appMethods = {
  'app.status': method<AppStatus>()(z.object({}).strict()),
  // Asked every few seconds by each window: the answer's stamp tells it whether the data changed under it.
  'app.changes': method<{ checked: true }>()(z.object({}).strict()),
  // Asked while a long piece of work runs: answered at once, by the thread that serves the window.
  'work.progress': method<WorkProgress | null>()(z.object({}).strict()),
  'work.cancel': method<{ asked: boolean }>()(z.object({}).strict()),
  'area.create': method<Area>()(
    z.object({ name: z.string().trim().min(1, 'Give the Health and Wellbeing Board a name').max(200) }).strict(),
  ),
  'sample.load': method<SampleLoaded>()(z.object({}).strict()),
  'history.list': method<AuditEntry[]>()(
    z
      .object({
        entity: z.string().max(50).optional(),
        entityId: idField.optional(),
        limit: z.number().int().min(1).max(5000).optional(),
      })
      .strict(),
  ),
  'history.view': method<HistoryView>()(historyQuerySchema),
  'history.exportCsv': method<{ fileName: string; csv: string }>()(historyQuerySchema),
};
