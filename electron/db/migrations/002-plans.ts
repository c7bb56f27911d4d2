/**
 * The complete plan (DOMAIN §3): every field of the 2023-25 expenditure sheet
 * on scheme lines (the table rebuilt so that ids are never reused), two-year plans, income by funding source and partner
 * (replacing the unused funding_source table, which could not hold one source
 * from two partners), printed totals kept from imports, the year's required
 * minimums, user-edited reference lists, and changesets so that undo and redo
 * are built on the audit log and survive a restart.
 */
export const plans = `
ALTER TABLE plan ADD COLUMN span INTEGER NOT NULL DEFAULT 1 CHECK (span IN (1, 2));

-- Rebuilt rather than altered: AUTOINCREMENT means a deleted line's id is never given to a new
-- line, so each line's history (audit rows by id) and undo stay its own.
CREATE TABLE scheme_line_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  scheme_id INTEGER NOT NULL REFERENCES scheme(id),
  position INTEGER NOT NULL,
  scheme_name TEXT NOT NULL,
  brief_description TEXT NOT NULL DEFAULT '',
  scheme_type TEXT NOT NULL DEFAULT '',
  sub_type TEXT NOT NULL DEFAULT '',
  scheme_type_other TEXT NOT NULL DEFAULT '',
  area_of_spend TEXT NOT NULL DEFAULT '',
  area_of_spend_other TEXT NOT NULL DEFAULT '',
  commissioner TEXT NOT NULL DEFAULT '',
  joint_nhs_percent TEXT CHECK (joint_nhs_percent IS NULL OR typeof(joint_nhs_percent) = 'text'),
  joint_la_percent TEXT CHECK (joint_la_percent IS NULL OR typeof(joint_la_percent) = 'text'),
  provider TEXT NOT NULL DEFAULT '',
  source_of_funding TEXT NOT NULL DEFAULT '',
  planned_outputs TEXT CHECK (planned_outputs IS NULL OR typeof(planned_outputs) = 'text'),
  output_unit TEXT NOT NULL DEFAULT '',
  prior_year_pence INTEGER CHECK (prior_year_pence IS NULL OR typeof(prior_year_pence) = 'integer'),
  virement_pence INTEGER CHECK (virement_pence IS NULL OR typeof(virement_pence) = 'integer'),
  expenditure_pence INTEGER NOT NULL CHECK (typeof(expenditure_pence) = 'integer'),
  expenditure_y2_pence INTEGER CHECK (expenditure_y2_pence IS NULL OR typeof(expenditure_y2_pence) = 'integer'),
  new_or_existing TEXT NOT NULL DEFAULT '' CHECK (new_or_existing IN ('', 'New', 'Existing')),
  recurrence TEXT NOT NULL DEFAULT '' CHECK (recurrence IN ('', 'Recurrent', 'One-off')),
  scheme_update TEXT NOT NULL DEFAULT '',
  source_file TEXT,
  source_row INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO scheme_line_v2 (id, plan_id, scheme_id, position, scheme_name, scheme_type, area_of_spend, source_of_funding,
  prior_year_pence, virement_pence, expenditure_pence, new_or_existing, scheme_update, source_file, source_row, created_at, updated_at)
  SELECT id, plan_id, scheme_id, position, scheme_name, scheme_type, area_of_spend, source_of_funding,
  prior_year_pence, virement_pence, expenditure_pence, new_or_existing, scheme_update, source_file, source_row, created_at, updated_at
  FROM scheme_line;
DROP TABLE scheme_line;
ALTER TABLE scheme_line_v2 RENAME TO scheme_line;
CREATE INDEX scheme_line_by_plan ON scheme_line (plan_id, position);
CREATE INDEX scheme_line_by_scheme ON scheme_line (scheme_id);

DROP TABLE funding_source;
CREATE TABLE income_line (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  source_of_funding TEXT NOT NULL,
  partner TEXT NOT NULL DEFAULT '',
  amount_pence INTEGER NOT NULL CHECK (typeof(amount_pence) = 'integer'),
  amount_y2_pence INTEGER CHECK (amount_y2_pence IS NULL OR typeof(amount_y2_pence) = 'integer'),
  source_file TEXT,
  source_row INTEGER
);
CREATE INDEX income_line_by_plan ON income_line (plan_id, position);

CREATE TABLE printed_total (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  file TEXT NOT NULL,
  row INTEGER NOT NULL,
  label TEXT NOT NULL,
  field TEXT NOT NULL,
  column_label TEXT NOT NULL,
  printed_pence INTEGER NOT NULL CHECK (typeof(printed_pence) = 'integer')
);

CREATE TABLE plan_requirement (
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  year_label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('nhs-min-social-care', 'ooh-ringfence')),
  pence INTEGER NOT NULL CHECK (typeof(pence) = 'integer'),
  PRIMARY KEY (plan_id, year_label, kind)
);

CREATE TABLE reference_list (
  template TEXT NOT NULL,
  list TEXT NOT NULL,
  entries TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('user', 'imported')),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (template, list)
);

CREATE TABLE changeset (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded'))
);
CREATE INDEX changeset_by_plan ON changeset (plan_id, id);

ALTER TABLE audit_log ADD COLUMN changeset_id INTEGER REFERENCES changeset(id);
CREATE INDEX audit_log_by_changeset ON audit_log (changeset_id);
`;
