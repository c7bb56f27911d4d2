/**
 * Workbooks: template profiles the user saved (derived from an official
 * workbook and corrected), and the cover details of a plan (who completed
 * it, how to reach them, who signed it off) that a workbook's cover carries.
 */
export const workbooks = `
CREATE TABLE workbook_profile (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 2 AND 61),
  label TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body)),
  derived_from TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE plan_cover (
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (plan_id, field)
);
`;
