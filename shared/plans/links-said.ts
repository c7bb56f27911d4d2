import type { LinksAfterImport, StepDone } from '../api/plans';

/**
 * What an import that replaced a plan's lines did to the pool contributions and return lines linked to
 * them, in one sentence for the window and the command line alike.
 */
export function linksSaid({ relinked, dropped }: LinksAfterImport): string {
  const kept = `${relinked} linked again to the new line with the same Scheme ID, Scheme Name and Source of Funding`;
  if (dropped.length === 0) return `Pool contributions and return lines linked to the replaced lines: ${kept}.`;
  return `Pool contributions and return lines linked to the replaced lines: ${kept}; no longer linked, for want of one such line: ${dropped.map((d) => `"${d}"`).join(', ')}.`;
}

/**
 * After an undo or redo's label: the links to plan lines it left as the user changed them since, and
 * those it unlinked because it took their line away, if any.
 */
export function stepLinksSaid({ leftAlone, unlinked }: Pick<StepDone, 'leftAlone' | 'unlinked'>): string {
  const named = (list: readonly string[]) => list.map((l) => `"${l}"`).join(', ');
  return (
    (leftAlone.length === 0 ? '' : `; left as changed since, not moved: ${named(leftAlone)}`) +
    (unlinked.length === 0 ? '' : `; unlinked, as the plan line they were linked to is gone: ${named(unlinked)}`)
  );
}
