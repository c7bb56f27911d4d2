import type { ReactNode } from 'react';

/** A column's heading, or its heading and class (`num`, `money`: figures right-aligned). */
export type Column = string | [heading: string, className: string];

/**
 * A table's head row. `actions` adds a last column for the row's buttons,
 * named for screen readers only.
 */
export function ColumnHeads({ columns, actions }: { columns: Column[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const [heading, className] = typeof c === 'string' ? [c, undefined] : c;
          return (
            <th key={heading} scope="col" className={className}>
              {heading}
            </th>
          );
        })}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/**
 * A table wider than the screen in its own scrolling region, which takes the
 * focus so a keyboard user can scroll it; named by the table's caption
 * (`labelledBy`) or, where the caption says more, by `label`.
 */
export function ScrollRegion({
  labelledBy,
  label,
  children,
}: {
  labelledBy?: string;
  label?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
