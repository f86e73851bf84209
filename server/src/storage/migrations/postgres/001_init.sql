-- The PostgreSQL schema: the same tables and columns as the SQLite driver's migrations 001–004,
-- so both drivers share their row mappers and pass the same contract suite.
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('seller', 'buyer')),
  created_at BIGINT NOT NULL,
  digest_sent_at BIGINT,
  digest_opt_out INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rooms (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  owner_id TEXT NOT NULL REFERENCES people (id),
  template TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_activity_at BIGINT NOT NULL,
  closed_at BIGINT,
  access_mode TEXT NOT NULL DEFAULT 'invited' CHECK (access_mode IN ('invited', 'domain')),
  allowed_domains TEXT NOT NULL DEFAULT ''
);

CREATE TABLE members (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  person_id TEXT NOT NULL REFERENCES people (id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'seller', 'champion', 'stakeholder', 'viewer')),
  created_at BIGINT NOT NULL,
  joined_at BIGINT,
  PRIMARY KEY (room_id, person_id)
);
CREATE INDEX members_person ON members (person_id);

CREATE TABLE links (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('invite', 'signin', 'setup')),
  token_hash TEXT NOT NULL UNIQUE,
  person_id TEXT REFERENCES people (id),
  room_id TEXT REFERENCES rooms (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  used_at BIGINT,
  revoked_at BIGINT
);

CREATE TABLE documents (
  name TEXT PRIMARY KEY,
  snapshot BYTEA NOT NULL,
  updated_at BIGINT NOT NULL
);

-- instance_id: the process that appended the update. Compaction drops only its own rows, so two
-- instances holding the same room never drop an update the other has not folded in yet.
CREATE TABLE document_updates (
  seq BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  data BYTEA NOT NULL,
  instance_id TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX document_updates_name ON document_updates (name, seq);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people (id),
  room_id TEXT REFERENCES rooms (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE access_changes (
  seq BIGSERIAL PRIMARY KEY,
  room_id TEXT NOT NULL,
  person_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('revoked', 'room-closed', 'role-changed')),
  created_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
  seq BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  room_id TEXT,
  actor TEXT,
  action TEXT NOT NULL,
  subject TEXT,
  detail TEXT NOT NULL,
  ip TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_room ON audit_log (room_id, seq);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  error TEXT
);

CREATE TABLE email_codes (
  id TEXT PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms (id),
  email TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used_at BIGINT
);
CREATE INDEX email_codes_lookup ON email_codes (room_id, email, created_at);

CREATE TABLE revoked_members (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  person_id TEXT NOT NULL REFERENCES people (id),
  revoked_at BIGINT NOT NULL,
  PRIMARY KEY (room_id, person_id)
);

CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY,
  room_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buyer', 'seller')),
  kind TEXT NOT NULL,
  section TEXT,
  duration_ms BIGINT,
  detail TEXT NOT NULL DEFAULT '{}',
  at BIGINT NOT NULL
);
CREATE INDEX events_room_at ON events (room_id, at);
