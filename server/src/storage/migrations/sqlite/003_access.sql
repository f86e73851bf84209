-- Who may enter a room without a personal invite: 'invited' (personal links only) or 'domain'
-- (anyone who verifies an e-mail address at one of the allowed domains).
ALTER TABLE rooms ADD COLUMN access_mode TEXT NOT NULL DEFAULT 'invited' CHECK (access_mode IN ('invited', 'domain'));
ALTER TABLE rooms ADD COLUMN allowed_domains TEXT NOT NULL DEFAULT '';

-- Changes that must reach open sockets (revocations, closed rooms, role changes). Every server
-- instance follows this log by sequence number, so a change made by the CLI or by another
-- instance takes effect everywhere.
CREATE TABLE access_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id TEXT NOT NULL,
  person_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('revoked', 'room-closed', 'role-changed')),
  created_at INTEGER NOT NULL
);

-- Append-only audit log; each row carries the hash of the previous one.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
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

-- Mail waiting to be sent (or kept here when no SMTP server is configured).
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  error TEXT
);

-- One-time codes for joining a room by verified e-mail.
CREATE TABLE email_codes (
  id TEXT PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms (id),
  email TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used_at INTEGER
);
CREATE INDEX email_codes_lookup ON email_codes (room_id, email, created_at);

-- People whose access to a room was revoked: they cannot join it again by e-mail code until
-- someone invites them again.
CREATE TABLE revoked_members (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  person_id TEXT NOT NULL REFERENCES people (id),
  revoked_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, person_id)
);
