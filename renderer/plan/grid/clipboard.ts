import { parseDelimited } from '../../../shared/imports/delimited';

/** A block copied from Excel: tab-separated rows, quoted where a cell holds a tab, quote or line break. */
export function parseClipboard(text: string): string[][] {
  const trimmed = text.replace(/\r?\n$/, '');
  if (trimmed === '') return [];
  const parsed = parseDelimited('clipboard', trimmed, '\t');
  return parsed.ok ? parsed.rows : trimmed.split(/\r?\n/).map((r) => r.split('\t'));
}

/** A block for Excel: the same format it copies. */
export function toClipboard(rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => (/[\t\n\r"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(cell).join('\t')).join('\r\n');
}
