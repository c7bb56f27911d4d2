import { z } from 'zod';
import { lineInputSchema, type PlanLine } from '../plans/line';
import type { PlanTotals } from '../plans/totals';
import type { YearLabel } from '../years/financial-year';
import { parseYear } from '../years/financial-year';

/**
 * The whole backend surface: method name → request schema → response type.
 * The desktop host serves it over one IPC channel, browser mode as
 * POST /api/<method>, and the renderer's client is typed by it. Adding a
 * capability means adding entries here and a handler in electron/api.
 */

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

export interface PlanView {
  year: YearLabel;
  lines: PlanLine[];
  totals: PlanTotals;
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

const year = z.string().transform((raw, ctx) => {
  const parsed = parseYear(raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.year;
});
const id = z.number().int().positive();
const reason = z.string().trim().max(1000).optional();

function method<Res>() {
  return <Req extends z.ZodType>(request: Req) => ({ request, response: undefined as unknown as Res });
}

export const contract = {
  'app.status': method<AppStatus>()(z.object({}).strict()),
  'area.create': method<Area>()(z.object({ name: z.string().trim().min(1, 'Give the Health and Wellbeing Board a name').max(200) }).strict()),
  'sample.load': method<SampleLoaded>()(z.object({}).strict()),
  'plan.get': method<PlanView>()(z.object({ year }).strict()),
  'line.create': method<PlanLine>()(z.object({ year, line: lineInputSchema }).strict()),
  'line.update': method<PlanLine>()(z.object({ id, line: lineInputSchema, reason }).strict()),
  'line.delete': method<{ id: number }>()(z.object({ id, reason }).strict()),
  'plan.exportCsv': method<{ fileName: string; csv: string }>()(z.object({ year }).strict()),
  'history.list': method<AuditEntry[]>()(
    z.object({ entity: z.string().max(50).optional(), entityId: id.optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
  ),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type RequestOf<M extends Method> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends Method> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends Method> = Contract[M]['response'];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
