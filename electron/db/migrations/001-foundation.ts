/**
 * The first schema: an area (Health and Wellbeing Board), its partners, financial
 * years, plans with funding sources, schemes and scheme lines, and the audit log.
 * Money columns are INTEGER pence and CHECKed as such, so a REAL cannot slip in.
 */
export const foundation = `
CREATE TABLE area (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  created_at TEXT NOT NULL
);

CREATE TABLE partner (
  id INTEGER PRIMARY KEY,
  area_id INTEGER NOT NULL REFERENCES area(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('council', 'ccg', 'icb', 'other')),
  valid_from TEXT,
  valid_to TEXT,
  UNIQUE (area_id, name)
);

CREATE TABLE financial_year (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE CHECK (label GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL
);

CREATE TABLE plan (
  id INTEGER PRIMARY KEY,
  area_id INTEGER NOT NULL REFERENCES area(id) ON DELETE CASCADE,
  year_id INTEGER NOT NULL REFERENCES financial_year(id),
  template TEXT NOT NULL DEFAULT '2019-20',
  created_at TEXT NOT NULL,
  UNIQUE (area_id, year_id)
);

CREATE TABLE funding_source (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  partner_id INTEGER REFERENCES partner(id),
  amount_pence INTEGER NOT NULL CHECK (typeof(amount_pence) = 'integer'),
  UNIQUE (plan_id, name)
);

CREATE TABLE scheme (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (plan_id, code)
);

CREATE TABLE scheme_line (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  scheme_id INTEGER NOT NULL REFERENCES scheme(id),
  position INTEGER NOT NULL,
  scheme_name TEXT NOT NULL,
  scheme_type TEXT NOT NULL DEFAULT '',
  area_of_spend TEXT NOT NULL DEFAULT '',
  source_of_funding TEXT NOT NULL DEFAULT '',
  prior_year_pence INTEGER CHECK (prior_year_pence IS NULL OR typeof(prior_year_pence) = 'integer'),
  virement_pence INTEGER CHECK (virement_pence IS NULL OR typeof(virement_pence) = 'integer'),
  expenditure_pence INTEGER NOT NULL CHECK (typeof(expenditure_pence) = 'integer'),
  new_or_existing TEXT NOT NULL DEFAULT '' CHECK (new_or_existing IN ('', 'New', 'Existing')),
  scheme_update TEXT NOT NULL DEFAULT '',
  source_file TEXT,
  source_row INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX scheme_line_by_plan ON scheme_line (plan_id, position);
CREATE INDEX scheme_line_by_scheme ON scheme_line (scheme_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  field TEXT,
  old_value TEXT,
  new_value TEXT,
  reason TEXT
);
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
