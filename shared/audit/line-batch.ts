import { formatPence } from '../money';

/**
 * Many scheme lines in ONE audit row: an import writes its lines this way, as
 * does taking a plan's lines away (an import that replaces them, the undo of
 * an import) and putting them back (redo). One row per line cost more than the
 * insert of the line itself (a 6,000-line import wrote 6,000 audit rows with
 * their JSON and index entries). The row keeps every line whole — id, position,
 * where it came from and every field — so that undo and redo put back exactly
 * what was there. Columnar (one list of columns, one array per line) because
 * it is half the size of an object per line and quicker to write.
 */
export const LINE_BATCH_FIELD = 'lines';

export interface LineBatch {
  /** The file the lines came from, when they were imported. */
  file: string | null;
  columns: string[];
  rows: unknown[][];
}

export function isLineBatch(value: unknown): value is LineBatch {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as LineBatch).columns) &&
    Array.isArray((value as LineBatch).rows)
  );
}

/** The batch's lines as records, column by column. */
export function batchRecords(batch: LineBatch): Record<string, unknown>[] {
  return batch.rows.map((row) => Object.fromEntries(batch.columns.map((c, i) => [c, row[i]])));
}

const SHOWN = 3;

/** "6,000 lines from plan.tsv: 1 Day care £100,000.00; 2 Reablement £50,000.00; 3 … and 5,997 more". */
export function batchSummary(batch: LineBatch): string {
  const n = batch.rows.length;
  const at = (name: string) => batch.columns.indexOf(name);
  const [id, name, spend] = [at('schemeId'), at('schemeName'), at('expenditurePence')];
  const first = batch.rows.slice(0, SHOWN).map((r) => {
    const pence = r[spend];
    return [r[id], r[name], typeof pence === 'number' ? formatPence(pence) : '']
      .filter((x) => x !== '' && x !== null && x !== undefined)
      .map(String)
      .join(' ');
  });
  const more = n > SHOWN ? ` and ${(n - SHOWN).toLocaleString('en-GB')} more` : '';
  const head = `${n.toLocaleString('en-GB')} line${n === 1 ? '' : 's'}${batch.file ? ` from ${batch.file}` : ''}`;
  return n === 0 ? head : `${head}: ${first.join('; ')}${more}`;
}
