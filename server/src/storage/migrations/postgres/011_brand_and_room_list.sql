-- The room list's filters, answered from the summaries: the buyer organisation and target close
-- date (read from the room's document when it is summarized) and how many alerts are open, in
-- narrow columns beside the health score. Every summary is due again so that these get filled.
ALTER TABLE room_summaries ADD COLUMN buyer_org TEXT NOT NULL DEFAULT '';
ALTER TABLE room_summaries ADD COLUMN close_date TEXT;
ALTER TABLE room_summaries ADD COLUMN alert_count INTEGER NOT NULL DEFAULT 0;
UPDATE room_summaries
  SET alert_count = (SELECT COUNT(*) FROM room_alerts a WHERE a.room_id = room_summaries.room_id),
      due_at = COALESCE(due_at, 0);
CREATE INDEX rooms_owner ON rooms (owner_id);
CREATE INDEX room_summaries_close ON room_summaries (close_date);

-- The workspace's brand (one instance is one workspace): one row. The logo's bytes are in the
-- blob store under logo_key (a PNG the server made from the upload).
CREATE TABLE workspace_brand (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  accent TEXT,
  mail_name TEXT,
  logo_key TEXT,
  updated_at BIGINT NOT NULL
);

-- A room's brand: the buyer's logo and the seller's welcome note.
CREATE TABLE room_brands (
  room_id TEXT PRIMARY KEY REFERENCES rooms (id),
  buyer_logo_key TEXT,
  welcome_note TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);

-- Who has dismissed (seen) a room's welcome note: it is shown once per person.
CREATE TABLE welcome_seen (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  person_id TEXT NOT NULL REFERENCES people (id),
  at BIGINT NOT NULL,
  PRIMARY KEY (room_id, person_id)
);
