-- Engagement events, derived on the server from presence and edits, with server timestamps.
-- `side` says whose engagement it is: seller-team activity is kept but never counted as buyer
-- engagement.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buyer', 'seller')),
  kind TEXT NOT NULL,
  section TEXT,
  duration_ms INTEGER,
  detail TEXT NOT NULL DEFAULT '{}',
  at INTEGER NOT NULL
);
CREATE INDEX events_room_at ON events (room_id, at);

-- The daily digest of alerts: when it was last sent to a person, and whether they opted out.
ALTER TABLE people ADD COLUMN digest_sent_at INTEGER;
ALTER TABLE people ADD COLUMN digest_opt_out INTEGER NOT NULL DEFAULT 0;
