/**
 * What an approved plan reads from elsewhere, kept as it was at its first approval (`plan.approved_copy`,
 * JSON), as migration 017 keeps what an approved return read from its plan: its year's metric targets
 * (metrics belong to the year, whose returns report against them, and stay open to revision), the
 * template year it follows (its lists, fields and national conditions; saved again when NHS England's
 * next workbook is brought) and its workbook's layout. Plans approved before this version keep the
 * targets their year has now, and follow the template year and layout as they are.
 */
export const approvedPlanCopy = `
ALTER TABLE plan ADD COLUMN approved_copy TEXT CHECK (approved_copy IS NULL OR json_valid(approved_copy));
UPDATE plan
  -- json(): a subquery's value would otherwise be embedded as a string, not as JSON.
  SET approved_copy = json_object('metrics', json((
    SELECT json_group_array(json_object(
      'name', m.name, 'target', m.target, 'numerator', m.numerator, 'denominator', m.denominator)
      ORDER BY m.position, m.id)
    FROM metric m JOIN financial_year y ON y.label = m.year_label
    WHERE y.id = plan.year_id)))
  WHERE EXISTS (SELECT 1 FROM plan_approval a WHERE a.plan_id = plan.id);
`;
