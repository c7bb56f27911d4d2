/**
 * From 2025-26 (DOMAIN §9): the NHS minimum spend on adult social care is last
 * year's baseline plus the year's uplift, so a plan keeps that baseline as one
 * more of its minimums (`asc-baseline`; SQLite cannot widen a CHECK in place,
 * so the table is rebuilt with its rows). Metrics: a target revised in the
 * year keeps the one it replaced (`metric_target_revision`), and each metric
 * holds the absolute numbers beside its rate (numerator and denominator, as
 * decimal text; blank when not given).
 */
export const metricRevisions = `
CREATE TABLE plan_requirement_011 (
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  year_label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('nhs-min-social-care', 'ooh-ringfence', 'asc-baseline')),
  pence INTEGER NOT NULL CHECK (typeof(pence) = 'integer'),
  PRIMARY KEY (plan_id, year_label, kind)
);
INSERT INTO plan_requirement_011 (plan_id, year_label, kind, pence)
  SELECT plan_id, year_label, kind, pence FROM plan_requirement;
DROP TABLE plan_requirement;
ALTER TABLE plan_requirement_011 RENAME TO plan_requirement;

ALTER TABLE metric ADD COLUMN numerator TEXT NOT NULL DEFAULT '';
ALTER TABLE metric ADD COLUMN denominator TEXT NOT NULL DEFAULT '';

CREATE TABLE metric_target_revision (
  id INTEGER PRIMARY KEY,
  metric_id INTEGER NOT NULL REFERENCES metric(id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  numerator TEXT NOT NULL DEFAULT '',
  denominator TEXT NOT NULL DEFAULT '',
  revised_on TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX metric_target_revision_by_metric ON metric_target_revision (metric_id, id);
`;
