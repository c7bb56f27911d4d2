/**
 * The metric targets an approved plan was approved with (`plan.approved_metrics`, JSON), as migration
 * 017 keeps what an approved return read from its plan. Metrics belong to the year and stay open to
 * revision while the plan is locked; the plan's workbook shows the copy. Plans approved before this
 * version keep the targets their year has now.
 */
export const approvedPlanMetrics = `
ALTER TABLE plan ADD COLUMN approved_metrics TEXT CHECK (approved_metrics IS NULL OR json_valid(approved_metrics));
UPDATE plan
  SET approved_metrics = (
    SELECT json_group_array(json_object(
      'name', m.name, 'target', m.target, 'numerator', m.numerator, 'denominator', m.denominator)
      ORDER BY m.position, m.id)
    FROM metric m JOIN financial_year y ON y.label = m.year_label
    WHERE y.id = plan.year_id)
  WHERE EXISTS (SELECT 1 FROM plan_approval a WHERE a.plan_id = plan.id);
`;
