import type { Method } from './contract';

/**
 * The methods whose work can take seconds — reading a file to import or preview, filling or
 * generating a workbook, writing a PDF, CSV or backup — with what the progress bar says first.
 * Hosts run them off the thread that serves the window; the window shows their progress.
 */
export const LONG_WORK: Partial<Record<Method, string>> = {
  'plan.previewImport': 'Reading the plan file',
  'plan.commitImport': 'Reading the plan file',
  'income.previewImport': 'Reading the income file',
  'income.commitImport': 'Reading the income file',
  'pool.import': 'Reading the pools file',
  'pool.importOutturn': 'Reading the outturn file',
  'pool.importLines': 'Reading the pool lines file',
  'pool.exportXlsx': 'Writing the pool statement',
  'pool.exportPdf': 'Writing the pool statement',
  'return.previewImport': 'Reading the return file',
  'return.commitImport': 'Reading the return file',
  'return.summaryPdf': 'Writing the summary',
  'workbook.exportPlan': 'Writing the workbook',
  'workbook.exportReturn': 'Writing the workbook',
  'workbook.previewImport': 'Reading the workbook',
  'workbook.commitImport': 'Reading the workbook',
  'template.import': 'Reading the template year',
  'reference.importList': 'Reading the list',
  'backups.create': 'Taking a backup',
  'backups.download': 'Reading the backup',
  'history.exportCsv': 'Writing the history',
  'plan.exportCsv': 'Writing the plan',
  'consolidation.importPackage': 'Reading the review package',
  'consolidation.exportXlsx': 'Writing the consolidation',
  'consolidation.exportPdf': 'Writing the consolidation',
};

export function isLongWork(method: string): boolean {
  return Object.hasOwn(LONG_WORK, method);
}
