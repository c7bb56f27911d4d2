import { z } from 'zod';
import type { YearLabel } from '../years/financial-year';
import { idField } from './fields';
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

export interface AuditEntry {
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
  'area.create': method<Area>()(z.object({ name: z.string().trim().min(1, 'Give the Health and Wellbeing Board a name').max(200) }).strict()),
  'sample.load': method<SampleLoaded>()(z.object({}).strict()),
  'history.list': method<AuditEntry[]>()(
    z.object({ entity: z.string().max(50).optional(), entityId: idField.optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
  ),
  'history.exportCsv': method<{ fileName: string; csv: string }>()(z.object({ entity: z.string().max(50).optional(), entityId: idField.optional() }).strict()),
};
