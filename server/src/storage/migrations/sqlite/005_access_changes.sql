-- Signing out reaches open sockets too ('signed-out'), and a change can concern every room of a
-- person (room_id NULL: "sign out everywhere"). SQLite cannot alter a CHECK constraint, so the
-- table is rebuilt with its rows and sequence kept.
CREATE TABLE access_changes_next (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id TEXT,
  person_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('revoked', 'room-closed', 'role-changed', 'signed-out')),
  created_at INTEGER NOT NULL
);
INSERT INTO access_changes_next (seq, room_id, person_id, kind, created_at)
  SELECT seq, room_id, person_id, kind, created_at FROM access_changes;
DROP TABLE access_changes;
ALTER TABLE access_changes_next RENAME TO access_changes;
