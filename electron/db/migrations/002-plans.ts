/**
 * The complete plan (DOMAIN §3): every field of the 2023-25 expenditure sheet
 * on scheme lines, two-year plans, income by funding source and partner
 * (replacing the unused funding_source table, which could not hold one source
 * from two partners), printed totals kept from imports, the year's required
 * minimums, user-edited reference lists, and changesets so that undo and redo
 * are built on the audit log and survive a restart.
 */
export const plans = `
ALTER TABLE plan ADD COLUMN span INTEGER NOT NULL DEFAULT 1 CHECK (span IN (1, 2));

ALTER TABLE scheme_line ADD COLUMN brief_description TEXT NOT NULL DEFAULT '';
ALTER TABLE scheme_line ADD COLUMN sub_type TEXT NOT NULL DEFAULT '';
ALTER TABLE scheme_line ADD COLUMN scheme_type_other TEXT NOT NULL DEFAULT '';
ALTER TABLE scheme_line ADD COLUMN area_of_spend_other TEXT NOT NULL DEFAULT '';
ALTER TABLE scheme_line ADD COLUMN commissioner TEXT NOT NULL DEFAULT '';
ALTER TABLE scheme_line ADD COLUMN joint_nhs_percent TEXT CHECK (joint_nhs_percent IS NULL OR typeof(joint_nhs_percent) = 'text');
ALTER TABLE scheme_line ADD COLUMN joint_la_percent TEXT CHECK (joint_la_percent IS NULL OR typeof(joint_la_percent) = 'text');
ALTER TABLE scheme_line ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE scheme_line ADD COLUMN planned_outputs TEXT CHECK (planned_outputs IS NULL OR typeof(planned_outputs) = 'text');
ALTER TABLE scheme_line ADD COLUMN output_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE scheme_line ADD COLUMN expenditure_y2_pence INTEGER CHECK (expenditure_y2_pence IS NULL OR typeof(expenditure_y2_pence) = 'integer');
ALTER TABLE scheme_line ADD COLUMN recurrence TEXT NOT NULL DEFAULT '' CHECK (recurrence IN ('', 'Recurrent', 'One-off'));

DROP TABLE funding_source;
CREATE TABLE income_line (
  id INTEGER PRIMARY KEY,
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
  id INTEGER PRIMARY KEY,
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
