/**
 * The metrics of an approved return, as they were approved: their names and
 * targets are copied onto the return's assessments at approval, so that a
 * target changed later (a plan addendum) changes the year's open returns but
 * never what the officers signed. Reopening the return lets go of the copy.
 * Returns approved before this version keep the metrics as they stand now.
 */
export const approvedMetrics = `
ALTER TABLE return_metric ADD COLUMN approved_name TEXT;
ALTER TABLE return_metric ADD COLUMN approved_target TEXT;
INSERT OR IGNORE INTO return_metric (return_id, metric_id)
  SELECT r.id, m.id FROM bcf_return r JOIN metric m ON m.year_label = r.year_label
  WHERE r.state IN ('approved', 'submitted', 'ratified');
UPDATE return_metric
  SET approved_name = (SELECT name FROM metric WHERE metric.id = return_metric.metric_id),
      approved_target = (SELECT target FROM metric WHERE metric.id = return_metric.metric_id)
  WHERE return_id IN (SELECT id FROM bcf_return WHERE state IN ('approved', 'submitted', 'ratified'));
`;
