/**
 * Template years the BCF manager brings (DOMAIN §9): NHS England's template of
 * a year the app was not shipped with, derived from its workbook, reviewed and
 * saved (its workbook profiles are saved beside it, in workbook_profile). A
 * template year's own fields are kept on each plan line and return line as a
 * JSON object, `extra`: key → value (text, or money in integer pence), blank
 * fields absent. The national conditions each plan and return confirms are
 * answered per plan or per return.
 */
export const templateYears = `
CREATE TABLE template_year (
  id TEXT PRIMARY KEY CHECK (id GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  body TEXT NOT NULL CHECK (json_valid(body)),
  brought_from TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

ALTER TABLE scheme_line ADD COLUMN extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra) AND json_type(extra) = 'object');
ALTER TABLE return_line ADD COLUMN extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra) AND json_type(extra) = 'object');

CREATE TABLE condition_answer (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER REFERENCES plan(id) ON DELETE CASCADE,
  return_id INTEGER REFERENCES bcf_return(id) ON DELETE CASCADE,
  condition_key TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '' CHECK (answer IN ('', 'Yes', 'No')),
  explanation TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  CHECK ((plan_id IS NULL) <> (return_id IS NULL)),
  UNIQUE (plan_id, condition_key),
  UNIQUE (return_id, condition_key)
);
CREATE INDEX condition_answer_by_return ON condition_answer (return_id);
`;
