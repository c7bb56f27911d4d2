import type { z } from 'zod';
import { appMethods } from './app';
import { consolidationMethods } from './consolidation';
import { dataMethods } from './data';
import { planMethods } from './plans';
import { poolMethods } from './pools';
import { returnMethods } from './returns';
import { reviewMethods } from './review';
import { templateMethods } from './templates';
import { workbookMethods } from './workbooks';

/**
 * The whole backend surface: method name → request schema → response type.
 * Each capability declares its methods in its own file here (app.ts,
 * plans.ts, …); this map joins them. The desktop host serves it over one IPC
 * channel, browser mode as POST /api/<method>, and the renderer's client is
 * typed by it. A new capability adds a file, a line here, and its handlers in
 * electron/api/.
 */
export const contract = {
  ...appMethods,
  ...planMethods,
  ...poolMethods,
  ...dataMethods,
  ...returnMethods,
  ...workbookMethods,
  ...templateMethods,
  ...reviewMethods,
  ...consolidationMethods,
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type RequestOf<M extends Method> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends Method> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends Method> = Contract[M]['response'];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
