-- One summary per room (health, alerts, buyer activity, plan progress), kept current by the
-- signals layer so that the seller pages read rows instead of loading every room. Every room
-- starts due: the first sweep after the upgrade computes them all. The columns the room list
-- sorts and the sweep filters by are kept narrow, the summary itself (JSON) beside them, so that
-- sorting a seller's thousands of rooms reads few pages.
CREATE TABLE room_summaries (
  room_id TEXT PRIMARY KEY REFERENCES rooms (id),
  summarized INTEGER NOT NULL DEFAULT 0,
  health_score INTEGER,
  last_buyer_activity_at BIGINT,
  computed_at BIGINT NOT NULL DEFAULT 0,
  activity_seen_at BIGINT NOT NULL DEFAULT 0,
  valid_until BIGINT NOT NULL DEFAULT 0,
  due_at BIGINT,
  claimed_until BIGINT NOT NULL DEFAULT 0
);
INSERT INTO room_summaries (room_id, due_at) SELECT id, 0 FROM rooms;

CREATE TABLE room_digests (
  room_id TEXT PRIMARY KEY REFERENCES rooms (id),
  digest TEXT NOT NULL
);
-- A person's rooms with their role, read from the index alone.
CREATE INDEX members_person_room ON members (person_id, room_id, role);

CREATE TABLE room_alerts (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX room_alerts_room ON room_alerts (room_id, at);
CREATE INDEX room_alerts_at ON room_alerts (at);
