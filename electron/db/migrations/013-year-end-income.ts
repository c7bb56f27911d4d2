/**
 * The year-end return's income (issue 13, DOMAIN §9): the actual income the
 * area received for the year by funding source, in integer pence, with the
 * explanation of any variance from the plan's income. The planned side is
 * the plan's own income lines, so only the actual and the explanation live
 * here. A source is kept as typed; it is matched to the plan's sources with
 * case and spacing ignored (the `key` column), so there is one row a source.
 */
export const yearEndIncome = `
CREATE TABLE return_income (
  id INTEGER PRIMARY KEY,
  return_id INTEGER NOT NULL REFERENCES bcf_return(id) ON DELETE CASCADE,
  source_of_funding TEXT NOT NULL CHECK (length(trim(source_of_funding)) > 0),
  key TEXT NOT NULL,
  actual_pence INTEGER CHECK (actual_pence IS NULL OR (typeof(actual_pence) = 'integer' AND actual_pence >= 0)),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (return_id, key)
);
`;
