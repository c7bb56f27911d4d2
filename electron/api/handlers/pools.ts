import type { poolMethods } from '../../../shared/api/pools';
import { readTable } from '../../services/files/read-table';
import { loadPublishedPools } from '../../services/pools/published';
import { exportStatementPdf, exportStatementXlsx } from '../../services/pools/exports';
import { changePartner } from '../../services/pools/partners';
import { agreeStatement } from '../../services/pools/agreement';
import { deleteContribution, linkContribution, saveContribution } from '../../services/pools/contributions';
import { copyForward, createPool, deletePool, updatePool } from '../../services/pools/create';
import { setLineFigures, setOutturn } from '../../services/pools/figures';
import { importLines, importOutturn } from '../../services/pools/import-lines';
import { importPoolsTable } from '../../services/pools/import-pools';
import { deleteLine, saveLine } from '../../services/pools/lines';
import { setMethods } from '../../services/pools/methods';
import { consolidated, listPools, poolDetail, poolTrend, statementsFor } from '../../services/pools/statements';
import type { HandlersFor } from '../handler-types';

/** A file the renderer sent as base64, read as a table the same way the CLI reads one from disk. */
const table = (fileName: string, contentBase64: string) => readTable(fileName, Buffer.from(contentBase64, 'base64'));

export const poolHandlers: HandlersFor<typeof poolMethods> = {
  'pool.list': (ctx, req) => listPools(ctx, req.year),
  'pool.get': (ctx, req) => poolDetail(ctx, req.id, req.basis),
  'pool.create': (ctx, req) => createPool(ctx, req),
  'pool.update': (ctx, req) => updatePool(ctx, req.id, { legalBasis: req.legalBasis, host: req.host }, req.reason),
  'pool.changePartner': (ctx, req) => changePartner(ctx, req, req.reason),
  'pool.delete': (ctx, req) => deletePool(ctx, req.id, req.reason),
  'pool.import': (ctx, req) =>
    importPoolsTable(ctx, {
      file: req.fileName,
      rows: table(req.fileName, req.contentBase64),
      year: req.year,
      replace: Boolean(req.replace),
      dryRun: Boolean(req.dryRun),
    }),
  'pool.loadPublished': (ctx) => loadPublishedPools(ctx),
  'pool.copyForward': (ctx, req) => copyForward(ctx, req.year, req.poolId),
  'pool.setMethods': (ctx, req) =>
    setMethods(ctx, req.id, { overspend: req.overspend, underspend: req.underspend, ratio: req.ratio }, req.reason),
  'pool.setOutturn': (ctx, req) => setOutturn(ctx, req.id, req.basis, req.lineId, req.amountPence, req.reason),
  'pool.setLineFigures': (ctx, req) => setLineFigures(ctx, req.id, req.basis, req.lines, req.reason),
  'pool.importOutturn': (ctx, req) =>
    importOutturn(ctx, {
      id: req.id,
      basis: req.basis,
      file: req.fileName,
      rows: table(req.fileName, req.contentBase64),
      dryRun: Boolean(req.dryRun),
    }),
  'pool.importLines': (ctx, req) =>
    importLines(ctx, {
      id: req.id,
      file: req.fileName,
      rows: table(req.fileName, req.contentBase64),
      replace: Boolean(req.replace),
      dryRun: Boolean(req.dryRun),
    }),
  'pool.saveLine': (ctx, req) => saveLine(ctx, req, req.reason),
  'pool.deleteLine': (ctx, req) => deleteLine(ctx, req.id, req.reason),
  'pool.saveContribution': (ctx, req) => saveContribution(ctx, req, req.reason),
  'pool.deleteContribution': (ctx, req) => deleteContribution(ctx, req.id, req.reason),
  'pool.linkContribution': (ctx, req) => linkContribution(ctx, req.id, req.schemeLineId, req.reason),
  'pool.agree': (ctx, req) => agreeStatement(ctx, req),
  'pool.statement': (ctx, req) => ({ pools: statementsFor(ctx, req.year, req.basis, req.poolId) }),
  'pool.exportXlsx': async (ctx, req) => {
    const { fileName, base64 } = await exportStatementXlsx(ctx, req.year, req.basis, req.poolId);
    return { fileName, base64 };
  },
  'pool.exportPdf': async (ctx, req) => {
    const { fileName, base64 } = await exportStatementPdf(ctx, req.year, req.basis, req.poolId);
    return { fileName, base64 };
  },
  'pool.trend': (ctx, req) => poolTrend(ctx, req.name),
  'pool.consolidated': (ctx, req) => consolidated(ctx, req.year),
};
