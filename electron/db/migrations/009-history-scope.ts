/**
 * What each change belongs to, so the history can be read by plan, return or
 * pool: a line deleted long ago still belongs to the plan it was in. Written
 * with every audit row from now on; for the rows already there, found the same
 * way where the thing still exists (a plan's edits by their undo step, lines
 * and answers by their table), and left blank where it no longer does.
 */
export const historyScope = `
ALTER TABLE audit_log ADD COLUMN scope_kind TEXT CHECK (scope_kind IN ('plan', 'return', 'pool'));
ALTER TABLE audit_log ADD COLUMN scope_id INTEGER;
CREATE INDEX audit_log_by_scope ON audit_log (scope_kind, scope_id, id);

UPDATE audit_log SET scope_kind = 'plan', scope_id = (SELECT plan_id FROM changeset WHERE changeset.id = audit_log.changeset_id)
  WHERE changeset_id IS NOT NULL;
UPDATE audit_log SET scope_kind = 'plan', scope_id = entity_id
  WHERE scope_kind IS NULL AND entity IN ('plan', 'plan_cover', 'plan_requirement', 'plan_condition') AND entity_id IS NOT NULL;
UPDATE audit_log SET scope_kind = 'plan', scope_id = (SELECT plan_id FROM scheme_line WHERE scheme_line.id = audit_log.entity_id)
  WHERE scope_kind IS NULL AND entity = 'scheme_line';
UPDATE audit_log SET scope_kind = 'plan', scope_id = (SELECT plan_id FROM income_line WHERE income_line.id = audit_log.entity_id)
  WHERE scope_kind IS NULL AND entity = 'income_line';
UPDATE audit_log SET scope_kind = 'return', scope_id = entity_id
  WHERE scope_kind IS NULL AND entity IN ('bcf_return', 'return_cover', 'return_metric', 'return_condition') AND entity_id IS NOT NULL;
UPDATE audit_log SET scope_kind = 'return', scope_id = (SELECT return_id FROM return_line WHERE return_line.id = audit_log.entity_id)
  WHERE scope_kind IS NULL AND entity = 'return_line';
UPDATE audit_log SET scope_kind = 'return', scope_id = (SELECT return_id FROM return_approval WHERE return_approval.id = audit_log.entity_id)
  WHERE scope_kind IS NULL AND entity = 'return_approval';
UPDATE audit_log SET scope_kind = 'pool', scope_id = entity_id
  WHERE scope_kind IS NULL AND entity = 'pool' AND entity_id IS NOT NULL;
UPDATE audit_log SET scope_kind = 'pool', scope_id = (SELECT pool_id FROM pool_budget_line WHERE pool_budget_line.id = audit_log.entity_id)
  WHERE scope_kind IS NULL AND entity = 'pool_budget_line';
UPDATE audit_log SET scope_kind = 'pool', scope_id = (SELECT pool_id FROM pool_contribution WHERE pool_contribution.id = audit_log.entity_id)
  WHERE scope_kind IS NULL AND entity = 'pool_contribution';
UPDATE audit_log SET scope_kind = NULL WHERE scope_id IS NULL;
`;
