/**
 * A plan's sign-off (DOMAIN §2, §9): one approval per partner (the council,
 * each ICB) by a named officer, as chief executive or under delegated
 * authority, with the day that partner submitted the plan; and the Health and
 * Wellbeing Board's ratification on the plan itself. The plan's state is
 * worked out from these rows, never stored beside them.
 */
export const planSignoff = `
CREATE TABLE plan_approval (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  partner TEXT NOT NULL CHECK (length(trim(partner)) > 0),
  partner_kind TEXT NOT NULL CHECK (partner_kind IN ('council', 'icb')),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  authority TEXT NOT NULL CHECK (authority IN ('chief-executive', 'delegated')),
  approved_on TEXT NOT NULL,
  submitted_on TEXT,
  UNIQUE (plan_id, partner)
);
CREATE INDEX plan_approval_by_plan ON plan_approval (plan_id);

ALTER TABLE plan ADD COLUMN ratified_on TEXT;
ALTER TABLE plan ADD COLUMN ratified_at TEXT NOT NULL DEFAULT '';
`;
