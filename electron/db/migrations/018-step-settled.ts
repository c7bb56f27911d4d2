/**
 * Where in the history a plan's undo step last took effect (`changeset.settled_audit_id`: the newest
 * history row when it was done, undone or redone). Undo and redo treat a link to a plan line as the
 * user's when it was changed by hand after that point, not only when its value differs — a link the
 * user made and another step then unlinked has the value the step expects, by coincidence. A step
 * made before this version counts from its own newest row.
 */
export const stepSettled = `
ALTER TABLE changeset ADD COLUMN settled_audit_id INTEGER;
`;
