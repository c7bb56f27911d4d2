import type { workbookMethods } from '../../../shared/api/workbooks';
import type { ServiceContext } from '../../services/context';
import { getReturnCover, setReturnCover } from '../../services/returns/cover';
import {
  exportPlanWorkbook,
  getPlanCover,
  importWorkbook,
  previewWorkbookImport,
  setPlanCover,
} from '../../services/workbooks/plan-workbooks';
import { exportReturnWorkbook } from '../../services/workbooks/return-workbooks';
import { deleteProfile, getProfile, listProfiles, saveProfile } from '../../services/workbooks/profiles';
import type { HandlersFor } from '../handler-types';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

export const workbookHandlers: HandlersFor<typeof workbookMethods> = {
  'workbook.profiles': (ctx, req) => listProfiles(ctx, req.kind),
  'workbook.profile': (ctx, req) => getProfile(ctx, req.id),
  'workbook.saveProfile': (ctx, req) => saveProfile(ctx, req.profile, req.derivedFrom),
  'workbook.deleteProfile': (ctx, req) => {
    deleteProfile(ctx, req.id);
    return { id: req.id };
  },
  'workbook.exportPlan': async (ctx: ServiceContext, req) => {
    const out = await exportPlanWorkbook(ctx, {
      year: req.year,
      ...(req.profile ? { profile: req.profile } : {}),
      ...(req.into ? { into: { file: req.into.fileName, bytes: bytes(req.into.contentBase64) } } : {}),
    });
    const { bytes: content, ...rest } = out;
    return { ...rest, contentBase64: Buffer.from(content).toString('base64') };
  },
  'workbook.exportReturn': async (ctx: ServiceContext, req) => {
    const out = await exportReturnWorkbook(ctx, {
      year: req.year,
      period: req.period,
      profile: req.profile,
      into: req.into ? { file: req.into.fileName, bytes: bytes(req.into.contentBase64) } : undefined,
    });
    const { bytes: content, ...rest } = out;
    return { ...rest, contentBase64: Buffer.from(content).toString('base64') };
  },
  'workbook.previewImport': (ctx, req) =>
    previewWorkbookImport(ctx, {
      file: req.fileName,
      bytes: bytes(req.contentBase64),
      profile: req.profile,
      period: req.period,
    }),
  'workbook.commitImport': (ctx, req) =>
    importWorkbook(ctx, {
      file: req.fileName,
      bytes: bytes(req.contentBase64),
      mode: req.mode,
      profile: req.profile,
      period: req.period,
      dryRun: req.dryRun,
    }),
  'plan.cover': (ctx, req) => getPlanCover(ctx, req.year),
  'plan.setCover': (ctx, req) => setPlanCover(ctx, req.year, req.cover),
  'return.cover': (ctx, req) => getReturnCover(ctx, req.year, req.period),
  'return.setCover': (ctx, req) => setReturnCover(ctx, req.year, req.period, req.cover),
};
