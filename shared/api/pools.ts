import { z } from 'zod';
import { MAX_INPUT_PENCE, type Pence } from '../money';
import { boundedPence, safeText } from '../values/schemas';
import type { Consolidated } from '../pools/consolidate';
import { BUDGET } from '../pools/import-lines';
import { CONTRIBUTION, type TotalCheck } from '../pools/import-published';
import { isIsoDate } from '../dates/iso-date';
import {
  BASES,
  LEGAL_BASES,
  methodSpecSchema,
  PARTNER_KINDS,
  type Basis,
  type LegalBasis,
  type PartnerKind,
  type Share,
} from '../pools/model';
import type { Agreement, PoolData, PoolStatement } from '../pools/statement';
import type { YearLabel } from '../years/financial-year';
import { fileFields, idField, reasonField, yearField } from './fields';
import { method } from './method';

/** One row of the Pooled budgets screen. */
export interface PoolSummary {
  id: number;
  name: string;
  year: YearLabel;
  legalBasis: LegalBasis;
  host: string | null;
  partners: { name: string; kind: PartnerKind; ratio: string | null }[];
  budget: Pence;
  forecast: Pence | null;
  outturn: Pence | null;
  /** The figures the exposure is worked out on: the outturn once recorded, the forecast before. */
  basis: Basis | null;
  variance: Pence | null;
  /** Each partner's share of that variance. */
  exposure: Share[];
  problem: string | null;
  methods: { overspend: string; underspend: string };
  lines: number;
  agreements: number;
}

export interface PoolList {
  year: YearLabel;
  pools: PoolSummary[];
  /** Every year that has pools, for the year picker. */
  years: YearLabel[];
}

export interface PoolDetail {
  pool: PoolData;
  statement: PoolStatement;
  /** The year's BCF plan lines, to link a contribution to the line that funds it. */
  bcfLines: { id: number; schemeId: string; schemeName: string; sourceOfFunding: string; expenditurePence: Pence }[];
}

export interface PoolImportOutcome {
  file: string;
  year: YearLabel;
  dryRun: boolean;
  pools: { name: string; ratio: string; contributionsPence: Pence }[];
  replaced: string[];
  totals: TotalCheck[];
}

export interface LinesImportOutcome {
  file: string;
  pool: string;
  dryRun: boolean;
  lines: { code: string; name: string; partner: string | null; contingency: boolean; budgetPence: Pence }[];
  replaced: number;
}

export interface OutturnImportOutcome {
  file: string;
  pool: string;
  basis: Basis;
  dryRun: boolean;
  amountColumn: string;
  changes: { code: string; name: string; oldPence: Pence | null; newPence: Pence; rows: number[] }[];
  /** Lines the file does not mention: left as they were. */
  untouched: string[];
  ignoredColumns: string[];
}

export interface TrendPoint {
  year: YearLabel;
  basis: Basis;
  variance: Pence;
  shares: Share[];
}

export interface PoolTrend {
  name: string;
  points: TrendPoint[];
}

export interface ExportedFile {
  fileName: string;
  /** The file's bytes, base64-encoded, to cross every host as plain JSON. */
  base64: string;
}

const pence = z.number().int().min(-MAX_INPUT_PENCE).max(MAX_INPUT_PENCE);
const basisField = z.enum(BASES);
const nameText = (max: number, what: string) => safeText(max).min(1, `${what} is required`);
// A budget line may be negative (a line for client contributions or other income); a contribution may not.
const budgetPence = boundedPence(BUDGET);
const contributionPence = boundedPence(CONTRIBUTION);
const ratioPart = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,6})?$/, 'a ratio part is a number of zero or more, e.g. 14 or 23.5');
const fileField = {
  ...fileFields,
  dryRun: z.boolean().optional(),
};
const dateField = z.string().refine(isIsoDate, 'a real date written YYYY-MM-DD, e.g. 2020-05-14');

export const partnerInputSchema = z
  .object({ name: nameText(100, 'A partner name'), kind: z.enum(PARTNER_KINDS), ratio: ratioPart.nullable() })
  .strict();

/** Section 75 (and s10) pooled budgets, their risk share and the year-end statement. */
export const poolMethods = {
  'pool.list': method<PoolList>()(z.object({ year: yearField }).strict()),
  'pool.get': method<PoolDetail>()(z.object({ id: idField, basis: basisField.optional() }).strict()),
  'pool.create': method<PoolData>()(
    z
      .object({
        year: yearField,
        name: nameText(200, 'A pool name'),
        legalBasis: z.enum(LEGAL_BASES),
        partners: z.array(partnerInputSchema).min(2, 'A pool has two or more partners').max(10),
        host: z.string().trim().max(100).nullable(),
      })
      .strict(),
  ),
  'pool.update': method<PoolData>()(
    z
      .object({
        id: idField,
        legalBasis: z.enum(LEGAL_BASES).optional(),
        host: z.string().trim().max(100).nullable().optional(),
        reason: reasonField,
      })
      .strict(),
  ),
  'pool.changePartner': method<PoolData>()(
    z
      .object({ id: idField, name: nameText(100, 'A partner name'), kind: z.enum(PARTNER_KINDS), reason: reasonField })
      .strict(),
  ),
  'pool.delete': method<{ id: number }>()(z.object({ id: idField, reason: reasonField }).strict()),
  'pool.import': method<PoolImportOutcome>()(
    z.object({ year: yearField, ...fileField, replace: z.boolean().optional() }).strict(),
  ),
  'pool.loadPublished': method<PoolImportOutcome>()(z.object({}).strict()),
  'pool.copyForward': method<{ year: YearLabel; copied: string[] }>()(
    z.object({ year: yearField, poolId: idField.optional() }).strict(),
  ),
  'pool.setMethods': method<PoolData>()(
    z
      .object({
        id: idField,
        overspend: methodSpecSchema.optional(),
        underspend: methodSpecSchema.optional(),
        ratio: z.array(ratioPart).min(1).max(10).optional(),
        reason: reasonField,
      })
      .strict(),
  ),
  'pool.setOutturn': method<PoolData>()(
    z
      .object({
        id: idField,
        basis: basisField,
        lineId: idField.optional(),
        amountPence: pence.nullable(),
        reason: reasonField,
      })
      .strict(),
  ),
  'pool.setLineFigures': method<PoolData>()(
    z
      .object({
        id: idField,
        basis: basisField,
        lines: z
          .array(z.object({ lineId: idField, amountPence: pence.nullable() }).strict())
          .min(1)
          .max(5000),
        reason: reasonField,
      })
      .strict(),
  ),
  'pool.importOutturn': method<OutturnImportOutcome>()(
    z.object({ id: idField, basis: basisField, ...fileField }).strict(),
  ),
  'pool.importLines': method<LinesImportOutcome>()(
    z.object({ id: idField, ...fileField, replace: z.boolean().optional() }).strict(),
  ),
  'pool.saveLine': method<PoolData>()(
    z
      .object({
        poolId: idField,
        id: idField.optional(),
        code: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9][A-Za-z0-9./_-]{0,39}$/, 'a line ID is letters, digits, ".", "/", "_" or "-", up to 40'),
        name: nameText(500, 'A line name'),
        partner: z.string().trim().max(100).nullable(),
        contingency: z.boolean(),
        budgetPence,
        reason: reasonField,
      })
      .strict(),
  ),
  'pool.deleteLine': method<PoolData>()(z.object({ id: idField, reason: reasonField }).strict()),
  'pool.saveContribution': method<PoolData>()(
    z
      .object({
        poolId: idField,
        id: idField.optional(),
        partner: z.string().trim().max(100).nullable(),
        label: nameText(200, 'A contribution label'),
        amountPence: contributionPence,
        reason: reasonField,
      })
      .strict(),
  ),
  'pool.deleteContribution': method<PoolData>()(z.object({ id: idField, reason: reasonField }).strict()),
  'pool.linkContribution': method<PoolData>()(
    z.object({ id: idField, schemeLineId: idField.nullable(), reason: reasonField }).strict(),
  ),
  'pool.agree': method<Agreement>()(
    z
      .object({
        id: idField,
        partner: nameText(100, 'The partner'),
        agreedBy: nameText(200, 'The name of who agreed'),
        role: z.string().trim().max(200),
        agreedOn: dateField,
      })
      .strict(),
  ),
  'pool.statement': method<{ pools: PoolStatement[] }>()(
    z.object({ year: yearField, poolId: idField.optional(), basis: basisField }).strict(),
  ),
  'pool.exportXlsx': method<ExportedFile>()(
    z.object({ year: yearField, poolId: idField.optional(), basis: basisField }).strict(),
  ),
  'pool.exportPdf': method<ExportedFile>()(
    z.object({ year: yearField, poolId: idField.optional(), basis: basisField }).strict(),
  ),
  'pool.trend': method<PoolTrend[]>()(z.object({ name: z.string().trim().max(200).optional() }).strict()),
  'pool.consolidated': method<Consolidated>()(z.object({ year: yearField }).strict()),
};
