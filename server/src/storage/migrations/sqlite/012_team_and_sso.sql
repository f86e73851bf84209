-- The seller team (issue 15): the instance is one workspace, its sellers the team. Every seller
-- account from before joins as a member; the earliest-created one (who ran the first-run setup)
-- becomes the admin.
CREATE TABLE team_members (
  person_id TEXT PRIMARY KEY REFERENCES people (id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  created_at INTEGER NOT NULL
);
INSERT INTO team_members (person_id, role, created_at)
  SELECT id, 'member', created_at FROM people WHERE kind = 'seller';
UPDATE team_members SET role = 'admin' WHERE person_id =
  (SELECT id FROM people WHERE kind = 'seller' ORDER BY created_at, id LIMIT 1);

-- Rooms get co-owners: the role list of members is a CHECK, which SQLite changes only by
-- rebuilding the table (nothing references members, so it is dropped and renamed in place).
CREATE TABLE members_with_co_owners (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  person_id TEXT NOT NULL REFERENCES people (id),
  role TEXT NOT NULL
    CHECK (role IN ('owner', 'co-owner', 'seller', 'champion', 'stakeholder', 'viewer')),
  created_at INTEGER NOT NULL,
  joined_at INTEGER,
  PRIMARY KEY (room_id, person_id)
);
INSERT INTO members_with_co_owners (room_id, person_id, role, created_at, joined_at)
  SELECT room_id, person_id, role, created_at, joined_at FROM members;
DROP TABLE members;
ALTER TABLE members_with_co_owners RENAME TO members;
CREATE INDEX members_person ON members (person_id);
CREATE INDEX members_person_room ON members (person_id, room_id, role);

-- Single sign-on as an admin set it (one row), and sign-ins under way at the provider.
CREATE TABLE sso_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  issuer TEXT NOT NULL,
  client_id TEXT NOT NULL,
  client_secret TEXT NOT NULL,
  domains TEXT NOT NULL,
  required INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
);

CREATE TABLE sso_logins (
  state_hash TEXT PRIMARY KEY,
  browser_hash TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX sso_logins_expiry ON sso_logins (expires_at);
