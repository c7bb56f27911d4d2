import type { ReactNode } from 'react';

export type ImportMode = 'replace' | 'append';

/**
 * What an import does with what is already there: the user chooses to
 * replace it with the file's or keep it and add the file's, never neither.
 */
export function ReplaceOrAppend({
  name,
  legend,
  incoming,
  mode,
  onChange,
}: {
  /** The radio group's name. */
  name: string;
  legend: ReactNode;
  /** What the import brings, as "the file's 4". */
  incoming: string;
  mode: ImportMode | null;
  onChange: (mode: ImportMode) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <label className="radio">
        <input type="radio" name={name} checked={mode === 'replace'} onChange={() => onChange('replace')} /> Replace
        them with {incoming}
      </label>
      <label className="radio">
        <input type="radio" name={name} checked={mode === 'append'} onChange={() => onChange('append')} /> Keep them and
        add {incoming}
      </label>
    </fieldset>
  );
}

/** What the checks will say once the previewed import is in: "After the import the checks will show 1 error and 2 warnings". */
export function checksAfter(findings: readonly { severity: string }[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return `After the import the checks will show ${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
