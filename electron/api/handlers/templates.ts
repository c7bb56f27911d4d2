import type { templateMethods } from '../../../shared/api/templates';
import { bringTemplate } from '../../services/templates/bring';
import {
  deleteTemplateYear,
  exportTemplateYear,
  getTemplateYear,
  listTemplateYears,
  parseTemplateFileBytes,
  provisionalTemplateYear,
  saveTemplateFile,
} from '../../services/templates/template-years';
import type { HandlersFor } from '../handler-types';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

export const templateHandlers: HandlersFor<typeof templateMethods> = {
  'template.list': (ctx) => listTemplateYears(ctx),
  'template.get': (ctx, req) => getTemplateYear(ctx, req.id),
  'template.bring': (ctx, req) =>
    bringTemplate(ctx, { file: req.fileName, bytes: bytes(req.contentBase64), year: req.year, period: req.period }),
  'template.save': (ctx, req) => saveTemplateFile(ctx, req.file, { broughtFrom: req.broughtFrom ?? null }),
  'template.import': (ctx, req) =>
    saveTemplateFile(ctx, parseTemplateFileBytes(req.fileName, bytes(req.contentBase64)), {
      replace: req.replace ?? false,
      broughtFrom: req.fileName,
    }),
  'template.export': (ctx, req) => {
    const out = exportTemplateYear(ctx, req.id);
    return { fileName: out.fileName, json: `${JSON.stringify(out.file, null, 2)}\n` };
  },
  'template.provisional': (ctx, req) => provisionalTemplateYear(ctx, req.year, req.from),
  'template.delete': (ctx, req) => deleteTemplateYear(ctx, req.id),
};
