import type { ExportedFile } from '../../../shared/api/pools';
import { ApiError } from '../../../shared/api/errors';
import { safeFileName } from '../../../shared/exports/csv';
import type { Basis } from '../../../shared/pools/model';
import type { YearLabel } from '../../../shared/years/financial-year';
import { getArea } from '../areas/areas';
import type { ServiceContext } from '../context';
import { statementsFor } from './statements';

// exceljs and pdfmake are large: they load only when a statement file is built,
// so that every other command (and the app's start) stays quick.
const xlsxModule = () => import('./export-xlsx');
const pdfModule = () => import('./export-pdf');

/** "Bath and North East Somerset pooled budgets 2019-20 outturn.xlsx", safe on every OS. */
export function statementFileName(
  areaName: string,
  year: YearLabel,
  basis: Basis,
  pool: string | null,
  ext: 'xlsx' | 'pdf',
): string {
  return `${safeFileName(`${areaName} pooled budgets ${pool ? `${pool} ` : ''}${year} ${basis}`, 'pooled budgets statement')}.${ext}`;
}

/** The statement as files: read everything first (synchronously, one consistent view), then build the file. */
function gather(ctx: ServiceContext, year: YearLabel, basis: Basis, poolId?: number) {
  const statements = statementsFor(ctx, year, basis, poolId);
  if (statements.length === 0) throw new ApiError('not_found', `There are no pools in ${year}.`, 'year');
  const area = getArea(ctx)?.name ?? 'BCF';
  return { statements, area, pool: poolId !== undefined ? statements[0]!.name : null };
}

export async function exportStatementXlsx(
  ctx: ServiceContext,
  year: YearLabel,
  basis: Basis,
  poolId?: number,
): Promise<ExportedFile & { bytes: Uint8Array }> {
  const { statements, area, pool } = gather(ctx, year, basis, poolId);
  const { statementWorkbook } = await xlsxModule();
  const bytes = await statementWorkbook(statements, year, basis, area);
  return {
    fileName: statementFileName(area, year, basis, pool, 'xlsx'),
    base64: Buffer.from(bytes).toString('base64'),
    bytes,
  };
}

export async function exportStatementPdf(
  ctx: ServiceContext,
  year: YearLabel,
  basis: Basis,
  poolId?: number,
): Promise<ExportedFile & { bytes: Uint8Array }> {
  const { statements, area, pool } = gather(ctx, year, basis, poolId);
  const { statementPdf } = await pdfModule();
  const bytes = await statementPdf(statements, year, basis, area, ctx.now().toISOString().slice(0, 10));
  return {
    fileName: statementFileName(area, year, basis, pool, 'pdf'),
    base64: Buffer.from(bytes).toString('base64'),
    bytes,
  };
}
