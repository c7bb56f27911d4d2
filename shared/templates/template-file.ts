import { z } from 'zod';
import { referenceSetSchema, type TemplateYear } from '../reference/reference-set';
import { profileSchema, type Profile } from '../workbooks/profile';
import { extraColumnKind } from './fields';
import { ALL_FIELDS } from '../plans/line';
import { RETURN_FIELDS } from '../returns/line';

/**
 * A template year as one file: the year itself and its workbook profiles.
 * The same shape is the draft `bcf template add --review` writes for the BCF
 * manager to correct, what `bcf template save` and the Template years screen
 * save, and what `bcf template export` writes for a neighbouring area or the
 * ICB to import. Versioned, so a later app can still read an earlier file.
 */
export const TEMPLATE_FILE_FORMAT = 'bcf-template-year';

export const templateFileSchema = z
  .object({
    format: z.literal(TEMPLATE_FILE_FORMAT),
    version: z.literal(1),
    templateYear: referenceSetSchema,
    profiles: z.array(profileSchema).max(12),
  })
  .strict()
  .superRefine((f, ctx) => {
    const year = f.templateYear;
    const ids = new Set<string>();
    const own = new Map(year.fields.map((x) => [x.key, x]));
    f.profiles.forEach((p, i) => {
      if (ids.has(p.id))
        ctx.addIssue({
          code: 'custom',
          message: `two workbook profiles are called ${p.id}`,
          path: ['profiles', i, 'id'],
        });
      ids.add(p.id);
      if (p.template !== year.template)
        ctx.addIssue({
          code: 'custom',
          message: `the profile ${p.id} is for the template year ${p.template}, not ${year.template}`,
          path: ['profiles', i, 'template'],
        });
      p.tables.forEach((t, ti) => {
        t.columns.forEach((c, ci) => {
          const extra = own.get(c.field);
          const at = ['profiles', i, 'tables', ti, 'columns', ci];
          if (extra) {
            const on = p.kind === 'plan' ? 'plan' : 'return';
            const lineTable = t.id === 'expenditure' || t.id === 'spendActivity';
            if (!lineTable)
              ctx.addIssue({
                code: 'custom',
                message: `${p.id}, table ${t.id}: "${c.header}" is mapped to the new field ${c.field}; new fields belong on the lines' table`,
                path: at,
              });
            else if (extra.on !== on)
              ctx.addIssue({
                code: 'custom',
                message: `${p.id}: "${c.header}" is mapped to ${c.field}, a field of ${extra.on === 'plan' ? 'plan lines' : 'return lines'}, on a ${p.kind} workbook`,
                path: at,
              });
            else if (c.kind !== extraColumnKind(extra.kind))
              ctx.addIssue({
                code: 'custom',
                message: `${p.id}: "${c.header}" is ${c.kind}, but the field ${c.field} is ${extra.kind}; make them agree`,
                path: at,
              });
          } else if (t.id === 'expenditure' && !(ALL_FIELDS as string[]).includes(c.field)) {
            ctx.addIssue({
              code: 'custom',
              message: `${p.id}: "${c.header}" is mapped to ${c.field}, which is neither a plan field nor one of the year's own fields`,
              path: at,
            });
          } else if (t.id === 'spendActivity' && !(RETURN_FIELDS as readonly string[]).includes(c.field)) {
            ctx.addIssue({
              code: 'custom',
              message: `${p.id}: "${c.header}" is mapped to ${c.field}, which is neither a return field nor one of the year's own fields`,
              path: at,
            });
          }
        });
      });
    });
  });

export type TemplateFile = z.infer<typeof templateFileSchema>;

export function templateFile(templateYear: TemplateYear, profiles: readonly Profile[]): TemplateFile {
  return { format: TEMPLATE_FILE_FORMAT, version: 1, templateYear, profiles: [...profiles] };
}

/** Every problem with a template file, each with where it is ("profiles.0.tables.1: …"), for a message the user can act on. */
export function templateFileProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
}
