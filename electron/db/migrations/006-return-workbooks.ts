/**
 * Return workbooks: the cover details of a quarterly return (who completed
 * it, how to reach them, who signed it off on behalf of the Health and
 * Wellbeing Board), as the quarterly workbook's cover carries them. A detail
 * not set on the return is taken from the plan's cover.
 */
export const returnWorkbooks = `
CREATE TABLE return_cover (
  return_id INTEGER NOT NULL REFERENCES bcf_return(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (return_id, field)
);
`;
