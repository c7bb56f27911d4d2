/**
 * Pooled budgets (issue 6): section 75 / s10 pools per financial year, their
 * partners (in the agreed order, with each partner's part of the agreed
 * risk-share ratio), contributions (to a partner, or other income; optionally
 * funded by a BCF plan scheme line), budget lines classified to the partner
 * whose cost they are, forecasts and outturns, the risk-share methods for an
 * overspend and an underspend, and who agreed each year-end statement.
 * Money columns are INTEGER pence and CHECKed as such.
 */
export const pools = `
CREATE TABLE pool (
  id INTEGER PRIMARY KEY,
  area_id INTEGER NOT NULL REFERENCES area(id) ON DELETE CASCADE,
  year_id INTEGER NOT NULL REFERENCES financial_year(id),
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  legal_basis TEXT NOT NULL CHECK (legal_basis IN ('s75 NHS Act 2006', 's10 Children Act 2004', 'other')),
  overspend_method TEXT NOT NULL CHECK (json_valid(overspend_method)),
  underspend_method TEXT NOT NULL CHECK (json_valid(underspend_method)),
  forecast_pence INTEGER CHECK (forecast_pence IS NULL OR typeof(forecast_pence) = 'integer'),
  outturn_pence INTEGER CHECK (outturn_pence IS NULL OR typeof(outturn_pence) = 'integer'),
  printed_total_pence INTEGER CHECK (printed_total_pence IS NULL OR typeof(printed_total_pence) = 'integer'),
  copied_from_pool_id INTEGER REFERENCES pool(id) ON DELETE SET NULL,
  source_file TEXT,
  source_row INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (area_id, year_id, name)
);

CREATE TABLE pool_partner (
  id INTEGER PRIMARY KEY,
  pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  kind TEXT NOT NULL CHECK (kind IN ('health', 'social care', 'education', 'other')),
  ratio_part TEXT CHECK (ratio_part IS NULL OR (ratio_part GLOB '[0-9]*' AND ratio_part NOT GLOB '*[^0-9.]*')),
  is_host INTEGER NOT NULL DEFAULT 0 CHECK (is_host IN (0, 1)),
  UNIQUE (pool_id, name),
  UNIQUE (pool_id, position)
);

CREATE TABLE pool_contribution (
  id INTEGER PRIMARY KEY,
  pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
  partner_id INTEGER REFERENCES pool_partner(id),
  position INTEGER NOT NULL,
  label TEXT NOT NULL CHECK (length(trim(label)) > 0),
  amount_pence INTEGER NOT NULL CHECK (typeof(amount_pence) = 'integer' AND amount_pence >= 0),
  scheme_line_id INTEGER REFERENCES scheme_line(id) ON DELETE SET NULL,
  source_file TEXT,
  source_row INTEGER
);
CREATE INDEX pool_contribution_by_pool ON pool_contribution (pool_id, position);
CREATE INDEX pool_contribution_by_scheme_line ON pool_contribution (scheme_line_id);

CREATE TABLE pool_budget_line (
  id INTEGER PRIMARY KEY,
  pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL CHECK (length(trim(code)) > 0),
  name TEXT NOT NULL,
  partner_id INTEGER REFERENCES pool_partner(id),
  contingency INTEGER NOT NULL DEFAULT 0 CHECK (contingency IN (0, 1)),
  budget_pence INTEGER NOT NULL CHECK (typeof(budget_pence) = 'integer'),
  forecast_pence INTEGER CHECK (forecast_pence IS NULL OR typeof(forecast_pence) = 'integer'),
  outturn_pence INTEGER CHECK (outturn_pence IS NULL OR typeof(outturn_pence) = 'integer'),
  UNIQUE (pool_id, code)
);
CREATE INDEX pool_budget_line_by_pool ON pool_budget_line (pool_id, position);

CREATE TABLE pool_agreement (
  id INTEGER PRIMARY KEY,
  pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
  partner_name TEXT NOT NULL,
  agreed_by TEXT NOT NULL CHECK (length(trim(agreed_by)) > 0),
  role TEXT NOT NULL DEFAULT '',
  agreed_on TEXT NOT NULL CHECK (agreed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  figures TEXT NOT NULL CHECK (json_valid(figures)),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX pool_agreement_by_pool ON pool_agreement (pool_id);
`;
