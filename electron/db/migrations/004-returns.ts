/**
 * Quarterly returns (DOMAIN §2, §4): a return belongs to a plan, a year and a
 * period; its lines copy the plan's fixed columns when it is created (a
 * snapshot, read-only unless unlocked with a reason) and hold the actuals,
 * outputs, issues and forecast entered for the period. Sign-off is recorded on
 * the return and its approvers; metrics are configured per year and assessed
 * per return; the calendar holds deadlines and board meetings. Money columns
 * are INTEGER pence and CHECKed as such.
 */
export const returns = `
CREATE TABLE bcf_return (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  year_label TEXT NOT NULL CHECK (year_label GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  period TEXT NOT NULL CHECK (period IN ('Q1', 'Q2', 'Q3', 'YE')),
  template TEXT NOT NULL,
  sources TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'ready', 'approved', 'submitted', 'ratified')),
  delegated_authority TEXT NOT NULL DEFAULT '',
  deadline TEXT,
  submitted_on TEXT,
  ratified_on TEXT,
  ratified_at TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (plan_id, year_label, period)
);

CREATE TABLE return_line (
  id INTEGER PRIMARY KEY,
  return_id INTEGER NOT NULL REFERENCES bcf_return(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  plan_line_id INTEGER REFERENCES scheme_line(id) ON DELETE SET NULL,
  previous_line_id INTEGER REFERENCES return_line(id) ON DELETE SET NULL,
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
  updated_at TEXT NOT NULL
);
CREATE INDEX return_line_by_return ON return_line (return_id, position);
CREATE INDEX return_line_by_plan_line ON return_line (plan_line_id);
CREATE INDEX return_line_by_previous ON return_line (previous_line_id);

CREATE TABLE return_approval (
  id INTEGER PRIMARY KEY,
  return_id INTEGER NOT NULL REFERENCES bcf_return(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  approved_on TEXT NOT NULL
);

CREATE TABLE metric (
  id INTEGER PRIMARY KEY,
  year_label TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  UNIQUE (year_label, name)
);

CREATE TABLE return_metric (
  return_id INTEGER NOT NULL REFERENCES bcf_return(id) ON DELETE CASCADE,
  metric_id INTEGER NOT NULL REFERENCES metric(id) ON DELETE CASCADE,
  on_track TEXT NOT NULL DEFAULT '',
  challenges TEXT NOT NULL DEFAULT '',
  achievements TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (return_id, metric_id)
);

CREATE TABLE return_deadline (
  year_label TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('Q1', 'Q2', 'Q3', 'YE')),
  due_on TEXT NOT NULL,
  PRIMARY KEY (year_label, period)
);

CREATE TABLE board_meeting (
  id INTEGER PRIMARY KEY,
  meets_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
`;
