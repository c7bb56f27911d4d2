/**
 * Partners' review: the packages the BCF manager sent (with the exact figures
 * and their fingerprint, so a response can be checked against what was sent
 * and against today's figures), the responses imported, and the queries in
 * them with their answers. Numbered 012: 010 and 011 are taken by plan
 * sign-off and the 2025-26 template year, which land first.
 */
export const reviewPackages = `
CREATE TABLE review_package (
  id INTEGER PRIMARY KEY,
  package_id TEXT NOT NULL UNIQUE,
  area_id INTEGER NOT NULL REFERENCES area(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
  scope_json TEXT NOT NULL,
  figures_json TEXT NOT NULL
);

CREATE TABLE review_response (
  id INTEGER PRIMARY KEY,
  response_id TEXT NOT NULL UNIQUE,
  package_id INTEGER NOT NULL REFERENCES review_package(id) ON DELETE CASCADE,
  respondent_name TEXT NOT NULL,
  respondent_role TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('agreed', 'queried')),
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);
CREATE INDEX review_response_by_package ON review_response (package_id);

CREATE TABLE review_query (
  id INTEGER PRIMARY KEY,
  response_id INTEGER NOT NULL REFERENCES review_response(id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  target_label TEXT NOT NULL,
  text TEXT NOT NULL,
  answer TEXT,
  answered_at TEXT,
  answered_by TEXT
);
CREATE INDEX review_query_by_response ON review_query (response_id);
`;
