-- People: seller accounts and invited buyers. Buyers never create an account; a row is made
-- for them when they are invited.
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('seller', 'buyer')),
  created_at INTEGER NOT NULL
);

CREATE TABLE rooms (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  owner_id TEXT NOT NULL REFERENCES people (id),
  template TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  closed_at INTEGER
);

CREATE TABLE members (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  person_id TEXT NOT NULL REFERENCES people (id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'seller', 'champion', 'stakeholder', 'viewer')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, person_id)
);
CREATE INDEX members_person ON members (person_id);

-- One-time links: personal invites, sign-in links and the first-run setup link. Only a hash
-- of the secret is kept.
CREATE TABLE links (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('invite', 'signin', 'setup')),
  token_hash TEXT NOT NULL UNIQUE,
  person_id TEXT REFERENCES people (id),
  room_id TEXT REFERENCES rooms (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  used_at INTEGER,
  revoked_at INTEGER
);

-- A document is its latest compacted snapshot plus the updates appended since.
CREATE TABLE documents (
  name TEXT PRIMARY KEY,
  snapshot BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE document_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX document_updates_name ON document_updates (name, seq);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
