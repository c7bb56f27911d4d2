/**
 * Pool contributions and return lines never take a deleted row's id again (AUTOINCREMENT). Undo and redo
 * find the rows a step linked to a plan line by id: with ids reused, undoing a line's deletion could link
 * a contribution added since, which took a deleted one's id, to the restored line. Each table is rebuilt
 * with the same columns, rows and ids; return_line's link to the previous quarter's line names the new
 * table while it is built, and the rename points it back at return_line (SQLite rewrites the reference).
 * Foreign keys are checked at the end of the migration's transaction, not row by row. The counters start
 * past every id the history names, so a row deleted before the upgrade is not reborn either.
 */
export const undoSafeIds = `
PRAGMA defer_foreign_keys = ON;

CREATE TABLE pool_contribution_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
  partner_id INTEGER REFERENCES pool_partner(id),
  position INTEGER NOT NULL,
  label TEXT NOT NULL CHECK (length(trim(label)) > 0),
  amount_pence INTEGER NOT NULL CHECK (typeof(amount_pence) = 'integer' AND amount_pence >= 0),
  scheme_line_id INTEGER REFERENCES scheme_line(id) ON DELETE SET NULL,
  source_file TEXT,
  source_row INTEGER
);
INSERT INTO pool_contribution_v2 (id, pool_id, partner_id, position, label, amount_pence, scheme_line_id, source_file, source_row)
  SELECT id, pool_id, partner_id, position, label, amount_pence, scheme_line_id, source_file, source_row FROM pool_contribution;
DROP TABLE pool_contribution;
ALTER TABLE pool_contribution_v2 RENAME TO pool_contribution;
CREATE INDEX pool_contribution_by_pool ON pool_contribution (pool_id, position);
CREATE INDEX pool_contribution_by_scheme_line ON pool_contribution (scheme_line_id);

CREATE TABLE return_line_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  return_id INTEGER NOT NULL REFERENCES bcf_return(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  plan_line_id INTEGER REFERENCES scheme_line(id) ON DELETE SET NULL,
  previous_line_id INTEGER REFERENCES return_line_v2(id) ON DELETE SET NULL,
  scheme_code TEXT NOT NULL,
  scheme_name TEXT NOT NULL,
  brief_description TEXT NOT NULL DEFAULT '',
  scheme_type TEXT NOT NULL DEFAULT '',
  sub_type TEXT NOT NULL DEFAULT '',
  source_of_funding TEXT NOT NULL DEFAULT '',
  planned_pence INTEGER NOT NULL CHECK (typeof(planned_pence) = 'integer'),
  planned_outputs TEXT CHECK (planned_outputs IS NULL OR typeof(planned_outputs) = 'text'),
  output_unit TEXT NOT NULL DEFAULT '',
  unlocked_reason TEXT,
  actual_pence INTEGER CHECK (actual_pence IS NULL OR typeof(actual_pence) = 'integer'),
  outputs_delivered TEXT CHECK (outputs_delivered IS NULL OR typeof(outputs_delivered) = 'text'),
  issues TEXT NOT NULL DEFAULT '' CHECK (issues IN ('', 'Yes', 'No')),
  issue_description TEXT NOT NULL DEFAULT '',
  forecast_pence INTEGER CHECK (forecast_pence IS NULL OR typeof(forecast_pence) = 'integer'),
  note TEXT NOT NULL DEFAULT '',
  source_file TEXT,
  source_row INTEGER,
  updated_at TEXT NOT NULL,
  extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra) AND json_type(extra) = 'object')
);
INSERT INTO return_line_v2 (id, return_id, position, plan_line_id, previous_line_id, scheme_code, scheme_name,
  brief_description, scheme_type, sub_type, source_of_funding, planned_pence, planned_outputs, output_unit,
  unlocked_reason, actual_pence, outputs_delivered, issues, issue_description, forecast_pence, note, source_file,
  source_row, updated_at, extra)
  SELECT id, return_id, position, plan_line_id, previous_line_id, scheme_code, scheme_name,
  brief_description, scheme_type, sub_type, source_of_funding, planned_pence, planned_outputs, output_unit,
  unlocked_reason, actual_pence, outputs_delivered, issues, issue_description, forecast_pence, note, source_file,
  source_row, updated_at, extra FROM return_line;
DROP TABLE return_line;
ALTER TABLE return_line_v2 RENAME TO return_line;
CREATE INDEX return_line_by_return ON return_line (return_id, position);
CREATE INDEX return_line_by_plan_line ON return_line (plan_line_id);
CREATE INDEX return_line_by_previous ON return_line (previous_line_id);

-- Counting on from the highest id the history names too: a row deleted before this upgrade may still be
-- named by an undo step, and a new row must not take its id.
DELETE FROM sqlite_sequence WHERE name IN ('pool_contribution', 'return_line');
INSERT INTO sqlite_sequence (name, seq)
  SELECT t.name, max(
    coalesce((SELECT max(id) FROM pool_contribution WHERE t.name = 'pool_contribution'), 0),
    coalesce((SELECT max(id) FROM return_line WHERE t.name = 'return_line'), 0),
    coalesce((SELECT max(entity_id) FROM audit_log WHERE entity = t.name), 0))
  FROM (SELECT 'pool_contribution' AS name UNION ALL SELECT 'return_line') t;
`;
