/**
 * Each area's minimums in an ICB consolidation, as its review package
 * carried them: what the plan must reach and what it holds against it.
 * `minimums_known` says whether the package carried minimums at all: a
 * package made before they were carried (and every area imported before this
 * migration) has none, and the consolidation says "not in this package"
 * rather than met or not met.
 */
export const consolidationMinimums = `
ALTER TABLE consolidation_area ADD COLUMN minimums_known INTEGER NOT NULL DEFAULT 0 CHECK (minimums_known IN (0, 1));

CREATE TABLE consolidation_minimum (
  id INTEGER PRIMARY KEY,
  area_id INTEGER NOT NULL REFERENCES consolidation_area(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  required_pence INTEGER NOT NULL,
  planned_pence INTEGER NOT NULL
);
CREATE INDEX consolidation_minimum_by_area ON consolidation_minimum (area_id);
`;
