-- The seller team (issue 15), as SQLite's 012: every seller account from before joins as a
-- member; the earliest-created one becomes the admin.
CREATE TABLE team_members (
  person_id TEXT PRIMARY KEY REFERENCES people (id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  created_at BIGINT NOT NULL
);
INSERT INTO team_members (person_id, role, created_at)
  SELECT id, 'member', created_at FROM people WHERE kind = 'seller';
UPDATE team_members SET role = 'admin' WHERE person_id =
  (SELECT id FROM people WHERE kind = 'seller' ORDER BY created_at, id LIMIT 1);

-- Rooms get co-owners.
ALTER TABLE members DROP CONSTRAINT members_role_check;
ALTER TABLE members ADD CONSTRAINT members_role_check
  CHECK (role IN ('owner', 'co-owner', 'seller', 'champion', 'stakeholder', 'viewer'));

CREATE TABLE sso_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  issuer TEXT NOT NULL,
  client_id TEXT NOT NULL,
  client_secret TEXT NOT NULL,
  domains TEXT NOT NULL,
  required INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT
);

CREATE TABLE sso_logins (
  state_hash TEXT PRIMARY KEY,
  browser_hash TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX sso_logins_expiry ON sso_logins (expires_at);
