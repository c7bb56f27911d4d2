/**
 * ICB consolidation: several areas' review packages read into a
 * consolidation of their own, never into an area's data (no table here
 * refers to `area`). Each area keeps the package's id and fingerprint, so the
 * figures can be traced to the exact file they came from; the rows are the
 * package's figures for the consolidation's year, kept as the aggregates
 * read them (money in integer pence). Numbered 014: 013 may be taken by
 * another change landing at the same time.
 */
export const consolidations = `
CREATE TABLE consolidation (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  year TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE consolidation_area (
  id INTEGER PRIMARY KEY,
  consolidation_id INTEGER NOT NULL REFERENCES consolidation(id) ON DELETE CASCADE,
  area_name TEXT NOT NULL,
  area_key TEXT NOT NULL,
  package_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
  sent_at TEXT NOT NULL,
  sent_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  UNIQUE (consolidation_id, area_key)
);

CREATE TABLE consolidation_line (
  id INTEGER PRIMARY KEY,
  area_id INTEGER NOT NULL REFERENCES consolidation_area(id) ON DELETE CASCADE,
  scheme_id TEXT NOT NULL,
  scheme_name TEXT NOT NULL,
  scheme_type TEXT NOT NULL,
  area_of_spend TEXT NOT NULL,
  source_of_funding TEXT NOT NULL,
  expenditure_pence INTEGER NOT NULL
);
CREATE INDEX consolidation_line_by_area ON consolidation_line (area_id);

CREATE TABLE consolidation_return (
  id INTEGER PRIMARY KEY,
  area_id INTEGER NOT NULL REFERENCES consolidation_area(id) ON DELETE CASCADE,
  period TEXT NOT NULL CHECK (period IN ('Q1', 'Q2', 'Q3', 'YE')),
  lines INTEGER NOT NULL,
  planned_pence INTEGER NOT NULL,
  actual_pence INTEGER NOT NULL,
  UNIQUE (area_id, period)
);

CREATE TABLE consolidation_exposure (
  id INTEGER PRIMARY KEY,
  area_id INTEGER NOT NULL REFERENCES consolidation_area(id) ON DELETE CASCADE,
  pool_name TEXT NOT NULL,
  partner TEXT NOT NULL,
  partner_key TEXT NOT NULL,
  contribution_pence INTEGER NOT NULL,
  share_pence INTEGER NOT NULL
);
CREATE INDEX consolidation_exposure_by_area ON consolidation_exposure (area_id);
`;
