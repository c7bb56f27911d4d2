/**
 * What an approved return reads from elsewhere, kept as it was approved (as migration 007 keeps its
 * metrics' names and targets): the plan's cover details it inherits and the plan's income lines its
 * year-end income is planned against (`bcf_return.approved_plan`, JSON), and its metrics' absolute
 * numbers. The plan stays open to change for next quarter; what the officers signed does not change
 * with it. Reopening the return lets go of the copy. Returns approved before this version keep what
 * their plan holds now.
 */
export const approvedInputs = `
ALTER TABLE return_metric ADD COLUMN approved_numerator TEXT;
ALTER TABLE return_metric ADD COLUMN approved_denominator TEXT;
UPDATE return_metric
  SET approved_numerator = (SELECT numerator FROM metric WHERE metric.id = return_metric.metric_id),
      approved_denominator = (SELECT denominator FROM metric WHERE metric.id = return_metric.metric_id)
  WHERE approved_name IS NOT NULL;
ALTER TABLE bcf_return ADD COLUMN approved_plan TEXT CHECK (approved_plan IS NULL OR json_valid(approved_plan));
UPDATE bcf_return
  -- json(): a subquery's value would otherwise be embedded as a string, not as JSON.
  SET approved_plan = json_object(
    'cover', json((SELECT json_group_object(field, value) FROM plan_cover WHERE plan_id = bcf_return.plan_id)),
    'income', json((SELECT json_group_array(json_object(
        'sourceOfFunding', source_of_funding, 'amountPence', amount_pence, 'amountYear2Pence', amount_y2_pence))
      FROM (SELECT * FROM income_line WHERE plan_id = bcf_return.plan_id ORDER BY position, id))))
  WHERE state IN ('approved', 'submitted', 'ratified');
`;
