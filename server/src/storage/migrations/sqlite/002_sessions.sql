-- Browser sessions. Only a hash of the cookie value is kept. A buyer's session is bound to the
-- one room their link opened; a seller's (room_id NULL) covers the rooms they are a member of.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people (id),
  room_id TEXT REFERENCES rooms (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_person ON sessions (person_id);

-- When a member first opened the room (null: invited, not joined yet).
ALTER TABLE members ADD COLUMN joined_at INTEGER;
