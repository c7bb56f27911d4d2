import { z } from 'zod';
import type { Confidence, TemplateYear } from '../reference/reference-set';
import type { ListName } from '../reference/reference-set';
import type { Period } from '../returns/period';
import type { TemplateBrought } from '../templates/draft';
import type { ExtraKind } from '../templates/fields';
import type { TemplateFile } from '../templates/template-file';
import type { Profile, ProfileKind, ProfileOrigin } from '../workbooks/profile';
import { fileFields, yearField } from './fields';
import { method } from './method';
import { periodField } from './returns';

export type { TemplateBrought, TemplateFile };

/** A template year as the list shows it: what it is, how sure we are of it, where it came from, what uses it. */
export interface TemplateYearSummary {
  id: string;
  label: string;
  years: string[];
  confidence: Confidence;
  origin: 'shipped' | 'user';
  broughtFrom: string | null;
  /** The user's own year stands in front of a shipped one of the same name (deleting it brings that back). */
  overridesShipped: boolean;
  copiedFrom: string | null;
  provenance: string;
  /** The year's own fields. */
  fields: { key: string; label: string; kind: ExtraKind; on: 'plan' | 'return' }[];
  conditions: number;
  metrics: string[];
  profiles: { id: string; label: string; kind: ProfileKind; periods: Period[] | null; origin: ProfileOrigin }[];
  /** The plans that follow it, by label ("2023-25"). */
  plans: string[];
}

export interface TemplateYearView extends TemplateYearSummary {
  templateYear: TemplateYear;
  profileBodies: Profile[];
  /** Lists the user has changed by hand since the year was saved. */
  listOrigins: Partial<Record<ListName, 'user' | 'imported'>>;
}

const templateId = z.string().regex(/^\d{4}-\d{2}$/, 'a template year such as 2026-27 or 2023-25');

/** Template years: listed, shown, brought from NHS England's workbook, reviewed and saved, exported and imported, copied, deleted. */
export const templateMethods = {
  'template.list': method<TemplateYearSummary[]>()(z.object({}).strict()),
  'template.get': method<TemplateYearView>()(z.object({ id: templateId }).strict()),
  // Reads the workbook and answers with what it found and the draft; nothing is saved.
  'template.bring': method<TemplateBrought>()(
    z.object({ ...fileFields, year: yearField, period: periodField.optional() }).strict(),
  ),
  // The draft (or a shared file) is checked whole by the service against the template file schema, which names every problem by place.
  'template.save': method<TemplateYearSummary>()(
    z
      .object({
        file: z.record(z.string(), z.unknown()),
        broughtFrom: z.string().trim().max(260).nullable().optional(),
      })
      .strict(),
  ),
  'template.import': method<TemplateYearSummary>()(
    z.object({ ...fileFields, replace: z.boolean().optional() }).strict(),
  ),
  'template.export': method<{ fileName: string; json: string }>()(z.object({ id: templateId }).strict()),
  'template.provisional': method<TemplateYearSummary>()(
    z.object({ year: yearField, from: templateId.optional() }).strict(),
  ),
  'template.delete': method<{ id: string; shippedBack: boolean }>()(z.object({ id: templateId }).strict()),
};
