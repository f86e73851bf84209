-- One summary per room (health, alerts, buyer activity, plan progress), kept current by the
-- signals layer so that the seller pages read rows instead of loading every room. Every room
-- starts due: the first sweep after the upgrade computes them all.
CREATE TABLE room_summaries (
  room_id TEXT PRIMARY KEY REFERENCES rooms (id),
  digest TEXT,
  health_score INTEGER,
  last_buyer_activity_at INTEGER,
  computed_at INTEGER NOT NULL DEFAULT 0,
  activity_seen_at INTEGER NOT NULL DEFAULT 0,
  valid_until INTEGER NOT NULL DEFAULT 0,
  due_at INTEGER,
  claimed_until INTEGER NOT NULL DEFAULT 0
);
INSERT INTO room_summaries (room_id, due_at) SELECT id, 0 FROM rooms;

CREATE TABLE room_alerts (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX room_alerts_room ON room_alerts (room_id, at);
CREATE INDEX room_alerts_at ON room_alerts (at);
