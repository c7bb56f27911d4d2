import type { LinksAfterImport } from '../api/plans';

/**
 * What an import that replaced a plan's lines did to the pool contributions and return lines linked to
 * them, in one sentence for the window and the command line alike.
 */
export function linksSaid({ relinked, dropped }: LinksAfterImport): string {
  const kept = `${relinked} linked again to the new line with the same Scheme ID, Scheme Name and Source of Funding`;
  if (dropped.length === 0) return `Pool contributions and return lines linked to the replaced lines: ${kept}.`;
  return `Pool contributions and return lines linked to the replaced lines: ${kept}; no longer linked, for want of one such line: ${dropped.map((d) => `"${d}"`).join(', ')}.`;
}

/** After an undo or redo's label: the links to plan lines it left as the user changed them since, if any. */
export function leftAloneSaid(leftAlone: readonly string[]): string {
  return leftAlone.length === 0
    ? ''
    : `; left as changed since, not moved: ${leftAlone.map((l) => `"${l}"`).join(', ')}`;
}
